"""A fake MarqaSouq Medusa backend (seed 001): the /odoo/* API and the webhooks it sends.

python -m sandbox.medusa --port 9000 --api-key KEY [--seed seed.json]
"""

import argparse
import base64
import copy
import hashlib
import hmac
import json
import re
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import requests

from .common import FakeServer, Reply, serve_forever

FIXTURES = Path(__file__).parent / "fixtures"
STATUS_EVENTS = {
    "order.confirmed": ["odoo_confirmed", "odoo_confirmed_at"],
    "order.shipped": [
        "odoo_shipped",
        "odoo_shipped_at",
        "tracking_number",
        "tracking_url",
        "carrier_name",
    ],
    "order.delivered": ["odoo_delivered", "odoo_delivered_at"],
    "order.cancelled": ["odoo_cancelled", "odoo_cancelled_at", "cancelled_reason"],
    "order.invoiced": ["odoo_invoiced", "odoo_invoiced_at", "invoice_number"],
    "order.paid": ["odoo_paid", "odoo_paid_at"],
}
PRODUCT_EVENTS = ("product.created", "product.updated", "product.deleted")
INVENTORY_EVENTS = ("inventory.updated", "inventory.adjustment", "stock.received", "stock.transfer")
STATIC_SECRET_HEADER = "X-Medusa-Webhook-Secret"
INVENTORY_CREATED_MESSAGE = (
    "Product not found in catalog, inventory item created for future linking"  # seed 13.1
)


def error(status, code, message, details=None):
    return Reply(
        status,
        {"success": False, "error": {"code": code, "message": message, "details": details or {}}},
    )


def invalid(fields):
    return error(400, "VALIDATION_ERROR", "Invalid request data", {"fields": fields})


def _event_type_errors(event_type, allowed):
    return {} if event_type in allowed else {"event_type": f"must be one of {', '.join(allowed)}"}


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _parse_date(text):
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def _truthy(text):
    return str(text).lower() in ("1", "true", "yes")


