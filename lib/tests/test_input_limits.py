"""Pure tests of the input bounds: never a 500, never an amplifier."""

import json
import time

import pytest

from lib import medusa, omnitron, signatures, validation

SECRET = "whsec_c2VjcmV0LWZvci10ZXN0cy0wMTIzNDU2Nzg5"


def _headers(timestamp, msg_id="msg_1", body=b"{}"):
    stamp = int(time.time())
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": signatures.sign(SECRET, msg_id, stamp, body),
    }


@pytest.mark.parametrize("stamp", ["9" * 400, "-" + "9" * 400, "¹²³", "1e10", "", "0x10", "1.5"])
def test_absurd_timestamps_are_signature_errors(stamp):
    with pytest.raises(signatures.SignatureError):
        signatures.verify(SECRET, _headers(stamp), b"{}")


def test_valid_signature_still_verifies():
    stamp = str(int(time.time()))
    assert signatures.verify(SECRET, _headers(stamp), b"{}") == "msg_1"


@pytest.mark.parametrize("presented", ["é" * 32, "\ud800", "🚀", b"\xff"])
def test_constant_time_equals_takes_any_text(presented):
    assert signatures.constant_time_equals(presented, "abc") is False
    assert signatures.constant_time_equals("é", "é") is True


def test_deep_nesting_is_a_body_error_not_a_recursion_error():
    with pytest.raises(validation.BodyError):
        validation.parse_json("[" * 100_000 + "]" * 100_000)
    data = validation.parse_json("[" * 40 + "]" * 40)
    assert "nested deeper than 32" in validation.bounds_errors(data)[0]


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}'])
def test_non_finite_numbers_are_refused(text):
    with pytest.raises(validation.BodyError):
        validation.parse_json(text)


@pytest.mark.parametrize(
    "text", ['{"a": "\\ud800"}', '{"a": ["x", "\\uDFFF"]}', '{"\\udc00": 1}', '"\\ud83d"']
)
def test_unpaired_surrogates_are_refused(text):
    """Valid JSON syntax, but no text PostgreSQL (or UTF-8) can hold: a fuzzed Omnitron
    body reached the database with one and made a 500."""
    with pytest.raises(validation.BodyError, match="surrogate"):
        validation.parse_json(text)


def test_escaped_surrogate_pairs_are_text():
    assert validation.parse_json('{"a": "\\ud83d\\ude80 \\\\ud800"}') == {"a": "🚀 \\ud800"}


def test_100000_empty_items_are_refused_fast_with_one_short_message():
    body = {"event": "order.created", "data": {"order": {"items": [{}] * 100_000}}}
    started = time.monotonic()
    errors = medusa.validate_webhook(body)
    assert time.monotonic() - started < 0.5
    assert errors == ["data.order.items: more than 500 items"]
    event = {"event": {"type": "x", "uuid": "y"}, "payload": {"orderitem_set": [{}] * 100_000}}
    assert omnitron.validate_event(event) == ["payload.orderitem_set: more than 500 items"]


def test_error_lists_are_capped_and_counted():
    listed, total = validation.cap_errors([f"e{i} " + "x" * 1000 for i in range(300)])
    assert len(listed) == validation.MAX_ERRORS and total == 300
    assert all(len(message) <= validation.MAX_MESSAGE for message in listed)


def _order(**changes):
    with open("sandbox/fixtures/medusa_order_created.json", encoding="utf-8") as handle:
        body = json.load(handle)
    body["data"]["order"].update(changes)
    return body


def test_ids_are_bounded():
    assert medusa.validate_webhook(_order()) == []
    assert medusa.validate_webhook(_order(id="o" * 256)) == [
        "data.order.id: longer than 255 characters"
    ]
    customer = dict(_order()["data"]["order"]["customer"], id="c" * 10_000)
    assert "customer.id: longer than 255" in medusa.validate_webhook(_order(customer=customer))[0]
    customer = dict(customer, id="cus_1", first_name="🚀" * 129)
    assert "first_name: longer than 128" in medusa.validate_webhook(_order(customer=customer))[0]
    assert medusa.delivery_id_error("m" * 256)
    assert medusa.delivery_id_error("m" * 255) is None


def test_medusa_dates_and_currency():
    assert medusa.validate_webhook(_order(created_at="2026-13-45")) == [
        "data.order.created_at: not a date"
    ]
    assert (
        "out of range" in medusa.validate_webhook(_order(created_at="9999-12-31T23:59:59-12:00"))[0]
    )
    assert medusa.order_currency(_order(currency_code="xyz")) == "XYZ"


def test_omnitron_bounds():
    with open("sandbox/fixtures/omnitron_order_31999.json", encoding="utf-8") as handle:
        event = json.load(handle)
    assert omnitron.validate_event(event) == []
    event["payload"]["pk"] = 2**31
    assert "payload.pk: must be between" in omnitron.validate_event(event)[0]
    event["payload"]["pk"] = 1
    event["event"]["type"] = "t" * 10_000
    assert "event.type: longer than 255" in omnitron.validate_event(event)[0]
    event["event"]["type"] = "order.created"
    event["payload"]["amount"] = "9" * 30
    assert omnitron.validate_event(event) == [
        "payload.amount: must be smaller than 1000000000000 in magnitude"
    ]
    event["payload"]["amount"] = 1e308
    assert omnitron.validate_event(event)
    event["payload"]["amount"] = "10.5"
    event["payload"]["date_placed"] = "garbage"  # lenient: flagged on the order, not refused
    assert omnitron.validate_event(event) == []
    event["payload"]["date_placed"] = "9999-12-31T23:59:59-12:00"
    assert "date_placed: date out of range" in omnitron.validate_event(event)[0]
    assert omnitron.order_currency(event) == "TRY"


def test_redact_masks_secrets_and_keeps_an_untouched_body_as_it_is():
    from lib import redact

    clean = {"order": {"items": [{"sku": "A"}]}, "token_count": None}
    assert redact.redact(clean) is clean
    secret = {"channel": {"conf": {"appSecret": "s3cr3t", "name": "web"}}, "items": [1]}
    masked = redact.redact(secret)
    assert masked["channel"]["conf"] == {"appSecret": "***", "name": "web"}
    assert secret["channel"]["conf"]["appSecret"] == "s3cr3t", "the input is not changed"
