"""The fake Medusa over real HTTP, with the seed's own sample bodies."""

import base64
import hashlib
import hmac
import json
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from threading import Thread

import pytest
import requests

from sandbox import medusa

KEY = "medusa-key"


@pytest.fixture
def fake():
    with medusa.FakeMedusa(api_key=KEY) as server:
        yield server


def call(fake, method, path, body=None, key=KEY, **params):
    headers = {"x-odoo-api-key": key} if key else {}
    return requests.request(
        method, fake.url + path, json=body, headers=headers, params=params, timeout=5
    )


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False and body["error"]["code"] == code
    assert set(body["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize("key", [None, "wrong"])
def test_every_route_needs_the_api_key(fake, key):
    for method, path in [
        ("GET", "/odoo/orders"),
        ("POST", "/odoo/webhooks/inventory"),
        ("DELETE", "/odoo/products/X"),
    ]:
        assert_error(call(fake, method, path, {}, key=key), 401, "UNAUTHORIZED")


def test_orders_pagination_filters_and_synced(fake):
    for display_id in range(1, 6):
        order = medusa.make_order(display_id, status="pending" if display_id % 2 else "completed")
        order["created_at"] = f"2026-02-0{display_id}T10:00:00Z"
        fake.add_order(order)
    page = call(fake, "GET", "/odoo/orders", limit=2, offset=1).json()
    assert (page["total"], page["limit"], page["offset"], len(page["orders"])) == (5, 2, 1, 2)
    assert call(fake, "GET", "/odoo/orders", status="completed").json()["total"] == 2
    ranged = call(
        fake,
        "GET",
        "/odoo/orders",
        date_from="2026-02-02T00:00:00Z",
        date_to="2026-02-04T23:00:00Z",
    )
    assert ranged.json()["total"] == 3
    synced = call(
        fake,
        "POST",
        "/odoo/orders/order_1/synced",
        {"odoo_order_id": 7, "synced_at": "2026-02-28T10:35:00.000Z"},
    )
    assert synced.status_code == 200
    assert call(fake, "GET", "/odoo/orders", synced="false").json()["total"] == 4
    assert (
        call(fake, "GET", "/odoo/orders/order_1").json()["order"]["metadata"]["odoo_order_id"] == 7
    )
    assert_error(call(fake, "GET", "/odoo/orders/nope"), 404, "NOT_FOUND")
    assert_error(
        call(fake, "POST", "/odoo/orders/nope/synced", {"odoo_order_id": 1}), 404, "NOT_FOUND"
    )
    assert_error(call(fake, "GET", "/odoo/orders", limit="x"), 400, "VALIDATION_ERROR")


def test_customers_filters(fake):
    fake.add_customer(
        medusa.make_customer("cus_1", email="a@x.com", created_at="2026-01-01T00:00:00Z")
    )
    fake.add_customer(
        medusa.make_customer(
            "cus_2", email="b@x.com", phone="+96511112222", created_at="2026-03-01T00:00:00Z"
        )
    )
    assert (
        call(fake, "GET", "/odoo/customers", created_after="2026-02-01T00:00:00Z").json()["total"]
        == 1
    )
    assert (
        call(fake, "GET", "/odoo/customers", email="A@x.com").json()["customers"][0]["id"]
        == "cus_1"
    )
    assert call(fake, "GET", "/odoo/customers", phone="+96511112222").json()["total"] == 1


def test_inventory_absolute_delta_unknown_and_filters(fake):
    fake.add_product({"sku": "PHONE-CASE-001", "title": "Case"})
    fake.set_inventory("PHONE-CASE-001", 25)
    fake.add_product({"sku": "PHONE-CASE-002", "title": "Case 2"})
    fake.set_inventory("PHONE-CASE-002", 30)
    body = {
        "event_type": "inventory.updated",
        "items": [
            {
                "sku": "PHONE-CASE-001",
                "odoo_product_id": 123,
                "quantity": 50,
                "adjustment_type": "absolute",
                "warehouse_name": "Main Warehouse",
                "reason": "Stock received from supplier",
            },
            {
                "sku": "PHONE-CASE-002",
                "quantity": -5,
                "adjustment_type": "delta",
                "reason": "damaged",
            },
            {"sku": "GHOST", "quantity": 1},
        ],
    }
    answer = call(fake, "POST", "/odoo/webhooks/inventory", body).json()
    assert answer["summary"] == {"total": 3, "processed": 2, "failed": 0, "not_found": 1}
    assert answer["results"][0] == {
        "sku": "PHONE-CASE-001",
        "status": "success",
        "previous_quantity": 25,
        "new_quantity": 50,
    }
    assert answer["results"][1]["new_quantity"] == 25
    assert answer["results"][2] == {"sku": "GHOST", "status": "not_found"}
    assert (
        call(fake, "GET", "/odoo/inventory", sku="PHONE-CASE-002").json()["inventory"][0][
            "available_quantity"
        ]
        == 25
    )
    fake.set_inventory("PHONE-CASE-002", 3)
    low = call(fake, "GET", "/odoo/inventory", low_stock="true", include_products="true").json()
    assert [i["sku"] for i in low["inventory"]] == ["PHONE-CASE-002"] and low["inventory"][0][
        "product"
    ]["title"] == "Case 2"
    assert_error(
        call(fake, "POST", "/odoo/inventory/update", {"sku": "GHOST", "quantity": 1}),
        404,
        "SKU_NOT_FOUND",
    )
    assert_error(
        call(fake, "POST", "/odoo/inventory/update", {"sku": "PHONE-CASE-001"}),
        400,
        "VALIDATION_ERROR",
    )
    bulk = call(
        fake,
        "POST",
        "/odoo/inventory/bulk-update",
        {"items": [{"sku": "PHONE-CASE-001", "quantity": 150}, {"sku": "GHOST", "quantity": 75}]},
    ).json()
    assert bulk["results"]["updated"] == 1 and bulk["results"]["not_found"] == 1
    reduced = call(
        fake,
        "POST",
        "/odoo/inventory/reduce",
        {"order_id": "order_01ABC123", "items": [{"sku": "PHONE-CASE-001", "quantity": 2}]},
    )
    assert reduced.json()["results"][0]["new_quantity"] == 148


def test_product_webhooks_and_bulk(fake):
    product = {
        "odoo_id": 123,
        "sku": "PHONE-CASE-001",
        "name": "iPhone 15 Pro Case",
        "list_price": 25.0,
    }
    updated_unknown = call(
        fake,
        "POST",
        "/odoo/webhooks/products",
        {"event_type": "product.updated", "product": product},
    ).json()
    assert updated_unknown == {
        "success": True,
        "action": "inventory_created",
        "message": "Product not found in catalog, inventory item created for future linking",
        "sku": "PHONE-CASE-001",
    }
    created = call(
        fake,
        "POST",
        "/odoo/webhooks/products",
        {"event_type": "product.created", "product": product},
    ).json()
    assert created["action"] == "created" and created["product"]["sku"] == "PHONE-CASE-001"
    assert_error(
        call(
            fake,
            "POST",
            "/odoo/webhooks/products",
            {"event_type": "product.created", "product": product},
        ),
        409,
        "DUPLICATE_SKU",
    )
    assert (
        call(
            fake,
            "POST",
            "/odoo/webhooks/products",
            {"event_type": "product.deleted", "product": product},
        ).json()["action"]
        == "deleted"
    )
    assert_error(
        call(
            fake,
            "POST",
            "/odoo/webhooks/products",
            {"event_type": "product.exploded", "product": product},
        ),
        400,
        "VALIDATION_ERROR",
    )
    bulk = call(
        fake,
        "POST",
        "/odoo/products/bulk",
        {
            "products": [
                {
                    "odoo_product_id": 12345,
                    "sku": "CASE-IP15PRO-001",
                    "title": "Case",
                    "price": 5000,
                },
                {
                    "odoo_product_id": 12346,
                    "sku": "PB-20000-BLK",
                    "title": "Power Bank",
                    "price": 8000,
                },
                {"odoo_product_id": 1, "sku": "", "title": ""},
            ]
        },
    ).json()
    assert bulk["results"]["created"] == 2 and bulk["results"]["failed"] == 1
    upsert = call(
        fake,
        "POST",
        "/odoo/products",
        {
            "odoo_product_id": 12345,
            "sku": "CASE-IP15PRO-001",
            "title": "Case - Black",
            "price": 5000,
            "inventory": {"quantity": 150},
        },
    )
    assert upsert.json()["product"]["updated"] is True
    assert_error(
        call(
            fake,
            "POST",
            "/odoo/products",
            {"odoo_product_id": 999, "sku": "CASE-IP15PRO-001", "title": "x"},
        ),
        409,
        "DUPLICATE_SKU",
    )
    assert call(fake, "DELETE", "/odoo/products/PB-20000-BLK").status_code == 200
    assert_error(call(fake, "DELETE", "/odoo/products/PB-20000-BLK"), 404, "SKU_NOT_FOUND")


def test_order_status_webhook(fake):
    fake.add_order(medusa.make_order(1001, order_id="order_01HXY123ABC456"))
    shipped = {
        "event_type": "order.shipped",
        "order": {
            "medusa_order_id": "order_01HXY123ABC456",
            "odoo_order_id": 123,
            "odoo_order_name": "S00123",
            "tracking_number": "TRK123456789",
            "tracking_url": "https://tracking.carrier.com/TRK123456789",
            "carrier_name": "FedEx",
            "shipped_date": "2026-02-28T10:30:00Z",
        },
    }
    answer = call(fake, "POST", "/odoo/webhooks/order-status", shipped).json()
    assert answer["metadata_updated"] == [
        "odoo_shipped",
        "odoo_shipped_at",
        "tracking_number",
        "tracking_url",
        "carrier_name",
    ]
    assert answer["order"]["display_id"] == 1001
    assert fake.get_order("order_01HXY123ABC456")["metadata"]["tracking_number"] == "TRK123456789"
    shipped["order"]["medusa_order_id"] = "order_unknown"
    assert_error(call(fake, "POST", "/odoo/webhooks/order-status", shipped), 404, "NOT_FOUND")
    assert_error(
        call(
            fake, "POST", "/odoo/webhooks/order-status", {"event_type": "order.lost", "order": {}}
        ),
        400,
        "VALIDATION_ERROR",
    )


def test_fault_knobs_and_journal(fake):
    fake.fail_next(2, 503, retry_after=7)
    first = call(fake, "GET", "/odoo/orders")
    assert first.status_code == 503 and first.headers["Retry-After"] == "7"
    assert_error(call(fake, "GET", "/odoo/orders"), 503, "SYNC_FAILED")
    assert call(fake, "GET", "/odoo/orders").status_code == 200
    fake.set_delay(0.3)
    started = time.monotonic()
    call(fake, "GET", "/odoo/orders")
    assert time.monotonic() - started >= 0.3
    fake.set_delay(0)
    assert [entry["path"] for entry in fake.journal] == ["/odoo/orders"] * 4
    assert fake.journal[0]["headers"]["x-odoo-api-key"] == KEY
    port = fake.port
    fake.refuse()
    with pytest.raises(requests.ConnectionError):
        call(fake, "GET", "/odoo/orders")
    fake.accept()
    assert fake.port == port and call(fake, "GET", "/odoo/orders").status_code == 200


def test_control_api(fake):
    requests.post(
        fake.url + "/__sandbox__/seed",
        json={"orders": [medusa.make_order(9)], "inventory": {"A": 3}},
        timeout=5,
    )
    requests.post(
        fake.url + "/__sandbox__/faults", json={"fail_next": {"count": 1, "status": 429}}, timeout=5
    )
    assert call(fake, "GET", "/odoo/orders").status_code == 429
    state = requests.get(fake.url + "/__sandbox__/state", timeout=5).json()
    assert "order_9" in state["orders"] and state["inventory"]["A"]["stocked_quantity"] == 3
    assert len(requests.get(fake.url + "/__sandbox__/journal", timeout=5).json()["journal"]) == 1
    requests.post(fake.url + "/__sandbox__/reset", timeout=5)
    assert fake.orders == {} and fake.journal == []


def test_seed_samples_and_generators():
    order = medusa.sample_order_created()
    assert order["data"]["order"]["total"] == 16000
    generated = medusa.make_order(
        7, currency_code="egp", lines=[("A", 2, 1250)], shipping_total=500
    )
    assert generated["subtotal"] == 2500 and generated["total"] == 3000


class _Capture(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 - http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Capture.received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *_args):
        return


def test_sender_signs_like_standard_webhooks():
    server = HTTPServer(("127.0.0.1", 0), _Capture)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        secret = "whsec_" + base64.b64encode(b"k" * 24).decode()
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        medusa.send_webhook(
            url,
            "order.created",
            {"order": {"id": "o"}},
            secret=secret,
            msg_id="msg_1",
            timestamp=1700000000,
        )
        medusa.send_webhook(
            url, "order.created", {"order": {"id": "o"}}, secret="plain", mode="static"
        )
    finally:
        server.shutdown()
    (signed_headers, body), (static_headers, _body) = _Capture.received[-2:]
    expected = base64.b64encode(
        hmac.new(b"k" * 24, b"msg_1.1700000000." + body, hashlib.sha256).digest()
    ).decode()
    assert signed_headers["webhook-signature"] == "v1," + expected
    assert json.loads(body)["event"] == "order.created"
    assert static_headers["X-Medusa-Webhook-Secret"] == "plain"
