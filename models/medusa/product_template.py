from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # The extra fields of the Medusa product payload (seed 001, sections 5.1 and 7).
    x_name_ar = fields.Char("Arabic title", translate=False)
    x_description_ar = fields.Text("Arabic description")
    x_brand = fields.Char("Brand")
    x_compare_at_price = fields.Float(
        "Compare-at price", digits="Product Price", help="The 'was' price shown struck out."
    )
    x_warranty_months = fields.Integer("Warranty (months)")
    x_origin_country_id = fields.Many2one("res.country", "Country of origin")
    x_material = fields.Char("Material")
    x_color = fields.Char("Colour")

    def _cb_on_product_changed(self):
        self.env["commerce.bridge.peer.medusa"]._product_webhooks(
            self.with_context(active_test=False).product_variant_ids
        )

    def _cb_action_push_to_medusa(self):
        """Manual push (Action menu): the selected products through /odoo/products/bulk."""
        company = self.env.company
        variants = self.with_context(active_test=False).product_variant_ids.filtered("default_code")
        self.env["commerce.bridge.peer.medusa"]._products_bulk(variants, company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Push to Medusa"),
                "message": self.env._("%s product(s) queued for Medusa.", len(variants)),
                "type": "success",
            },
        }
