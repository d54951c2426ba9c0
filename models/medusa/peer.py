import json

from odoo import api, fields, models

from ...lib import dates, http_client, medusa

PEER = medusa.PEER


class CommerceBridgeInboundEvent(models.Model):
    _inherit = "commerce.bridge.inbound.event"

    peer = fields.Selection(selection_add=[(PEER, "Medusa")], ondelete={PEER: "cascade"})


class CommerceBridgeOutbox(models.Model):
    _inherit = "commerce.bridge.outbox"

    peer = fields.Selection(selection_add=[(PEER, "Medusa")], ondelete={PEER: "cascade"})


class CommerceBridgePeerMedusa(models.AbstractModel):
    """The Medusa peer: its hooks here, inbound in inbound.py, outbound in outbound.py."""

    _name = "commerce.bridge.peer.medusa"
    _inherit = "commerce.bridge.peer"
    _description = "Commerce Bridge peer: Medusa"

    @api.model
    def _outbox(self):
        return self.env["commerce.bridge.outbox"]

    # ------------------------------------------------------------------------------------
    # Outbound hooks
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_client(self, company):
        return company._cb_medusa_client()

    @api.model
    def _cb_handle_outcome(self, channel, messages, outcome):
        if outcome.kind == http_client.CONFLICT and channel == medusa.PRODUCT_WEBHOOK:
            # DESIGN: 409 on create means Medusa has it already: resend as an update.
            self._resend_as_update(messages, outcome)
            return True
        if outcome.kind == http_client.NOT_FOUND and medusa.is_sku_not_found(
            outcome.status, outcome.body
        ):
            # SKU_NOT_FOUND: push the product, then the stock again (same aggregate: in
            # order).
            messages._cb_mark_done(outcome)
            for message in messages:
                if message.sku:
                    self._repush_unknown_skus(message.company_id, [message.sku])
            return True
        return False

    @api.model
    def _cb_after_delivery(self, channel, messages, outcome):
        if channel == medusa.INVENTORY_WEBHOOK:
            missing = medusa.inventory_not_found_skus(outcome.body)
            if missing:
                self._repush_unknown_skus(messages[:1].company_id, missing)

    @api.model
    def _resend_as_update(self, messages, outcome):
        created = messages.filtered(lambda m: m.event_type == "product.created")
        (messages - created)._cb_mark_dead(outcome.error, outcome)
        for message in created:
            payload = dict(json.loads(message.payload), event_type="product.updated")
            message._cb_resend(
                outcome,
                {
                    "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
                    "event_type": "product.updated",
                },
            )

    # ------------------------------------------------------------------------------------
    # Inbound hooks
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_validate_event(self, data):
        return medusa.validate_webhook(data) or self._cb_currency_errors(
            medusa.order_currency(data)
        )

    @api.model
    def _cb_event_identity(self, data, delivery_id):
        return data.get("event"), delivery_id or medusa.inbound_event_id(data)

    @api.model
    def _cb_answer(self, state, result):
        if state == "failed":
            return 500, medusa.error_body(
                medusa.SYNC_FAILED, self.env._("The event could not be processed.")
            )
        if state == "ignored":
            return 404, medusa.error_body(medusa.NOT_FOUND, result)
        if result and result._name == "sale.order":
            return 200, {
                "success": True,
                "odoo_order_id": result.id,
                "odoo_order_name": result.name,
            }
        if result and result._name == "res.partner":
            return 200, {"success": True, "odoo_partner_id": result.id}
        return 200, {"success": True}

    @api.model
    def _cb_customer_key(self, customer):
        return "x_medusa_customer_id", customer.get("medusa_customer_id") or False

    # ------------------------------------------------------------------------------------
    # Business changes: order status to Medusa (seed 13.3), products, stock
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_on_order_confirmed(self, orders):
        self._order_status(orders, "order.confirmed")

    @api.model
    def _cb_on_order_cancelled(self, orders):
        details = {order.id: {"cancelled_reason": order._cb_cancel_reason()} for order in orders}
        self._order_status(orders, "order.cancelled", details)

    @api.model
    def _cb_on_order_delivered(self, orders):
        now = dates.iso_utc(fields.Datetime.now())
        self._order_status(
            orders, "order.delivered", {order.id: {"delivered_date": now} for order in orders}
        )

    @api.model
    def _cb_on_delivery_done(self, pickings):
        for picking in pickings._cb_customer_deliveries():
            self._order_status(
                picking.sale_id,
                "order.shipped",
                {
                    picking.sale_id.id: {
                        "tracking_number": picking.carrier_tracking_ref or None,
                        "tracking_url": picking._cb_tracking_link() or None,
                        "carrier_name": picking.carrier_id.name or None,
                        "shipped_date": dates.iso_utc(picking.date_done or fields.Datetime.now()),
                    }
                },
            )

    @api.model
    def _cb_on_invoice_posted(self, invoices):
        for invoice in invoices.filtered(lambda m: m.move_type == "out_invoice"):
            orders = invoice._cb_sale_orders()
            details = {
                order.id: {
                    "invoice_number": invoice.name,
                    "invoice_date": dates.iso_utc(invoice.invoice_date or fields.Date.today()),
                    "amount": invoice.amount_total,
                }
                for order in orders
            }
            self._order_status(orders, "order.invoiced", details)

    @api.model
    def _cb_on_invoice_paid(self, invoices):
        now = dates.iso_utc(fields.Datetime.now())
        for invoice in invoices.filtered(lambda m: m.move_type == "out_invoice"):
            orders = invoice._cb_sale_orders()
            details = {
                order.id: {"paid_date": now, "amount": invoice.amount_total} for order in orders
            }
            self._order_status(orders, "order.paid", details)

    @api.model
    def _cb_on_stock_changed(self, quants):
        """Stock moved: queue one coalescing level message per SKU of the sync warehouse."""
        for company in quants.company_id:
            if not company.cb_medusa_inventory_push_enabled:
                continue
            prefix = company._cb_sync_warehouse().lot_stock_id.parent_path
            changed = quants.filtered(
                lambda q, c=company, p=prefix: (
                    q.company_id == c
                    and q.product_id.default_code
                    and q.location_id.parent_path.startswith(p)
                )
            )
            if changed:
                self.with_company(company)._stock_levels(changed.product_id, company)
