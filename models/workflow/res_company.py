from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cb_workflow_enabled = fields.Boolean(
        "Automatic workflows",
        help="Imported orders are confirmed, invoiced and paid (or refunded) by the workflow "
        "of their payment method (Commerce Bridge > Configuration > Automatic workflows).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["commerce.bridge.workflow"]._cb_create_defaults(companies)
        return companies