class FakeMedusa(FakeServer):
    def __init__(self, api_key="test-api-key", host="127.0.0.1", port=0):
        super().__init__(host, port)
        self.api_key = api_key
        self.reset_state()

    # --- state -----------------------------------------------------------------------------
    def reset_state(self):
        self.products = {}  # sku -> product dict (as Medusa keeps it)
        self.inventory = {}  # sku -> {"stocked_quantity", "reserved_quantity", ...}
        self.orders = {}  # id -> order dict (+ "synced", "metadata")
        self.customers = {}  # id -> customer dict

    def state(self):
        return {
            "products": self.products,
            "inventory": self.inventory,
            "orders": self.orders,
            "customers": self.customers,
        }

    def seed(self, data):
        for order in data.get("orders", []):
            self.add_order(order)
        for customer in data.get("customers", []):
            self.add_customer(customer)
        for product in data.get("products", []):
            self.add_product(product)
        for sku, quantity in (data.get("inventory") or {}).items():
            self.set_inventory(sku, quantity)

    def add_order(self, order):
        stored = copy.deepcopy(order)
        stored.setdefault("synced", False)
        stored.setdefault("metadata", {})
        with self._lock:
            self.orders[stored["id"]] = stored
        return stored

    def add_customer(self, customer):
        with self._lock:
            self.customers[customer["id"]] = copy.deepcopy(customer)

    def add_product(self, product):
        with self._lock:
            sku = product["sku"]
            self.products[sku] = {
                "id": product.get("id") or f"prod_{uuid.uuid4().hex[:10]}",
                "variant_id": product.get("variant_id") or f"variant_{uuid.uuid4().hex[:10]}",
                "handle": product.get("handle") or sku.lower(),
                **copy.deepcopy(product),
            }
            self.inventory.setdefault(sku, self._inventory_item(sku, 0))

    def set_inventory(self, sku, quantity):
        with self._lock:
            item = self.inventory.setdefault(sku, self._inventory_item(sku, 0))
            item["stocked_quantity"] = quantity
            item["available_quantity"] = quantity - item["reserved_quantity"]

    def get_order(self, order_id):
        return self.orders.get(order_id)

    def _inventory_item(self, sku, quantity):
        product = self.products.get(sku) or {}
        return {
            "id": f"inv_{hashlib.sha1(sku.encode()).hexdigest()[:10]}",
            "sku": sku,
            "title": product.get("title") or product.get("name") or sku,
            "stocked_quantity": quantity,
            "reserved_quantity": 0,
            "available_quantity": quantity,
            "location_id": "loc_main",
            "location_name": "Main Warehouse",
        }

    def fault_body(self, status):
        codes = {
            400: "VALIDATION_ERROR",
            401: "UNAUTHORIZED",
            404: "NOT_FOUND",
            409: "DUPLICATE_SKU",
        }
        return {
            "success": False,
            "error": {
                "code": codes.get(status, "SYNC_FAILED"),
                "message": f"Injected failure (HTTP {status})",
                "details": {},
            },
        }

    # --- routing -----------------------------------------------------------------------------
    ROUTES = [
        ("GET", r"/odoo/orders", "_get_orders"),
        ("GET", r"/odoo/orders/(?P<order_id>[^/]+)", "_get_order"),
        ("POST", r"/odoo/orders/(?P<order_id>[^/]+)/synced", "_mark_synced"),
        ("GET", r"/odoo/customers", "_get_customers"),
        ("GET", r"/odoo/inventory", "_get_inventory"),
        ("POST", r"/odoo/inventory/update", "_inventory_update"),
        ("POST", r"/odoo/inventory/bulk-update", "_inventory_bulk_update"),
        ("POST", r"/odoo/inventory/reduce", "_inventory_reduce"),
        ("POST", r"/odoo/products", "_product_upsert"),
        ("POST", r"/odoo/products/bulk", "_products_bulk"),
        ("DELETE", r"/odoo/products/(?P<sku>[^/]+)", "_product_delete"),
        ("POST", r"/odoo/webhooks/products", "_webhook_products"),
        ("POST", r"/odoo/webhooks/inventory", "_webhook_inventory"),
        ("POST", r"/odoo/webhooks/order-status", "_webhook_order_status"),
    ]

    def route(self, request):
        presented = request["headers"].get("x-odoo-api-key") or ""
        if not hmac.compare_digest(presented.encode(), self.api_key.encode()):
            return error(401, "UNAUTHORIZED", "Invalid or missing API key")
        for method, pattern, handler in self.ROUTES:
            match = re.fullmatch(pattern, request["path"])
            if match and method == request["method"]:
                if method == "POST" and not isinstance(request["json"], dict):
                    return invalid({"body": "must be a JSON object"})
                return getattr(self, handler)(request, **match.groupdict())
        return error(404, "NOT_FOUND", f"No route {request['method']} {request['path']}")

    @staticmethod
    def _page(request, items, key, default_limit):
        query = request["query"]
        try:
            limit = int(query.get("limit", default_limit))
            offset = int(query.get("offset", 0))
        except ValueError:
            return invalid({"limit": "must be a number", "offset": "must be a number"})
        if limit < 0 or offset < 0:
            return invalid({"limit": "must be positive", "offset": "must be positive"})
        return Reply(
            200,
            {
                key: items[offset : offset + limit],
                "total": len(items),
                "limit": limit,
                "offset": offset,
            },
        )

    # --- orders --------------------------------------------------------------------------
    def _get_orders(self, request):
        query = request["query"]
        orders = list(self.orders.values())
        if "status" in query:
            orders = [o for o in orders if o.get("status") == query["status"]]
        if "synced" in query:
            orders = [o for o in orders if bool(o.get("synced")) == _truthy(query["synced"])]
        for name, keep in (("date_from", lambda d, b: d >= b), ("date_to", lambda d, b: d <= b)):
            if name in query:
                bound = _parse_date(query[name])
                if not bound:
                    return invalid({name: "must be an ISO date"})
                orders = [
                    o for o in orders if (d := _parse_date(o.get("created_at"))) and keep(d, bound)
                ]
        return self._page(request, orders, "orders", 50)

    def _get_order(self, request, order_id):
        order = self.orders.get(order_id)
        return (
            Reply(200, {"order": order})
            if order
            else error(404, "NOT_FOUND", f"Order {order_id} not found")
        )

    def _mark_synced(self, request, order_id):
        order = self.orders.get(order_id)
        if not order:
            return error(404, "NOT_FOUND", f"Order {order_id} not found")
        body = request["json"]
        if body.get("odoo_order_id") in (None, ""):
            return invalid({"odoo_order_id": "required"})
        order["synced"] = True
        order["metadata"].update(
            odoo_order_id=body["odoo_order_id"], synced_at=body.get("synced_at")
        )
        return Reply(200, {"success": True, "order_id": order_id, "synced": True})

    # --- customers -------------------------------------------------------------------------
    def _get_customers(self, request):
        query = request["query"]
        customers = list(self.customers.values())
        if "email" in query:
            customers = [
                c for c in customers if (c.get("email") or "").lower() == query["email"].lower()
            ]
        if "phone" in query:
            customers = [c for c in customers if c.get("phone") == query["phone"]]
        if "created_after" in query:
            bound = _parse_date(query["created_after"])
            if not bound:
                return invalid({"created_after": "must be an ISO date"})
            customers = [
                c for c in customers if (d := _parse_date(c.get("created_at"))) and d > bound
            ]
        return self._page(request, customers, "customers", 50)

    # --- inventory -------------------------------------------------------------------------
    def _get_inventory(self, request):
        query = request["query"]
        items = list(self.inventory.values())
        if "sku" in query:
            items = [i for i in items if i["sku"] == query["sku"]]
        if _truthy(query.get("low_stock", "")):
            items = [i for i in items if i["available_quantity"] < 10]
        if _truthy(query.get("include_products", "")):
            items = [{**i, "product": self._product_summary(i["sku"])} for i in items]
        return self._page(request, items, "inventory", 100)

    def _product_summary(self, sku):
        product = self.products.get(sku)
        if not product:
            return None
        return {
            "id": product["id"],
            "title": product.get("title") or product.get("name"),
            "handle": product["handle"],
            "variant_id": product["variant_id"],
        }

    def _apply(self, sku, quantity, adjustment_type="absolute"):
        """(previous, new) or None when Medusa has never heard of the SKU."""
        if sku not in self.inventory and sku not in self.products:
            return None
        item = self.inventory.setdefault(sku, self._inventory_item(sku, 0))
        previous = item["stocked_quantity"]
        new = quantity if adjustment_type == "absolute" else previous + quantity
        self.set_inventory(sku, new)
        return previous, new

    @staticmethod
    def _item_errors(item, with_type=False):
        fields = {}
        if not isinstance(item, dict):
            return {"item": "must be an object"}
        if not isinstance(item.get("sku"), str) or not item.get("sku"):
            fields["sku"] = "required"
        if not _number(item.get("quantity")):
            fields["quantity"] = "must be a number"
        if with_type and item.get("adjustment_type", "absolute") not in ("absolute", "delta"):
            fields["adjustment_type"] = "must be absolute or delta"
        return fields

    def _inventory_update(self, request):
        body = request["json"]
        fields = self._item_errors(body)
        if fields:
            return invalid(fields)
        result = self._apply(body["sku"], body["quantity"])
        if result is None:
            return error(404, "SKU_NOT_FOUND", f"Product with SKU {body['sku']} not found")
        return Reply(
            200,
            {
                "success": True,
                "sku": body["sku"],
                "previous_quantity": result[0],
                "new_quantity": result[1],
            },
        )

    def _inventory_bulk_update(self, request):
        items = request["json"].get("items")
        if not isinstance(items, list) or not items:
            return invalid({"items": "required, a non-empty list"})
        updated, not_found, errors = 0, 0, []
        for index, item in enumerate(items):
            fields = self._item_errors(item)
            if fields:
                errors.append({"index": index, "code": "VALIDATION_ERROR", "fields": fields})
            elif self._apply(item["sku"], item["quantity"]) is None:
                not_found += 1
                errors.append({"sku": item["sku"], "code": "SKU_NOT_FOUND"})
            else:
                updated += 1
        return Reply(
            200,
            {
                "success": True,
                "results": {
                    "total": len(items),
                    "updated": updated,
                    "not_found": not_found,
                    "errors": errors,
                },
            },
        )

    def _inventory_reduce(self, request):
        body = request["json"]
        items = body.get("items")
        if not body.get("order_id") or not isinstance(items, list) or not items:
            return invalid({"order_id": "required", "items": "required, a non-empty list"})
        results = []
        for item in items:
            fields = self._item_errors(item)
            if fields:
                return invalid(fields)
            if item["sku"] not in self.inventory:
                return error(404, "SKU_NOT_FOUND", f"Product with SKU {item['sku']} not found")
            previous, new = self._apply(item["sku"], -item["quantity"], "delta")
            results.append({"sku": item["sku"], "previous_quantity": previous, "new_quantity": new})
        return Reply(200, {"success": True, "order_id": body["order_id"], "results": results})

    # --- products ----------------------------------------------------------------------------
    @staticmethod
    def _product_errors(product):
        fields = {}
        if not isinstance(product, dict):
            return {"product": "must be an object"}
        if not isinstance(product.get("sku"), str) or not product.get("sku"):
            fields["sku"] = "required"
        if not product.get("title"):
            fields["title"] = "required"
        if "price" in product and not _number(product["price"]):
            fields["price"] = "must be an integer amount in minor units"
        return fields

    def _upsert(self, product):
        """('created'|'updated', stored) or ('duplicate', None)."""
        sku = product["sku"]
        odoo_id = product.get("odoo_product_id") or (product.get("metadata") or {}).get("odoo_id")
        existing = self.products.get(sku)
        if existing:
            existing_odoo_id = existing.get("odoo_product_id") or (
                existing.get("metadata") or {}
            ).get("odoo_id")
            if odoo_id and existing_odoo_id and odoo_id != existing_odoo_id:
                return "duplicate", None
            existing.update(copy.deepcopy(product))
            action = "updated"
        else:
            self.add_product(product)
            action = "created"
        quantity = (product.get("inventory") or {}).get("quantity")
        if _number(quantity):
            self.set_inventory(sku, quantity)
        return action, self.products[sku]

    def _product_upsert(self, request):
        product = request["json"]
        fields = self._product_errors(product)
        if fields:
            return invalid(fields)
        action, stored = self._upsert(product)
        if action == "duplicate":
            return error(409, "DUPLICATE_SKU", f"SKU {product['sku']} already exists")
        return Reply(
            200,
            {
                "success": True,
                "product": {
                    "id": stored["id"],
                    "title": stored.get("title"),
                    "handle": stored["handle"],
                    "variant_id": stored["variant_id"],
                    "sku": stored["sku"],
                    "created": action == "created",
                    "updated": action == "updated",
                },
            },
        )

    def _products_bulk(self, request):
        products = request["json"].get("products")
        if not isinstance(products, list) or not products:
            return invalid({"products": "required, a non-empty list"})
        counts = {"created": 0, "updated": 0, "failed": 0}
        errors = []
        for index, product in enumerate(products):
            fields = self._product_errors(product)
            action = "invalid" if fields else self._upsert(product)[0]
            if action in ("invalid", "duplicate"):
                counts["failed"] += 1
                errors.append(
                    {
                        "index": index,
                        "sku": (product or {}).get("sku") if isinstance(product, dict) else None,
                        "code": "VALIDATION_ERROR" if fields else "DUPLICATE_SKU",
                        "fields": fields,
                    }
                )
            else:
                counts[action] += 1
        return Reply(
            200, {"success": True, "results": {"total": len(products), **counts, "errors": errors}}
        )

    def _product_delete(self, request, sku):
        if sku not in self.products:
            return error(404, "SKU_NOT_FOUND", f"Product with SKU {sku} not found")
        del self.products[sku]
        return Reply(200, {"success": True, "sku": sku, "deleted": True})

    # --- section 13 webhooks ---------------------------------------------------------------
    def _webhook_products(self, request):
        body = request["json"]
        event_type = body.get("event_type")
        product = body.get("product")
        fields = _event_type_errors(event_type, PRODUCT_EVENTS)
        if not isinstance(product, dict):
            fields["product"] = "required"
        elif not isinstance(product.get("sku"), str) or not product.get("sku"):
            fields["product.sku"] = "required"
        if fields:
            return invalid(fields)
        sku = product["sku"]
        existing = self.products.get(sku)
        if event_type == "product.created":
            if existing:
                return error(409, "DUPLICATE_SKU", f"SKU {sku} already exists")
            self.add_product({"title": product.get("name"), **product})
            action = "created"
        elif not existing:
            if event_type == "product.updated":
                self.inventory.setdefault(
                    sku, self._inventory_item(sku, int(product.get("qty_available") or 0))
                )
            return Reply(
                200,
                {
                    "success": True,
                    "action": "inventory_created",
                    "message": INVENTORY_CREATED_MESSAGE,
                    "sku": sku,
                },
            )
        elif event_type == "product.deleted":
            existing["active"] = False
            action = "deleted"
        else:
            existing.update(
                copy.deepcopy(product), title=product.get("name") or existing.get("title")
            )
            action = "updated"
        stored = self.products[sku]
        return Reply(
            200,
            {
                "success": True,
                "action": action,
                "product": {
                    "variant_id": stored["variant_id"],
                    "product_id": stored["id"],
                    "sku": sku,
                },
            },
        )

    def _webhook_inventory(self, request):
        body = request["json"]
        event_type = body.get("event_type")
        items = body.get("items")
        if event_type not in INVENTORY_EVENTS or not isinstance(items, list) or not items:
            return invalid(
                {
                    "event_type": f"must be one of {', '.join(INVENTORY_EVENTS)}",
                    "items": "required, a non-empty list",
                }
            )
        results, summary = [], {"total": len(items), "processed": 0, "failed": 0, "not_found": 0}
        for item in items:
            fields = self._item_errors(item, with_type=True)
            if fields:
                summary["failed"] += 1
                results.append(
                    {
                        "sku": item.get("sku") if isinstance(item, dict) else None,
                        "status": "failed",
                        "errors": fields,
                    }
                )
                continue
            applied = self._apply(
                item["sku"], item["quantity"], item.get("adjustment_type", "absolute")
            )
            if applied is None:
                summary["not_found"] += 1
                results.append({"sku": item["sku"], "status": "not_found"})
                continue
            summary["processed"] += 1
            results.append(
                {
                    "sku": item["sku"],
                    "status": "success",
                    "previous_quantity": applied[0],
                    "new_quantity": applied[1],
                }
            )
        return Reply(
            200, {"success": True, "event_type": event_type, "summary": summary, "results": results}
        )

    def _webhook_order_status(self, request):
        body = request["json"]
        event_type = body.get("event_type")
        order_body = body.get("order")
        fields = _event_type_errors(event_type, STATUS_EVENTS)
        if not isinstance(order_body, dict) or not order_body.get("medusa_order_id"):
            fields["order.medusa_order_id"] = "required"
        if fields:
            return invalid(fields)
        order = self.orders.get(order_body["medusa_order_id"])
        if not order:
            return error(404, "NOT_FOUND", f"Order {order_body['medusa_order_id']} not found")
        updated = STATUS_EVENTS[event_type]
        stamp = datetime.now(timezone.utc).isoformat()
        for key in updated:
            if key.endswith("_at"):
                order["metadata"][key] = stamp
            elif key.startswith("odoo_"):
                order["metadata"][key] = True
            elif key in order_body:
                order["metadata"][key] = order_body[key]
        order["metadata"].setdefault("status_events", []).append(event_type)
        return Reply(
            200,
            {
                "success": True,
                "event_type": event_type,
                "order": {
                    "medusa_order_id": order["id"],
                    "display_id": order.get("display_id"),
                    "odoo_order_id": order_body.get("odoo_order_id"),
                    "odoo_order_name": order_body.get("odoo_order_name"),
                },
                "metadata_updated": updated,
            },
        )


