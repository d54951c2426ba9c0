"""Lenient timestamps: ISO 8601, spaced clock parts ('2018-10-27T18: 55: 01Z'), unix seconds."""

import re
from datetime import date, datetime, timezone

UTC = timezone.utc  # datetime.UTC is 3.11+; Odoo 18 also runs on 3.10

_SPACE_AFTER_COLON = re.compile(r":\s+")
_FRACTION = re.compile(r"\.(\d+)")


def parse_datetime(value):
    """An aware UTC datetime, or None for None/''; ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    text = str(value).strip()
    if re.fullmatch(r"\d{9,11}(\.\d+)?", text):
        return datetime.fromtimestamp(float(text), UTC)
    text = (
        _SPACE_AFTER_COLON.sub(":", text).replace(" ", "T", 1)
        if "T" not in text
        else (_SPACE_AFTER_COLON.sub(":", text))
    )
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # fromisoformat wants at most 6 fraction digits.
    text = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), text, count=1)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date: {value!r}") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def to_odoo_datetime(value):
    """Naive UTC, as Odoo stores datetimes (microseconds dropped)."""
    parsed = parse_datetime(value)
    return parsed.replace(tzinfo=None, microsecond=0) if parsed else None


def iso_utc(value):
    """'2025-01-15T10:30:00Z'; naive datetimes are taken as UTC."""
    parsed = parse_datetime(value)
    return parsed.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ") if parsed else None
