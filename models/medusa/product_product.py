import hashlib
import hmac

from odoo import models


class ProductProduct(models.Model):
    """The product as Medusa's payloads want it (the pure builders in lib.medusa shape them)."""

    _inherit = "product.product"

    # The template form's buttons, on the variant form that inherits it.
    def action_cb_open_messages(self):
        return self.product_tmpl_id.action_cb_open_messages()

    def action_cb_push_to_medusa(self):
        return self.product_tmpl_id.action_cb_push_to_medusa()

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

    def _cb_on_variant_changed(self):
        self.env["commerce.bridge.peer.medusa"]._product_webhooks(self)
