from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    x_cb_external_line_id = fields.Char("Peer line id", copy=False)
