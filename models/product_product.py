from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _cb_match_skus(self, company, wanted):
        """Products for [(sku, [barcodes])], in order (empty recordset when unknown).

        Two queries whatever the number of lines: one on the SKU (default_code), one on the
        barcodes of the lines the SKU did not match.
        """
        company_domain = [("company_id", "in", (company.id, False))]
        skus = {sku for sku, _barcodes in wanted if sku}
        by_sku = {}
        if skus:
            for product in self.search([("default_code", "in", list(skus)), *company_domain]):
                by_sku.setdefault(product.default_code, product)
        barcodes = {code for sku, codes in wanted if sku not in by_sku for code in codes if code}
        by_barcode = {}
        if barcodes:
            for product in self.search([("barcode", "in", list(barcodes)), *company_domain]):
                by_barcode.setdefault(product.barcode, product)
        matched = []
        for sku, codes in wanted:
            product = by_sku.get(sku) or next(
                (by_barcode[code] for code in codes if code in by_barcode), self.browse()
            )
            matched.append(product)
        return matched

    # ------------------------------------------------------------------------------------
    # Stock levels: all products in one grouped query
    # ------------------------------------------------------------------------------------
    def _cb_stock_levels(self, company, available=True):
        """{product id: level} in the company's sync warehouse: available (on hand minus
        reserved) or on hand."""
        if not self:
            return {}
        warehouse = company._cb_sync_warehouse()
        if not warehouse:
            return {}
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", self.ids),
                    ("location_id", "child_of", warehouse.lot_stock_id.id),
                ],
                ["product_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        )
        return {
            product.id: max(0.0, quantity - (reserved if available else 0.0))
            for product, quantity, reserved in groups
        }
