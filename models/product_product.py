import hashlib
import hmac
import json

from odoo import api, models

from ..lib import medusa


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
    def _cb_stock_levels(self, company):
        """{product id: level} in the company's sync warehouse (on hand or available)."""
        if not self:
            return {}
        warehouse = company.cb_warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
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
        subtract_reserved = company.cb_medusa_inventory_mode == "available"
        return {
            product.id: max(0.0, quantity - (reserved if subtract_reserved else 0.0))
            for product, quantity, reserved in groups
        }

    @api.model
    def _cb_outbox_refresh(self, messages):
        """Payloads built right before sending (the newest state wins, and the user's save
        only queued a row): {row id: payload}. Stock levels in one query per company."""
        fresh = {}
        by_company = {}
        for message in messages:
            by_company.setdefault(message.company_id, []).append(message)
        for company, rows in by_company.items():
            products = (
                self.with_context(active_test=False).browse([row.res_id for row in rows]).exists()
            )
            by_id = {product.id: product for product in products}
            stock_rows = [row for row in rows if row.channel == "medusa.inventory_webhook"]
            levels = products._cb_stock_levels(company) if stock_rows else {}
            warehouse = company.cb_warehouse_id
            for row in rows:
                product = by_id.get(row.res_id)
                if not product:
                    continue
                if row.channel == "medusa.inventory_webhook":
                    fresh[row.id] = medusa.build_inventory_item(
                        product.default_code,
                        int(levels.get(product.id, 0)),
                        odoo_product_id=product.id,
                        warehouse_name=warehouse.name or None,
                    )
                else:
                    event_type = json.loads(row.payload)["event_type"]
                    fresh[row.id] = medusa.build_product_webhook(
                        event_type, product._cb_medusa_webhook_dict()
                    )
        return fresh

    # ------------------------------------------------------------------------------------
    # Medusa payload dicts (the pure builders in lib.medusa shape them)
    # ------------------------------------------------------------------------------------
    def _cb_image_url(self, base_url):
        self.ensure_one()
        return f"{base_url}/commerce_bridge/image/{self.id}/{self._cb_image_token()}"

    def _cb_images(self, base_url):
        # bin_size: know whether there is an image without reading it.
        has_image = self.with_context(bin_size=True).image_1920
        return [self._cb_image_url(base_url)] if has_image else []

    def _cb_image_token(self):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        digest = hmac.new(secret.encode(), f"product-image:{self.id}".encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    def _cb_medusa_webhook_dict(self):
        self.ensure_one()
        template = self.product_tmpl_id
        base_url = (self.company_id or self.env.company).get_base_url()
        return {
            "odoo_id": self.id,
            "sku": self.default_code,
            "name": self.name,
            "description": template.description_sale or "",
            "list_price": self.lst_price,
            "standard_price": self.standard_price,
            "barcode": self.barcode or "",
            "weight": self.weight,
            "category_name": self.categ_id.name or "",
            "active": bool(self.active and template.active),
            "qty_available": self.qty_available,
            "name_ar": template.x_name_ar or None,
            "description_ar": template.x_description_ar or None,
            "brand": template.x_brand or None,
            "compare_at_price": template.x_compare_at_price or None,
            "images": self._cb_images(base_url),
        }

    def _cb_medusa_bulk_dict(self, quantity, base_url):
        self.ensure_one()
        template = self.product_tmpl_id
        return {
            "odoo_product_id": self.id,
            "sku": self.default_code,
            "title": self.name,
            "title_ar": template.x_name_ar or None,
            "description": template.description_sale or "",
            "description_ar": template.x_description_ar or None,
            "price": self.lst_price,
            "compare_at_price": template.x_compare_at_price or None,
            "cost_price": self.standard_price,
            "weight_kg": self.weight,
            "barcode": self.barcode or None,
            "category_name": self.categ_id.name or None,
            "brand": template.x_brand or None,
            "images": self._cb_images(base_url),
            "metadata": {
                "odoo_id": self.id,
                "warranty_months": template.x_warranty_months or 0,
                "origin_country": template.x_origin_country_id.name or None,
                "material": template.x_material or None,
                "color": template.x_color or None,
            },
            "quantity": int(quantity),
        }

    # ------------------------------------------------------------------------------------
    # Triggers (automation rules, crons)
    # ------------------------------------------------------------------------------------
    def _cb_on_variant_changed(self):
        self.env["commerce.bridge.medusa.push"]._product_webhooks(self)

    @api.model
    def _cron_cb_drift_report(self):
        Drift = self.env["commerce.bridge.stock.drift"]
        for company in self.env["res.company"].search([("cb_medusa_base_url", "!=", False)]):
            Drift.with_company(company)._cb_refresh(company)

    @api.model
    def _cron_cb_inventory_reconciliation(self):
        Push = self.env["commerce.bridge.medusa.push"]
        for company in self.env["res.company"].search(
            [("cb_medusa_inventory_push_enabled", "=", True)]
        ):
            Push.with_company(company)._inventory_reconciliation(company)
