"""The MarqaSouq Medusa contract (seed 001): paths, errors, inbound mappers, outbound builders.

Inbound amounts are integers in the currency's minor unit; they become exact Decimals in major
units through the currency's factor (money.minor_factor), never through a hard-coded 1000.
"""

import hashlib
from decimal import Decimal

from . import channels, dates, money, validation, workflow

API_KEY_HEADER = "x-odoo-api-key"
STATIC_SECRET_HEADER = "X-Medusa-Webhook-Secret"

ORDERS_PATH = "/odoo/orders"
ORDER_PATH = "/odoo/orders/{id}"
ORDER_SYNCED_PATH = "/odoo/orders/{id}/synced"
CUSTOMERS_PATH = "/odoo/customers"
INVENTORY_PATH = "/odoo/inventory"
INVENTORY_UPDATE_PATH = "/odoo/inventory/update"
INVENTORY_BULK_UPDATE_PATH = "/odoo/inventory/bulk-update"
INVENTORY_REDUCE_PATH = "/odoo/inventory/reduce"
PRODUCTS_PATH = "/odoo/products"
PRODUCTS_BULK_PATH = "/odoo/products/bulk"
PRODUCT_PATH = "/odoo/products/{sku}"
WEBHOOK_PRODUCTS_PATH = "/odoo/webhooks/products"
WEBHOOK_INVENTORY_PATH = "/odoo/webhooks/inventory"
WEBHOOK_ORDER_STATUS_PATH = "/odoo/webhooks/order-status"

INBOUND_EVENTS = ("order.created", "customer.created", "customer.updated", "order.status_updated")
PRODUCT_EVENTS = ("product.created", "product.updated", "product.deleted")
ORDER_STATUS_EVENTS = (
    "order.confirmed",
    "order.shipped",
    "order.delivered",
    "order.cancelled",
    "order.invoiced",
    "order.paid",
)
UNAUTHORIZED = "UNAUTHORIZED"
VALIDATION_ERROR = "VALIDATION_ERROR"
NOT_FOUND = "NOT_FOUND"
SKU_NOT_FOUND = "SKU_NOT_FOUND"
DUPLICATE_SKU = "DUPLICATE_SKU"
INVENTORY_ERROR = "INVENTORY_ERROR"
SYNC_FAILED = "SYNC_FAILED"


def auth_headers(api_key):
    return {API_KEY_HEADER: api_key, "Content-Type": "application/json"}


def error_body(code, message, details=None):
    return {"success": False, "error": {"code": code, "message": message, "details": details or {}}}


def error_code(body):
    error = body.get("error") if isinstance(body, dict) else None
    return error.get("code") if isinstance(error, dict) else None


# --------------------------------------------------------------------------------------------
# Inbound (section 3)
# --------------------------------------------------------------------------------------------
# Keys whose values end up in unique or btree-indexed columns: bounded before anything is
# logged (an over-long value would otherwise fail the index, after the event was logged).
ID_KEYS = frozenset(
    {
        "id",
        "order_id",
        "sku",
        "variant_id",
        "product_id",
        "display_id",
        "email",
        "phone",
        "postal_code",
        "country_code",
        "currency_code",
        "status",
        "old_status",
        "new_status",
        "fulfillment_status",
        "payment_status",
    }
)
NAME_KEYS = frozenset({"first_name", "last_name", "company", "city", "province"})


def validate_webhook(body):
    """Messages (sorted, each short); [] when valid. Bounds first: depth, sizes, id lengths."""
    errors = validation.bounds_errors(body, id_keys=ID_KEYS, name_keys=NAME_KEYS)
    if errors:
        return errors
    errors = validation.validate(body, "medusa_webhook")
    if errors:
        return errors
    if body["event"] not in INBOUND_EVENTS:
        return [f"event: unknown event {validation.shorten(repr(body['event']), 60)}"]
    errors = validation.validate(body, "medusa_" + body["event"].replace(".", "_"))
    if errors:
        return errors
    data = body["data"]
    for where, entity in (
        ("data.order", data.get("order")),
        ("data.customer", data.get("customer")),
    ):
        if isinstance(entity, dict):
            error = validation.date_error(f"{where}.created_at", entity.get("created_at"))
            if error:
                errors.append(error)
    return errors


def order_currency(body):
    """The currency code an order.created webhook asks for (upper case), else None."""
    if body.get("event") != "order.created":
        return None
    return (body["data"]["order"].get("currency_code") or "").upper() or None


