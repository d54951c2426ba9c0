import random
from datetime import datetime, timedelta

import pytest

from lib import channels, delivery, medusa, nonito


def test_backoff_schedule_and_cap():
    policy = delivery.RetryPolicy(jitter=False)
    assert [policy.nominal_delay(n) for n in (1, 2, 3, 4, 5)] == [60, 300, 900, 1800, 3600]
    assert policy.nominal_delay(50) == policy.cap


def test_full_jitter_stays_within_bounds_and_honours_retry_after():
    policy = delivery.RetryPolicy()
    rng = random.Random(7)
    delays = [policy.next_delay(2, rng=rng) for _ in range(200)]
    assert min(delays) >= 150 and max(delays) <= 300
    assert len({round(d) for d in delays}) > 50, "spread, not synchronised"
    assert policy.next_delay(1, rng=rng, retry_after=3600) >= 3600


def test_exhaustion_by_window_or_attempts():
    policy = delivery.RetryPolicy(window=3600)
    start = datetime(2026, 1, 1)
    assert not policy.is_exhausted(start, start + timedelta(minutes=59), attempts=40)
    assert policy.is_exhausted(start, start + timedelta(hours=1), attempts=2)
    assert policy.is_exhausted(start, start, attempts=3, max_attempts=3)


def test_split_by_index():
    resend, dead = delivery.split_batch_outcome_by_index(4, {1: ["bad"], 7: ["out of range"]})
    assert resend == [0, 2, 3]
    assert dead == {1: ["bad"]}


def test_chunk_by_count_and_bytes():
    assert delivery.chunk(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    items = ["a" * 10, "b" * 10, "c" * 500, "d"]
    batches = delivery.chunk(items, 10, max_bytes=100)
    assert batches == [["a" * 10, "b" * 10], ["c" * 500], ["d"]]


def test_channels_wrap_batches():
    body = medusa.INVENTORY_WEBHOOK.body([{"sku": "A", "quantity": 1}])
    assert body == {"event_type": "inventory.updated", "items": [{"sku": "A", "quantity": 1}]}
    assert nonito.EVENTS.body([{"event_id": "1"}]) == {"batch": [{"event_id": "1"}]}
    assert medusa.ORDER_STATUS.body([{"x": 1}]) == {"x": 1}
    assert channels.get("medusa.products_bulk").batch_key == "products"
    assert channels.label("medusa.inventory_webhook") == "Stock levels to Medusa"
    with pytest.raises(ValueError):
        channels.get("nobody.nothing")


@pytest.mark.parametrize(
    "states, expected",
    [
        ((), None),
        (("done", "cancelled"), "synced"),
        (("done", "retrying"), "waiting"),
        (("pending", "dead"), "failed"),
        (("paused",), "failed"),
    ],
)
def test_sync_state_at_a_glance(states, expected):
    assert channels.sync_state(states) == expected
