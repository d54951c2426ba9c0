"""Outbox delivery policy, pure: backoff with jitter, retry windows, batch splitting."""

import json
import random
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class RetryPolicy:
    """1 min, 5 min, 15 min, then doubling up to a cap, within a window of days.

    Full jitter: each wait is drawn between half and all of its nominal value, so that
    messages that failed together do not come back together; never below Retry-After.
    """

    schedule: tuple = (60, 300, 900)
    factor: float = 2.0
    cap: float = 6 * 3600
    window: float = 3 * 24 * 3600
    jitter: bool = True

    def nominal_delay(self, attempt):
        attempt = max(1, int(attempt))
        if attempt <= len(self.schedule):
            return float(self.schedule[attempt - 1])
        grown = self.schedule[-1] * self.factor ** (attempt - len(self.schedule))
        return float(min(self.cap, grown))

    def next_delay(self, attempt, rng=None, retry_after=None):
        nominal = self.nominal_delay(attempt)
        delay = (rng or random).uniform(nominal / 2, nominal) if self.jitter else nominal
        if retry_after:
            delay = max(delay, float(retry_after))
        return delay

    def is_exhausted(self, first_attempt_at, now, attempts, max_attempts=None):
        if max_attempts and attempts >= max_attempts:
            return True
        return now - first_attempt_at >= timedelta(seconds=self.window)


def split_batch_outcome_by_index(n_items, index_errors):
    """(indices to resend, {index: errors} dead) for a batch refused for some of its items.
    A refusal that names no valid index kills nothing: everything is resent once."""
    dead = {index: errors for index, errors in index_errors.items() if 0 <= index < n_items}
    resend = [index for index in range(n_items) if index not in dead]
    return resend, dead


def chunk(items, max_items, max_bytes=None, size_of=None):
    """Batches of at most max_items and (when given) max_bytes; an item larger than
    max_bytes travels alone."""
    size_of = size_of or (lambda item: len(json.dumps(item, ensure_ascii=False).encode()))
    batches, current, current_bytes = [], [], 0
    for item in items:
        size = size_of(item) if max_bytes else 0
        full = len(current) >= max_items or (
            max_bytes and current and current_bytes + size > max_bytes
        )
        if full:
            batches.append(current)
            current, current_bytes = [], 0
        current.append(item)
        current_bytes += size
    if current:
        batches.append(current)
    return batches
