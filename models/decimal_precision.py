from odoo import api, models


class DecimalPrecision(models.Model):
    _inherit = "decimal.precision"

    @api.model
    def _cb_ensure_digits(self, name, digits):
        """Raise a precision to at least ``digits``: 'Product Price' is 2 by default and would
        silently cut 3-decimal currencies such as KWD (1.275 -> 1.28)."""
        if self.precision_get(name) >= digits:
            return
        precision = self.sudo().search([("name", "=", name)], limit=1)
        if precision:
            precision.digits = digits
