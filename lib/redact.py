"""Masking of secrets in payloads before they are stored or shown (pure)."""

import re

MASK = "***"
# A key that names a secret (an order payload may carry its sales channel's `appSecret`).
SECRET_KEY = re.compile(
    r"secret|passw|token|api[_-]?key|apikey|authorization|private[_-]?key|credential",
    re.IGNORECASE,
)


def redact(value):
    """A copy of ``value`` (JSON-like) with the value of every key that names a secret
    masked, at any depth. Empty values stay as they are (nothing to hide)."""
    if isinstance(value, dict):
        return {
            key: (MASK if _is_secret(key, item) else redact(item)) for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def _is_secret(key, item):
    return isinstance(key, str) and bool(SECRET_KEY.search(key)) and item not in (None, "", [], {})
