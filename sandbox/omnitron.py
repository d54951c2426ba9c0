"""An Akinon Omnitron order-webhook sender (seed 002).

    python -m sandbox.omnitron --token T [--count N] \
        --url http://localhost:8069/api/v1/oms/orders_omnitron/
"""

import argparse
import copy
import json
import random
import uuid
from decimal import Decimal
from pathlib import Path

import requests

FIXTURE = Path(__file__).parent / "fixtures" / "omnitron_order_31999.json"
CARGO_COMPANIES = (
    {"pk": 1, "name": "Yurtiçi Kargo", "erp_code": "yurtici_kargo", "shipping_company": "yurtici"},
    {"pk": 2, "name": "Aras Kargo", "erp_code": "aras_kargo", "shipping_company": "aras"},
    {"pk": 3, "name": "MNG Kargo", "erp_code": "mng_kargo", "shipping_company": "mng"},
)


def sample_order_event():
    """The seed's request body, verbatim (scrape artefacts included)."""
    with open(FIXTURE, encoding="utf-8") as handle:
        return json.load(handle)


def make_order_event(
    number=None,
    pk=None,
    event_type="order.created",
    status="400",
    channel_pk=20,
    items=None,
    cargo_company=None,
    shipping_amount="6.34",
    rng=None,
):
    """A realistic variant of the seed order; ``items`` is [(sku, price, tax_rate), ...]."""
    rng = rng or random.Random()
    body = sample_order_event()
    payload = body["payload"]
    pk = pk or rng.randint(40000, 9_000_000)
    body["event"] = {"type": event_type, "uuid": uuid.uuid4().hex}
    payload["pk"] = pk
    payload["number"] = number or str(rng.randint(10**11, 10**12 - 1))
    payload["status"] = str(status)
    payload["channel"]["pk"] = channel_pk
    template = payload["orderitem_set"][0]
    items = items or [(template["product"]["sku"], template["price"], template["tax_rate"])]
    payload["orderitem_set"] = []
    for index, (sku, price, tax_rate) in enumerate(items):
        item = copy.deepcopy(template)
        item.update(
            pk=pk * 10 + index,
            order=pk,
            price=str(price),
            tax_rate=str(tax_rate),
            net_amount=str(price),
            status=str(status),
        )
        item["product"]["sku"] = sku
        payload["orderitem_set"].append(item)
    payload["shipping_amount"] = str(shipping_amount)
    payload["net_shipping_amount"] = float(shipping_amount)
    payload["cargo_company"] = copy.deepcopy(cargo_company or rng.choice(CARGO_COMPANIES))
    total = sum(Decimal(str(price)) for _sku, price, _rate in items) + Decimal(str(shipping_amount))
    payload["amount"] = str(total)
    return body


def send_order_event(url, body, token, accept="application/json", timeout=10):
    headers = {"Content-Type": "application/json", "Authorization": f"Token {token}"}
    if accept:
        headers["Accept"] = accept
    return requests.post(url, data=json.dumps(body), headers=headers, timeout=timeout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument(
        "--sample", action="store_true", help="send the seed's sample verbatim first"
    )
    args = parser.parse_args(argv)
    bodies = ([sample_order_event()] if args.sample else []) + [
        make_order_event() for _ in range(args.count)
    ]
    for body in bodies:
        response = send_order_event(args.url, body, args.token)
        print(body["payload"]["number"], response.status_code, response.text[:200])


if __name__ == "__main__":
    main()
