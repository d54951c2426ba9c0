import json

from odoo import api, fields, models

from ...lib import omnitron

PEER = omnitron.PEER


class CommerceBridgePeerOmnitron(models.AbstractModel):
    """The Omnitron peer: its hooks here, the order import in inbound.py."""

    _name = "commerce.bridge.peer.omnitron"
    _inherit = "commerce.bridge.peer"
    _description = "Commerce Bridge peer: Omnitron"

    @api.model
    def _cb_validate_event(self, data):
        return omnitron.validate_event(data) or self._cb_currency_errors(
            omnitron.order_currency(data)
        )

    @api.model
    def _cb_event_identity(self, data, delivery_id):
        return data["event"].get("type"), str(data["event"]["uuid"])

    @api.model
    def _cb_answer(self, state, result):
        """Seed 002: 204 imported (no body), 202 accepted but not imported, with the
        reason; 500 when processing failed (Omnitron sends it again)."""
        if state == "done":
            return 204, None
        if state == "duplicate":
            return 202, {"detail": self.env._("This event was processed already.")}
        if state == "ignored":
            return 202, {"detail": result}
        return 500, {"detail": self.env._("The order could not be processed.")}

    @api.model
    def _cb_customer_key(self, customer):
        return "x_omnitron_customer_pk", customer.get("pk") or False


class CommerceBridgeInboundEvent(models.Model):
    # Omnitron's events enter the core's log under its code.
    _inherit = "commerce.bridge.inbound.event"

    peer = fields.Selection(selection_add=[(PEER, "Omnitron")], ondelete={PEER: "cascade"})

    def action_cb_map_cargo_company(self):
        """One click from an order event to a new cargo company mapping, prefilled."""
        self.ensure_one()
        payload = json.loads(self.payload or "{}").get("payload") or {}
        cargo = payload.get("cargo_company") or {}
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Map cargo company"),
            "res_model": "commerce.bridge.carrier.map",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_name": cargo.get("name") or cargo.get("erp_code"),
                "default_shipping_company": cargo.get("shipping_company"),
                "default_erp_code": cargo.get("erp_code"),
                "default_company_id": self.company_id.id,
            },
        }
