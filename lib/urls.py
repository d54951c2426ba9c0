"""URLs received from peers (pure)."""

from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048


def http_url(value):
    """``value`` when it is an absolute http(s) URL with a host, else None: a peer's
    tracking link ends up behind a button a person clicks (no javascript:, data:, ...)."""
    if not isinstance(value, str) or len(value) > MAX_URL_LENGTH:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(char.isspace() or ord(char) < 32 for char in value):
        return None
    return value
