from odoo import fields, models
from odoo.exceptions import AccessError


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

    x_cb_sync_state = fields.Selection(
        [("synced", "In sync"), ("waiting", "Waiting to be sent"), ("failed", "Not delivered")],
        string="Medusa sync",
        compute="_compute_cb_sync",
        help="Its messages to the peers: all delivered, some waiting, or some dead or paused.",
    )
    x_cb_last_push = fields.Datetime("Last delivered", compute="_compute_cb_sync")
    x_cb_message_count = fields.Integer("Outbound messages", compute="_compute_cb_sync")

    def _cb_messages_domain(self):
        variants = self.with_context(active_test=False).product_variant_ids
        return [("res_model", "=", "product.product"), ("res_id", "in", variants.ids)]

    def _compute_cb_sync(self):
        Outbox = self.env["commerce.bridge.outbox"].sudo()
        for template in self:
            if not template.id:
                template.update(
                    {"x_cb_sync_state": False, "x_cb_last_push": False, "x_cb_message_count": 0}
                )
                continue
            rows = Outbox._read_group(
                template._cb_messages_domain(), ["state"], ["__count", "sent_at:max"]
            )
            states = {state for state, _count, _last in rows}
            template.x_cb_message_count = sum(count for _state, count, _last in rows)
            template.x_cb_last_push = max((last for _s, _c, last in rows if last), default=False)
            if states & {"dead", "paused"}:
                template.x_cb_sync_state = "failed"
            elif states & {"pending", "sending", "retrying"}:
                template.x_cb_sync_state = "waiting"
            else:
                template.x_cb_sync_state = "synced" if states else False

    def action_cb_open_messages(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Outbound messages"),
            "res_model": "commerce.bridge.outbox",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": self._cb_messages_domain(),
        }

    def action_cb_push_to_medusa(self):
        """The form's Push to Medusa button (managers), same as the Action menu entry."""
        if not self.env.user.has_group("commerce_bridge.group_commerce_bridge_manager"):
            raise AccessError(self.env._("Only Commerce Bridge managers can push products."))
        return self._cb_action_push_to_medusa()

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