def delivery_id_error(msg_id):
    """A message when a webhook-id header cannot serve as an idempotency key, else None."""
    if msg_id and len(msg_id) > validation.MAX_ID_LENGTH:
        return f"webhook-id: longer than {validation.MAX_ID_LENGTH} characters"
    return None


def inbound_event_id(body):
    """Idempotency key when the sender gives no webhook-id: event, entity id, timestamp."""
    data = body.get("data") or {}
    entity = (
        (data.get("order") or {}).get("id")
        or (data.get("customer") or {}).get("id")
        or data.get("order_id")
        or ""
    )
    raw = f"{body.get('event')}|{entity}|{body.get('timestamp') or ''}"
    return "medusa-" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _name(first, last):
    return " ".join(part.strip() for part in (first or "", last or "") if part and part.strip())


def _address(address):
    if not address:
        return None
    return {
        "name": _name(address.get("first_name"), address.get("last_name")) or None,
        "street": address.get("address_1"),
        "street2": address.get("address_2"),
        "city": address.get("city"),
        "zip": address.get("postal_code"),
        "country_code": (address.get("country_code") or "").upper() or None,
        "phone_raw": address.get("phone"),
        "is_default_shipping": bool(address.get("is_default_shipping")),
    }


def map_customer(customer):
    """res.partner-ready dict of a Medusa customer (section 3.2, 4.4)."""
    addresses = [_address(address) for address in customer.get("addresses") or [] if address]
    return {
        "medusa_customer_id": customer.get("id"),
        "email": customer.get("email"),
        "first_name": customer.get("first_name"),
        "last_name": customer.get("last_name"),
        "name": _name(customer.get("first_name"), customer.get("last_name")) or None,
        "phone_raw": customer.get("phone")
        or next((a["phone_raw"] for a in addresses if a["phone_raw"]), None),
        "addresses": addresses,
    }


def map_order(order, *, factor=None):
    """sale.order-ready dict of a Medusa order (section 3.1), amounts in major units."""
    currency = (order.get("currency_code") or "").upper()

    def major(value):
        return money.from_minor(value or 0, currency, factor)

    customer = order.get("customer") or {}
    shipping = _address(order.get("shipping_address"))
    mapped_customer = {
        "medusa_customer_id": customer.get("id"),
        "email": customer.get("email") or order.get("email"),
        "first_name": customer.get("first_name")
        or (order.get("shipping_address") or {}).get("first_name"),
        "last_name": customer.get("last_name")
        or (order.get("shipping_address") or {}).get("last_name"),
        "phone_raw": customer.get("phone") or (shipping or {}).get("phone_raw"),
    }
    mapped_customer["name"] = (
        _name(mapped_customer["first_name"], mapped_customer["last_name"]) or None
    )
    mapped_customer["addresses"] = [shipping] if shipping else []
    lines = [
        {
            "medusa_line_id": item.get("id"),
            "sku": item.get("sku"),
            "title": item.get("title"),
            "quantity": int(item["quantity"]),
            "price_unit": major(item["unit_price"]),
        }
        for item in order.get("items") or []
    ]
    shipping_amount = major(order.get("shipping_total"))
    tax_total = major(order.get("tax_total"))
    goods = sum((line["price_unit"] * line["quantity"] for line in lines), Decimal(0))
    computed = goods + shipping_amount + tax_total
    display_id = order.get("display_id")
    return {
        "medusa_order_id": order["id"],
        "display_id": display_id,
        "client_order_ref": str(display_id) if display_id not in (None, "") else None,
        "currency": currency,
        "status": order.get("status"),
        "email": order.get("email"),
        "date_order": dates.to_odoo_datetime(order.get("created_at")),
        "customer": mapped_customer,
        "shipping": shipping,
        "lines": lines,
        "shipping_amount": shipping_amount,
        "tax_total": tax_total,
        "subtotal": major(order.get("subtotal")) if order.get("subtotal") is not None else goods,
        "total": major(order.get("total")) if order.get("total") is not None else computed,
        "computed_total": computed,
        "payment": payment_info(order),
    }


def order_draft(mapped):
    """The peer-neutral draft the Odoo importer turns into a sale.order."""
    return {
        "currency": mapped["currency"],
        "lines": [
            {
                "sku": line["sku"],
                "barcodes": [],
                "name": line["title"],
                "quantity": line["quantity"],
                "price_unit": line["price_unit"],
                "extra": {"x_cb_external_line_id": line["medusa_line_id"]},
            }
            for line in mapped["lines"]
        ],
        "shipping": {"amount": mapped["shipping_amount"], "tax_rate": None, "name": None}
        if mapped["shipping_amount"]
        else None,
        "peer_total": mapped["total"],
        # Medusa reports the tax it charged: with none, Odoo must not add its product taxes.
        "no_tax": not mapped["tax_total"],
        "issues": [],
    }


