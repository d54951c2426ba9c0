import json
import logging

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import redact

_logger = logging.getLogger(__name__)

PG_CONCURRENCY_ERRORS = (
    pg_errors.SerializationFailure,
    pg_errors.LockNotAvailable,
    pg_errors.DeadlockDetected,
)


# What a peer sent is evidence: after receipt nobody (superuser included) rewrites it. Only
# the processing fields change, and only through processing.
IMMUTABLE_FIELDS = frozenset({"peer", "company_id", "external_id", "event_type", "payload"})


class EventIgnored(Exception):
    """The event is valid but deliberately not turned into records (filtered, duplicate)."""


class CommerceBridgeInboundEvent(models.Model):
    """Every authenticated inbound request, logged before it is processed."""

    _name = "commerce.bridge.inbound.event"
    _inherit = "commerce.bridge.record.link"
    _description = "Commerce Bridge inbound event"
    _order = "id desc"
    _rec_name = "external_id"

    # Each peer adds itself with selection_add (as payment providers add their code).
    peer = fields.Selection([("none", "No peer")], required=True, readonly=True)
    event_type = fields.Char(readonly=True, index=True)
    external_id = fields.Char("External event id", required=True, readonly=True)
    payload = fields.Text(readonly=True)
    state = fields.Selection(
        [
            ("received", "Received"),
            ("done", "Processed"),
            ("ignored", "Ignored"),
            ("failed", "Failed"),
        ],
        default="received",
        required=True,
        readonly=True,
        index=True,
    )
    error = fields.Text(readonly=True)
    http_status = fields.Integer("HTTP status answered", readonly=True)
    res_model = fields.Char("Record model", readonly=True)
    res_id = fields.Integer("Record id", readonly=True)
    record_name = fields.Char("Record", compute="_compute_record_name")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    processed_at = fields.Datetime(readonly=True)
    attempts = fields.Integer(readonly=True)

    _sql_constraints = [
        (
            "external_id_uniq",
            "unique(company_id, peer, external_id)",
            "This event was received already.",
        ),
    ]

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        for event in self:
            record = event._cb_record()
            event.record_name = record.display_name if record else False

    # ------------------------------------------------------------------------------------
    def write(self, vals):
        forged = IMMUTABLE_FIELDS.intersection(vals)
        if forged:
            raise UserError(
                self.env._(
                    "An inbound event is kept as it was received: %s cannot be changed.",
                    ", ".join(sorted(forged)),
                )
            )
        return super().write(vals)

    @api.model
    def _cb_log(self, peer, company, event_type, external_id, payload_text, data=None, attempts=0):
        """Log the request once, secrets masked; returns (event, created). ``data`` is the
        body already parsed from ``payload_text``, if the caller has it; ``attempts``: the
        count a new row starts with (1 when the caller processes it at once: one UPDATE
        less per request). A concurrent
        duplicate waits on the unique index until the first one commits, then finds it:
        one row, one record."""
        payload_text = _redacted(payload_text, data)
        self.env.cr.execute(
            """
            INSERT INTO commerce_bridge_inbound_event
                   (peer, company_id, event_type, external_id, payload, state, attempts,
                    create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, %s, %s, 'received', %s, %s, %s,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (company_id, peer, external_id) DO NOTHING
            RETURNING id
            """,
            [
                peer,
                company.id,
                event_type,
                external_id,
                payload_text,
                attempts,
                self.env.uid,
                self.env.uid,
            ],
        )
        row = self.env.cr.fetchone()
        if row:
            return self.browse(row[0]), True
        existing = self.search(
            [
                ("company_id", "=", company.id),
                ("peer", "=", peer),
                ("external_id", "=", external_id),
            ],
            limit=1,
        )
        return existing, False

    @api.model
    def _cb_receive(self, peer, company, event_type, external_id, data, raw_body):
        """The inbound pipeline's log-and-process step, once per event: (event, state,
        result). A new delivery of an event that is already in its record answers
        ("duplicate", that record); a failed, ignored or orphaned one is processed again."""
        event, created = self._cb_log(
            peer, company, event_type, external_id, raw_body, data, attempts=1
        )
        if not created and not event._cb_needs_processing():
            return event, "duplicate", event._cb_record()
        state, result = event._cb_process(data, counted=created)
        return event, state, result

    def _cb_process(self, parsed=None, counted=False):
        """Run the handler in a savepoint, as superuser inside the event's own company: a
        failure keeps the error here and leaves no half-written records. ``parsed`` is the
        body the controller validated; without it (reprocessing) the stored body is parsed
        and validated again. Returns (state, record or reason)."""
        self.ensure_one()
        event = self.sudo()
        company = event.company_id
        processor = (
            self.env["commerce.bridge.peer"]
            ._cb_peer(event.peer)
            .sudo()
            .with_company(company)
            .with_context(allowed_company_ids=[company.id])
        )
        if not counted:  # a new row from _cb_receive was written with its first attempt
            event.attempts += 1
        if parsed is None:
            parsed, errors = event._cb_stored_body(processor)
            if errors:
                reason = self.env._("The stored body is not valid: %s", "; ".join(errors[:20]))
                event.write({"state": "failed", "error": reason})
                return "failed", reason
        try:
            with self.env.cr.savepoint():
                record = processor._cb_process_event(event.with_env(processor.env), parsed)
        except PG_CONCURRENCY_ERRORS:
            # Odoo retries the whole request (or cron job) on these: never record them.
            raise
        except EventIgnored as ignored:
            reason = str(ignored)
            event.write(
                {"state": "ignored", "error": reason, "processed_at": fields.Datetime.now()}
            )
            return "ignored", reason
        except Exception as error:  # noqa: BLE001 - any failure must be kept on the log row
            _logger.exception("Commerce Bridge: %s event %s failed", event.peer, event.id)
            reason = _error_text(error)
            event.write({"state": "failed", "error": reason})
            return "failed", reason
        event.write(
            {
                "state": "done",
                "error": False,
                "processed_at": fields.Datetime.now(),
                "res_model": record._name if record else False,
                "res_id": record.id if record else False,
            }
        )
        return "done", record

    def _cb_stored_body(self, processor):
        """(body, errors) of the stored payload, validated by the peer's own rules."""
        try:
            body = json.loads(self.payload or "")
        except ValueError:
            return None, [self.env._("it is not JSON")]
        return body, processor._cb_validate_event(body)

    def _cb_needs_processing(self):
        """Not yet turned into its record, or its record was deleted since."""
        self.ensure_one()
        return self.state != "done" or bool(self.res_model and not self._cb_record())

    def action_reprocess(self):
        if not self.env.user.has_group("commerce_bridge.group_commerce_bridge_manager"):
            raise AccessError(self.env._("Only Commerce Bridge managers can reprocess events."))
        for event in self.filtered(lambda e: e._cb_needs_processing()):
            event._cb_process()
        return True

    def action_open_record(self):
        return self._cb_open_record(self.env._("This event produced no record."))


def _redacted(payload_text, data=None):
    if data is None:
        try:
            data = json.loads(payload_text)
        except (TypeError, ValueError):
            return payload_text
    masked = redact.redact(data)
    return payload_text if masked is data else json.dumps(masked, ensure_ascii=False)


def _error_text(error):
    text = str(error) or error.__class__.__name__
    return text[:2000]
