import logging
import uuid

from odoo import api, fields, models

from ..lib import dates, nonito, phones

_logger = logging.getLogger(__name__)


class CommerceBridgeNonito(models.AbstractModel):
    """Odoo -> Nonito transactional events (seed 000), validated before they are queued.

    An event that fails validation or has no usable phone is written as a dead outbox row
    with the reason: visible to managers, never sent, never blocking a batch.
    """

    _name = "commerce.bridge.nonito"
    _description = "Commerce Bridge: Nonito events"

    @api.model
    def _wants(self, company, event_name):
        if not company.cb_nonito_enabled:
            return False
        wanted = {name.strip() for name in (company.cb_nonito_event_types or "").split(",")}
        return event_name in wanted

    @api.model
    def _phone_of(self, partner, company):
        """(E.164 phone, None) or (None, reason)."""
        partner = partner.commercial_partner_id if partner.parent_id else partner
        raw = partner.x_cb_phone_e164 or partner.phone or partner.mobile
        if not raw:
            return None, self.env._(
                "Contact %s has no phone number (Nonito's user_id).", partner.display_name
            )
        result = phones.normalize_phone(raw, partner.country_id.code or company.country_id.code)
        if not result.usable(company.cb_require_valid_phone):
            return None, self.env._(
                "Phone %(raw)r of %(name)s is not usable: %(reason)s",
                raw=raw,
                name=partner.display_name,
                reason=result.reason or "invalid",
            )
        return result.e164, None

    @api.model
    def _queue(self, company, event, source, aggregate_key, problem=None):
        errors = [problem] if problem else nonito.validate_event(event)
        message = {
            "channel": "nonito.events",
            "payload": event,
            "company": company,
            "message_id": event["event_id"],
            "aggregate_key": aggregate_key,
            "source": source,
        }
        if errors:
            message["dead_reason"] = "; ".join(errors)
        return self.env["commerce.bridge.outbox"]._cb_enqueue([message])

    @api.model
    def _now(self):
        return dates.iso_utc(fields.Datetime.now())

    # ------------------------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------------------------
    @api.model
    def _order_event(self, orders, event_name, **extra):
        """order_created / order_updated / order_cancelled for confirmed orders."""
        if extra.pop("only_after_created", False):
            announced = set(
                self.env["commerce.bridge.outbox"]
                .sudo()
                .search(
                    [
                        (
                            "message_id",
                            "in",
                            [self._order_event_id(o, "order_created") for o in orders],
                        )
                    ]
                )
                .mapped("res_id")
            )
            orders = orders.filtered(lambda o: o.id in announced)
        for order in orders:
            company = order.company_id
            if not self._wants(company, event_name):
                continue
            phone, problem = self._phone_of(order.partner_id, company)
            order_dict = order._cb_nonito_order_dict(phone)
            event_id = self._order_event_id(order, event_name)
            timestamp = self._now()
            if event_name == "order_created":
                event = nonito.build_order_created(
                    order_dict, event_id=event_id, timestamp=timestamp
                )
            elif event_name == "order_updated":
                event = nonito.build_order_updated(
                    order_dict,
                    status=extra.get("status") or order._cb_nonito_status(),
                    event_id=event_id,
                    timestamp=timestamp,
                )
            else:
                event = nonito.build_order_cancelled(
                    order_dict["order_id"],
                    extra.get("reason") or self.env._("Cancelled"),
                    refunded_amount=extra.get("refunded_amount") or 0.0,
                    reference_number=extra.get("reference_number"),
                    user_id=phone,
                    event_id=event_id,
                    timestamp=timestamp,
                )
            self._queue(company, event, order, f"order:{order.id}", problem)

    def _order_event_id(self, order, event_name):
        # order_created is sent once per order; later events once per occurrence.
        if event_name == "order_created":
            return nonito.stable_event_id(self.env.cr.dbname, event_name, order.id)
        return nonito.stable_event_id(self.env.cr.dbname, event_name, order.id, uuid.uuid4().hex)

    # ------------------------------------------------------------------------------------
    # Shipments
    # ------------------------------------------------------------------------------------
    @api.model
    def _shipment_event(self, pickings, event_name, **extra):
        """order_packed / order_dispatched / order_delivered, once per picking and name."""
        for picking in pickings:
            order = picking.sale_id
            company = picking.company_id
            if not order or not self._wants(company, event_name):
                continue
            phone, problem = self._phone_of(order.partner_id, company)
            event = nonito.build_shipment_event(
                event_name,
                order._cb_nonito_order_id(),
                delivery_company=picking.carrier_id.name or self.env._("Own delivery"),
                tracking_number=picking.carrier_tracking_ref or picking.name,
                tracking_link=picking._cb_tracking_link() or None,
                user_id=phone,
                event_id=nonito.stable_event_id(self.env.cr.dbname, event_name, picking.id),
                timestamp=self._now(),
                **extra,
            )
            self._queue(company, event, order, f"order:{order.id}", problem)

    # ------------------------------------------------------------------------------------
    # Contacts
    # ------------------------------------------------------------------------------------
    @api.model
    def _customer_event(self, partners):
        """customer_created the first time a contact with a phone is seen, then updated."""
        candidates = partners.filtered(lambda p: not p.parent_id and (p.phone or p.mobile))
        if not candidates:
            return
        created_ids = {
            partner.id: nonito.stable_event_id(self.env.cr.dbname, "customer_created", partner.id)
            for partner in candidates
        }
        known = set(
            self.env["commerce.bridge.outbox"]
            .sudo()
            .search([("message_id", "in", list(created_ids.values()))])
            .mapped("message_id")
        )
        for partner in candidates:
            company = partner.company_id or self.env.company
            event_name = (
                "customer_updated" if created_ids[partner.id] in known else "customer_created"
            )
            if not self._wants(company, event_name):
                continue
            phone, problem = self._phone_of(partner, company)
            first, last = nonito.split_name(partner.name or "")
            event = nonito.build_customer_event(
                event_name,
                {
                    "first_name": first,
                    "last_name": last,
                    "email": partner.email or None,
                    "phone": phone,
                    "marketing_consent": partner.x_marketing_consent,
                },
                event_id=(
                    created_ids[partner.id]
                    if event_name == "customer_created"
                    else nonito.stable_event_id(
                        self.env.cr.dbname, event_name, partner.id, uuid.uuid4().hex
                    )
                ),
                timestamp=self._now(),
            )
            self._queue(company, event, partner, f"partner:{partner.id}", problem)
