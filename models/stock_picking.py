from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    x_cb_tracking_url = fields.Char(
        "Peer tracking link",
        copy=False,
        help="Tracking link received from the peer that imported the order.",
    )

    def _action_done(self):
        # Validating moves updates the quants move by move: the addon's rules run once at
        # the end, for all the quants and pickings.
        with self.env["base.automation"]._cb_batch_scope():
            return super()._action_done()

    def _cb_tracking_link(self):
        self.ensure_one()
        return self.x_cb_tracking_url or self.carrier_tracking_url or False

    def _cb_force_validate(self):
        """Validate a delivery the peer reports as shipped, whatever is reserved."""
        for picking in self.filtered(lambda p: p.state not in ("done", "cancel")):
            if picking.state == "draft":
                picking.action_confirm()
            for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
                move.quantity = move.product_uom_qty
                move.picked = True
            picking.with_context(
                skip_backorder=True, skip_sms=True, skip_immediate=True
            ).button_validate()

    # --- Business changes (automation rules): every peer hears of them ----------------------
    def _cb_on_done(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_delivery_done", self)

    def _cb_on_tracking_set(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_tracking_set", self)

    def _cb_customer_deliveries(self):
        """The validated deliveries of sale orders that leave for the customer."""
        return self.filtered(
            lambda p: (
                p.sale_id
                and p.picking_type_code == "outgoing"
                and p.location_dest_id.usage == "customer"
            )
        )
