from odoo import api, fields, models

from odoo.addons.commerce_bridge.lib import channels

from ..const import FULFILLMENTS, PEER, TOKEN_HEADER, order_draft, validate_order


class ResCompany(models.Model):
    _inherit = "res.company"

    cb_shopfake_enabled = fields.Boolean("Import Shopfake orders")
    cb_shopfake_secret = fields.Char("Shopfake webhook secret", groups="base.group_system")
    cb_shopfake_base_url = fields.Char("Shopfake base URL")
    cb_shopfake_rate_limit = fields.Integer("Shopfake requests per minute", default=0)


class ResPartner(models.Model):
    _inherit = "res.partner"

    x_shopfake_customer_id = fields.Char("Shopfake customer id", copy=False)


class CommerceBridgeInboundEvent(models.Model):
    _inherit = "commerce.bridge.inbound.event"

    peer = fields.Selection(selection_add=[(PEER, "Shopfake")], ondelete={PEER: "cascade"})


class CommerceBridgeOutbox(models.Model):
    _inherit = "commerce.bridge.outbox"

    peer = fields.Selection(selection_add=[(PEER, "Shopfake")], ondelete={PEER: "cascade"})


class CommerceBridgePeerShopfake(models.AbstractModel):
    _name = "commerce.bridge.peer.shopfake"
    _inherit = "commerce.bridge.peer"
    _description = "Commerce Bridge peer: Shopfake (tests)"

    # --- inbound ----------------------------------------------------------------------------
    @api.model
    def _cb_validate_event(self, data):
        return validate_order(data) or self._cb_currency_errors(data.get("currency"))

    @api.model
    def _cb_event_identity(self, data, delivery_id):
        return "orders/create", f"order-{data['id']}"

    @api.model
    def _cb_customer_key(self, customer):
        return "x_shopfake_customer_id", customer.get("shopfake_id") or False

    @api.model
    def _cb_process_event(self, event, data):
        company = event.company_id
        customer = data.get("customer") or {}
        partner = self.env["res.partner"]._cb_find_or_create(
            company,
            {
                "shopfake_id": str(customer.get("id") or ""),
                "name": customer.get("name"),
                "email": customer.get("email"),
                "phone_raw": customer.get("phone"),
            },
            source=PEER,
        )
        return self.env["sale.order"]._cb_create_imported_order(
            company,
            {"partner_id": partner.id, "client_order_ref": str(data["id"])},
            order_draft(data),
            source=PEER,
        )

    @api.model
    def _cb_answer(self, state, result):
        if state in ("done", "duplicate"):
            return 200, {"ok": True, "order": result.name}
        if state == "ignored":
            return 202, {"ok": False, "reason": result}
        return 500, {"ok": False}

    # --- outbound ---------------------------------------------------------------------------
    @api.model
    def _cb_client(self, company):
        secret = company.sudo().cb_shopfake_secret or ""
        return company._cb_http_client(company.cb_shopfake_base_url, {TOKEN_HEADER: secret}, secret)

    @api.model
    def _cb_on_order_confirmed(self, orders):
        messages = [
            channels.Message(
                FULFILLMENTS.key,
                {"order": order.client_order_ref, "status": "confirmed"},
                order.company_id,
                f"shopfake-fulfillment-{order.id}",
                aggregate_key=f"shopfake-order:{order.id}",
                source=order,
                event_type="fulfillment.confirmed",
            )
            for order in orders
            if order.x_cb_source == PEER and order.company_id.cb_shopfake_enabled
        ]
        self.env["commerce.bridge.outbox"]._cb_enqueue(messages)
