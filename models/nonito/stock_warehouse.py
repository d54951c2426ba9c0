from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    x_is_store = fields.Boolean(
        "Physical store", help="Orders of this warehouse are reported to Nonito as store sales."
    )
    x_branch_code = fields.Char("Branch id", help="Nonito branch_id (defaults to the short name).")
    x_branch_city = fields.Char("Branch city")
    x_branch_phone = fields.Char("Branch phone")
