from datetime import datetime, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import dates, money, phones


def test_kwd_has_three_decimals_and_egp_two():
    assert money.minor_factor("kwd") == 1000
    assert money.minor_factor("EGP") == 100
    assert money.minor_factor("TRY") == 100
    assert money.minor_factor("JPY") == 1
    assert money.minor_factor("KWD", override=100) == 100


def test_kwd_1_275_survives_both_ways():
    assert money.to_minor("1.275", "KWD") == 1275
    assert money.to_minor(1.275, "KWD") == 1275  # the float's binary error is not kept
    assert money.from_minor(1275, "KWD") == Decimal("1.275")
    assert money.from_minor("16000", "kwd") == Decimal("16")


def test_factor_overrides_from_settings_text():
    assert money.parse_factor_overrides("kwd=1000, EGP=100; bad, X=0, TRY=abc") == {
        "KWD": 1000,
        "EGP": 100,
    }


@pytest.mark.parametrize("junk", [True, 1.5, "12a", "nan"])
def test_minor_amounts_must_be_integers(junk):
    with pytest.raises(ValueError):
        money.from_minor(junk, "KWD")


def test_parse_decimal():
    assert money.parse_decimal("725.26") == Decimal("725.26")
    assert money.parse_decimal(None) == 0
    with pytest.raises(ValueError):
        money.parse_decimal("1,5")
    with pytest.raises(ValueError):
        money.parse_decimal("Infinity")


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["KWD", "EGP", "JPY", "TRY"]))
def test_minor_round_trip(amount, currency):
    assert money.to_minor(money.from_minor(amount, currency), currency) == amount


def test_seed_phone_is_possible_but_not_valid():
    result = phones.normalize_phone("+965-12345678", "KW")
    assert result.e164 == "+96512345678"
    assert result.possible and not result.valid
    assert result.usable() and not result.usable(require_valid=True)


def test_letters_are_not_an_extension():
    result = phones.normalize_phone("+90 555XXX0000", "TR")
    assert result.e164 is None
    assert "extension" in result.reason


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+٩٦٥ ٩٩٩٩ ٠٠٠٠", None, "+96599990000"),
        ("0096599990000", None, "+96599990000"),
        ("99990000", "KW", "+96599990000"),
        ("0101 234 5678", "EG", "+201012345678"),
    ],
)
def test_phone_forms(raw, region, expected):
    assert phones.normalize_phone(raw, region).e164 == expected


@pytest.mark.parametrize("raw", [None, "", "abc", "+1", "12"])
def test_unusable_phones(raw):
    assert not phones.normalize_phone(raw, "KW").usable()


def test_omnitron_timestamps_with_spaces():
    parsed = dates.parse_datetime("2018-10-27T18: 55: 01.000001Z")
    assert parsed == datetime(2018, 10, 27, 18, 55, 1, 1, tzinfo=timezone.utc)
    assert dates.to_odoo_datetime("2018-06-25T08: 17: 46.816012Z") == datetime(
        2018, 6, 25, 8, 17, 46
    )


def test_dates_in_other_forms():
    assert dates.iso_utc("2026-02-28T10:30:00.000Z") == "2026-02-28T10:30:00Z"
    assert dates.iso_utc("2026-02-28T13:30:00+03:00") == "2026-02-28T10:30:00Z"
    assert dates.iso_utc(datetime(2026, 2, 28, 10, 30)) == "2026-02-28T10:30:00Z"
    assert dates.to_odoo_datetime("2026-02-28") == datetime(2026, 2, 28)
    assert dates.parse_datetime(1700000000).year == 2023
    assert dates.parse_datetime("") is None
    with pytest.raises(ValueError):
        dates.parse_datetime("yesterday")
