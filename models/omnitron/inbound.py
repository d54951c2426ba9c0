from markupsafe import Markup

from odoo import api, fields, models

from ...lib import omnitron, workflow
from ..commerce_bridge_inbound_event import EventIgnored
from .peer import PEER


class CommerceBridgePeerOmnitron(models.AbstractModel):
    """Omnitron -> Odoo: the orders_omnitron webhook (seed 002)."""

    _inherit = "commerce.bridge.peer.omnitron"

    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_process_event(self, event, data):
        company = event.company_id
        parsed = omnitron.parse_order_event(data)
        # Concurrent deliveries of one order: see commerce.bridge.claim.
        self.env["commerce.bridge.claim"]._cb_claim(company, f"{PEER}-order:{parsed['pk']}")
        existing = self._find_order(company, parsed)
        if existing:
            if parsed["event_type"] == "order.created":
                raise EventIgnored(
                    self.env._(
                        "An order with number %(number)s already exists in channel %(channel)s.",
                        number=parsed["number"],
                        channel=parsed["channel_pk"],
                    )
                )
            order = existing._cb_apply_omnitron_update(parsed)
            # Payment references and the e-invoice travel to the automatic workflow.
            order.write(workflow.payment_vals(**parsed["payment"]))
            if omnitron.status_groups(parsed["status"])["refunded"] and order.state != "cancel":
                order._cb_peer_refunded()
            return order
        self._check_filters(company, parsed, data["payload"])
        carrier_map = self._carrier_map(company, parsed)
        return self._create_order(company, parsed, carrier_map)

    def _find_order(self, company, parsed):
        return self.env["sale.order"].search(
            [
                ("company_id", "=", company.id),
                "|",
                ("x_omnitron_order_pk", "=", parsed["pk"]),
                "&",
                ("x_omnitron_order_number", "=", parsed["number"]),
                ("x_omnitron_channel_pk", "=", parsed["channel_pk"]),
            ],
            limit=1,
        )

    def _check_filters(self, company, parsed, payload):
        minimum = company.cb_omnitron_min_order_id
        if minimum and parsed["pk"] < minimum:
            raise EventIgnored(
                self.env._(
                    "Order id %(pk)s is lower than MIN_ORDER_OMNITRON_ID %(min)s.",
                    pk=parsed["pk"],
                    min=minimum,
                )
            )
        allowed = omnitron.parse_id_list(company.cb_omnitron_allowed_channels or "")
        if allowed and parsed["channel_pk"] not in allowed:
            raise EventIgnored(
                self.env._(
                    "Channel %s is not an allowed channel (ORDER_FILTERING).", parsed["channel_pk"]
                )
            )
        filters = omnitron.parse_property_filters(company.cb_omnitron_property_filters or "")
        mismatch = omnitron.property_mismatch(payload, filters)
        if mismatch:
            raise EventIgnored(self.env._("Filtered out (ORDER_FILTERING): %s.", mismatch))

    def _carrier_map(self, company, parsed):
        cargo = parsed.get("cargo_company")
        if not cargo:
            return self.env["commerce.bridge.carrier.map"]
        carrier_map = self.env["commerce.bridge.carrier.map"].search(
            [
                ("company_id", "=", company.id),
                ("shipping_company", "=", cargo.get("shipping_company")),
                ("erp_code", "=", cargo.get("erp_code")),
            ],
            limit=1,
        )
        return carrier_map

    def _create_order(self, company, parsed, carrier_map):
        Partner = self.env["res.partner"]
        partner = Partner._cb_find_or_create(company, parsed["customer"], source=PEER)
        shipping = parsed.get("shipping_address")
        billing = parsed.get("billing_address")
        if (
            billing
            and billing.get("tax_no")
            and not partner.vat
            and partner.x_cb_owner_peer == PEER
        ):
            # Turkish e-invoicing: the tax number belongs to the customer (a commercial field
            # that Odoo copies to every address of the customer).
            partner.write(
                {"vat": billing["tax_no"], "x_tax_office": billing.get("tax_office") or False}
            )
        vals = {
            "partner_id": partner.id,
            "partner_shipping_id": (
                Partner._cb_delivery_address(partner, shipping, company).id
                if shipping
                else partner.id
            ),
            "partner_invoice_id": (
                Partner._cb_delivery_address(partner, billing, company, "invoice").id
                if billing
                else partner.id
            ),
            "client_order_ref": parsed["number"],
            "date_order": parsed.get("date_placed") or fields.Datetime.now(),
            "x_omnitron_order_pk": parsed["pk"],
            "x_omnitron_order_number": parsed["number"],
            "x_omnitron_channel_pk": parsed["channel_pk"],
            "x_omnitron_channel_name": parsed.get("channel_name"),
            "x_omnitron_status": parsed.get("status"),
            "x_omnitron_status_display": parsed.get("status_display"),
            "x_omnitron_invoice_number": parsed.get("invoice_number"),
            **workflow.payment_vals(**parsed["payment"]),
            "note": Markup("<p>%s</p>") % parsed["gift_note"] if parsed.get("gift_note") else False,
        }
        if carrier_map:
            vals["carrier_id"] = carrier_map.carrier_id.id
        draft = omnitron.order_draft(parsed)
        cargo = parsed.get("cargo_company")
        if cargo and not carrier_map:
            draft["holds"] = [
                self.env._(
                    "no delivery method is mapped for the cargo company %(ship)s / %(erp)s: "
                    "map it (Commerce Bridge > Configuration > Cargo companies, or Map cargo "
                    "company on the inbound event), set the delivery method",
                    ship=cargo.get("shipping_company"),
                    erp=cargo.get("erp_code"),
                )
            ]
        order = self.env["sale.order"]._cb_create_imported_order(company, vals, draft, source=PEER)
        order._cb_apply_omnitron_update(parsed, carrier_map=carrier_map)
        return order
