from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from ..lib import http_client

_lt = LazyTranslate(__name__)

OUTCOME_LABELS = {
    http_client.SUCCESS: _lt("Delivered"),
    http_client.INVALID: _lt("Refused as invalid"),
    http_client.UNAUTHORIZED: _lt("Credentials refused"),
    http_client.NOT_FOUND: _lt("Not found at the peer"),
    http_client.CONFLICT: _lt("Conflict at the peer"),
    http_client.TOO_LARGE: _lt("Too large"),
    http_client.RETRYABLE: _lt("Failed, will retry"),
}


class CommerceBridgeOutboxAttempt(models.Model):
    """One delivery attempt of one outbound message (a batch logs one row per message)."""

    _name = "commerce.bridge.outbox.attempt"
    _description = "Commerce Bridge delivery attempt"
    _order = "id desc"

    message_id = fields.Many2one(
        "commerce.bridge.outbox", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="message_id.company_id", store=True)
    # Stored copies of the message's peer and channel, so that attempts group and pivot by them.
    peer = fields.Selection(related="message_id.peer", store=True)
    channel = fields.Char(related="message_id.channel", store=True)
    channel_label = fields.Char(related="message_id.channel_label", string="Channel name")
    status = fields.Integer("HTTP status", help="0: no answer (timeout, refused connection).")
    status_display = fields.Char(
        "HTTP status answered",
        compute="_compute_labels",
        help="Empty when the peer never answered (timeout, refused connection).",
    )
    outcome = fields.Char()
    outcome_label = fields.Char("Result", compute="_compute_outcome_label", store=True)
    error = fields.Text()
    response = fields.Text("Peer response")
    duration_ms = fields.Integer("Duration (ms)", aggregator="avg")
    batch_size = fields.Integer(aggregator="avg")

    @api.depends("status")
    def _compute_labels(self):
        for attempt in self:
            attempt.status_display = str(attempt.status) if attempt.status else ""

    @api.depends("outcome")
    def _compute_outcome_label(self):
        # Stored (in English) so that attempts group by it in the graph and pivot views.
        for attempt in self:
            label = OUTCOME_LABELS.get(attempt.outcome)
            attempt.outcome_label = label._translate("en_US") if label else attempt.outcome
