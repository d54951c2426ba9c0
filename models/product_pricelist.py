from odoo import api, models


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    @api.model
    def _cb_for_currency(self, company, currency):
        """A pricelist in the order's currency (imported orders keep the peer's currency)."""
        pricelist = self.search(
            [("currency_id", "=", currency.id), ("company_id", "in", (company.id, False))],
            order="company_id",
            limit=1,
        )
        return pricelist or self.sudo().create(
            {
                "name": self.env._("Commerce Bridge %s", currency.name),
                "currency_id": currency.id,
                "company_id": company.id,
            }
        )
