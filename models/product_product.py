from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def write(self, vals):
        # A template field written on variants (a price on 10,000 of them) writes each
        # template by itself: the addon's rules run once at the end, for all of them. One
        # variant writes one template: its rules run as usual.
        if len(self) <= 1:
            return super().write(vals)
        with self.env["base.automation"]._cb_batch_scope():
            return super().write(vals)

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

    @api.model
    def _cb_create_missing(self, company, lines, products):
        """(products, created): a product of the company for every line whose SKU no product
        has, made from the line's SKU, name, barcode and price, in one create."""
        missing = {}
        for line, product in zip(lines, products, strict=True):
            if not product and line.get("sku") and line["sku"] not in missing:
                barcodes = [code for code in line.get("barcodes") or [] if code]
                missing[line["sku"]] = {
                    "name": line.get("name") or line["sku"],
                    "default_code": line["sku"],
                    "barcode": barcodes[0] if barcodes else False,
                    "list_price": float(line.get("price_unit") or 0),
                    "is_storable": True,
                    "company_id": company.id,
                }
        if not missing:
            return products, self.browse()
        taken = set(
            self.with_context(active_test=False)
            .search([("barcode", "in", [v["barcode"] for v in missing.values() if v["barcode"]])])
            .mapped("barcode")
        )
        for vals in missing.values():
            if vals["barcode"] in taken:
                vals["barcode"] = False
        created = self.create(list(missing.values()))
        by_sku = {product.default_code: product for product in created}
        return [
            product or by_sku.get(line.get("sku"), product)
            for line, product in zip(lines, products, strict=True)
        ], created
