import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from lib import medusa

FIXTURES = Path(__file__).resolve().parents[2] / "sandbox" / "fixtures"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "name",
    [
        "medusa_order_created.json",
        "medusa_customer_created.json",
        "medusa_order_status_updated.json",
    ],
)
def test_seed_samples_are_valid(name):
    assert medusa.validate_webhook(load(name)) == []


def test_seed_order_maps_to_the_fils():
    mapped = medusa.map_order(load("medusa_order_created.json")["data"]["order"])
    assert mapped["currency"] == "KWD"
    assert [line["price_unit"] for line in mapped["lines"]] == [Decimal("5"), Decimal("5")]
    assert mapped["shipping_amount"] == Decimal("1")
    assert mapped["subtotal"] == Decimal("15")
    assert mapped["total"] == mapped["computed_total"] == Decimal("16")
    assert mapped["client_order_ref"] == "1001"
    assert mapped["customer"]["medusa_customer_id"] == "cus_01ABC"
    assert mapped["shipping"]["country_code"] == "KW"
    draft = medusa.order_draft(mapped)
    assert draft["no_tax"] and draft["shipping"]["amount"] == Decimal("1")


def test_egp_divides_by_100_and_factor_is_a_setting():
    order = copy.deepcopy(load("medusa_order_created.json")["data"]["order"])
    order["currency_code"] = "egp"
    assert medusa.map_order(order)["lines"][0]["price_unit"] == Decimal("50")
    assert medusa.map_order(order, factor=1000)["lines"][0]["price_unit"] == Decimal("5")


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda o: o["items"][0].pop("quantity"), "data.order.items.0.quantity: field required"),
        (lambda o: o["items"][0].update(quantity=-2), "data.order.items.0.quantity"),
        (lambda o: o["items"][0].update(quantity=10**9), "data.order.items.0.quantity"),
        (lambda o: o["items"][0].update(unit_price="5000"), "data.order.items.0.unit_price"),
        (lambda o: o.update(items=[]), "data.order.items"),
        (lambda o: o.pop("id"), "data.order.id: field required"),
        (lambda o: o.update(currency_code="kuwaiti"), "data.order.currency_code"),
    ],
)
def test_malformed_orders_name_the_field(mutate, fragment):
    body = load("medusa_order_created.json")
    mutate(body["data"]["order"])
    errors = medusa.validate_webhook(body)
    assert any(error.startswith(fragment) for error in errors), errors


def test_unknown_event_and_non_objects():
    assert medusa.validate_webhook({"event": "order.exploded", "data": {}})
    assert medusa.validate_webhook({"data": {}}) == ["Missing required field: 'event'"]
    assert medusa.validate_webhook({"event": "order.created", "data": []})


def test_inbound_event_id_is_stable():
    body = load("medusa_order_created.json")
    assert medusa.inbound_event_id(body) == medusa.inbound_event_id(copy.deepcopy(body))
    other = copy.deepcopy(body)
    other["timestamp"] = "2026-03-01T00:00:00Z"
    assert medusa.inbound_event_id(other) != medusa.inbound_event_id(body)


def test_customer_and_status_mapping():
    customer = medusa.map_customer(load("medusa_customer_created.json")["data"]["customer"])
    assert customer["name"] == "Ahmed Al-Rashid"
    assert customer["addresses"][0]["city"] == "Kuwait City"
    status = medusa.map_status_update(load("medusa_order_status_updated.json")["data"])
    assert status["new_status"] == "completed" and not status["cancelled"]
    assert medusa.map_status_update({"order_id": "x", "new_status": "canceled"})["cancelled"]


def test_product_webhook_matches_seed_13_1_keys():
    body = medusa.build_product_webhook(
        "product.created",
        {
            "odoo_id": 123,
            "sku": "PHONE-CASE-001",
            "name": "iPhone 15 Pro Case",
            "description": "Premium",
            "list_price": 25.0,
            "standard_price": 12.0,
            "barcode": "1234567890123",
            "weight": 0.15,
            "category_name": "Phone Cases",
            "active": True,
            "qty_available": 100,
            "name_ar": None,
        },
    )
    assert body["event_type"] == "product.created"
    assert list(body["product"]) == list(medusa.WEBHOOK_PRODUCT_KEYS)
    assert body["product"]["list_price"] == 25.0
    with pytest.raises(ValueError):
        medusa.build_product_webhook("product.exploded", {})


def test_bulk_product_uses_minor_units_and_grams():
    body = medusa.build_bulk_product(
        {
            "odoo_product_id": 12345,
            "sku": "CASE-IP15PRO-001",
            "title": "Case",
            "price": 5.0,
            "compare_at_price": 7.0,
            "cost_price": 2.5,
            "weight_kg": 0.05,
            "category_name": "Mobile Accessories",
            "images": ["https://odoo/img/1"],
            "metadata": {"odoo_id": 12345, "color": None},
            "quantity": 150,
        },
        currency_code="KWD",
    )
    assert (body["price"], body["compare_at_price"], body["cost_price"]) == (5000, 7000, 2500)
    assert body["currency_code"] == "kwd"
    assert body["weight"] == 50.0 and body["weight_unit"] == "g"
    assert body["category_handle"] == "mobile-accessories"
    assert body["images"] == [{"url": "https://odoo/img/1", "position": 0, "is_thumbnail": True}]
    assert body["metadata"] == {"odoo_id": 12345}
    assert body["inventory"] == {
        "quantity": 150,
        "manage_inventory": True,
        "allow_backorder": False,
    }


def test_order_status_bodies_match_seed_13_3():
    shipped = medusa.build_order_status(
        "order.shipped",
        {
            "medusa_order_id": "order_1",
            "odoo_order_id": 123,
            "odoo_order_name": "S00123",
            "tracking_number": "TRK",
            "tracking_url": None,
            "carrier_name": "FedEx",
            "shipped_date": "2026-02-28T10:30:00Z",
            "delivered_date": "ignored",
        },
    )
    assert shipped == {
        "event_type": "order.shipped",
        "order": {
            "medusa_order_id": "order_1",
            "odoo_order_id": 123,
            "odoo_order_name": "S00123",
            "tracking_number": "TRK",
            "carrier_name": "FedEx",
            "shipped_date": "2026-02-28T10:30:00Z",
        },
    }
    cancelled = medusa.build_order_status(
        "order.cancelled", {"medusa_order_id": "o", "cancelled_reason": "r"}
    )
    assert cancelled["order"] == {"medusa_order_id": "o", "cancelled_reason": "r"}


def test_inventory_bodies_and_answers():
    item = medusa.build_inventory_item("SKU", 50.0, odoo_product_id=1, warehouse_name="Main")
    assert item == {
        "sku": "SKU",
        "quantity": 50,
        "adjustment_type": "absolute",
        "odoo_product_id": 1,
        "warehouse_name": "Main",
    }
    assert medusa.inventory_bulk_body([item]) == {"items": [{"sku": "SKU", "quantity": 50}]}
    webhook_answer = {
        "results": [{"sku": "A", "status": "success"}, {"sku": "B", "status": "not_found"}]
    }
    assert medusa.inventory_not_found_skus(webhook_answer) == ["B"]
    bulk_answer = {"results": {"errors": [{"sku": "C", "code": "SKU_NOT_FOUND"}]}}
    assert medusa.inventory_not_found_skus(bulk_answer) == ["C"]
    assert medusa.is_sku_not_found(404, medusa.error_body("SKU_NOT_FOUND", "x"))
    assert not medusa.is_sku_not_found(404, medusa.error_body("NOT_FOUND", "x"))
