"""Webhook authentication: Standard Webhooks signatures, tokens, constant-time compares."""

import base64
import hashlib
import hmac
import re
import time

_TIMESTAMP = re.compile(r"-?[0-9]{1,12}")


class SignatureError(Exception):
    """The request's signature does not authenticate it (the message says why)."""


def _key(secret):
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[len("whsec_") :])
    return secret.encode("utf-8")


def sign(secret, msg_id, timestamp, body):
    """'v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">' (Standard Webhooks)."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    signed = f"{msg_id}.{int(timestamp)}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _header(headers, name):
    value = headers.get(name)
    if value is None:  # plain dicts are case-sensitive; werkzeug headers are not
        lowered = {str(key).lower(): val for key, val in headers.items()}
        value = lowered.get(name.lower())
    return value


def verify(secret, headers, body, now=None, tolerance=300):
    """The webhook-id of a correctly signed request; SignatureError otherwise."""
    if not secret:
        raise SignatureError("no webhook secret is configured")
    msg_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signature_header = _header(headers, "webhook-signature")
    if not (msg_id and timestamp and signature_header):
        raise SignatureError("missing signature headers")
    # Seconds since the epoch: a bounded number of digits, so that no arithmetic on it can
    # overflow (a 400-digit timestamp is not a float).
    if not _TIMESTAMP.fullmatch(timestamp.strip()):
        raise SignatureError("malformed webhook-timestamp")
    timestamp = int(timestamp)
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance window")
    expected = sign(secret, msg_id, timestamp, body).split(",", 1)[1]
    for candidate in signature_header.split():
        version, _sep, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected.encode()):
            return msg_id
    raise SignatureError("no matching signature")


def constant_time_equals(presented, expected):
    """hmac.compare_digest for any two texts: str is compared as UTF-8 bytes (compare_digest
    refuses str with non-ASCII characters), bytes as they are."""
    if not presented or not expected:
        return False
    return hmac.compare_digest(_bytes(presented), _bytes(expected))


def _bytes(value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


def parse_token_header(value, scheme):
    """'Token abc' -> 'abc' for scheme 'Token' (case-insensitive); None otherwise."""
    if not value:
        return None
    found, _sep, token = value.strip().partition(" ")
    if found.lower() != scheme.lower() or not token.strip():
        return None
    return token.strip()