# Medusa payment statuses that give money back (order.status_updated's payment_status).
PAYMENT_REFUNDS = {"refunded": "full", "partially_refunded": "partial"}


def payment_info(order):
    """{method, status, transactions} of a Medusa order: the provider of its payments (v2
    payment_collections, v1 payments; pp_system_default, pp_stripe_stripe...), its payment
    status and the payment ids. The seed's sample carries none of them: all stay empty."""

    def dicts(value):
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

    payments, sessions = [], []
    for source in (order, *dicts(order.get("payment_collections"))):
        payments += dicts(source.get("payments"))
        sessions += dicts(source.get("payment_sessions"))
    provider = next(
        (p["provider_id"] for p in payments + sessions if isinstance(p.get("provider_id"), str)),
        None,
    )
    status = order.get("payment_status")
    return {
        "method": provider or None,
        "status": status if isinstance(status, str) and status else None,
        "transactions": workflow.transaction_ids(payments, keys=("id",)),
    }


def refund_kind(payment_status):
    """'full' or 'partial' when a payment status says Medusa gave money back, else None."""
    return (
        PAYMENT_REFUNDS.get((payment_status or "").lower())
        if isinstance(payment_status, str)
        else None
    )


def map_status_update(data):
    new_status = data.get("new_status")
    return {
        "medusa_order_id": data.get("order_id"),
        "old_status": data.get("old_status"),
        "new_status": new_status,
        "fulfillment_status": data.get("fulfillment_status"),
        "payment_status": data.get("payment_status"),
        "cancelled": (new_status or "").lower() in ("cancelled", "canceled"),
    }


# --------------------------------------------------------------------------------------------
# Outbound (sections 5, 6, 13)
# --------------------------------------------------------------------------------------------
WEBHOOK_PRODUCT_KEYS = (
    "odoo_id",
    "sku",
    "name",
    "description",
    "list_price",
    "standard_price",
    "barcode",
    "weight",
    "category_name",
    "active",
    "qty_available",
)
WEBHOOK_PRODUCT_EXTRA_KEYS = ("name_ar", "description_ar", "brand", "compare_at_price", "images")


def build_product_webhook(event_type, product):
    """Seed 13.1's body: documented keys as documented (major units), then the extras."""
    if event_type not in PRODUCT_EVENTS:
        raise ValueError(f"unknown product event {event_type!r}")
    body = {key: product.get(key) for key in WEBHOOK_PRODUCT_KEYS}
    body["list_price"] = float(body["list_price"] or 0.0)
    body["standard_price"] = float(body["standard_price"] or 0.0)
    body["weight"] = float(body["weight"] or 0.0)
    body["qty_available"] = float(body["qty_available"] or 0.0)
    body["active"] = bool(body["active"])
    for key in WEBHOOK_PRODUCT_EXTRA_KEYS:
        if product.get(key) not in (None, "", []):
            body[key] = product[key]
    return {"event_type": event_type, "product": body}


def _slug(text):
    return (
        "-".join("".join(c if c.isalnum() else " " for c in (text or "").lower()).split()) or None
    )


def build_bulk_product(product, *, currency_code, factor=None, base_url=None):
    """Seed 5.1's body: prices in minor units, weight in grams, images as URL objects."""

    def minor(value):
        return money.to_minor(value, currency_code, factor) if value not in (None, "") else None

    images = [
        {"url": url, "position": position, **({"is_thumbnail": True} if position == 0 else {})}
        for position, url in enumerate(product.get("images") or [])
    ]
    body = {
        "odoo_product_id": product["odoo_product_id"],
        "sku": product["sku"],
        "title": product.get("title"),
        "title_ar": product.get("title_ar"),
        "description": product.get("description") or "",
        "description_ar": product.get("description_ar"),
        "price": minor(product.get("price")) or 0,
        "compare_at_price": minor(product.get("compare_at_price")),
        "cost_price": minor(product.get("cost_price")),
        "currency_code": (currency_code or "").lower(),
        "weight": round(float(product.get("weight_kg") or 0.0) * 1000, 3),
        "weight_unit": "g",
        "barcode": product.get("barcode"),
        "category_handle": _slug(product.get("category_name")),
        "brand": product.get("brand"),
        "images": images,
        "metadata": {k: v for k, v in (product.get("metadata") or {}).items() if v is not None},
        "inventory": {
            "quantity": int(product.get("quantity") or 0),
            "manage_inventory": True,
            "allow_backorder": False,
        },
    }
    return {key: value for key, value in body.items() if value is not None}


