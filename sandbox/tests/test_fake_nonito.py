"""The fake Nonito over real HTTP: the seed's example, its errors, dedupe and faults."""

import copy
import json
from pathlib import Path

import pytest
import requests

from sandbox import nonito

KEY = "nonito-key"
SEED_EVENT = json.loads(
    (
        Path(__file__).resolve().parents[2] / "sandbox" / "fixtures" / "nonito_seed_batch.json"
    ).read_text()
)["batch"][0]


@pytest.fixture
def fake():
    with nonito.FakeNonito(api_key=KEY) as server:
        yield server


def post(fake, body, path="/v1/odoo/events", key=KEY, content_type="application/json"):
    headers = {"Content-Type": content_type}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = body if isinstance(body, str | bytes) else requests.models.complexjson.dumps(body)
    return requests.post(fake.url + path, data=data, headers=headers, timeout=5)


def test_seed_example_is_queued_and_tagged(fake):
    response = post(fake, {"batch": [SEED_EVENT]})
    assert response.status_code == 202
    body = response.json()
    assert (
        body["status"] == "queued"
        and body["message"] == "Successfully queued 1 events."
        and body["request_id"]
    )
    assert fake.events[0]["properties"]["source"] == "odoo"
    post(fake, {"batch": [dict(SEED_EVENT, event_id="plain")]}, path="/v1/events")
    assert "source" not in fake.events[1]["properties"]


def test_documented_validation_error(fake):
    bad = copy.deepcopy(SEED_EVENT)
    del bad["properties"]["order_id"]
    del bad["properties"]["financials"]["total_price"]
    response = post(fake, {"batch": [SEED_EVENT, bad]})
    assert response.status_code == 400
    assert response.json() == {
        "error": "Validation Failed",
        "message": "One or more events in the batch are invalid.",
        "details": [
            {
                "index": 1,
                "errors": [
                    "Missing required field: 'order_id'",
                    "financials.total_price: field required",
                ],
            }
        ],
    }
    assert fake.events == [], "a refused batch queues nothing"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda e: e.update(user_id="01234"),
        lambda e: e.update(event_name="order_lost"),
        lambda e: e["properties"].update(channel="store"),
        lambda e: e["properties"]["items"][0].update(quantity="two"),
    ],
)
def test_pydantic_rules(fake, mutate):
    event = copy.deepcopy(SEED_EVENT)
    mutate(event)
    assert post(fake, {"batch": [event]}).status_code == 400


def test_auth_content_type_and_payload(fake):
    assert post(fake, {"batch": [SEED_EVENT]}, key=None).status_code == 401
    assert post(fake, {"batch": [SEED_EVENT]}, key="wrong").json()["error"] == "Unauthorized"
    assert (
        post(fake, {"batch": [SEED_EVENT]}, content_type="text/plain").json()["error"]
        == "Invalid Content-Type"
    )
    assert post(fake, "{broken").json()["error"] == "Invalid Payload"
    assert post(fake, {"batch": []}).json()["error"] == "Invalid Payload"


def test_dedupe_and_faults(fake):
    post(fake, {"batch": [SEED_EVENT, SEED_EVENT]})
    assert len(fake.events) == 1 and fake.duplicates == 1 and fake.received_total == 2
    fake.fail_next(1, 500)
    failed = post(fake, {"batch": [SEED_EVENT]})
    assert failed.status_code == 500 and failed.json()["error"] == "Internal Error"
    assert len(fake.journal) == 2


def test_max_batch():
    with nonito.FakeNonito(api_key=KEY, max_batch=1) as server:
        assert (
            post(server, {"batch": [SEED_EVENT, dict(SEED_EVENT, event_id="2")]}).status_code == 413
        )
