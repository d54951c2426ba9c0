from odoo import fields, models

from ...lib import omnitron, urls


class SaleOrder(models.Model):
    _inherit = "sale.order"

    x_omnitron_order_pk = fields.Integer("Omnitron order id", copy=False, index="btree_not_null")
    x_omnitron_order_number = fields.Char("Omnitron order number", copy=False)
    x_omnitron_channel_pk = fields.Integer("Omnitron channel id", copy=False)
    x_omnitron_channel_name = fields.Char("Omnitron channel", copy=False)
    x_omnitron_status = fields.Char("Omnitron status", copy=False, tracking=True)
    x_omnitron_status_display = fields.Char("Omnitron status (as sent)", copy=False)
    x_omnitron_invoice_number = fields.Char("Omnitron invoice number", copy=False)

    _sql_constraints = [
        (
            "x_omnitron_order_pk_company_uniq",
            "unique(x_omnitron_order_pk, company_id)",
            "This Omnitron order was already imported in this company.",
        ),
        (
            "x_omnitron_number_channel_company_uniq",
            "unique(x_omnitron_order_number, x_omnitron_channel_pk, company_id)",
            "This Omnitron order number already exists in this channel.",
        ),
    ]

    def _cb_apply_omnitron_update(self, parsed, carrier_map=None):
        """Statuses, item statuses, tracking, cancellation, refunds and invoice number."""
        self.ensure_one()
        codes = omnitron.status_groups(parsed.get("status"))
        self.write(
            {
                "x_omnitron_status": parsed.get("status"),
                "x_cb_peer_status": omnitron.status_label(parsed.get("status")),
                "x_omnitron_status_display": parsed.get("status_display"),
                "x_omnitron_invoice_number": parsed.get("invoice_number")
                or self.x_omnitron_invoice_number,
            }
        )
        by_item = {
            line.x_omnitron_item_pk: line for line in self.order_line if line.x_omnitron_item_pk
        }
        for item in parsed.get("lines", []):
            line = by_item.get(item.get("pk"))
            if line and line.x_omnitron_item_status != item.get("status"):
                line.x_omnitron_item_status = item.get("status")
        if codes["cancelled"]:
            if self.state != "cancel":
                self._action_cancel()
                self.message_post(
                    body=self.env._("Cancelled in Omnitron (status %s).", parsed.get("status"))
                )
            return self
        if codes["approved"] and self._cb_may_auto_confirm():
            self.action_confirm()
        item_groups = [
            omnitron.status_groups(item.get("status")) for item in parsed.get("lines", [])
        ]
        shipped = (
            codes["shipped"]
            or codes["delivered"]
            or any(group["shipped"] or group["delivered"] for group in item_groups)
        )
        self._cb_record_tracking(parsed, carrier_map, validate=shipped)
        if codes["delivered"] and not self.x_cb_delivered:
            self.x_cb_delivered = True
        if parsed.get("refund_amount"):
            self.message_post(
                body=self.env._(
                    "Omnitron reports a refund of %(amount)s.", amount=parsed["refund_amount"]
                )
            )
        return self

    def _cb_record_tracking(self, parsed, carrier_map=None, validate=False):
        tracking = parsed.get("tracking_number") or next(
            (
                line.get("tracking_number")
                for line in parsed.get("lines", [])
                if line.get("tracking_number")
            ),
            None,
        )
        pickings = self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )
        vals = {}
        if tracking:
            vals["carrier_tracking_ref"] = tracking
        if urls.http_url(parsed.get("tracking_url")):
            vals["x_cb_tracking_url"] = urls.http_url(parsed["tracking_url"])
        if carrier_map:
            vals["carrier_id"] = carrier_map.carrier_id.id
        if vals:
            pickings.write(vals)
        if validate and self.company_id.cb_omnitron_validate_delivery:
            pickings._cb_force_validate()
