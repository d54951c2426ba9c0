import json
import logging
import os
import queue
import random
import threading
import time
from collections import defaultdict
from datetime import timedelta

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, fields, models, sql_db
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.base.models.ir_cron import ODOO_NOTIFY_FUNCTION

from ..lib import channels, delivery, http_client

_logger = logging.getLogger(__name__)

# States in which a message still has to reach its peer: they keep later messages of the
# same aggregate waiting, so that one order's or one SKU's messages never overtake each other.
OPEN_STATES = ("pending", "retrying", "sending", "paused")
DUE_STATES = ("pending", "retrying")
LEASE = timedelta(minutes=5)
CLAIM_LIMIT = 1000
# Rows per INSERT when queueing (a 10,000-event backlog is 10 statements).
ENQUEUE_CHUNK = 1000
DISPATCH_BUDGET_SECONDS = 50
# Housekeeping deletes this many rows per statement (each its own transaction), for at most
# this long per run (under Odoo's default 120 s real-time limit of a cron job): a backlog of
# millions is worked off over a few runs without long locks.
HOUSEKEEPING_BATCH = 10000
HOUSEKEEPING_BUDGET_SECONDS = 60


_notifier = {"pid": None, "queue": None}
_notifier_lock = threading.Lock()


def _wake_cron_threads(dbname):
    """ir.cron._notifydb, off the user's time: the cron threads LISTEN on the 'postgres'
    database, and Odoo's pool never keeps a connection to it (2 ms to open one). One thread
    per process sends the notifications, started on first use (a prefork worker inherits
    no thread from its parent). Best effort, as in Odoo: a cron thread that misses one finds
    the trigger at its next poll (within a minute)."""
    with _notifier_lock:
        if _notifier["pid"] != os.getpid():
            _notifier.update(pid=os.getpid(), queue=queue.SimpleQueue())
            threading.Thread(
                target=_notify_forever,
                args=(_notifier["queue"],),
                name="commerce_bridge.wake_cron",
                daemon=True,
            ).start()
        _notifier["queue"].put(dbname)


def _notify_forever(pending):
    while True:
        dbname = pending.get()
        try:
            with sql_db.db_connect("postgres").cursor() as cr:
                cr.execute(
                    SQL(
                        "SELECT %s('cron_trigger', %s)",
                        SQL.identifier(ODOO_NOTIFY_FUNCTION),
                        dbname,
                    )
                )
        except Exception:  # noqa: BLE001 - a wake-up must never fail anything
            _logger.warning("Could not wake the cron threads of %s", dbname, exc_info=True)


