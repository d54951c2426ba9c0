"""A fake Nonito event API (seed 000), validating with Pydantic models written from the seed.

    python -m sandbox.nonito --port 9100 --api-key KEY

These models are the fake's own, independent of the addon's JSON schemas: a mismatch between
the two shows up as a failing test instead of hiding.
"""

import argparse
import hmac
import uuid
from typing import Literal

from pydantic import BaseModel, ValidationError, model_validator

from .common import FakeServer, Reply, serve_forever

E164 = r"^\+[1-9]\d{6,14}$"
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


class Financials(BaseModel):
    subtotal: float
    total_discounts: float = 0.0
    total_tax: float = 0.0
    total_price: float
    currency: str = "EGP"
    payment_method: str
    promo_codes: list[str] | None = None


class BranchInfo(BaseModel):
    branch_id: str
    name: str
    location: str | None = None
    city: str | None = None
    phone: str | None = None


class CustomerInfo(BaseModel):
    first_name: str
    last_name: str
    email: str | None = None
    phone: str


class CategoryInfo(BaseModel):
    id: str
    name: str


class OrderItem(BaseModel):
    product_id: str
    name: str
    quantity: int
    unit_price: float
    total_discount: float = 0.0
    total_tax: float = 0.0
    total_price: float
    category: CategoryInfo | None = None


class OrderCreated(BaseModel):
    order_id: str
    channel: Literal["online", "store"]
    financials: Financials
    branch: BranchInfo | None = None
    customer: CustomerInfo
    items: list[OrderItem]
    note: str | None = None

    @model_validator(mode="after")
    def branch_for_stores(self):
        if self.channel == "store" and self.branch is None:
            raise ValueError("branch: field required when channel is 'store'")
        return self


class OrderUpdated(BaseModel):
    order_id: str
    status: str
    updated_at: str | None = None
    note: str | None = None
    financials: Financials | None = None
    items: list[OrderItem] | None = None
    customer: CustomerInfo | None = None
    branch: BranchInfo | None = None


class OrderCancelled(BaseModel):
    order_id: str
    reason: str
    refunded_amount: float = 0.0
    reference_number: str | None = None


class OrderShipment(BaseModel):  # order_packed / order_dispatched
    order_id: str
    delivery_company: str
    tracking_number: str
    tracking_link: str | None = None
    note: str | None = None


class OrderDelivered(BaseModel):
    order_id: str
    delivery_company: str
    tracking_number: str
    tracking_link: str | None = None
    delivery_agent: str | None = None
    received_by: str | None = None


class Customer(BaseModel):
    first_name: str
    last_name: str
    email: str | None = None
    phone: str
    marketing_consent: bool = False


PROPERTIES = {
    "order_created": OrderCreated,
    "order_updated": OrderUpdated,
    "order_cancelled": OrderCancelled,
    "order_packed": OrderShipment,
    "order_dispatched": OrderShipment,
    "order_delivered": OrderDelivered,
    "customer_created": Customer,
    "customer_updated": Customer,
}


class Event(BaseModel):
    event_id: str
    user_id: str
    event_name: Literal[EVENT_NAMES]
    timestamp: str | None = None
    properties: dict

    @model_validator(mode="after")
    def e164_user(self):
        import re

        if not re.match(E164, self.user_id):
            raise ValueError("user_id: must be an E.164 phone number")
        return self


def _messages(error, prefix=""):
    """Nonito's documented message style from Pydantic errors."""
    messages = []
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        if prefix:
            location = [prefix, *location]
        if item["type"] == "missing":
            if len(location) == 1:
                messages.append(f"Missing required field: '{location[0]}'")
            else:
                messages.append(f"{'.'.join(location)}: field required")
        elif item["type"] == "value_error":
            messages.append(str(item["msg"]).removeprefix("Value error, "))
        else:
            messages.append(f"{'.'.join(location) or 'event'}: {item['msg']}")
    return messages


def validate_event(event):
    """[] or the documented error strings for one event of a batch."""
    if not isinstance(event, dict):
        return ["event: Input should be a valid dictionary"]
    try:
        envelope = Event.model_validate(event)
    except ValidationError as error:
        return _messages(error)
    try:
        PROPERTIES[envelope.event_name].model_validate(envelope.properties)
    except ValidationError as error:
        return _messages(error)
    return []


class FakeNonito(FakeServer):
    def __init__(self, api_key="test-api-key", host="127.0.0.1", port=0, max_batch=None):
        super().__init__(host, port)
        self.api_key = api_key
        self.max_batch = max_batch
        self.reset_state()

    def reset_state(self):
        self.events = []  # unique events in arrival order
        self._seen = set()
        self.duplicates = 0
        self.received_total = 0

    def state(self):
        return {
            "events": self.events,
            "duplicates": self.duplicates,
            "received_total": self.received_total,
        }

    def fault_body(self, status):
        return {
            "error": "Internal Error" if status >= 500 else f"HTTP {status}",
            "message": "Injected failure",
        }

    def route(self, request):
        if request["method"] != "POST" or request["path"] not in ("/v1/events", "/v1/odoo/events"):
            return Reply(404, {"error": "Not Found", "message": f"No route {request['path']}"})
        header = request["headers"].get("authorization") or ""
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            key.strip().encode(), self.api_key.encode()
        ):
            return Reply(401, {"error": "Unauthorized", "message": "Missing or invalid API key"})
        if (request["headers"].get("content-type") or "").split(";")[
            0
        ].strip().lower() != "application/json":
            return Reply(
                400,
                {
                    "error": "Invalid Content-Type",
                    "message": "Content-Type must be application/json",
                },
            )
        body = request["json"]
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("batch"), list)
            or not body["batch"]
        ):
            return Reply(
                400,
                {
                    "error": "Invalid Payload",
                    "message": "Body must be an object with a non-empty 'batch' list",
                },
            )
        if self.max_batch and len(body["batch"]) > self.max_batch:
            return Reply(
                413,
                {
                    "error": "Payload Too Large",
                    "message": f"At most {self.max_batch} events per batch",
                },
            )
        details = []
        for index, event in enumerate(body["batch"]):
            errors = validate_event(event)
            if errors:
                details.append({"index": index, "errors": errors})
        if details:
            return Reply(
                400,
                {
                    "error": "Validation Failed",
                    "message": "One or more events in the batch are invalid.",
                    "details": details,
                },
            )
        for event in body["batch"]:
            self.received_total += 1
            if event["event_id"] in self._seen:
                self.duplicates += 1
                continue
            self._seen.add(event["event_id"])
            stored = dict(event, properties=dict(event["properties"]))
            if request["path"] == "/v1/odoo/events":
                stored["properties"]["source"] = "odoo"
            self.events.append(stored)
        count = len(body["batch"])
        return Reply(
            202,
            {
                "status": "queued",
                "request_id": str(uuid.uuid4()),
                "message": f"Successfully queued {count} events.",
            },
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--api-key", default="test-api-key")
    parser.add_argument("--max-batch", type=int)
    args = parser.parse_args(argv)
    serve_forever(
        FakeNonito(api_key=args.api_key, host=args.host, port=args.port, max_batch=args.max_batch)
    )


if __name__ == "__main__":
    main()
