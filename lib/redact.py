"""Masking of secrets in payloads before they are stored or shown (pure)."""

import re

MASK = "***"
# A key that names a secret (an order payload may carry its sales channel's `appSecret`).
SECRET_KEY = re.compile(
    r"secret|passw|token|api[_-]?key|apikey|authorization|private[_-]?key|credential",
    re.IGNORECASE,
)


def redact(value):
    """``value`` (JSON-like) with the value of every key that names a secret masked, at any
    depth: a copy where something was masked, ``value`` itself where nothing was (so that a
    caller can keep the text it parsed it from). Empty values stay (nothing to hide)."""
    if isinstance(value, dict):
        masked = {
            key: (MASK if _is_secret(key, item) else redact(item)) for key, item in value.items()
        }
        changed = any(masked[key] is not item for key, item in value.items())
        return masked if changed else value
    if isinstance(value, list):
        masked = [redact(item) for item in value]
        changed = any(new is not old for new, old in zip(masked, value, strict=True))
        return masked if changed else value
    return value


def _is_secret(key, item):
    return isinstance(key, str) and bool(SECRET_KEY.search(key)) and item not in (None, "", [], {})
