from odoo import fields, models

from ...lib import medusa


class SaleOrder(models.Model):
    _inherit = "sale.order"

    x_medusa_order_id = fields.Char("Medusa order id", copy=False, index="btree_not_null")
    x_medusa_display_id = fields.Char("Medusa order number", copy=False)
    x_medusa_status = fields.Char("Medusa status", copy=False, tracking=True)
    x_medusa_fulfillment_status = fields.Char("Medusa fulfilment", copy=False, tracking=True)
    x_medusa_payment_status = fields.Char("Medusa payment", copy=False, tracking=True)

    _sql_constraints = [
        (
            "x_medusa_order_id_company_uniq",
            "unique(x_medusa_order_id, company_id)",
            "This Medusa order was already imported in this company.",
        ),
    ]

    def _cb_apply_medusa_status(self, update):
        """order.status_updated: show Medusa's statuses; a cancellation cancels the order."""
        self.ensure_one()
        self.write(
            {
                "x_medusa_status": update.get("new_status"),
                "x_cb_peer_status": medusa.status_label(update.get("new_status")),
                "x_medusa_fulfillment_status": update.get("fulfillment_status"),
                "x_medusa_payment_status": update.get("payment_status"),
            }
        )
        if update.get("cancelled") and self.state != "cancel":
            self._action_cancel()
            self.message_post(body=self.env._("Cancelled in Medusa."))
        return self
