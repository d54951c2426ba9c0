from odoo import fields, models

from ..lib import dates


class StockPicking(models.Model):
    _inherit = "stock.picking"

    x_cb_tracking_url = fields.Char(
        "Peer tracking link", copy=False, help="Tracking link received from Omnitron."
    )

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

    # --- Outbound triggers (automation rules) --------------------------------------------
    def _cb_on_done(self):
        """A validated delivery to the customer is 'shipped'; a validated pack step of a
        multi-step delivery is 'packed'."""
        shipped = self.filtered(lambda p: p.sale_id and p._cb_is_customer_delivery())
        packed = self.filtered(
            lambda p: p.sale_id and p.picking_type_id == p.picking_type_id.warehouse_id.pack_type_id
        )
        for picking in shipped:
            self.env["commerce.bridge.medusa.push"]._order_status(
                picking.sale_id,
                "order.shipped",
                {picking.sale_id.id: picking._cb_medusa_shipment_details()},
            )
        nonito_service = self.env["commerce.bridge.nonito"]
        nonito_service._shipment_event(packed, "order_packed")
        nonito_service._shipment_event(shipped, "order_dispatched")

    def _cb_on_tracking_set(self):
        """One-step delivery has no pack step: the tracking number marks it packed."""
        one_step = self.filtered(
            lambda p: (
                p.sale_id
                and p._cb_is_customer_delivery()
                and p.picking_type_id.warehouse_id.delivery_steps == "ship_only"
            )
        )
        self.env["commerce.bridge.nonito"]._shipment_event(one_step, "order_packed")

    def _cb_is_customer_delivery(self):
        self.ensure_one()
        return self.picking_type_code == "outgoing" and self.location_dest_id.usage == "customer"

    def _cb_medusa_shipment_details(self):
        self.ensure_one()
        return {
            "tracking_number": self.carrier_tracking_ref or None,
            "tracking_url": self._cb_tracking_link() or None,
            "carrier_name": self.carrier_id.name or None,
            "shipped_date": dates.iso_utc(self.date_done or fields.Datetime.now()),
        }
