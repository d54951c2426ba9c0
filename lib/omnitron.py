"""The Akinon Omnitron order webhook contract (seed 002), pure.

Amounts are decimal strings in major units with lowercase currency codes; item prices include
tax at the item's tax_rate. Akinon's own samples carry scrape artefacts (emails like
'[email protected]', phones like '+90 555XXX0000', timestamps like
'2018-10-27T18: 55: 01.000001Z'): they are parsed leniently and flagged, never fatal.
"""

import re
from decimal import Decimal

from . import dates, money, validation, workflow

PEER = "omnitron"
WEBHOOK_PATH = "/api/v1/oms/orders_omnitron/"

# Akinon order (and item) status codes.
ORDER_STATUSES = {
    "50": "cancellation_waiting",
    "100": "cancelled",
    "200": "waiting",
    "300": "payment_waiting",
    "350": "confirmation_waiting",
    "400": "approved",
    "450": "preparing",
    "500": "shipped",
    "510": "shipped_and_informed",
    "520": "ready_for_pickup",
    "540": "attempted_delivery",
    "544": "review_started",
    "545": "review_waiting",
    "546": "waiting_for_payment",
    "547": "paid",
    "550": "delivered",
    "600": "refunded",
}
CODES_BY_NAME = {name: code for code, name in ORDER_STATUSES.items()}
CANCELLED_CODES = frozenset({"100"})
APPROVED_CODES = frozenset({"400", "450", "500", "510", "520", "540", "547", "550"})
SHIPPED_CODES = frozenset({"500", "510"})
DELIVERED_CODES = frozenset({"550"})
REFUNDED_CODES = frozenset({"600"})

_EMAIL = re.compile(r"^[^@\s\[\]]+@[^@\s\[\]]+\.[A-Za-z]{2,}$")
BARCODE_ATTRIBUTES = ("erenp_erenbarkod", "integration_erenp_erenbarkod", "barcode", "ean")


