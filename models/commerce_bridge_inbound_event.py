import logging

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

PG_CONCURRENCY_ERRORS = (
    pg_errors.SerializationFailure,
    pg_errors.LockNotAvailable,
    pg_errors.DeadlockDetected,
)

# (peer, event type) -> (model, method) that turns the event into Odoo records. The method
# receives the event record and returns the record it produced (or raises EventIgnored).
HANDLERS = {
    ("medusa", "order.created"): ("commerce.bridge.medusa", "_process_order_created"),
    ("medusa", "customer.created"): ("commerce.bridge.medusa", "_process_customer"),
    ("medusa", "customer.updated"): ("commerce.bridge.medusa", "_process_customer"),
    ("medusa", "order.status_updated"): ("commerce.bridge.medusa", "_process_status_updated"),
    ("omnitron", "*"): ("commerce.bridge.omnitron", "_process_order_event"),
}


class EventIgnored(Exception):
    """The event is valid but deliberately not turned into records (filtered, duplicate)."""


class CommerceBridgeInboundEvent(models.Model):
    """Every authenticated inbound request, logged before it is processed."""

    _name = "commerce.bridge.inbound.event"
    _description = "Commerce Bridge inbound event"
    _order = "id desc"
    _rec_name = "external_id"

    peer = fields.Selection(
        [("medusa", "Medusa"), ("omnitron", "Omnitron")], required=True, readonly=True
    )
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

    def _cb_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id).exists() or None

    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_log(self, peer, company, event_type, external_id, payload_text):
        """Log the request once; returns (event, created). A concurrent duplicate waits on
        the unique index until the first one commits, then finds it: one row, one record."""
        self.env.cr.execute(
            """
            INSERT INTO commerce_bridge_inbound_event
                   (peer, company_id, event_type, external_id, payload, state, attempts,
                    create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, %s, %s, 'received', 0, %s, %s,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (company_id, peer, external_id) DO NOTHING
            RETURNING id
            """,
            [peer, company.id, event_type, external_id, payload_text, self.env.uid, self.env.uid],
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

    def _cb_process(self, parsed=None):
        """Run the handler in a savepoint: a failure keeps the error here and leaves no
        half-written records. Returns (state, record or reason)."""
        self.ensure_one()
        model_name, method = self._cb_handler()
        self.attempts += 1
        try:
            with self.env.cr.savepoint():
                record = getattr(self.env[model_name].sudo(), method)(self, parsed)
        except PG_CONCURRENCY_ERRORS:
            # Odoo retries the whole request (or cron job) on these: never record them.
            raise
        except EventIgnored as ignored:
            reason = str(ignored)
            self.write({"state": "ignored", "error": reason, "processed_at": fields.Datetime.now()})
            return "ignored", reason
        except Exception as error:  # noqa: BLE001 - any failure must be kept on the log row
            _logger.exception("Commerce Bridge: %s event %s failed", self.peer, self.external_id)
            reason = _error_text(error)
            self.write({"state": "failed", "error": reason})
            return "failed", reason
        self.write(
            {
                "state": "done",
                "error": False,
                "processed_at": fields.Datetime.now(),
                "res_model": record._name if record else False,
                "res_id": record.id if record else False,
            }
        )
        return "done", record

    def _cb_handler(self):
        handler = HANDLERS.get((self.peer, self.event_type)) or HANDLERS.get((self.peer, "*"))
        if not handler:
            raise UserError(
                self.env._(
                    "No handler for %(peer)s event %(event)s.",
                    peer=self.peer,
                    event=self.event_type,
                )
            )
        return handler

    def action_reprocess(self):
        for event in self.filtered(lambda e: e.state in ("failed", "received", "ignored")):
            event._cb_process()
        return True

    def action_open_record(self):
        self.ensure_one()
        record = self._cb_record()
        if not record:
            raise UserError(self.env._("This event produced no record."))
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }


def _error_text(error):
    text = str(error) or error.__class__.__name__
    return text[:2000]
