from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import AccessError

from ...lib import channels


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
        list(channels.SYNC_STATES),
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
        """One grouped query for all the templates shown, not one per template."""
        # A template being created (a new record in a form) has no messages yet.
        variants = self.filtered("id").with_context(active_test=False).product_variant_ids
        rows = (
            self.env["commerce.bridge.outbox"]
            .sudo()
            ._read_group(
                [("res_model", "=", "product.product"), ("res_id", "in", variants.ids)],
                ["res_id", "state"],
                ["__count", "sent_at:max"],
            )
        )
        template_of = {variant.id: variant.product_tmpl_id.id for variant in variants}
        states, counts, last_push = defaultdict(set), defaultdict(int), {}
        for res_id, state, count, sent_at in rows:
            template_id = template_of[res_id]
            states[template_id].add(state)
            counts[template_id] += count
            if sent_at and (template_id not in last_push or sent_at > last_push[template_id]):
                last_push[template_id] = sent_at
        for template in self:
            template.x_cb_sync_state = channels.sync_state(states[template.id]) or False
            template.x_cb_message_count = counts[template.id]
            template.x_cb_last_push = last_push.get(template.id, False)

    def action_cb_open_messages(self):
        self.ensure_one()
        return self.env["commerce.bridge.outbox"]._cb_action_list(
            self.env._("Outbound messages"), self._cb_messages_domain()
        )

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
