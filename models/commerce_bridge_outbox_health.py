from odoo import fields, models, tools


class CommerceBridgeOutboxHealth(models.Model):
    """Delivery health per peer and channel: what managers look at first."""

    _name = "commerce.bridge.outbox.health"
    _description = "Commerce Bridge delivery health"
    _auto = False
    _order = "attention desc, peer, channel"

    company_id = fields.Many2one("res.company", readonly=True)
    peer = fields.Selection(selection="_selection_peer", readonly=True)
    channel = fields.Char(readonly=True)
    waiting = fields.Integer(readonly=True, help="Pending, sending or retrying")
    retrying = fields.Integer(readonly=True)
    paused = fields.Integer(readonly=True)
    dead = fields.Integer(readonly=True)
    attention = fields.Integer("Need attention", readonly=True, help="Dead or paused")
    delivered = fields.Integer("Delivered (kept)", readonly=True)
    oldest_waiting = fields.Datetime(readonly=True)

    def _selection_peer(self):
        return self.env["commerce.bridge.outbox"]._fields["peer"]._description_selection(self.env)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS
            SELECT min(id) AS id, company_id, peer, channel,
                   count(*) FILTER (WHERE state IN ('pending', 'sending', 'retrying')) AS waiting,
                   count(*) FILTER (WHERE state = 'retrying') AS retrying,
                   count(*) FILTER (WHERE state = 'paused') AS paused,
                   count(*) FILTER (WHERE state = 'dead') AS dead,
                   count(*) FILTER (WHERE state IN ('dead', 'paused')) AS attention,
                   count(*) FILTER (WHERE state = 'done') AS delivered,
                   min(create_date) FILTER (WHERE state IN ('pending', 'sending', 'retrying'))
                       AS oldest_waiting
              FROM commerce_bridge_outbox
          GROUP BY company_id, peer, channel
            """
        )
