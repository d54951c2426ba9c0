import copy
import json
from pathlib import Path

import pytest

from lib import nonito

SEED_EVENT = json.loads(
    (
        Path(__file__).resolve().parents[2] / "sandbox" / "fixtures" / "nonito_seed_batch.json"
    ).read_text()
)["batch"][0]


def test_seed_curl_example_is_valid():
    assert nonito.validate_event(SEED_EVENT) == []


def test_documented_failure_messages():
    event = copy.deepcopy(SEED_EVENT)
    del event["properties"]["order_id"]
    del event["properties"]["financials"]["total_price"]
    assert nonito.validate_event(event) == [
        "Missing required field: 'order_id'",
        "financials.total_price: field required",
    ]


def test_store_orders_need_a_branch():
    event = copy.deepcopy(SEED_EVENT)
    event["properties"]["channel"] = "store"
    assert nonito.validate_event(event) == ["Missing required field: 'branch'"]
    event["properties"]["branch"] = {"branch_id": "KW-01", "name": "Avenues"}
    assert nonito.validate_event(event) == []


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda e: e.update(user_id="12345"), "user_id: must be a phone number in E.164 format"),
        (lambda e: e.update(event_name="order_exploded"), "event_name: Input should be"),
        (lambda e: e["properties"].update(channel="web"), "channel: Input should be 'online'"),
        (
            lambda e: e["properties"]["items"][0].update(quantity=1.5),
            "items.0.quantity: Input should be a valid integer",
        ),
        (lambda e: e["properties"]["items"][0].update(quantity=True), "items.0.quantity"),
    ],
)
def test_type_errors_name_the_field(mutate, message):
    event = copy.deepcopy(SEED_EVENT)
    mutate(event)
    assert any(error.startswith(message) for error in nonito.validate_event(event))


ORDER = {
    "order_id": "S00012",
    "channel": "online",
    "financials": {
        "subtotal": 15.0,
        "total_discounts": 0.0,
        "total_tax": 0.0,
        "total_price": 16.0,
        "currency": "KWD",
        "payment_method": "knet",
    },
    "customer": {
        "first_name": "Ahmed",
        "last_name": "Al-Rashid",
        "email": None,
        "phone": "+96599990000",
    },
    "items": [
        {
            "product_id": "CASE-1",
            "name": "Case",
            "quantity": 2,
            "unit_price": 5.0,
            "total_price": 10.0,
            "category": {"id": "7", "name": "Cases"},
        }
    ],
    "note": None,
    "currency_decimals": 3,
}


def test_builders_make_valid_events():
    events = [
        nonito.build_order_created(ORDER, event_id="e1", timestamp="2026-01-01T00:00:00Z"),
        nonito.build_order_updated(ORDER, status="shipped", event_id="e2"),
        nonito.build_order_cancelled(
            "S00012", "Customer request", 16.0, "RINV/1", user_id="+96599990000", event_id="e3"
        ),
        nonito.build_shipment_event(
            "order_packed",
            "S00012",
            delivery_company="Aramex",
            tracking_number="T1",
            user_id="+96599990000",
            event_id="e4",
        ),
        nonito.build_shipment_event(
            "order_delivered",
            "S00012",
            delivery_company="Aramex",
            tracking_number="T1",
            tracking_link="https://t/1",
            user_id="+96599990000",
            event_id="e5",
        ),
        nonito.build_customer_event(
            "customer_created",
            {
                "first_name": "A",
                "last_name": "B",
                "phone": "+96599990000",
                "marketing_consent": True,
            },
            event_id="e6",
        ),
    ]
    for event in events:
        assert nonito.validate_event(event) == [], event
    created = events[0]
    assert created["user_id"] == "+96599990000"
    assert "email" not in created["properties"]["customer"], "None is left out, never sent as null"
    assert events[5]["properties"]["marketing_consent"] is True


def test_event_without_phone_is_invalid():
    order = dict(ORDER, customer=dict(ORDER["customer"], phone=None))
    errors = nonito.validate_event(nonito.build_order_created(order, event_id="e1"))
    assert "Missing required field: 'user_id'" in errors or any("user_id" in e for e in errors)


def test_stable_ids_and_names():
    assert nonito.stable_event_id("db", "order_created", 5) == nonito.stable_event_id(
        "db", "order_created", 5
    )
    assert nonito.stable_event_id("db", "order_created", 5) != nonito.stable_event_id(
        "db", "order_created", 6
    )
    assert nonito.split_name("Ahmed Al Rashid") == ("Ahmed", "Al Rashid")
    assert nonito.split_name("Cher") == ("Cher", "Cher")


def test_parse_validation_error_is_tolerant():
    body = {
        "error": "Validation Failed",
        "details": [
            {"index": 1, "errors": ["x"]},
            {"index": "2"},
            "junk",
            {"index": 3, "errors": "y"},
        ],
    }
    assert nonito.parse_validation_error(body) == {1: ["x"], 3: ["y"]}
    assert nonito.parse_validation_error("not json") == {}


def test_default_batch_drains_ten_thousand_events_in_twenty_requests():
    # Seed 000 states no batch limit: 500 per request (lib/nonito.py says why).
    assert nonito.EVENTS.max_items == 500
    assert -(-10000 // nonito.EVENTS.max_items) <= 20
