import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from lib import omnitron

FIXTURE = Path(__file__).resolve().parents[2] / "sandbox" / "fixtures" / "omnitron_order_31999.json"


@pytest.fixture
def sample():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_fixture_is_the_seed_verbatim():
    seed = next(Path(__file__).resolve().parents[3].glob("shared/seeds/002_*.txt"), None)
    if seed is None:
        pytest.skip("shared/seeds is not beside the repository")
    text = seed.read_text(encoding="utf-8")
    start = text.index("Request Body\n\n{") + len("Request Body\n\n")
    body = text[start : text.index("Response 204")].strip()
    assert FIXTURE.read_text(encoding="utf-8").strip() == body


def test_seed_sample_is_valid_and_maps(sample):
    assert omnitron.validate_event(sample) == []
    parsed = omnitron.parse_order_event(sample)
    assert (
        parsed["pk"] == 31999 and parsed["number"] == "202531672482" and parsed["channel_pk"] == 20
    )
    assert str(parsed["date_placed"]) == "2018-10-27 18:55:01"
    assert parsed["currency"] == "TRY"
    assert parsed["amount"] == Decimal("725.26") == omnitron.expected_total(parsed)
    assert not parsed["customer"]["email_usable"]
    assert parsed["customer"]["flags"]
    assert parsed["shipping_address"]["country_code"] == "IT"
    assert parsed["shipping_address"]["city"] == "MILANO"
    assert parsed["billing_address"]["tax_no"] == "18283150626"
    line = parsed["lines"][0]
    assert (line["sku"], line["price_incl"], line["tax_rate"]) == (
        "3169177",
        Decimal("718.92"),
        Decimal("8.00"),
    )
    assert line["barcodes"][0] == "8001031691771"
    assert (line["status"], line["status_name"]) == ("510", "shipped_and_informed")
    draft = omnitron.order_draft(parsed)
    assert draft["confirm"] and draft["lines"][0]["price_included"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (400, ("400", "approved", True)),
        ("550", ("550", "delivered", True)),
        ("shipped", ("500", "shipped", True)),
        ("425", ("425", "425", False)),
    ],
)
def test_status_codes_and_names(value, expected):
    assert omnitron.status_info(value) == expected


def test_status_groups():
    assert omnitron.status_groups("100")["cancelled"]
    assert omnitron.status_groups("delivered")["delivered"]
    assert not omnitron.status_groups("200")["approved"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (("payload", "number"), "payload.number: field required"),
        (("event", "uuid"), "event.uuid: field required"),
        (("payload",), "Missing required field: 'payload'"),
    ],
)
def test_missing_fields(sample, path, message):
    body = copy.deepcopy(sample)
    target = body
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    assert message in omnitron.validate_event(body)


def test_bad_amounts_are_refused(sample):
    sample["payload"]["amount"] = "seven"
    assert any("payload.amount" in error for error in omnitron.validate_event(sample))


@pytest.mark.parametrize(
    ("accept", "ok"),
    [
        (None, True),
        ("*/*", True),
        ("application/json", True),
        ("text/html, application/*;q=0.8", True),
        ("text/html", False),
        ("application/xml", False),
        ("application/json;q=0", False),
    ],
)
def test_accept_header(accept, ok):
    assert omnitron.accepts_json(accept) is ok


def test_channel_list():
    assert omnitron.parse_id_list("20, 21;x 22") == {20, 21, 22}


def test_property_filters(sample):
    filters = omnitron.parse_property_filters("delivery_type=same_day, channel.channel_type=n11")
    assert omnitron.property_mismatch(sample["payload"], filters) is None
    other = omnitron.parse_property_filters("channel.channel_type=trendyol")
    assert "channel.channel_type" in omnitron.property_mismatch(sample["payload"], other)
    assert omnitron.parse_property_filters("junk, =x") == []