def bulk_products_body(products):
    return {"products": list(products)}


def build_inventory_item(sku, quantity, *, odoo_product_id=None, warehouse_name=None, reason=None):
    item = {"sku": sku, "quantity": int(quantity), "adjustment_type": "absolute"}
    if odoo_product_id is not None:
        item["odoo_product_id"] = odoo_product_id
    if warehouse_name:
        item["warehouse_name"] = warehouse_name
    if reason:
        item["reason"] = reason
    return item


def inventory_webhook_body(items, event_type="inventory.updated"):
    return {"event_type": event_type, "items": list(items)}


def inventory_bulk_body(items):
    return {"items": [{"sku": item["sku"], "quantity": int(item["quantity"])} for item in items]}


ORDER_STATUS_EXTRA_KEYS = {
    "order.shipped": ("tracking_number", "tracking_url", "carrier_name", "shipped_date"),
    "order.delivered": ("delivered_date",),
    "order.cancelled": ("cancelled_reason",),
    "order.invoiced": ("invoice_number", "invoice_date", "amount"),
    "order.paid": ("paid_date", "amount"),
    "order.confirmed": (),
}


def build_order_status(event_type, order):
    """Seed 13.3's body; None values are left out."""
    if event_type not in ORDER_STATUS_EVENTS:
        raise ValueError(f"unknown order status event {event_type!r}")
    keys = (
        "medusa_order_id",
        "odoo_order_id",
        "odoo_order_name",
        *ORDER_STATUS_EXTRA_KEYS[event_type],
    )
    body = {key: order.get(key) for key in keys if order.get(key) is not None}
    if "amount" in body:
        body["amount"] = float(body["amount"])
    return {"event_type": event_type, "order": body}


def mark_synced_body(odoo_order_id, synced_at):
    return {"odoo_order_id": odoo_order_id, "synced_at": synced_at}


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------
def is_sku_not_found(status, body):
    return status == 404 and error_code(body) == SKU_NOT_FOUND


def inventory_not_found_skus(body):
    """SKUs Medusa did not know, from the inventory webhook or the bulk update answer."""
    if not isinstance(body, dict):
        return []
    skus = [
        result.get("sku")
        for result in body.get("results") or []
        if isinstance(result, dict) and result.get("status") == "not_found"
    ]
    results = body.get("results")
    if isinstance(results, dict):
        for error in results.get("errors") or []:
            if isinstance(error, dict) and error.get("code") == SKU_NOT_FOUND:
                skus.append(error.get("sku"))
    return [sku for sku in skus if sku]


# --- Outbound channels --------------------------------------------------------------------------
PEER = "medusa"
PRODUCT_WEBHOOK, PRODUCTS_BULK, INVENTORY_WEBHOOK, INVENTORY_BULK, ORDER_STATUS, ORDER_SYNCED = (
    channels.register(
        channels.Channel(
            "medusa.product_webhook",
            PEER,
            "POST",
            WEBHOOK_PRODUCTS_PATH,
            label="Products to Medusa",
        ),
        channels.Channel(
            "medusa.products_bulk",
            PEER,
            "POST",
            PRODUCTS_BULK_PATH,
            label="Product bulk push to Medusa",
            batch_key="products",
            max_items=100,
        ),
        channels.Channel(
            "medusa.inventory_webhook",
            PEER,
            "POST",
            WEBHOOK_INVENTORY_PATH,
            label="Stock levels to Medusa",
            batch_key="items",
            max_items=500,
            envelope={"event_type": "inventory.updated"},
        ),
        # The reconciliation writes whole bulk-update bodies (1,000 items each) as messages.
        channels.Channel(
            "medusa.inventory_bulk",
            PEER,
            "POST",
            INVENTORY_BULK_UPDATE_PATH,
            label="Stock reconciliation to Medusa",
        ),
        channels.Channel(
            "medusa.order_status",
            PEER,
            "POST",
            WEBHOOK_ORDER_STATUS_PATH,
            label="Order status to Medusa",
        ),
        # The path carries the Medusa order id: the outbox row stores the formatted path.
        channels.Channel(
            "medusa.order_synced",
            PEER,
            "POST",
            ORDER_SYNCED_PATH,
            label="Order synced marks to Medusa",
        ),
    )
)


def status_label(status):
    """Medusa's order status in words ("requires_action" -> "requires action")."""
    return status.replace("_", " ") if isinstance(status, str) and status else None
