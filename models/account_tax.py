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
                    "tax_group_id": self._cb_tax_group(company).id,
                }
            )
        )

    @api.model
    def _cb_tax_group(self, company):
        """A tax group the new tax may use; a company without a chart of accounts has none,
        and an imported order must not fail for it."""
        Group = self.env["account.tax.group"].sudo()
        country = company.account_fiscal_country_id
        domain = [*Group._check_company_domain(company), ("country_id", "in", (country.id, False))]
        return Group.search(domain, order="country_id", limit=1) or Group.create(
            {"name": self.env._("Taxes"), "company_id": company.id, "country_id": country.id}
        )
