from odoo import fields, models


class CommerceBridgeCarrierMap(models.Model):
    """Omnitron cargo company (shipping_company enum + erp_code) -> Odoo delivery carrier."""

    _name = "commerce.bridge.carrier.map"
    _description = "Commerce Bridge cargo company mapping"
    _order = "shipping_company, erp_code"

    name = fields.Char("Cargo company", required=True)
    shipping_company = fields.Char(required=True, help="Omnitron's shipping_company enum.")
    erp_code = fields.Char("ERP code", required=True, help="Omnitron's cargo_company.erp_code.")
    carrier_id = fields.Many2one("delivery.carrier", "Delivery method", required=True)
    tracking_url_template = fields.Char(
        help="Tracking link with {tracking_number} as placeholder; empty: the carrier's own."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(shipping_company, erp_code, company_id)",
            "This cargo company is already mapped.",
        ),
    ]
