"""The Shopfake contract (pure): a signed order webhook in, fulfillments out."""

import base64
import hashlib
import hmac
from decimal import Decimal

from odoo.addons.commerce_bridge.lib import channels

PEER = "shopfake"
WEBHOOK_PATH = "/api/shopfake/orders"
HMAC_HEADER = "X-Shopfake-Hmac-Sha256"
TOKEN_HEADER = "X-Shopfake-Access-Token"
(FULFILLMENTS,) = channels.register(
    channels.Channel(
        "shopfake.fulfillments", PEER, "POST", "/fulfillments.json", label="Fulfillments"
    )
)


def signature(secret, body):
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def validate_order(data):
    errors = []
    if not isinstance(data.get("id"), int):
        errors.append("id: an integer is required")
    if not isinstance(data.get("currency"), str):
        errors.append("currency: required")
    items = data.get("line_items")
    if not isinstance(items, list) or not items:
        errors.append("line_items: at least one item is required")
    return errors


def order_draft(data):
    lines = [
        {
            "sku": item.get("sku"),
            "barcodes": [],
            "name": item.get("title"),
            "quantity": int(item.get("quantity") or 1),
            "price_unit": Decimal(str(item.get("price") or 0)),
        }
        for item in data["line_items"]
    ]
    return {
        "currency": data["currency"],
        "lines": lines,
        "shipping": None,
        "peer_total": sum(line["price_unit"] * line["quantity"] for line in lines),
        "no_tax": True,
        "issues": [],
    }
