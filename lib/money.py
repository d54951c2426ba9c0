"""Money: ISO 4217 minor units and exact Decimal conversions.

Some peers send integers in the currency's minor unit (KWD fils: x1000, EGP piastres: x100),
others decimal strings in major units. Never hard-code 1000: the factor comes from the
currency's ISO decimals, and the administrator may override it per currency.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ISO_DECIMALS = {
    # three decimals
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
    # no decimals
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
}
DEFAULT_DECIMALS = 2  # EGP, TRY, SAR, AED, QAR, USD, EUR, GBP and most others


def currency_decimals(code):
    return ISO_DECIMALS.get((code or "").strip().upper(), DEFAULT_DECIMALS)


def minor_factor(code, override=None):
    """10**decimals of the currency, unless the administrator set a factor for it."""
    if override:
        return int(override)
    return 10 ** currency_decimals(code)


def parse_factor_overrides(text):
    """'KWD=1000, EGP=100' -> {'KWD': 1000, 'EGP': 100}; malformed pairs are ignored."""
    overrides = {}
    for pair in (text or "").replace(";", ",").split(","):
        code, _sep, factor = pair.partition("=")
        code, factor = code.strip().upper(), factor.strip()
        if code and factor.isdigit() and int(factor) > 0:
            overrides[code] = int(factor)
    return overrides


def parse_decimal(value):
    """Decimal from a decimal string, int or float; None and '' are zero."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            # str() first: Decimal(1.275) would carry the float's binary error.
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"not an amount: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return result


def from_minor(amount_minor, code, factor=None):
    """Major units of an integer minor-unit amount: 1275 KWD fils -> Decimal('1.275')."""
    if isinstance(amount_minor, bool | float):
        raise ValueError(f"minor-unit amounts are integers, not {amount_minor!r}")
    if isinstance(amount_minor, str):
        text = amount_minor.strip()
        if not text.lstrip("-").isdigit():
            raise ValueError(f"not a minor-unit amount: {amount_minor!r}")
        amount_minor = int(text)
    factor = minor_factor(code, factor)
    return Decimal(int(amount_minor)) / Decimal(factor)


def to_minor(amount, code, factor=None):
    """Integer minor units of a major amount, rounded half up: 1.275 KWD -> 1275."""
    value = parse_decimal(amount) * minor_factor(code, factor)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_money(value, decimals):
    quantum = Decimal(1).scaleb(-int(decimals))
    return parse_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
