from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    x_omnitron_item_pk = fields.Integer("Omnitron item id", copy=False)
    x_omnitron_item_status = fields.Char("Omnitron item status", copy=False)
