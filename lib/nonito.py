"""The Nonito event contract (seed 000): builders, validation, batch handling. Pure."""

import hashlib

from . import channels, validation

DEFAULT_BASE_URL = "https://api.nonito.xyz"
EVENTS_PATH = "/v1/odoo/events"
EVENT_NAMES = (
    "order_created",
    "order_updated",
    "order_cancelled",
    "order_packed",
    "order_dispatched",
    "order_delivered",
    "customer_created",
    "customer_updated",
)
SHIPMENT_EVENTS = ("order_packed", "order_dispatched", "order_delivered")
CUSTOMER_EVENTS = ("customer_created", "customer_updated")


def auth_headers(api_key):
    return {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}


def batch_body(events):
    return {"batch": list(events)}


def validate_event(event):
    """Envelope and properties of one event; [] when Nonito will accept it."""
    if not isinstance(event, dict):
        return ["event: Input should be a valid object"]
    errors = validation.validate(event, "nonito_event")
    name = event.get("event_name")
    if name in EVENT_NAMES and isinstance(event.get("properties"), dict):
        errors += validation.validate(event["properties"], f"nonito_{name}")
    return errors


def parse_validation_error(body):
    """{index: [errors]} from the documented 400 body; {} when it names no index."""
    details = body.get("details") if isinstance(body, dict) else None
    result = {}
    for entry in details if isinstance(details, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("index"), int):
            continue
        errors = entry.get("errors")
        result[entry["index"]] = (
            [str(e) for e in errors] if isinstance(errors, list) else [str(errors)]
        )
    return result


def stable_event_id(*parts):
    """Deterministic id: the same parts always give the same event_id (safe resends)."""
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:24]
    name = next((str(p) for p in parts if str(p) in EVENT_NAMES), "event")
    return f"odoo-{name}-{digest}"


def split_name(full_name):
    """('Ahmed', 'Al-Rashid') from 'Ahmed Al-Rashid'; a single word fills both (Nonito
    requires a non-empty last name)."""
    words = (full_name or "").split()
    if not words:
        return "-", "-"
    if len(words) == 1:
        return words[0], words[0]
    return words[0], " ".join(words[1:])


# --------------------------------------------------------------------------------------------
# Builders: from plain dicts the Odoo glue reads off records
# --------------------------------------------------------------------------------------------
def _envelope(event_name, user_id, properties, event_id, timestamp):
    event = {
        "event_id": event_id,
        "user_id": user_id,
        "event_name": event_name,
        "properties": _drop_none(properties),
    }
    if timestamp:
        event["timestamp"] = timestamp
    return event


def _drop_none(value):
    if isinstance(value, dict):
        return {key: _drop_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_drop_none(item) for item in value]
    return value


def _money(value, decimals):
    return round(float(value or 0.0), decimals)


def _financials(financials, decimals):
    result = {
        "subtotal": _money(financials.get("subtotal"), decimals),
        "total_discounts": _money(financials.get("total_discounts"), decimals),
        "total_tax": _money(financials.get("total_tax"), decimals),
        "total_price": _money(financials.get("total_price"), decimals),
        "currency": financials.get("currency"),
        "payment_method": financials.get("payment_method"),
    }
    if financials.get("promo_codes"):
        result["promo_codes"] = list(financials["promo_codes"])
    return result


def _items(items, decimals):
    return [
        {
            "product_id": str(item["product_id"]),
            "name": item.get("name"),
            "quantity": int(item.get("quantity") or 0),
            "unit_price": _money(item.get("unit_price"), decimals),
            "total_discount": _money(item.get("total_discount"), decimals),
            "total_tax": _money(item.get("total_tax"), decimals),
            "total_price": _money(item.get("total_price"), decimals),
            "category": item.get("category") or None,
        }
        for item in items
    ]


def _order_properties(order, *sections):
    decimals = order.get("currency_decimals", 2)
    properties = {"order_id": str(order["order_id"])}
    if "financials" in sections and order.get("financials"):
        properties["financials"] = _financials(order["financials"], decimals)
    if "items" in sections and order.get("items") is not None:
        properties["items"] = _items(order["items"], decimals)
    if "customer" in sections and order.get("customer"):
        properties["customer"] = dict(order["customer"])
    if order.get("branch"):
        properties["branch"] = dict(order["branch"])
    if order.get("note"):
        properties["note"] = order["note"]
    return properties


