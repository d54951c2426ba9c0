"""Volume behaviour: the outbox claim beside many delivered rows, housekeeping in bounded
batches, the sharded webhook rate limit."""

from unittest.mock import patch

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import tagged

from .common import CommerceBridgeCase, customer_event

INSERT = """
INSERT INTO commerce_bridge_outbox
       (message_id, channel, peer, path, payload, aggregate_key, state, attempts, company_id,
        next_attempt_at, lease_until, create_uid, write_uid, create_date, write_date)
SELECT %(prefix)s || n, 'nonito.events', 'nonito', '/v1/odoo/events', '{}',
       %(aggregate)s || n, %(state)s, 0, %(company)s,
       now() at time zone 'UTC' - interval '1 minute', %(lease)s, 1, 1,
       now() at time zone 'UTC' - %(age)s * interval '1 day',
       now() at time zone 'UTC' - %(age)s * interval '1 day'
  FROM generate_series(1, %(count)s) n
RETURNING id
"""


@tagged("post_install", "-at_install")
class TestScale(CommerceBridgeCase):
    def insert(self, count, state, prefix, age=0, aggregate="agg-", lease=None, company=None):
        self.env.flush_all()
        self.env.cr.execute(
            INSERT,
            {
                "prefix": prefix,
                "aggregate": aggregate,
                "state": state,
                "company": (company or self.company).id,
                "age": age,
                "count": count,
                "lease": lease,
            },
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def outbox_ids(self, ids):
        self.env.cr.execute("SELECT id FROM commerce_bridge_outbox WHERE id = ANY(%s)", [ids])
        return {row[0] for row in self.env.cr.fetchall()}

    # --- housekeeping ----------------------------------------------------------------------
    def test_housekeeping_deletes_in_bounded_batches_within_its_budget(self):
        old = self.insert(25, "done", "old-done-", age=30)
        cancelled = self.insert(3, "cancelled", "old-cancelled-", age=30)
        recent = self.insert(4, "done", "recent-", age=1)
        dead = self.insert(2, "dead", "old-dead-", age=30)
        waiting = self.insert(2, "pending", "old-pending-", age=30)
        # No time left after the first batch: one batch of 10, the next run goes on.
        deleted = self.Outbox._cron_housekeeping(batch_size=10, budget_seconds=0)
        self.assertEqual(deleted, 10)
        self.assertEqual(len(self.outbox_ids(old + cancelled)), 18)
        self.assertEqual(self.Outbox._cron_housekeeping(batch_size=10), 18)
        self.assertFalse(self.outbox_ids(old + cancelled))
        self.assertEqual(self.outbox_ids(recent + dead + waiting), set(recent + dead + waiting))
        self.assertEqual(self.Outbox._cron_housekeeping(batch_size=10), 0)

    def test_housekeeping_keeps_each_company_retention(self):
        other = self.env["res.company"].create({"name": "Keeps 60 days"})
        other.cb_done_retention_days = 60
        kept = self.insert(3, "done", "other-", age=30, company=other)
        gone = self.insert(3, "done", "mine-", age=30)
        self.assertEqual(self.Outbox._cron_housekeeping(batch_size=2), 3)
        self.assertEqual(self.outbox_ids(kept + gone), set(kept))

    def test_housekeeping_takes_the_attempts_along(self):
        (message_id,) = self.insert(1, "done", "with-attempt-", age=30)
        attempt = self.env["commerce.bridge.outbox.attempt"].create(
            {"message_id": message_id, "status": 202, "outcome": "success"}
        )
        self.Outbox._cron_housekeeping()
        self.assertFalse(attempt.exists())

    # --- the claim ----------------------------------------------------------------------------
    def empty_outbox(self):
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM commerce_bridge_outbox")

    def test_claim_reads_the_backlog_only_and_keeps_aggregate_order(self):
        self.empty_outbox()
        self.insert(300, "done", "delivered-", age=1, aggregate="same-")
        due = self.insert(5, "pending", "due-", aggregate="due-")
        # A second message of aggregate due-1 waits for the first one.
        (second,) = self.insert(1, "pending", "due-1-second-", aggregate="due-")
        self.env.cr.execute(
            "UPDATE commerce_bridge_outbox SET aggregate_key = 'due-1' WHERE id = %s", [second]
        )
        expired = self.insert(2, "sending", "expired-", aggregate="expired-", lease="2000-01-01")
        leased = self.insert(1, "sending", "leased-", aggregate="leased-", lease="2999-01-01")
        claimed = self.Outbox._cb_claim_due(1000)
        self.assertEqual(claimed.ids, sorted(due + expired))
        self.assertEqual(set(claimed.mapped("state")), {"sending"})
        self.assertNotIn(second, claimed.ids)
        self.assertNotIn(leased[0], claimed.ids)
        self.assertEqual(self.Outbox._cb_claim_due(1000).ids, [], "all leased now")

    def test_claim_respects_its_limit_in_id_order(self):
        self.empty_outbox()
        due = self.insert(12, "pending", "limited-", aggregate="limited-")
        self.assertEqual(self.Outbox._cb_claim_due(5).ids, due[:5])
        self.assertEqual(self.Outbox._cb_claim_due(5).ids, due[5:10])

    def test_a_slow_peer_hands_back_what_the_lease_would_not_cover(self):
        """A claim holds up to 1,000 messages under one lease: when a slow peer leaves too
        little of it for the next request, the rest go back to the queue and are claimed
        again with a new lease, never sent twice."""
        self.empty_outbox()
        self.company.cb_nonito_batch_size = 2
        self.Outbox._cb_enqueue(
            [
                {
                    "channel": "nonito.events",
                    "payload": customer_event(index),
                    "company": self.company,
                    "message_id": f"slow-{index}",
                }
                for index in range(6)
            ]
        )
        claims = []
        original = type(self.Outbox)._cb_claim_due

        def counted(outbox, limit):
            claimed = original(outbox, limit)
            claims.append(len(claimed))
            return claimed

        with (
            patch.object(type(self.Outbox), "_cb_claim_due", counted),
            patch.object(type(self.Outbox), "_cb_longest_request", lambda _self, _c: 10**6),
        ):
            self.dispatch()
        self.assertEqual(claims[:3], [6, 4, 2], "one batch per lease, the rest handed back")
        rows = self.Outbox.search([("message_id", "=like", "slow-%")])
        self.assertEqual(set(rows.mapped("state")), {"done"})
        self.assertEqual(rows.mapped("attempts"), [1] * 6)
        self.assertEqual(len(self.nonito.journal), 3)
        self.assertEqual(len(self.nonito.events), 6)

    def test_the_claim_indexes_exist(self):
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'commerce_bridge_outbox'"
        )
        names = {row[0] for row in self.env.cr.fetchall()}
        self.assertLessEqual(
            {
                "commerce_bridge_outbox_due_at_idx",
                "commerce_bridge_outbox_lease_idx",
                "commerce_bridge_outbox_open_aggregate_idx",
                "commerce_bridge_outbox_waiting_supersede_idx",
                "commerce_bridge_outbox_attention_idx",
                "commerce_bridge_outbox_source_idx",
            },
            names,
        )
        # Each index is written again on every change of state: none on a column of a few
        # values, none twice (message_id has its unique constraint's).
        self.assertFalse(
            names
            & {
                "commerce_bridge_outbox_due_idx",
                "commerce_bridge_outbox__state_index",
                "commerce_bridge_outbox__channel_index",
                "commerce_bridge_outbox__peer_index",
                "commerce_bridge_outbox__company_id_index",
                "commerce_bridge_outbox__message_id_index",
            }
        )

    # --- the rate limit ------------------------------------------------------------------------
    def test_rate_limit_counts_every_shard_of_the_company(self):
        RateLimit = self.env["commerce.bridge.rate.limit"]
        shards = iter([0, 1, 2, 3, 1])
        with patch.object(type(RateLimit), "_cb_shard", lambda _self: next(shards)):
            answers = [RateLimit._cb_hit(self.company, "shopfake", 3) for _ in range(5)]
        self.assertEqual(answers[:3], [0, 0, 0])
        self.assertTrue(1 <= answers[3] <= 60 and 1 <= answers[4] <= 60, answers)
        rows = RateLimit.search([("company_id", "=", self.company.id), ("peer", "=", "shopfake")])
        self.assertEqual(sorted(rows.mapped("hits")), [1, 1, 1, 2])
        other = self.env["res.company"].create({"name": "Own budget"})
        self.assertEqual(RateLimit._cb_hit(other, "shopfake", 3), 0, "budgets are per company")