class CommerceBridgeOutbox(models.Model):
    """One outbound message, written in the transaction of the change that causes it."""

    _name = "commerce.bridge.outbox"
    _inherit = "commerce.bridge.record.link"
    _description = "Commerce Bridge outbound message"
    _order = "id desc"
    _rec_name = "message_id"

    # Indexes: every index is written again each time a message changes state (claimed,
    # delivered), so only what a query needs is indexed, and mostly only where it is open
    # (``init``). A low-cardinality column (channel, peer, state, company) is never worth
    # one on its own; message_id has its unique constraint's.
    message_id = fields.Char(required=True, readonly=True, copy=False)
    channel = fields.Char(required=True, readonly=True)
    channel_label = fields.Char("Channel name", compute="_compute_channel_label")
    # Each peer adds itself with selection_add (as payment providers add their code).
    peer = fields.Selection([("none", "No peer")], required=True, readonly=True)
    event_type = fields.Char(readonly=True)
    sku = fields.Char("SKU", readonly=True, index="btree_not_null")
    path = fields.Char(required=True, readonly=True)
    payload = fields.Text(required=True, readonly=True, help="JSON payload (one item of a batch)")
    aggregate_key = fields.Char(readonly=True, help="Order, SKU or contact")
    supersede_key = fields.Char(readonly=True)
    send_alone = fields.Boolean(
        readonly=True, help="The peer refused a batch holding it as too large (HTTP 413)."
    )
    refresh_on_send = fields.Boolean(
        readonly=True, help="The payload is recomputed from the source record right before sending."
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("sending", "Sending"),
            ("retrying", "Retrying"),
            ("paused", "Paused"),
            ("done", "Delivered"),
            ("dead", "Dead"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        readonly=True,
    )
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(default=fields.Datetime.now, readonly=True)
    first_attempt_at = fields.Datetime(readonly=True)
    lease_until = fields.Datetime(readonly=True)
    sent_at = fields.Datetime("Delivered at", readonly=True)
    last_status = fields.Integer("Last HTTP status", readonly=True)
    last_error = fields.Text(readonly=True)
    response = fields.Text("Peer response", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    res_model = fields.Char("Source model", readonly=True)
    res_id = fields.Integer("Source record id", readonly=True)
    attempt_ids = fields.One2many("commerce.bridge.outbox.attempt", "message_id", readonly=True)

    _sql_constraints = [
        ("message_id_uniq", "unique(message_id)", "An outbound message id must be unique."),
    ]

    @api.depends("channel")
    def _compute_channel_label(self):
        for message in self:
            message.channel_label = channels.label(message.channel)

    def init(self):
        # The claim and the dispatcher read only waiting messages: partial indexes keep what
        # they read as small as the backlog, however many delivered messages the table holds.
        # A save's refresh finds its waiting message by supersede key; "Needs attention" lists
        # dead and paused ones; an order or a product page finds its own by source record.
        # (The first versions indexed 'sending' together with the due states.)
        self.env.cr.execute(
            """
            DROP INDEX IF EXISTS commerce_bridge_outbox_due_idx;
            CREATE INDEX IF NOT EXISTS commerce_bridge_outbox_due_at_idx
                ON commerce_bridge_outbox (next_attempt_at, id)
             WHERE state IN ('pending', 'retrying');
            CREATE INDEX IF NOT EXISTS commerce_bridge_outbox_waiting_id_idx
                ON commerce_bridge_outbox (id)
             WHERE state IN ('pending', 'retrying', 'sending');
            CREATE INDEX IF NOT EXISTS commerce_bridge_outbox_lease_idx
                ON commerce_bridge_outbox (lease_until)
             WHERE state = 'sending';
            CREATE INDEX IF NOT EXISTS commerce_bridge_outbox_open_aggregate_idx
                ON commerce_bridge_outbox (aggregate_key, id)
             WHERE state IN ('pending', 'retrying', 'sending', 'paused');
            CREATE INDEX IF NOT EXISTS commerce_bridge_outbox_waiting_supersede_idx
                ON commerce_bridge_outbox (supersede_key)
             WHERE state IN ('pending', 'retrying');
            CREATE INDEX IF NOT EXISTS commerce_bridge_outbox_attention_idx
                ON commerce_bridge_outbox (company_id, id)
             WHERE state IN ('dead', 'paused');
            CREATE INDEX IF NOT EXISTS commerce_bridge_outbox_source_idx
                ON commerce_bridge_outbox (res_id, res_model)
             WHERE res_id IS NOT NULL;
            """
        )

    # ------------------------------------------------------------------------------------
    # Enqueue (inside the business transaction)
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_enqueue(self, messages, coalesce=True):
        """Write outbound messages; returns the rows written or coalesced.

        ``messages``: lib.channels.Message objects (or dicts of their fields). A message
        whose id exists already is skipped; one whose supersede key has a waiting message
        replaces that message's payload instead of adding a row (and of several messages
        with one supersede key in the same call, the last wins). However many messages:
        one UPDATE for all the supersede keys, one INSERT per ``ENQUEUE_CHUNK`` rows, no
        search. ``coalesce=False``: the caller has just tried (``_cb_coalesce``) and found
        nothing waiting.
        """
        if not messages:
            return self.browse()
        unique = {}
        for item in messages:
            message = item if isinstance(item, channels.Message) else channels.Message(**item)
            unique.setdefault(message.message_id, message)
        superseding = {}
        rows = []
        for index, message in enumerate(unique.values()):
            payload = self._cb_payload_text(message)
            if coalesce and message.supersede_key and not message.dead_reason:
                # The newest message of a supersede key replaces an earlier one of this call.
                superseding[(message.supersede_key, message.company.id)] = (index, message, payload)
            else:
                rows.append((index, message, payload))
        coalesced, coalesced_keys = self._cb_coalesce(
            [(message, payload) for _index, message, payload in superseding.values()]
        )
        rows += [row for key, row in superseding.items() if key not in coalesced_keys]
        # Written in the order given: ids order the messages of one aggregate.
        rows = [(message, payload) for _index, message, payload in sorted(rows, key=lambda r: r[0])]
        # A coalesced message was waiting already: the dispatcher was woken when it was queued.
        wake = any(not message.dead_reason for message, _payload in rows)
        created = self.browse(
            self._cb_insert([self._cb_prepare_vals(*row) for row in rows], wake=wake)
        )
        return created | coalesced

    @api.model
    def _cb_payload_text(self, message):
        return json.dumps(message.payload, ensure_ascii=False, sort_keys=True)

    def _cb_prepare_vals(self, message, payload):
        channel = channels.get(message.channel)
        source = message.source
        vals = {
            "message_id": message.message_id,
            "channel": channel.key,
            "peer": channel.peer,
            "path": message.path or channel.path,
            "payload": payload,
            "aggregate_key": message.aggregate_key or None,
            "supersede_key": message.supersede_key or None,
            "refresh_on_send": bool(message.refresh_on_send),
            "event_type": message.event_type or None,
            "sku": message.sku or None,
            "company_id": message.company.id,
            "res_model": source._name if source else None,
            "res_id": source.id if source else None,
            "state": "pending",
            "last_error": None,
        }
        if message.dead_reason:
            vals.update(state="dead", last_error=message.dead_reason)
        return vals

    def _cb_insert(self, vals_list, wake=False):
        """INSERT the rows (``_cb_prepare_vals``) in chunks, skipping a message id that
        exists already (ON CONFLICT: also against a concurrent transaction); returns the ids
        written. Plain SQL, because the ORM writes 100 rows per INSERT after a search for the
        ids: every stored column of the outbox not named here must have a database default
        or be NULL for a new message. ``wake``: the first INSERT also wakes the dispatcher
        (``_cb_wake_statement``), one round trip less for a product's save."""
        if not vals_list:
            return []
        columns = list(vals_list[0])
        now = fields.Datetime.now()
        ids = []
        wake_statement = self._cb_wake_statement() if wake else None
        for start in range(0, len(vals_list), ENQUEUE_CHUNK):
            chunk = vals_list[start : start + ENQUEUE_CHUNK]
            self.env.cr.execute(
                SQL(
                    """
                    WITH woken AS (%s)
                    INSERT INTO commerce_bridge_outbox (%s, attempts, send_alone,
                           next_attempt_at, create_uid, write_uid, create_date, write_date)
                    VALUES %s
                    ON CONFLICT (message_id) DO NOTHING
                    RETURNING id, (SELECT count(*) FROM woken)
                    """,
                    wake_statement or SQL("SELECT 1 WHERE FALSE"),
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    SQL(", ").join(
                        SQL(
                            "(%s, 0, FALSE, %s, %s, %s, %s, %s)",
                            SQL(", ").join(vals[column] for column in columns),
                            now,
                            self.env.uid,
                            self.env.uid,
                            now,
                            now,
                        )
                        for vals in chunk
                    ),
                )
            )
            rows = self.env.cr.fetchall()
            ids += [row[0] for row in rows]
            if wake_statement and rows and rows[0][1]:
                self._cb_notify_after_commit()
            wake_statement = None
        if len(ids) >= ENQUEUE_CHUNK:
            # The planner's statistics still describe the table before the burst: the next
            # claim, planned for an empty backlog, read it once per candidate (9 s instead of
            # 0.1 s for 1,000 of 5,000 new rows). Autovacuum would catch up within a minute.
            self.env.cr.execute("ANALYZE commerce_bridge_outbox")
        return sorted(ids)

    def _cb_coalesce(self, superseding):
        """Replace the payload of not-yet-claimed messages that have the supersede key of a
        new one, in one UPDATE for all the keys. ``superseding``: [(Message, payload)].
        Returns (rows updated, {(supersede key, company id)} that found one). A new message
        whose id exists already changes nothing."""
        if not superseding:
            return self.browse(), set()
        self.flush_model(["payload", "state", "supersede_key", "company_id", "message_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE commerce_bridge_outbox o
                   SET payload = v.payload, write_date = (now() at time zone 'UTC'),
                       write_uid = %s
                  FROM (VALUES %s) AS v (supersede_key, company_id, payload, message_id)
                 WHERE o.supersede_key = v.supersede_key AND o.company_id = v.company_id
                   AND o.state IN %s
                   AND NOT EXISTS (SELECT 1 FROM commerce_bridge_outbox known
                                    WHERE known.message_id = v.message_id)
             RETURNING o.id, o.supersede_key, o.company_id
                """,
                self.env.uid,
                SQL(", ").join(
                    SQL(
                        "(%s, %s::int4, %s, %s)",
                        message.supersede_key,
                        message.company.id,
                        payload,
                        message.message_id,
                    )
                    for message, payload in superseding
                ),
                DUE_STATES,
            )
        )
        fetched = self.env.cr.fetchall()
        records = self.browse(sorted(row[0] for row in fetched))
        records.invalidate_recordset(["payload", "write_date", "write_uid"])
        return records, {(row[1], row[2]) for row in fetched}

    def _cb_wake_statement(self):
        """The INSERT of a cron trigger that wakes the dispatcher, once per transaction
        (None after the first, or without the cron): what ir.cron._trigger() does, in one
        statement, and nothing while a trigger that is already due waits (the cron runs for
        every due trigger and deletes them all when it is done). Odoo's _trigger read the
        cron twice and inserted a row on every product save. In this transaction: a
        rollback drops the trigger with the messages."""
        data = self.env.cr.precommit.data
        if data.get("commerce_bridge_trigger"):
            return None
        data["commerce_bridge_trigger"] = True
        _model, cron_id = self.env["ir.model.data"]._xmlid_to_res_model_res_id(
            "commerce_bridge.ir_cron_outbox_dispatch", raise_if_not_found=False
        )
        if not cron_id:
            return None
        # Read in SQL: what the ORM still holds for these tables goes first (nothing usually).
        self.env["ir.cron"].flush_model(["active"])
        self.env["ir.cron.trigger"].flush_model()
        return SQL(
            """
            INSERT INTO ir_cron_trigger (cron_id, call_at, create_uid, write_uid,
                                         create_date, write_date)
            SELECT cron.id, %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM ir_cron cron
             WHERE cron.id = %(cron)s AND cron.active
               AND NOT EXISTS (SELECT 1 FROM ir_cron_trigger due
                                WHERE due.cron_id = cron.id AND due.call_at <= %(now)s)
            RETURNING id
            """,
            now=fields.Datetime.now(),
            uid=self.env.uid,
            cron=cron_id,
        )

    def _cb_notify_after_commit(self):
        # The cron threads hear of the new trigger once it is committed, from a thread.
        dbname = self.env.cr.dbname
        self.env.cr.postcommit.add(lambda: _wake_cron_threads(dbname))

    def _cb_trigger_after_commit(self):
        """Wake the dispatcher (``_cb_wake_statement``) for messages made due without a new
        row: Retry now, Replay."""
        statement = self._cb_wake_statement()
        if statement:
            self.env.cr.execute(statement)
            if self.env.cr.fetchone():
                self._cb_notify_after_commit()

    # ------------------------------------------------------------------------------------
    # Dispatch (cron; each step in its own short transaction, HTTP outside any transaction)
    # ------------------------------------------------------------------------------------
    @api.model
    def _cron_dispatch(self, budget_seconds=DISPATCH_BUDGET_SECONDS):
        deadline = time.monotonic() + budget_seconds
        sent = 0
        while time.monotonic() < deadline:
            # Counted from before the claim: the lease written ends a little later.
            lease_end = time.monotonic() + LEASE.total_seconds()
            with self.env.registry.cursor() as cr:
                if not self.pool.in_test_mode():
                    # READ COMMITTED: a message another dispatcher (process or server) leased
                    # and committed since this claim's snapshot is checked again and skipped;
                    # under Odoo's REPEATABLE READ the claim would fail with a serialization
                    # error. A fresh cursor: no statement ran yet in its transaction.
                    cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
                claimed = self.with_env(self.env(cr=cr))._cb_claim_due(CLAIM_LIMIT)
                work = claimed._cb_prepare_batches()
            if not work:
                break
            for index, (company_id, channel, path, rows) in enumerate(work):
                if index and time.monotonic() + self._cb_longest_request(company_id) > lease_end:
                    # A slow peer used up the lease: past its end another dispatcher may
                    # claim these messages and send them a second time. They go back to the
                    # queue and are claimed again, with a fresh lease.
                    with self.env.registry.cursor() as cr:
                        self.with_env(self.env(cr=cr))._cb_release(
                            [row_id for *_group, rest in work[index:] for row_id, _p in rest]
                        )
                    break
                outcome = self._cb_send(company_id, channel, path, rows)
                with self.env.registry.cursor() as cr:
                    self.with_env(self.env(cr=cr))._cb_record_outcome(channel, rows, outcome)
                sent += len(rows)
        return sent

    @api.model
    def _cb_longest_request(self, company_id):
        """Seconds one request to a peer of this company may take: connection and answer
        timeouts, and a margin for writing its outcome."""
        return 5 + (self.env["res.company"].browse(company_id).sudo().cb_http_timeout or 30) + 10

    @api.model
    def _cb_release(self, ids):
        """Claimed messages not sent, back to the queue as they were (their lease cleared)."""
        self.env.cr.execute(
            """
            UPDATE commerce_bridge_outbox
               SET state = CASE WHEN attempts > 0 THEN 'retrying' ELSE 'pending' END,
                   first_attempt_at = CASE WHEN attempts > 0 THEN first_attempt_at END,
                   lease_until = NULL
             WHERE id IN %s AND state = 'sending'
            """,
            [tuple(ids)],
        )

    def _cb_claim_due(self, limit):
        """Lock and lease due messages; SKIP LOCKED keeps concurrent dispatchers apart."""
        self.env.flush_all()
        self.env.cr.execute(*self._cb_claim_query(limit))
        ids = sorted(row[0] for row in self.env.cr.fetchall())
        claimed = self.browse(ids)
        claimed.invalidate_recordset(["state", "lease_until", "first_attempt_at"])
        return claimed

    @api.model
    def _cb_claim_query(self, limit, now=None):
        """(SQL, params) of the claim (bench/scale.py prints its plan): the oldest ``limit``
        due messages (or expired leases) whose aggregate has no older open message, locked
        (SKIP LOCKED: rows another dispatcher holds are left to it) and leased. The partial
        indexes of ``init`` make it read the backlog only. ``ORDER BY o.id + 0``: never the
        primary key in order, which PostgreSQL picks believing due rows spread evenly over the
        ids, while they are the newest: it then walks every delivered row first (0.7 s beside a
        million delivered rows, 0.16 s beside 200,000; this way as long as with none)."""
        now = now or fields.Datetime.now()
        query = """
            WITH due AS (
                SELECT o.id
                  FROM commerce_bridge_outbox o
                 WHERE ((o.state IN ('pending', 'retrying') AND o.next_attempt_at <= %(now)s)
                        OR (o.state = 'sending' AND o.lease_until < %(now)s))
                   AND NOT EXISTS (
                        SELECT 1 FROM commerce_bridge_outbox older
                         WHERE older.aggregate_key = o.aggregate_key
                           AND older.id < o.id
                           AND older.state IN ('pending', 'retrying', 'sending', 'paused'))
              ORDER BY o.id + 0
                 LIMIT %(limit)s
                   FOR UPDATE SKIP LOCKED
            )
            UPDATE commerce_bridge_outbox o
               SET state = 'sending', lease_until = %(lease)s,
                   first_attempt_at = COALESCE(o.first_attempt_at, %(now)s)
              FROM due WHERE o.id = due.id
         RETURNING o.id
            """
        return query, {"now": now, "limit": limit, "lease": now + LEASE}

    def _cb_prepare_batches(self):
        """[(company_id, channel, path, [(id, payload dict)])] in id order, in batches."""
        payloads = self._cb_payloads_for_sending()
        groups = defaultdict(list)
        for row in self:
            # A message that made a batch too large travels alone (its own group).
            alone = row.id if row.send_alone else 0
            groups[(row.company_id.id, row.channel, row.path, alone)].append(
                (row.id, payloads[row.id])
            )
        work = []
        for (company_id, channel_key, path, _alone), rows in groups.items():
            channel = channels.get(channel_key)
            company = self.env["res.company"].browse(company_id)
            size = max(1, self._cb_peer(channel)._cb_batch_size(channel, company) or 1)
            size = size if channel.batchable else 1
            work.extend(
                (company_id, channel, path, rows[start : start + size])
                for start in range(0, len(rows), size)
            )
        return work

    def _cb_payloads_for_sending(self):
        payloads = {row.id: json.loads(row.payload) for row in self}
        to_refresh = defaultdict(self.browse)
        for row in self.filtered("refresh_on_send"):
            to_refresh[row.peer] |= row
        for peer, rows in to_refresh.items():
            fresh = self.env["commerce.bridge.peer"]._cb_peer(peer)._cb_refresh_payloads(rows)
            for row in rows:
                if row.id in fresh:
                    payloads[row.id] = fresh[row.id]
                    row.payload = json.dumps(fresh[row.id], ensure_ascii=False, sort_keys=True)
        return payloads

    @api.model
    def _cb_peer(self, channel):
        return self.env["commerce.bridge.peer"]._cb_peer(channel.peer)

    def _cb_send(self, company_id, channel, path, rows):
        company = self.env["res.company"].browse(company_id)
        client = self._cb_peer(channel)._cb_client(company)
        body = channel.body([payload for _row_id, payload in rows])
        return client.request(channel.method, path, json_body=body)

    # ------------------------------------------------------------------------------------
    # Outcomes
    # ------------------------------------------------------------------------------------
    def _cb_record_outcome(self, channel, rows, outcome):
        """The peer applies its contract's own rules first; then the generic ones."""
        messages = self.browse([row_id for row_id, _payload in rows]).exists().sorted("id")
        messages._cb_log_attempts(outcome, batch_size=len(rows))
        peer = self._cb_peer(channel)
        if outcome.kind != http_client.SUCCESS and peer._cb_handle_outcome(
            channel, messages, outcome
        ):
            return
        if outcome.kind == http_client.SUCCESS:
            messages._cb_mark_done(outcome)
            peer._cb_after_delivery(channel, messages, outcome)
        elif outcome.kind == http_client.UNAUTHORIZED:
            messages._cb_pause(outcome)
        elif outcome.kind == http_client.TOO_LARGE and len(rows) > 1:
            # 413 splits the batch: the next claim sends the messages one by one.
            messages._cb_retry_unsplit(outcome)
        elif outcome.kind == http_client.RETRYABLE:
            messages._cb_retry_later(outcome)
        else:
            messages._cb_mark_dead(outcome.error or self.env._("Refused by the peer"), outcome)

    def _cb_log_attempts(self, outcome, batch_size):
        """One attempt row per message, in one INSERT for the whole batch.

        Every row of a batch shares the outcome: its stored computed fields are computed
        once (on a new record), the fields related to the message are copied from the
        message's row by the INSERT itself."""
        if not self:
            return
        Attempt = self.env["commerce.bridge.outbox.attempt"].sudo()
        values = {
            "status": outcome.status or 0,
            "outcome": outcome.kind,
            "error": outcome.error or False,
            "response": _response_text(outcome),
            "duration_ms": int((outcome.elapsed or 0) * 1000),
            "batch_size": batch_size,
        }
        shared = Attempt.new({**Attempt.default_get(list(Attempt._fields)), **values})
        columns, terms = [], []
        for name, field in Attempt._fields.items():
            if (
                not field.store
                or not field.column_type
                or name in ("id", "message_id", *models.LOG_ACCESS_COLUMNS)
            ):
                continue
            related = (field.related or "").split(".")
            if len(related) == 2 and related[0] == "message_id":
                term = SQL.identifier("o", related[1])
            elif field.compute or name in values or field.default:
                term = SQL("%s", field.convert_to_column_insert(shared[name], shared))
            else:
                continue
            columns.append(SQL.identifier(name))
            terms.append(term)
        now = fields.Datetime.now()
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO commerce_bridge_outbox_attempt
                       (message_id, %s, create_uid, create_date, write_uid, write_date)
                SELECT o.id, %s, %s, %s, %s, %s
                  FROM commerce_bridge_outbox o
                 WHERE o.id IN %s
              ORDER BY o.id
                """,
                SQL(", ").join(columns),
                SQL(", ").join(terms),
                self.env.uid,
                now,
                self.env.uid,
                now,
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["attempt_ids"])

    def _cb_outcome_vals(self, outcome):
        return {
            "last_status": outcome.status or 0,
            "response": _response_text(outcome),
            "lease_until": False,
        }

    def _cb_mark_done(self, outcome):
        """Delivered: state, outcome and one more attempt, in one UPDATE for the batch."""
        if not self:
            return
        vals = {
            **self._cb_outcome_vals(outcome),
            "state": "done",
            "last_error": False,
            "sent_at": fields.Datetime.now(),
        }
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """
                UPDATE commerce_bridge_outbox
                   SET %s, attempts = attempts + 1, write_uid = %s,
                       write_date = (now() at time zone 'UTC')
                 WHERE id IN %s
                """,
                SQL(", ").join(
                    SQL(
                        "%s = %s",
                        SQL.identifier(name),
                        self._fields[name].convert_to_column_update(value, self),
                    )
                    for name, value in vals.items()
                ),
                self.env.uid,
                tuple(self.ids),
            )
        )
        self.invalidate_recordset([*vals, "attempts", "write_uid", "write_date"])

    def _cb_count_attempt(self):
        # One UPDATE for the whole batch, whatever attempts each message had.
        if not self:
            return
        self.flush_recordset(["attempts"])
        self.env.cr.execute(
            "UPDATE commerce_bridge_outbox SET attempts = attempts + 1 WHERE id IN %s",
            [tuple(self.ids)],
        )
        self.invalidate_recordset(["attempts"])

    def _cb_mark_dead(self, reason, outcome=None):
        vals = {"state": "dead", "last_error": reason, "lease_until": False}
        if outcome is not None:
            vals.update(self._cb_outcome_vals(outcome))
        self.write(vals)

    def _cb_pause(self, outcome):
        # 401/403 is a configuration problem: no attempt is spent, a manager must act.
        self.write(
            {**self._cb_outcome_vals(outcome), "state": "paused", "last_error": outcome.error}
        )
        labels = dict(self._fields["peer"]._description_selection(self.env))
        peers = {labels.get(peer, peer) for peer in self.mapped("peer")}
        for company in self.company_id:
            company._cb_raise_alert(
                self.env._(
                    "%(peers)s refused the credentials (HTTP %(status)s): outbound messages "
                    "are paused. Fix the key in Settings, then replay the paused messages.",
                    peers=", ".join(sorted(peers)),
                    status=outcome.status,
                )
            )

    def _cb_retry_later(self, outcome, count_attempt=True):
        now = fields.Datetime.now()
        rng = random.Random()
        for message in self:
            company = message.company_id
            attempts = message.attempts + (1 if count_attempt else 0)
            policy = delivery.RetryPolicy(window=(company.cb_retry_window_hours or 72) * 3600)
            if policy.is_exhausted(
                message.first_attempt_at or now, now, attempts, company.cb_max_attempts or None
            ):
                message.attempts = attempts
                message._cb_mark_dead(
                    self.env._(
                        "Gave up after %(n)s attempts: %(error)s", n=attempts, error=outcome.error
                    ),
                    outcome,
                )
                continue
            delay = policy.next_delay(attempts, rng=rng, retry_after=outcome.retry_after)
            message.write(
                {
                    **message._cb_outcome_vals(outcome),
                    "state": "retrying",
                    "attempts": attempts,
                    "last_error": outcome.error,
                    "next_attempt_at": now + timedelta(seconds=delay),
                }
            )

    def _cb_retry_unsplit(self, outcome):
        self.write(
            {
                **self._cb_outcome_vals(outcome),
                "state": "pending",
                "send_alone": True,
                "last_error": outcome.error,
                "next_attempt_at": fields.Datetime.now(),
            }
        )

    def _cb_refuse_items(self, index_errors, outcome):
        """A batch refused because of some of its items ({index: [errors]}, indices in id
        order): those are dead with their errors, the others go again at once."""
        resend, dead = delivery.split_batch_outcome_by_index(len(self), index_errors)
        ordered = self.sorted("id")
        for index, errors in dead.items():
            ordered[index]._cb_mark_dead("; ".join(errors), outcome)
        ordered.browse([ordered[i].id for i in resend])._cb_resend(outcome)

    def _cb_resend(self, outcome, vals=None):
        """Due again now, without spending an attempt (a rule of the peer's contract said
        what to change)."""
        self.write(
            {
                **self._cb_outcome_vals(outcome),
                **(vals or {}),
                "state": "pending",
                "next_attempt_at": fields.Datetime.now(),
            }
        )

    # ------------------------------------------------------------------------------------
    # Operator actions
    # ------------------------------------------------------------------------------------
    def action_retry_now(self):
        retryable = self.filtered(lambda m: m.state in ("pending", "retrying"))
        retryable.write({"next_attempt_at": fields.Datetime.now()})
        self._cb_trigger_after_commit()
        return True

    def action_replay(self):
        replayable = self.filtered(lambda m: m.state in ("dead", "paused", "cancelled"))
        if not replayable:
            raise UserError(self.env._("Only dead, paused or cancelled messages can be replayed."))
        replayable.write(
            {
                "state": "pending",
                "next_attempt_at": fields.Datetime.now(),
                "first_attempt_at": False,
                "lease_until": False,
            }
        )
        self._cb_trigger_after_commit()
        return True

    def action_cancel(self):
        self.filtered(lambda m: m.state in ("pending", "retrying", "paused", "dead")).write(
            {"state": "cancelled", "lease_until": False}
        )
        return True

    @api.model
    def _cb_action_list(self, name, domain):
        """The window action listing the messages of ``domain`` (smart buttons, dashboard)."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": self._name,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
        }

    def action_open_source(self):
        """The record the message is about (order, product, contact)."""
        return self._cb_open_record(
            self.env._("This message is about no record, or its record was deleted.")
        )

    def _cb_bulk_action(self, action):
        """Replay, retry now or cancel the selected messages (list Action menu), and say how
        many of them it applied to: the others were not in a state it applies to."""
        states = {
            "replay": ("dead", "paused", "cancelled"),
            "retry": ("pending", "retrying"),
            "cancel": ("pending", "retrying", "paused", "dead"),
        }[action]
        applicable = self.filtered(lambda m: m.state in states)
        if applicable:
            {
                "replay": applicable.action_replay,
                "retry": applicable.action_retry_now,
                "cancel": applicable.action_cancel,
            }[action]()
        labels = {
            "replay": self.env._("replayed"),
            "retry": self.env._("due now"),
            "cancel": self.env._("cancelled"),
        }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Outbound messages"),
                "message": self.env._(
                    "%(done)s of %(selected)s message(s) %(what)s.",
                    done=len(applicable),
                    selected=len(self),
                    what=labels[action],
                ),
                "type": "success" if applicable else "warning",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_housekeeping(
        self, batch_size=HOUSEKEEPING_BATCH, budget_seconds=HOUSEKEEPING_BUDGET_SECONDS
    ):
        """Delete delivered and cancelled messages older than each company's retention (their
        attempts go with them: ON DELETE CASCADE), ``batch_size`` rows per statement, each
        batch in its own short transaction, until none is left or ``budget_seconds`` have
        passed (the next run goes on). Walks the table in id order from where the previous
        batch stopped, so a batch never reads again the rows an earlier one deleted or kept.
        Returns the number of rows deleted."""
        self.env.flush_all()
        deadline = time.monotonic() + budget_seconds
        deleted, after_id = 0, 0
        while True:
            with self.env.registry.cursor() as cr:
                cr.execute(
                    """
                    WITH old AS (
                        SELECT message.id
                          FROM commerce_bridge_outbox message
                          JOIN res_company company ON company.id = message.company_id
                         WHERE message.id > %s
                           AND message.state IN ('done', 'cancelled')
                           AND message.write_date < (now() at time zone 'UTC') - make_interval(
                                   days => COALESCE(NULLIF(company.cb_done_retention_days, 0), 7))
                      ORDER BY message.id
                         LIMIT %s
                    )
                    DELETE FROM commerce_bridge_outbox message
                     USING old WHERE message.id = old.id
                 RETURNING message.id
                    """,
                    [after_id, batch_size],
                )
                ids = [row[0] for row in cr.fetchall()]
            deleted += len(ids)
            if len(ids) < batch_size or time.monotonic() >= deadline:
                break
            after_id = max(ids)
        if deleted:
            self.env.invalidate_all()
            _logger.info("Commerce Bridge: housekeeping deleted %s old outbound messages", deleted)
        return deleted


def _response_text(outcome):
    body = outcome.body
    if body is None:
        return False
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return text[:4000]
