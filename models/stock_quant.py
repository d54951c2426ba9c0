from odoo import models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _cb_on_quant_changed(self):
        """Stock moved: queue one coalescing level message per SKU of the sync warehouse."""
        push = self.env["commerce.bridge.medusa.push"]
        for company in self.company_id:
            if not company.cb_medusa_inventory_push_enabled:
                continue
            warehouse = company.cb_warehouse_id or self.env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            prefix = warehouse.lot_stock_id.parent_path
            quants = self.filtered(
                lambda q, c=company, p=prefix: (
                    q.company_id == c
                    and q.product_id.default_code
                    and q.location_id.parent_path.startswith(p)
                )
            )
            if quants:
                push.with_company(company)._stock_levels(quants.product_id, company)
