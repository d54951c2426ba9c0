from odoo import fields, models

from ..lib import dates


class AccountMove(models.Model):
    _inherit = "account.move"

    def _cb_sale_orders(self):
        return self.invoice_line_ids.sale_line_ids.order_id

    def _cb_on_posted(self):
        push = self.env["commerce.bridge.medusa.push"]
        for invoice in self.filtered(lambda m: m.move_type == "out_invoice"):
            orders = invoice._cb_sale_orders()
            details = {
                order.id: {
                    "invoice_number": invoice.name,
                    "invoice_date": dates.iso_utc(invoice.invoice_date or fields.Date.today()),
                    "amount": invoice.amount_total,
                }
                for order in orders
            }
            push._order_status(orders, "order.invoiced", details)

    def _cb_on_paid(self):
        push = self.env["commerce.bridge.medusa.push"]
        now = dates.iso_utc(fields.Datetime.now())
        for invoice in self.filtered(lambda m: m.move_type == "out_invoice"):
            orders = invoice._cb_sale_orders()
            details = {
                order.id: {"paid_date": now, "amount": invoice.amount_total} for order in orders
            }
            push._order_status(orders, "order.paid", details)
