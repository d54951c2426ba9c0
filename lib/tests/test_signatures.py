import base64
import hashlib
import hmac

import pytest

from lib import signatures

SECRET = "whsec_" + base64.b64encode(b"sixteen byte key").decode()


def reference(secret_bytes, msg_id, timestamp, body):
    digest = hmac.new(
        secret_bytes, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256
    ).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(body, secret=SECRET, msg_id="msg_1", timestamp=1_700_000_000):
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures.sign(secret, msg_id, timestamp, body),
    }


def test_sign_matches_an_independent_computation():
    body = b'{"event":"order.created"}'
    assert signatures.sign(SECRET, "msg_1", 1_700_000_000, body) == reference(
        b"sixteen byte key", "msg_1", 1_700_000_000, body
    )
    assert signatures.sign("plain", "m", 1, b"x") == reference(b"plain", "m", 1, b"x")


def test_verify_round_trip_and_rotation():
    body = b"{}"
    good = headers(body)
    assert signatures.verify(SECRET, good, body, now=1_700_000_100) == "msg_1"
    rotated = dict(good, **{"webhook-signature": "v1,bm9wZQ== " + good["webhook-signature"]})
    assert signatures.verify(SECRET, rotated, body, now=1_700_000_000) == "msg_1"
    upper = {key.upper(): value for key, value in good.items()}
    assert signatures.verify(SECRET, upper, body, now=1_700_000_000) == "msg_1"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"body": b'{"tampered": 1}'}, "no matching signature"),
        ({"now": 1_700_000_000 + 301}, "tolerance"),
        ({"now": 1_700_000_000 - 301}, "tolerance"),
        ({"secret": "whsec_" + base64.b64encode(b"another key").decode()}, "no matching signature"),
        ({"drop": "webhook-signature"}, "missing"),
        ({"secret": ""}, "no webhook secret"),
    ],
)
def test_verify_refusals(change, reason):
    body = b"{}"
    sent = headers(body)
    if "drop" in change:
        sent.pop(change["drop"])
    with pytest.raises(signatures.SignatureError, match=reason):
        signatures.verify(
            change.get("secret", SECRET),
            sent,
            change.get("body", body),
            now=change.get("now", 1_700_000_000),
        )


def test_tokens_and_constant_time_compare():
    assert signatures.parse_token_header("Token abc", "Token") == "abc"
    assert signatures.parse_token_header("token  abc ", "Token") == "abc"
    assert signatures.parse_token_header("Bearer abc", "Token") is None
    assert signatures.parse_token_header("Token", "Token") is None
    assert signatures.constant_time_equals("a", "a")
    assert not signatures.constant_time_equals("", "")
    assert not signatures.constant_time_equals("a", None)
