from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _cb_sale_orders(self):
        return self.invoice_line_ids.sale_line_ids.order_id

    def _cb_on_posted(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_invoice_posted", self)

    def _cb_on_paid(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_invoice_paid", self)
