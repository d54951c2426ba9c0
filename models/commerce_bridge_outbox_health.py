from datetime import timedelta

from odoo import api, fields, models, tools

from ..lib import channels

# What each count of a dashboard card opens (a domain on the messages); the delivered
# ones add their period (DELIVERED_SINCE).
CARD_FILTERS = {
    "delivered_today": [("state", "=", "done")],
    "delivered_week": [("state", "=", "done")],
    "waiting": [("state", "in", ("pending", "sending", "retrying"))],
    "retrying": [("state", "=", "retrying")],
    "paused": [("state", "=", "paused")],
    "dead": [("state", "=", "dead")],
    "attention": [("needs_attention", "=", True)],
    "all": [],
}


class CommerceBridgeOutboxHealth(models.Model):
    """Delivery health per company, peer and channel: the Overview dashboard's cards."""

    _name = "commerce.bridge.outbox.health"
    _description = "Commerce Bridge delivery overview"
    _auto = False
    _order = "attention desc, peer, channel"
    _rec_name = "channel_label"

    company_id = fields.Many2one("res.company", readonly=True)
    peer = fields.Selection(selection="_selection_peer", readonly=True)
    channel = fields.Char(readonly=True)
    channel_label = fields.Char("Channel name", compute="_compute_channel_label")
    delivered_today = fields.Integer("Delivered today", readonly=True)
    delivered_week = fields.Integer("Delivered in 7 days", readonly=True)
    waiting = fields.Integer(readonly=True, help="Pending, sending or retrying")
    retrying = fields.Integer(readonly=True)
    paused = fields.Integer(readonly=True)
    dead = fields.Integer(readonly=True)
    attention = fields.Integer("Need attention", readonly=True, help="Dead or paused")
    delivered = fields.Integer("Delivered (kept)", readonly=True)
    oldest_waiting = fields.Datetime(readonly=True)
    last_success = fields.Datetime("Last delivery", readonly=True)

    def _selection_peer(self):
        return self.env["commerce.bridge.outbox"]._fields["peer"]._description_selection(self.env)

    @api.depends("channel")
    def _compute_channel_label(self):
        for row in self:
            row.channel_label = channels.label(row.channel)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS
            SELECT min(id) AS id, company_id, peer, channel,
                   count(*) FILTER (WHERE state = 'done'
                       AND sent_at >= date_trunc('day', now() at time zone 'UTC'))
                       AS delivered_today,
                   count(*) FILTER (WHERE state = 'done'
                       AND sent_at >= (now() at time zone 'UTC') - interval '7 days')
                       AS delivered_week,
                   count(*) FILTER (WHERE state IN ('pending', 'sending', 'retrying')) AS waiting,
                   count(*) FILTER (WHERE state = 'retrying') AS retrying,
                   count(*) FILTER (WHERE state = 'paused') AS paused,
                   count(*) FILTER (WHERE state = 'dead') AS dead,
                   count(*) FILTER (WHERE state IN ('dead', 'paused')) AS attention,
                   count(*) FILTER (WHERE state = 'done') AS delivered,
                   min(create_date) FILTER (WHERE state IN ('pending', 'sending', 'retrying'))
                       AS oldest_waiting,
                   max(sent_at) FILTER (WHERE state = 'done') AS last_success
              FROM commerce_bridge_outbox
          GROUP BY company_id, peer, channel
            """
        )

    # --- Each count opens the messages it counts -----------------------------------------
    def action_open_messages(self):
        return self._cb_open_messages("all")

    def action_open_waiting(self):
        return self._cb_open_messages("waiting")

    def action_open_retrying(self):
        return self._cb_open_messages("retrying")

    def action_open_paused(self):
        return self._cb_open_messages("paused")

    def action_open_dead(self):
        return self._cb_open_messages("dead")

    def action_open_delivered_today(self):
        return self._cb_open_messages("delivered_today")

    def action_open_delivered_week(self):
        return self._cb_open_messages("delivered_week")

    def _cb_open_messages(self, key):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("channel", "=", self.channel),
            *self._cb_filter_domain(key),
        ]
        action = self.env["commerce.bridge.outbox"]._cb_action_list(self.channel_label, domain)
        return {**action, "context": {"create": False}}

    @api.model
    def _cb_filter_domain(self, key):
        """The same periods as the SQL view: since midnight UTC, the last 7 days."""
        now = fields.Datetime.now()
        since = {
            "delivered_today": now.replace(hour=0, minute=0, second=0, microsecond=0),
            "delivered_week": now - timedelta(days=7),
        }.get(key)
        return CARD_FILTERS[key] + ([("sent_at", ">=", since)] if since else [])

    def action_open_attempts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "commerce_bridge.action_commerce_bridge_outbox_attempt"
        )
        action["domain"] = [("company_id", "=", self.company_id.id), ("channel", "=", self.channel)]
        return action
