import json
import threading
from datetime import timedelta
from unittest.mock import patch

import psycopg2

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CommerceBridgeCase, customer_event


@tagged("post_install", "-at_install")
class TestOutbox(CommerceBridgeCase):
    def enqueue_events(self, count, start=0, aggregate_key=None):
        return self.Outbox._cb_enqueue(
            [
                {
                    "channel": "nonito.events",
                    "payload": customer_event(index),
                    "company": self.company,
                    "message_id": f"evt-{index}",
                    "aggregate_key": aggregate_key,
                }
                for index in range(start, start + count)
            ]
        )

    def make_due(self, messages):
        messages.write({"next_attempt_at": fields.Datetime.now() - timedelta(seconds=1)})

    def test_rollback_leaves_no_message(self):
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            self.enqueue_events(1)
            1 / 0  # noqa: B018 - the business change fails after the message was written
        self.assertFalse(self.Outbox.search([("message_id", "=", "evt-0")]))

    def count_queries(self, function):
        before = sql_db.sql_counter
        function()
        self.env.flush_all()
        return sql_db.sql_counter - before

    def test_enqueue_is_a_constant_number_of_statements(self):
        few = self.count_queries(lambda: self.enqueue_events(10))
        many = self.count_queries(lambda: self.enqueue_events(1500, start=10))
        # One INSERT per 1,000 rows (and the planner's statistics refreshed after a burst).
        self.assertLessEqual(many, few + 2)
        self.assertEqual(self.Outbox.search_count([("message_id", "=like", "evt-%")]), 1510)
        # A message id queued again is skipped, in the same statement.
        self.assertFalse(self.enqueue_events(5))
        self.assertEqual(self.Outbox.search_count([("message_id", "=like", "evt-%")]), 1510)

    def test_supersede_keys_coalesce_in_one_statement(self):
        def levels(start):
            return [
                {
                    "channel": "medusa.inventory_webhook",
                    "payload": {"sku": f"K{index}", "quantity": start},
                    "company": self.company,
                    "message_id": f"level-{start}-{index}",
                    "supersede_key": f"stock:{index}",
                }
                for index in range(20)
            ]

        first = self.Outbox._cb_enqueue(levels(1))
        queries = self.count_queries(lambda: self.Outbox._cb_enqueue(levels(2)))
        self.assertLessEqual(queries, 2)
        rows = self.Outbox.search([("supersede_key", "=like", "stock:%")])
        self.assertEqual(rows, first)
        self.assertEqual({json.loads(row.payload)["quantity"] for row in rows}, {2})

    def test_rules_run_once_for_a_write_on_many_products(self):
        """A price written on many variants writes each template by itself: the product
        rule runs once, at the end, for all of them."""
        self.company.cb_medusa_product_push_enabled = True
        products = self.env["product.product"].create(
            [{"name": f"L{i}", "default_code": f"LARGE-{i}", "list_price": 1} for i in range(50)]
        )
        self.env.flush_all()
        Medusa = type(self.env["commerce.bridge.peer.medusa"])
        original = Medusa._product_webhooks
        calls = []

        def spy(model, records):
            calls.append(len(records))
            return original(model, records)

        with patch.object(Medusa, "_product_webhooks", spy):
            products.write({"list_price": 2})
            self.env.flush_all()
        self.assertEqual(calls, [50])
        self.assertEqual(
            self.Outbox.search_count(
                [("sku", "=like", "LARGE-%"), ("channel", "=", "medusa.product_webhook")]
            ),
            50,
            "one waiting message per product",
        )

    def due_triggers(self):
        cron = self.env.ref("commerce_bridge.ir_cron_outbox_dispatch")
        return self.env["ir.cron.trigger"].search(
            [("cron_id", "=", cron.id), ("call_at", "<=", fields.Datetime.now())]
        )

    def commit_hooks(self):
        """What the transaction's commit would run before committing (tests never commit)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_the_dispatcher_is_woken_once_while_a_trigger_waits(self):
        cron = self.env.ref("commerce_bridge.ir_cron_outbox_dispatch")
        self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]).unlink()
        self.enqueue_events(1)
        self.commit_hooks()
        self.assertEqual(len(self.due_triggers()), 1)
        # Another transaction, the first trigger not consumed yet: nothing more to write.
        self.enqueue_events(1, start=1)
        self.commit_hooks()
        self.assertEqual(len(self.due_triggers()), 1)
        # The cron ran (it deletes its due triggers): the next message wakes it again.
        self.due_triggers().unlink()
        self.enqueue_events(1, start=2)
        self.commit_hooks()
        self.assertEqual(len(self.due_triggers()), 1)
        # A deactivated dispatcher is not woken (as ir.cron._trigger skips it).
        self.due_triggers().unlink()
        cron.active = False
        self.enqueue_events(1, start=3)
        self.commit_hooks()
        self.assertFalse(self.due_triggers())

    def test_refreshing_a_waiting_message_wakes_nobody(self):
        self.company.cb_medusa_product_push_enabled = True
        product = self.make_product("WAKE-1", price=2.5)
        self.commit_hooks()
        self.due_triggers().unlink()
        product.list_price = 3.5
        self.commit_hooks()
        self.assertFalse(self.due_triggers(), "its creation's trigger already woke the cron")
        self.assertEqual(
            self.Outbox.search_count([("sku", "=", "WAKE-1")]), 1, "the waiting one refreshed"
        )

    def test_the_shipped_rule_actions_run_without_a_server_action_run(self):
        """The addon's rule actions call its hook directly while their code is the shipped
        one; an action an administrator edited runs through ir.actions.server.run again."""
        self.company.cb_medusa_product_push_enabled = True
        product = self.make_product("HOOK-1", price=2.5)
        self.dispatch()
        Action = type(self.env["ir.actions.server"])
        original = Action.run
        runs = []

        def spy(actions):
            runs.append(actions.ids)
            return original(actions)

        action = self.env.ref("commerce_bridge.action_product_changed")
        with patch.object(Action, "run", spy):
            product.list_price = 3.5
            self.env.flush_all()
            self.assertEqual(runs, [])
            self.assertEqual(self.Outbox.search_count([("sku", "=", "HOOK-1")]), 2)
            action.code = "records._cb_on_product_changed()\nrecords.write({'x_brand': 'Edited'})"
            product.list_price = 4.5
            self.env.flush_all()
            self.assertEqual(runs, [action.ids])
            self.assertEqual(product.x_brand, "Edited")
            # The hook has groups now: Odoo's run checks them.
            action.code = "records._cb_on_product_changed()"
            action.groups_id = self.env.ref("base.group_system")
            product.list_price = 5.5
            self.env.flush_all()
            self.assertEqual(runs, [action.ids, action.ids])

    def test_a_change_leaves_exactly_one_message(self):
        self.company.cb_medusa_product_push_enabled = True
        product = self.make_product("ONE-1", price=2.5)
        product.list_price = 3.5
        product.name = "Renamed"
        messages = self.Outbox.search([("aggregate_key", "=", f"sku:{self.company.id}:ONE-1")])
        self.assertEqual(len(messages), 1, "edits before delivery coalesce into the creation")
        self.dispatch()
        (sent,) = [entry["json"] for entry in self.medusa.journal]
        self.assertEqual(sent["event_type"], "product.created")
        self.assertEqual((sent["product"]["name"], sent["product"]["list_price"]), ("Renamed", 3.5))

    def test_batches_up_to_the_limit(self):
        self.company.cb_nonito_batch_size = 3
        messages = self.enqueue_events(7)
        self.dispatch()
        self.assertEqual(set(messages.mapped("state")), {"done"})
        sizes = [len(entry["json"]["batch"]) for entry in self.nonito.journal]
        self.assertEqual(sizes, [3, 3, 1])
        self.assertEqual(len(self.nonito.events), 7)

    def test_a_delivered_batch_is_recorded_in_constant_statements(self):
        """The outcome of a batch: one UPDATE for the messages, one INSERT for the attempts,
        however many messages."""
        self.company.cb_nonito_batch_size = 500
        for size, start in ((5, 0), (300, 100)):
            messages = self.enqueue_events(size, start=start)
            self.dispatch()
            self.assertEqual(set(messages.mapped("state")), {"done"})
            self.assertEqual(set(messages.mapped("attempts")), {1})
            attempts = messages.attempt_ids
            self.assertEqual(len(attempts), size)
            self.assertEqual(set(attempts.mapped("status")), {202})
            self.assertEqual(set(attempts.mapped("batch_size")), {size})
            self.assertEqual(attempts.company_id, self.company)
        self.assertEqual(len(self.nonito.journal), 2, "one request per batch")

    def test_retryable_failure_backs_off(self):
        messages = self.enqueue_events(2)
        self.nonito.fail_next(1, 503)
        self.dispatch()
        self.assertEqual(set(messages.mapped("state")), {"retrying"})
        self.assertEqual(messages.mapped("attempts"), [1, 1])
        self.assertTrue(all(m.next_attempt_at > fields.Datetime.now() for m in messages))
        self.make_due(messages)
        self.dispatch()
        self.assertEqual(set(messages.mapped("state")), {"done"})
        self.assertEqual(len(messages.attempt_ids), 4)

    def test_retry_after_is_honoured(self):
        message = self.enqueue_events(1)
        self.nonito.fail_next(1, 429, retry_after=3600)
        self.dispatch()
        self.assertEqual(message.state, "retrying")
        self.assertGreaterEqual(
            message.next_attempt_at, fields.Datetime.now() + timedelta(minutes=59)
        )

    def test_auth_refusal_pauses_and_alerts(self):
        message = self.enqueue_events(1)
        self.company.cb_nonito_api_key = "revoked"
        self.dispatch()
        self.assertEqual(message.state, "paused")
        self.assertEqual(message.attempts, 0, "a pause spends no attempt")
        self.assertIn("paused", self.company.cb_alert)
        self.company.cb_nonito_api_key = "nonito-test-key"
        message.action_replay()
        self.dispatch()
        self.assertEqual(message.state, "done")

    def test_nonito_refusal_kills_only_the_named_events(self):
        messages = self.enqueue_events(3)
        self.nonito.fail_next(
            1,
            400,
            body={
                "error": "Validation Failed",
                "message": "One or more events in the batch are invalid.",
                "details": [{"index": 1, "errors": ["Missing required field: 'order_id'"]}],
            },
        )
        self.dispatch()
        by_id = {m.message_id: m for m in messages}
        self.assertEqual(by_id["evt-1"].state, "dead")
        self.assertIn("order_id", by_id["evt-1"].last_error)
        self.assertEqual(by_id["evt-0"].state, "done")
        self.assertEqual(by_id["evt-2"].state, "done")
        self.assertEqual(sorted(e["event_id"] for e in self.nonito.events), ["evt-0", "evt-2"])

    def test_exhausted_retries_are_dead_and_replayable(self):
        self.company.cb_max_attempts = 2
        message = self.enqueue_events(1)
        self.nonito.fail_next(2, 500)
        self.dispatch()
        self.make_due(message)
        self.dispatch()
        self.assertEqual(message.state, "dead")
        message.action_replay()
        self.dispatch()
        self.assertEqual(message.state, "done")

    def test_peer_down_then_back_gets_everything_once(self):
        messages = self.enqueue_events(25)
        self.nonito.refuse()
        try:
            self.dispatch()
            self.assertEqual(set(messages.mapped("state")), {"retrying"})
        finally:
            self.nonito.accept()
        self.make_due(messages)
        self.dispatch()
        self.assertEqual(set(messages.mapped("state")), {"done"})
        self.assertEqual(len(self.nonito.events), 25)
        self.assertEqual(self.nonito.duplicates, 0)

    def test_stuck_sending_is_recovered_after_the_lease(self):
        message = self.enqueue_events(1)
        message.write(
            {"state": "sending", "lease_until": fields.Datetime.now() + timedelta(minutes=4)}
        )
        self.dispatch()
        self.assertEqual(message.state, "sending", "a live lease is left alone")
        message.write({"lease_until": fields.Datetime.now() - timedelta(seconds=1)})
        self.dispatch()
        self.assertEqual(message.state, "done")

    def test_one_aggregate_never_overtakes_itself(self):
        messages = self.enqueue_events(3, aggregate_key="order:42")
        self.nonito.fail_next(1, 500)
        self.dispatch()
        first, second, third = messages.sorted("id")
        self.assertEqual(first.state, "retrying")
        self.assertEqual((second.state, third.state), ("pending", "pending"))
        self.make_due(first)
        self.dispatch()
        self.assertEqual(set(messages.mapped("state")), {"done"})
        self.assertEqual([e["event_id"] for e in self.nonito.events], ["evt-0", "evt-1", "evt-2"])

    def test_duplicate_message_id_is_written_once(self):
        self.enqueue_events(1)
        self.enqueue_events(1)
        self.assertEqual(self.Outbox.search_count([("message_id", "=", "evt-0")]), 1)

    def test_housekeeping_deletes_old_delivered_messages(self):
        old, recent, dead = self.enqueue_events(3)
        (old | recent).write({"state": "done"})
        dead.write({"state": "dead"})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE commerce_bridge_outbox SET write_date = write_date - interval '30 days'"
            " WHERE id IN %s",
            [(old.id, dead.id)],
        )
        self.Outbox._cron_housekeeping()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists() and dead.exists(), "dead messages wait for a manager")


@tagged("post_install", "-at_install")
class TestConcurrency(CommerceBridgeCase):
    """Two real database connections, as two Odoo workers or servers would have."""

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(self.env.cr.dbname)

    def _committed(self, sql, params=()):
        with self.db.cursor() as cr:
            cr.execute(sql, params)

    def test_two_dispatchers_never_claim_the_same_message(self):
        ids = []
        with self.db.cursor() as cr:
            for index in range(20):
                cr.execute(
                    """INSERT INTO commerce_bridge_outbox
                       (message_id, channel, peer, path, payload, state, attempts, company_id,
                        next_attempt_at)
                       VALUES (%s, 'nonito.events', 'nonito', '/v1/odoo/events', '{}', 'pending', 0,
                               %s, now() at time zone 'UTC' - interval '1 minute') RETURNING id""",
                    [f"concurrent-{index}", self.company.id],
                )
                ids.append(cr.fetchone()[0])
        cr_a, cr_b = self.db.cursor(), self.db.cursor()
        try:
            outbox_a = api.Environment(cr_a, SUPERUSER_ID, {})["commerce.bridge.outbox"]
            outbox_b = api.Environment(cr_b, SUPERUSER_ID, {})["commerce.bridge.outbox"]
            claimed_a = set(outbox_a._cb_claim_due(12).ids) & set(ids)
            claimed_b = set(outbox_b._cb_claim_due(100).ids) & set(ids)
            self.assertEqual(len(claimed_a), 12)
            self.assertFalse(claimed_a & claimed_b)
            self.assertEqual(claimed_a | claimed_b, set(ids))
        finally:
            cr_a.rollback()
            cr_b.rollback()
            cr_a.close()
            cr_b.close()
            self._committed("DELETE FROM commerce_bridge_outbox WHERE id = ANY(%s)", [ids])

    def test_concurrent_duplicate_inbound_events_make_one_row(self):
        cr_a, cr_b = self.db.cursor(), self.db.cursor()
        results = {}
        try:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            company_a = env_a["res.company"].browse(self.company.id)
            company_b = env_b["res.company"].browse(self.company.id)
            first, created_a = env_a["commerce.bridge.inbound.event"]._cb_log(
                "omnitron", company_a, "order.created", "same-uuid", "{}"
            )

            def second_delivery():
                # Odoo retries a request whose transaction hit a serialization failure, as
                # this one does when the first delivery commits: the retry finds the row.
                for _attempt in range(3):
                    try:
                        event, created = env_b["commerce.bridge.inbound.event"]._cb_log(
                            "omnitron", company_b, "order.created", "same-uuid", "{}"
                        )
                    except psycopg2.errors.SerializationFailure:
                        cr_b.rollback()
                        env_b.invalidate_all()
                        continue
                    results["second"] = (event.id, created)
                    return

            with mute_logger("odoo.sql_db"):
                thread = threading.Thread(target=second_delivery)
                thread.start()
                thread.join(1.0)
                self.assertTrue(thread.is_alive(), "the duplicate waits for the first transaction")
                cr_a.commit()
                thread.join(10)
            self.assertTrue(created_a)
            self.assertEqual(results["second"], (first.id, False))
        finally:
            cr_b.rollback()
            cr_a.close()
            cr_b.close()
            self._committed(
                "DELETE FROM commerce_bridge_inbound_event WHERE external_id = 'same-uuid'"
            )
