from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    x_medusa_customer_id = fields.Char("Medusa customer id", copy=False, index="btree_not_null")

    _sql_constraints = [
        (
            "x_medusa_customer_id_company_uniq",
            "unique(x_medusa_customer_id, company_id)",
            "A Medusa customer id can belong to one contact per company only.",
        ),
    ]