# --------------------------------------------------------------------------------------------
# Medusa as a webhook sender (section 3)
# --------------------------------------------------------------------------------------------
def _fixture(name):
    with open(FIXTURES / name, encoding="utf-8") as handle:
        return json.load(handle)


def sample_order_created():
    return _fixture("medusa_order_created.json")


def sample_customer_created():
    return _fixture("medusa_customer_created.json")


def sample_order_status_updated():
    return _fixture("medusa_order_status_updated.json")


def signature(secret, msg_id, timestamp, body):
    """Standard Webhooks: v1,<base64 HMAC-SHA256(key, '{id}.{ts}.{body}')>."""
    key = (
        base64.b64decode(secret[len("whsec_") :])
        if secret.startswith("whsec_")
        else secret.encode()
    )
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def send_webhook(
    url, event, data, secret=None, mode="signature", timestamp=None, msg_id=None, timeout=10
):
    """POST {"event", "timestamp", "data"} as Medusa's subscriber would."""
    body = json.dumps(
        {
            "event": event,
            "timestamp": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
            "data": data,
        }
    ).encode()
    headers = {"Content-Type": "application/json"}
    if mode == "signature" and secret:
        msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
        timestamp = int(timestamp if timestamp is not None else time.time())
        headers.update(
            {
                "webhook-id": msg_id,
                "webhook-timestamp": str(timestamp),
                "webhook-signature": signature(secret, msg_id, timestamp, body),
            }
        )
    elif mode == "static" and secret:
        headers[STATIC_SECRET_HEADER] = secret
    return requests.post(url, data=body, headers=headers, timeout=timeout)