def build_order_created(order, *, event_id, timestamp=None):
    """``order``: {order_id, channel ('online'|'store'), branch {branch_id, name, location,
    city, phone} (store only), financials {subtotal, total_discounts, total_tax,
    total_price, currency, payment_method, promo_codes}, customer {first_name, last_name,
    email, phone (E.164)}, items [{product_id (SKU), name, quantity, unit_price,
    total_discount, total_tax, total_price, category {id, name}}], note, currency_decimals}."""
    properties = _order_properties(order, "financials", "items", "customer")
    properties["channel"] = order.get("channel") or "online"
    return _envelope(
        "order_created", order["customer"].get("phone"), properties, event_id, timestamp
    )


def build_order_updated(
    order,
    *,
    status,
    event_id,
    timestamp=None,
    updated_at=None,
    include=("financials", "items", "customer"),
):
    properties = _order_properties(order, *include)
    properties["status"] = status
    properties["updated_at"] = updated_at or timestamp
    return _envelope(
        "order_updated", order["customer"].get("phone"), properties, event_id, timestamp
    )


def build_order_cancelled(
    order_id,
    reason,
    refunded_amount=0.0,
    reference_number=None,
    *,
    user_id,
    event_id,
    timestamp=None,
):
    properties = {
        "order_id": str(order_id),
        "reason": reason,
        "refunded_amount": round(float(refunded_amount or 0.0), 3),
        "reference_number": reference_number,
    }
    return _envelope("order_cancelled", user_id, properties, event_id, timestamp)


def build_shipment_event(
    event_name,
    order_id,
    *,
    delivery_company,
    tracking_number,
    user_id,
    event_id,
    timestamp=None,
    tracking_link=None,
    note=None,
    delivery_agent=None,
    received_by=None,
):
    if event_name not in SHIPMENT_EVENTS:
        raise ValueError(f"{event_name} is not a shipment event")
    properties = {
        "order_id": str(order_id),
        "delivery_company": delivery_company,
        "tracking_number": tracking_number,
        "tracking_link": tracking_link,
    }
    if event_name == "order_delivered":
        properties.update(delivery_agent=delivery_agent, received_by=received_by)
    else:
        properties["note"] = note
    return _envelope(event_name, user_id, properties, event_id, timestamp)


def build_customer_event(event_name, partner, *, event_id, timestamp=None):
    """``partner``: {first_name, last_name, email, phone (E.164), marketing_consent}."""
    if event_name not in CUSTOMER_EVENTS:
        raise ValueError(f"{event_name} is not a customer event")
    properties = {
        "first_name": partner.get("first_name"),
        "last_name": partner.get("last_name"),
        "email": partner.get("email") or None,
        "phone": partner.get("phone"),
        "marketing_consent": bool(partner.get("marketing_consent")),
    }
    return _envelope(event_name, partner.get("phone"), properties, event_id, timestamp)


# --- Outbound channel ---------------------------------------------------------------------------
PEER = "nonito"
# 500 events per request by default (configurable per company). Seed 000 states no batch
# limit. 500 drains a 10,000-event backlog in 20 requests (100 per request needed 101 and
# spent most of the time on per-request work); a request stays small (a customer event is
# ~0.3 KB, an order_created with 5 lines ~1.5 KB: 150 KB to 750 KB, under the 1 MB body
# limit common in front of APIs); a 400 names the bad indices, so one bad event costs one
# resend of the others; a 413 still splits the batch (each message then goes alone). Larger
# batches gain little: past a few hundred events the time is the events' own work.
EVENTS_CHANNEL = "nonito.events"
(EVENTS,) = channels.register(
    channels.Channel(
        EVENTS_CHANNEL,
        PEER,
        "POST",
        EVENTS_PATH,
        label="Events to Nonito",
        batch_key="batch",
        max_items=500,
    )
)