def auth_headers(token):
    return {
        "Authorization": f"Token {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }


def accepts_json(accept_header):
    """False only when an Accept header is given and excludes JSON (answered 406)."""
    if not accept_header or not accept_header.strip():
        return True
    for part in accept_header.split(","):
        media, _sep, params = part.strip().partition(";")
        if "q=0" in params.replace(" ", "") and "q=0." not in params.replace(" ", ""):
            continue
        if media.strip().lower() in ("*/*", "application/*", "application/json"):
            return True
    return False


def parse_id_list(text):
    """'20, 21' -> {20, 21}; anything not a number is ignored."""
    return {int(part) for part in re.split(r"[\s,;]+", text or "") if part.isdigit()}


def parse_property_filters(text):
    """'delivery_type=same_day, channel.channel_type=n11' -> [(path, value), ...]."""
    filters = []
    for pair in re.split(r"[,;\n]+", text or ""):
        key, sep, value = pair.partition("=")
        if sep and key.strip():
            filters.append((key.strip(), value.strip()))
    return filters


def property_mismatch(payload, filters):
    """The first configured property the order does not match (ORDER_FILTERING), or None.
    Keys are dotted paths into the order payload; values compare as text."""
    for key, expected in filters:
        value = payload
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if str(value if value is not None else "") != expected:
            return f"{key} is {value!r}, the filter wants {expected!r}"
    return None


def status_info(value):
    """(code, name, known) from a code (400, '400') or a name ('approved')."""
    text = str(value).strip() if value is not None else ""
    if text in ORDER_STATUSES:
        return text, ORDER_STATUSES[text], True
    if text.lower() in CODES_BY_NAME:
        code = CODES_BY_NAME[text.lower()]
        return code, ORDER_STATUSES[code], True
    return text, text, False


def status_groups(value):
    code = status_info(value)[0]
    return {
        "cancelled": code in CANCELLED_CODES,
        "approved": code in APPROVED_CODES,
        "shipped": code in SHIPPED_CODES,
        "delivered": code in DELIVERED_CODES,
        "refunded": code in REFUNDED_CODES,
    }


# Keys whose values end up in unique or btree-indexed columns (or integer columns): bounded
# before anything is logged.
ID_KEYS = frozenset(
    {
        "uuid",
        "type",
        "number",
        "sku",
        "email",
        "phone_number",
        "postcode",
        "code",
        "erp_code",
        "shipping_company",
        "tracking_number",
        "invoice_number",
        "currency",
        "status",
        "status_display",
        "tax_no",
        "payment_option_slug",
    }
)
NAME_KEYS = frozenset({"first_name", "last_name", "name", "company_name", "tax_office"})
INT_KEYS = frozenset({"pk", "channel"})
AMOUNT_KEYS = ("amount", "shipping_amount", "shipping_tax_rate", "discount_amount", "refund_amount")
ITEM_AMOUNT_KEYS = ("price", "tax_rate", "discount_amount")


def validate_event(body):
    """Messages (sorted, each short); [] when valid. Bounds first: depth, sizes, id lengths."""
    errors = validation.bounds_errors(body, id_keys=ID_KEYS, name_keys=NAME_KEYS, int_keys=INT_KEYS)
    if errors:
        return errors
    errors = validation.validate(body, "omnitron_order_event")
    if errors:
        return errors
    payload = body["payload"]
    for key in AMOUNT_KEYS:
        errors.append(validation.amount_error(f"payload.{key}", payload.get(key)))
    for index, item in enumerate(payload["orderitem_set"]):
        for key in ITEM_AMOUNT_KEYS:
            where = f"payload.orderitem_set.{index}.{key}"
            errors.append(validation.amount_error(where, item.get(key)))
    errors.append(
        validation.date_error("payload.date_placed", payload.get("date_placed"), lenient=True)
    )
    return [error for error in errors if error]


def order_currency(body):
    """The currency code of a (validated) order event, upper case."""
    return str(body["payload"].get("currency") or "").upper() or None


def email_usable(email):
    return bool(email) and bool(_EMAIL.match(email.strip()))


def _name(first, last):
    return " ".join(part.strip() for part in (first or "", last or "") if part and part.strip())


def _nested_name(value):
    return value.get("name") if isinstance(value, dict) else value


def _address(address):
    if not address:
        return None
    country = address.get("country") or {}
    township = _nested_name(address.get("township"))
    district = _nested_name(address.get("district"))
    email = address.get("email")
    return {
        "pk": address.get("pk"),
        "name": _name(address.get("first_name"), address.get("last_name")) or None,
        "email": email,
        "email_usable": email_usable(email),
        "phone_raw": address.get("phone_number"),
        "country_code": ((country.get("code") if isinstance(country, dict) else None) or "").upper()
        or None,
        "city": _nested_name(address.get("city")),
        "township": township,
        "district": district,
        "street": address.get("line"),
        "street2": ", ".join(part for part in (district, township) if part) or None,
        "zip": address.get("postcode"),
        "tax_office": address.get("tax_office"),
        "tax_no": address.get("tax_no"),
        "company_name": address.get("company_name"),
        "e_bill_taxpayer": bool(address.get("e_bill_taxpayer")),
    }


def _customer(payload, shipping):
    customer = payload.get("customer") or {}
    email = customer.get("email") or (shipping or {}).get("email")
    first = customer.get("first_name") or (payload.get("shipping_address") or {}).get("first_name")
    last = customer.get("last_name") or (payload.get("shipping_address") or {}).get("last_name")
    phone_raw = customer.get("phone_number") or (shipping or {}).get("phone_raw")
    flags = []
    if email and not email_usable(email):
        flags.append(f"email {email!r} is not a usable address")
    return {
        "pk": customer.get("pk"),
        "email": email,
        "email_usable": email_usable(email),
        "first_name": first,
        "last_name": last,
        "name": _name(first, last) or None,
        "phone_raw": phone_raw,
        "flags": flags,
        "addresses": [],
    }


def _barcodes(product):
    attributes = product.get("attributes") or {}
    return [str(attributes[key]) for key in BARCODE_ATTRIBUTES if attributes.get(key)]


def parse_order_event(body):
    """A plain dict of an Omnitron order event (validate_event first)."""
    payload = body["payload"]
    channel = payload.get("channel")
    channel_pk = channel.get("pk") if isinstance(channel, dict) else channel
    code, name, _known = status_info(payload.get("status"))
    shipping = _address(payload.get("shipping_address"))
    billing = _address(payload.get("billing_address"))
    lines = []
    for item in payload.get("orderitem_set") or []:
        product = item.get("product") or {}
        item_code, item_name, _known = status_info(item.get("status"))
        lines.append(
            {
                "pk": item.get("pk"),
                "sku": product.get("sku"),
                "barcodes": _barcodes(product),
                "name": product.get("name"),
                "price_incl": money.parse_decimal(item.get("price")),
                "tax_rate": money.parse_decimal(item["tax_rate"])
                if item.get("tax_rate") not in (None, "")
                else None,
                "discount_amount": money.parse_decimal(item.get("discount_amount")),
                "status": item_code,
                "status_name": item_name,
                "tracking_number": item.get("tracking_number"),
                "shipping_company": item.get("shipping_company"),
                "invoice_number": item.get("invoice_number"),
            }
        )
    flags = []
    try:
        date_placed = dates.to_odoo_datetime(payload.get("date_placed"))
    except ValueError:
        date_placed = None
        flags.append(f"date_placed {payload.get('date_placed')!r} could not be read")
    customer = _customer(payload, shipping)
    return {
        "event_type": body["event"]["type"],
        "event_uuid": str(body["event"]["uuid"]),
        "pk": int(payload["pk"]),
        "number": str(payload["number"]),
        "channel_pk": int(channel_pk),
        "channel_name": channel.get("name") if isinstance(channel, dict) else None,
        "status": code,
        "status_name": name,
        "status_display": payload.get("status_display"),
        "date_placed": date_placed,
        "currency": str(payload.get("currency") or "").upper(),
        "amount": money.parse_decimal(payload.get("amount")),
        "shipping_amount": money.parse_decimal(payload.get("shipping_amount")),
        "shipping_tax_rate": (
            money.parse_decimal(payload["shipping_tax_rate"])
            if payload.get("shipping_tax_rate") not in (None, "")
            else None
        ),
        "discount_amount": money.parse_decimal(payload.get("discount_amount")),
        "refund_amount": money.parse_decimal(payload.get("refund_amount")),
        "invoice_number": payload.get("invoice_number"),
        "invoice_date": payload.get("invoice_date"),
        "tracking_number": payload.get("tracking_number"),
        "tracking_url": payload.get("tracking_url"),
        "cargo_company": payload.get("cargo_company") or None,
        "payment_method": payload.get("payment_option_slug") or None,
        "payment": payment_info(payload),
        "customer": customer,
        "shipping_address": shipping,
        "billing_address": billing,
        "lines": lines,
        "gift_note": payload.get("gift_box_note") if payload.get("has_gift_box") else None,
        "cancellation_info": payload.get("cancellation_info") or {},
        "flags": flags + customer["flags"],
    }


# The order's payment transactions, one list per kind (seed 002).
TRANSACTION_SETS = (
    "transaction_set",
    "ordertransaction_set",
    "payondeliverytransaction_set",
    "fundstransfertransaction_set",
    "cashregistertransaction_set",
    "bextransaction_set",
    "loyaltytransaction_set",
)
PAY_ON_DELIVERY = "pay_on_delivery"


def payment_info(payload):
    """{method, transactions, invoice_number, invoice_url} of an order payload: the payment
    option slug (pay_on_delivery when it is empty but the order has pay-on-delivery
    transactions), the transaction ids, Omnitron's e-invoice number and e-archive link."""
    transactions = []
    for key in TRANSACTION_SETS:
        value = payload.get(key)
        transactions += value if isinstance(value, list) else []
    method = payload.get("payment_option_slug")
    method = method if isinstance(method, str) and method else None
    if not method and payload.get("payondeliverytransaction_set"):
        method = PAY_ON_DELIVERY
    number, url = payload.get("invoice_number"), payload.get("e_archive_url")
    return {
        "method": method,
        "transactions": workflow.transaction_ids(transactions),
        "invoice_number": str(number) if isinstance(number, (str, int)) and number else None,
        "invoice_url": url if isinstance(url, str) and url else None,
    }


def expected_total(parsed):
    lines = sum(
        (line["price_incl"] - line["discount_amount"] for line in parsed["lines"]), Decimal(0)
    )
    return lines + parsed["shipping_amount"]


def order_draft(parsed):
    """The peer-neutral draft the Odoo importer turns into a sale.order: one line per
    Omnitron item (an item is one unit), prices tax-included at the item's rate."""
    return {
        "currency": parsed["currency"],
        "lines": [
            {
                "sku": line["sku"],
                "barcodes": line["barcodes"],
                "name": line["name"],
                "quantity": 1,
                "price_unit": line["price_incl"],
                "discount_amount": line["discount_amount"],
                "tax_rate": line["tax_rate"],
                "price_included": True,
                "extra": {
                    "x_omnitron_item_pk": line["pk"],
                    "x_omnitron_item_status": line["status"],
                },
            }
            for line in parsed["lines"]
        ],
        "shipping": {
            "amount": parsed["shipping_amount"],
            "tax_rate": parsed["shipping_tax_rate"],
            "name": None,
        }
        if parsed["shipping_amount"]
        else None,
        "peer_total": parsed["amount"],
        "no_tax": False,
        "confirm": status_groups(parsed["status"])["approved"],
        "issues": list(parsed["flags"]),
    }


def status_label(value):
    """Omnitron's status in words ("400" -> "approved"), for people and for other peers."""
    _code, name, _known = status_info(value)
    return name.replace("_", " ") or None