@tagged("post_install", "-at_install")
class TestScaleDispatchers(CommerceBridgeCase):
    """Two real connections, as two dispatcher processes or servers would have."""

    def test_a_claim_skips_what_another_dispatcher_leased_after_its_snapshot(self):
        db = sql_db.db_connect(self.env.cr.dbname)
        with db.cursor() as cr:
            cr.execute(
                INSERT,
                {
                    "prefix": "two-dispatchers-",
                    "aggregate": "two-dispatchers-",
                    "state": "pending",
                    "company": self.company.id,
                    "age": 0,
                    "count": 10,
                    "lease": None,
                },
            )
            ids = [row[0] for row in cr.fetchall()]
        cr_a, cr_b = db.cursor(), db.cursor()
        try:
            # As _cron_dispatch runs its claim: READ COMMITTED (Odoo's cursors are REPEATABLE
            # READ, under which this claim fails with a serialization error).
            cr_a.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            cr_a.execute("SELECT 1")  # dispatcher A's transaction has begun
            outbox_a = api.Environment(cr_a, SUPERUSER_ID, {})["commerce.bridge.outbox"]
            outbox_b = api.Environment(cr_b, SUPERUSER_ID, {})["commerce.bridge.outbox"]
            claimed_b = set(outbox_b._cb_claim_due(4).ids) & set(ids)
            cr_b.commit()
            claimed_a = set(outbox_a._cb_claim_due(100).ids) & set(ids)
            self.assertEqual(len(claimed_b), 4)
            self.assertEqual(claimed_a, set(ids) - claimed_b)
        finally:
            cr_a.rollback()
            cr_a.close()
            cr_b.close()
            with db.cursor() as cr:
                cr.execute("DELETE FROM commerce_bridge_outbox WHERE id = ANY(%s)", [ids])
