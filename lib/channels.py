"""Outbound channels and messages: the core's vocabulary for what goes out (pure).

A channel names an endpoint of a peer and how messages are batched there; each peer's
contract module declares its channels and registers them here, so the core never names a
peer. An outbox row names its channel; the dispatcher groups due rows per (company, channel,
path) and asks the channel for the request body. Batchable channels wrap many payloads in one
request, up to the largest batch the endpoint takes; the others send one payload per request.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Channel:
    key: str
    peer: str
    method: str
    path: str
    label: str = ""
    # Name of the list that carries the payloads in a batch request; None: one per request.
    batch_key: str | None = None
    max_items: int = 1
    # Constant keys sent beside the batch list (e.g. an inventory event_type).
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


@dataclass
class Message:
    """One outbound message, as a peer hands it to the outbox.

    ``aggregate_key``: messages with the same key are delivered in the order they were
    written (one order, one SKU, one contact). ``supersede_key``: a newer message replaces a
    waiting one with the same key (a newer stock level). ``refresh_on_send``: the payload is
    rebuilt from ``source`` right before sending. ``dead_reason``: local validation failed;
    the message is kept as dead, never sent. ``event_type`` and ``sku`` are stored as
    columns so that the peer can query them.
    """

    channel: str
    payload: dict
    company: Any
    message_id: str
    aggregate_key: str | None = None
    supersede_key: str | None = None
    path: str | None = None
    source: Any = None
    refresh_on_send: bool = False
    dead_reason: str | None = None
    event_type: str | None = None
    sku: str | None = None


CHANNELS: dict[str, Channel] = {}


def register(*new_channels):
    for channel in new_channels:
        CHANNELS[channel.key] = channel
    return new_channels


def get(key):
    try:
        return CHANNELS[key]
    except KeyError:
        raise ValueError(f"unknown outbound channel {key!r}") from None


def label(key):
    channel = CHANNELS.get(key)
    return (channel.label or channel.key) if channel else key


# What a record's outbound messages say of it, at a glance (orders, products).
SYNC_STATES = (
    ("synced", "In sync"),
    ("waiting", "Waiting to be sent"),
    ("failed", "Not delivered"),
)
FAILED_STATES = frozenset({"dead", "paused"})
WAITING_STATES = frozenset({"pending", "sending", "retrying"})


def sync_state(message_states):
    """'failed' when a message is dead or paused, 'waiting' when one is still on its way,
    'synced' when all were delivered (or cancelled), None without messages."""
    states = set(message_states)
    if states & FAILED_STATES:
        return "failed"
    if states & WAITING_STATES:
        return "waiting"
    return "synced" if states else None
