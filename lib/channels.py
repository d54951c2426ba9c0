"""Outbound channels: where each outbox message goes and how messages are batched.

An outbox row names its channel; the dispatcher groups due rows per (company, channel, path)
and asks the channel for the request body. Batchable channels wrap many payloads in one
request, up to the largest batch the endpoint takes; the others send one payload per request.
"""

from dataclasses import dataclass, field

MEDUSA = "medusa"
NONITO = "nonito"


@dataclass(frozen=True)
class Channel:
    key: str
    peer: str
    method: str
    path: str
    # Name of the list that carries the payloads in a batch request; None: one per request.
    batch_key: str | None = None
    max_items: int = 1
    # Constant keys sent beside the batch list (e.g. Medusa's inventory event_type).
    envelope: dict = field(default_factory=dict)

    @property
    def batchable(self):
        return self.batch_key is not None

    def body(self, payloads):
        """The request body for these payloads (a single payload is sent as it is)."""
        if not self.batchable:
            if len(payloads) != 1:
                raise ValueError(f"channel {self.key} sends one payload per request")
            return payloads[0]
        return {**self.envelope, self.batch_key: list(payloads)}


NONITO_EVENTS = Channel(
    "nonito.events", NONITO, "POST", "/v1/odoo/events", batch_key="batch", max_items=100
)
MEDUSA_PRODUCT_WEBHOOK = Channel(
    "medusa.product_webhook", MEDUSA, "POST", "/odoo/webhooks/products"
)
MEDUSA_PRODUCTS_BULK = Channel(
    "medusa.products_bulk",
    MEDUSA,
    "POST",
    "/odoo/products/bulk",
    batch_key="products",
    max_items=100,
)
MEDUSA_INVENTORY_WEBHOOK = Channel(
    "medusa.inventory_webhook",
    MEDUSA,
    "POST",
    "/odoo/webhooks/inventory",
    batch_key="items",
    max_items=500,
    envelope={"event_type": "inventory.updated"},
)
# The reconciliation writes whole bulk-update bodies (1,000 items each) as single messages.
MEDUSA_INVENTORY_BULK = Channel(
    "medusa.inventory_bulk", MEDUSA, "POST", "/odoo/inventory/bulk-update"
)
MEDUSA_ORDER_STATUS = Channel("medusa.order_status", MEDUSA, "POST", "/odoo/webhooks/order-status")
MEDUSA_ORDER_SYNCED = Channel(
    # The path carries the Medusa order id: the outbox row stores the formatted path.
    "medusa.order_synced",
    MEDUSA,
    "POST",
    "/odoo/orders/{id}/synced",
)

CHANNELS = {
    channel.key: channel
    for channel in (
        NONITO_EVENTS,
        MEDUSA_PRODUCT_WEBHOOK,
        MEDUSA_PRODUCTS_BULK,
        MEDUSA_INVENTORY_WEBHOOK,
        MEDUSA_INVENTORY_BULK,
        MEDUSA_ORDER_STATUS,
        MEDUSA_ORDER_SYNCED,
    )
}


def get(key):
    try:
        return CHANNELS[key]
    except KeyError:
        raise ValueError(f"unknown outbound channel {key!r}") from None


def selection():
    """(key, label) pairs for the Odoo selection field."""
    return [(key, key) for key in CHANNELS]