def make_customer(
    customer_id=None,
    email=None,
    first_name="Sara",
    last_name="Al-Sabah",
    phone="+96599887766",
    created_at=None,
):
    customer_id = customer_id or f"cus_{uuid.uuid4().hex[:12]}"
    return {
        "id": customer_id,
        "email": email or f"{customer_id}@example.com",
        "first_name": first_name,
        "last_name": last_name,
        "phone": phone,
        "has_account": True,
        "created_at": created_at or datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
        "addresses": [
            {
                "id": f"addr_{customer_id}",
                "address_1": "Block 3, Street 4",
                "city": "Salmiya",
                "country_code": "kw",
                "phone": phone,
                "is_default_shipping": True,
            }
        ],
    }


def make_order(
    display_id,
    currency_code="kwd",
    lines=(("CASE-IP15PRO-001", 1, 5000),),
    customer=None,
    shipping_total=1000,
    tax_total=0,
    status="pending",
    order_id=None,
):
    """A consistent order: subtotal = sum of lines, total = subtotal + shipping + tax."""
    customer = customer or make_customer(customer_id=f"cus_{display_id}")
    items = [
        {
            "id": f"li_{display_id}_{index}",
            "title": f"Item {sku}",
            "quantity": quantity,
            "unit_price": price,
            "subtotal": quantity * price,
            "sku": sku,
            "variant_id": f"variant_{sku}",
            "product_id": f"prod_{sku}",
        }
        for index, (sku, quantity, price) in enumerate(lines)
    ]
    subtotal = sum(item["subtotal"] for item in items)
    address = customer["addresses"][0]
    return {
        "id": order_id or f"order_{display_id}",
        "display_id": display_id,
        "status": status,
        "email": customer["email"],
        "currency_code": currency_code,
        "subtotal": subtotal,
        "tax_total": tax_total,
        "shipping_total": shipping_total,
        "total": subtotal + shipping_total + tax_total,
        "created_at": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
        "customer": {
            key: customer[key] for key in ("id", "email", "first_name", "last_name", "phone")
        },
        "shipping_address": {
            "first_name": customer["first_name"],
            "last_name": customer["last_name"],
            "address_1": address["address_1"],
            "city": address["city"],
            "country_code": address["country_code"],
            "postal_code": "22000",
            "phone": customer["phone"],
        },
        "items": items,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--api-key", default="test-api-key")
    parser.add_argument("--seed", help="JSON file with orders, customers, products, inventory")
    args = parser.parse_args(argv)
    fake = FakeMedusa(api_key=args.api_key, host=args.host, port=args.port)
    if args.seed:
        with open(args.seed, encoding="utf-8") as handle:
            fake.seed(json.load(handle))
    serve_forever(fake)


if __name__ == "__main__":
    main()
