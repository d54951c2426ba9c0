from odoo import api, models


class AccountTax(models.Model):
    _inherit = "account.tax"

    @api.model
    def _cb_sale_tax(self, company, rate, price_included=True):
        """A sale tax of this rate, price-included or not, as the peer computed it."""
        rate = float(rate)
        include = "tax_included" if price_included else "tax_excluded"
        domain = [
            ("company_id", "=", company.id),
            ("type_tax_use", "=", "sale"),
            ("amount_type", "=", "percent"),
            ("amount", "=", rate),
        ]
        for tax in self.with_company(company).search(domain):
            if tax.price_include == price_included:
                return tax
        kind = self.env._("included") if price_included else self.env._("excluded")
        rate_text = f"{rate:g}"
        name = self.env._("%(rate)s%% sales (%(kind)s)", rate=rate_text, kind=kind)
        return (
            self.sudo()
            .with_company(company)
            .create(
                {
                    "name": name,
                    "amount": rate,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    "price_include_override": include,
                    "company_id": company.id,
                }
            )
        )
