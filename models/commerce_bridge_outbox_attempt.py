from odoo import fields, models


class CommerceBridgeOutboxAttempt(models.Model):
    """One delivery attempt of one outbound message (a batch logs one row per message)."""

    _name = "commerce.bridge.outbox.attempt"
    _description = "Commerce Bridge delivery attempt"
    _order = "id desc"

    message_id = fields.Many2one(
        "commerce.bridge.outbox", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="message_id.company_id", store=True, index=True)
    status = fields.Integer("HTTP status", help="0: no answer (timeout, refused connection).")
    outcome = fields.Char()
    error = fields.Text()
    response = fields.Text("Peer response")
    duration_ms = fields.Integer("Duration (ms)")
    batch_size = fields.Integer()
