import json
import logging

from odoo import api, fields, models

from ...lib import channels, dates, medusa, workflow
from ..commerce_bridge_inbound_event import EventIgnored
from .peer import PEER

_logger = logging.getLogger(__name__)

PULL_PAGE_SIZE = 50


class CommerceBridgePeerMedusa(models.AbstractModel):
    """Medusa -> Odoo: webhooks (orders, customers, status) and the pull reconciliation."""

    _inherit = "commerce.bridge.peer.medusa"

    # ------------------------------------------------------------------------------------
    # Processors (called by commerce.bridge.inbound.event inside a savepoint)
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_process_event(self, event, data):
        if event.event_type == "order.created":
            return self._import_order(event.company_id, data["data"]["order"])
        if event.event_type in ("customer.created", "customer.updated"):
            return self._import_customer(event.company_id, data["data"]["customer"])
        return self._apply_status_update(event, data)

    def _apply_status_update(self, event, data):
        update = medusa.map_status_update(data["data"])
        order = self._find_order(event.company_id, update["medusa_order_id"])
        if not order:
            raise EventIgnored(self.env._("Unknown Medusa order %s", update["medusa_order_id"]))
        was_captured = workflow.payment_captured(order.x_cb_payment_status)
        order = order._cb_apply_medusa_status(update)
        # The payment status travels to the automatic workflow: a capture lets it pay the
        # invoice, a refund gives money back.
        order.write(workflow.payment_vals(status=update.get("payment_status")))
        if not was_captured and workflow.payment_captured(order.x_cb_payment_status):
            order._cb_peer_payment_captured()
        refund = medusa.refund_kind(update.get("payment_status"))
        if refund and not update.get("cancelled"):
            order._cb_peer_refunded(partial=refund == "partial")
        return order

    # ------------------------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------------------------
    def _find_order(self, company, medusa_order_id):
        return self.env["sale.order"].search(
            [("x_medusa_order_id", "=", medusa_order_id), ("company_id", "=", company.id)],
            limit=1,
        )

    def _import_order(self, company, order_payload):
        """The sale.order of this Medusa order: the existing one, or a new one."""
        currency_code = (order_payload.get("currency_code") or "").upper()
        mapped = medusa.map_order(order_payload, factor=company._cb_minor_factor(currency_code))
        # Concurrent deliveries of one order: the claim makes all but the first retry, and
        # the retries find the order here.
        self.env["commerce.bridge.claim"]._cb_claim(
            company, f"medusa-order:{mapped['medusa_order_id']}"
        )
        existing = self._find_order(company, mapped["medusa_order_id"])
        if existing:
            return existing
        order = self.env["sale.order"]._cb_create_imported_order(
            company,
            self._order_vals(company, mapped),
            medusa.order_draft(mapped),
            source=PEER,
        )
        self.env["commerce.bridge.outbox"]._cb_enqueue(
            [self._synced_message(company, order, mapped["medusa_order_id"])]
        )
        return order

    def _order_vals(self, company, mapped):
        Partner = self.env["res.partner"]
        customer = dict(
            mapped["customer"], email=mapped["customer"].get("email") or mapped.get("email")
        )
        partner = Partner._cb_find_or_create(company, customer, source=PEER)
        shipping = mapped.get("shipping")
        delivery = Partner._cb_delivery_address(partner, shipping, company) if shipping else partner
        return {
            "partner_id": partner.id,
            "partner_shipping_id": delivery.id,
            "partner_invoice_id": partner.id,
            "x_medusa_order_id": mapped["medusa_order_id"],
            "x_medusa_display_id": str(mapped.get("display_id") or ""),
            "x_medusa_status": mapped.get("status"),
            "x_medusa_payment_status": mapped["payment"]["status"],
            **workflow.payment_vals(**mapped["payment"]),
            "x_cb_peer_status": medusa.status_label(mapped.get("status")),
            "client_order_ref": mapped.get("client_order_ref"),
            "date_order": mapped.get("date_order") or fields.Datetime.now(),
        }

    def _synced_message(self, company, order, medusa_order_id):
        return channels.Message(
            medusa.ORDER_SYNCED.key,
            medusa.mark_synced_body(order.id, dates.iso_utc(fields.Datetime.now())),
            company,
            f"medusa-synced-{company.id}-{medusa_order_id}",
            path=medusa.ORDER_SYNCED_PATH.format(id=medusa_order_id),
            aggregate_key=f"medusa-order:{medusa_order_id}",
            source=order,
        )

    # ------------------------------------------------------------------------------------
    # Customers
    # ------------------------------------------------------------------------------------
    def _import_customer(self, company, customer_payload):
        mapped = medusa.map_customer(customer_payload)
        Partner = self.env["res.partner"]
        partner = Partner._cb_find_or_create(company, mapped, source=PEER, update=True)
        for address in mapped.get("addresses", [])[1:]:
            Partner._cb_delivery_address(partner, address, company)
        return partner

    # ------------------------------------------------------------------------------------
    # Pull reconciliation (cron): what no webhook announced
    # ------------------------------------------------------------------------------------
    @api.model
    def _cron_pull(self):
        for company in self.env["res.company"].search([("cb_medusa_pull_enabled", "=", True)]):
            if not company.cb_medusa_base_url:
                continue
            self.with_company(company)._pull_orders(company)
            self.with_company(company)._pull_customers(company)

    def _pull_pages(self, company, path, list_key, params):
        client = company._cb_medusa_client()
        offset = 0
        while True:
            outcome = client.request(
                "GET", path, params={**params, "limit": PULL_PAGE_SIZE, "offset": offset}
            )
            if not outcome.ok or not isinstance(outcome.body, dict):
                _logger.warning("Medusa pull of %s stopped: %s", path, outcome.error)
                return
            items = outcome.body.get(list_key) or []
            yield from items
            offset += len(items)
            if not items or offset >= int(outcome.body.get("total") or 0):
                return

    def _pull_orders(self, company):
        imported = 0
        for order_payload in self._pull_pages(
            company, medusa.ORDERS_PATH, "orders", {"synced": "false"}
        ):
            if self._find_order(company, order_payload.get("id")):
                continue
            if self._import_pulled(company, "order.created", {"order": order_payload}):
                imported += 1
        return imported

    def _pull_customers(self, company):
        since = company.cb_medusa_pull_since
        params = {"created_after": dates.iso_utc(since)} if since else {}
        newest = since
        for customer in self._pull_pages(company, medusa.CUSTOMERS_PATH, "customers", params):
            self._import_pulled(company, "customer.created", {"customer": customer})
            created = (
                dates.to_odoo_datetime(customer.get("created_at"))
                if customer.get("created_at")
                else None
            )
            if created and (not newest or created > newest):
                newest = created
        if newest and newest != since:
            company.sudo().cb_medusa_pull_since = newest

    def _import_pulled(self, company, event_name, data):
        """A pulled object goes through the same log and processor as a webhook."""
        body = {
            "event": event_name,
            "timestamp": dates.iso_utc(fields.Datetime.now()),
            "data": data,
        }
        if medusa.validate_webhook(body):
            _logger.warning("Medusa pull: skipped an invalid %s", event_name)
            return False
        entity = data.get("order") or data.get("customer") or {}
        external_id = f"pull:{event_name}:{entity.get('id')}"
        _event, state, _result = self.env["commerce.bridge.inbound.event"]._cb_receive(
            PEER, company, event_name, external_id, body, json.dumps(body, ensure_ascii=False)
        )
        return state == "done"
