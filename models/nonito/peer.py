import uuid

from odoo import api, fields, models

from ...lib import channels, dates, http_client, nonito, phones

PEER = nonito.PEER


class CommerceBridgeOutbox(models.Model):
    _inherit = "commerce.bridge.outbox"

    peer = fields.Selection(selection_add=[(PEER, "Nonito")], ondelete={PEER: "cascade"})


class CommerceBridgePeerNonito(models.AbstractModel):
    """Odoo -> Nonito transactional events (seed 000), validated before they are queued.

    An event that fails validation or has no usable phone is written as a dead outbox row
    with the reason: visible to managers, never sent, never blocking a batch.
    """

    _name = "commerce.bridge.peer.nonito"
    _inherit = "commerce.bridge.peer"
    _description = "Commerce Bridge peer: Nonito"

    # ------------------------------------------------------------------------------------
    # Outbound hooks
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_client(self, company):
        return company._cb_nonito_client()

    @api.model
    def _cb_batch_size(self, channel, company):
        return company.cb_nonito_batch_size or channel.max_items

    @api.model
    def _cb_handle_outcome(self, channel, messages, outcome):
        # Nonito refuses a whole batch for one bad event: only the named indices are dead.
        if outcome.kind != http_client.INVALID:
            return False
        body = outcome.body if isinstance(outcome.body, dict) else {}
        messages._cb_refuse_items(nonito.parse_validation_error(body), outcome)
        return True

    # ------------------------------------------------------------------------------------
    # Business changes
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_on_order_confirmed(self, orders):
        self._order_event(orders, "order_created")

    @api.model
    def _cb_on_order_cancelled(self, orders):
        for order in orders:
            refunds = order.invoice_ids.filtered(
                lambda m: m.move_type == "out_refund" and m.state == "posted"
            )
            self._order_event(
                order,
                "order_cancelled",
                reason=order._cb_cancel_reason(),
                refunded_amount=sum(refunds.mapped("amount_total")),
                reference_number=", ".join(refunds.mapped("name")) or None,
            )

    @api.model
    def _cb_on_order_delivered(self, orders):
        for order in orders:
            self._shipment_event(order._cb_last_delivery(), "order_delivered")

    @api.model
    def _cb_on_order_updated(self, orders):
        # An update is news only after the creation went out (the confirmation itself also
        # touches the watched fields).
        self._order_event(
            orders.filtered(lambda o: o.state == "sale"), "order_updated", only_after_created=True
        )

    @api.model
    def _cb_on_delivery_done(self, pickings):
        """A validated delivery to the customer is 'dispatched'; a validated pack step of a
        multi-step delivery is 'packed'."""
        packed = pickings.filtered(
            lambda p: p.sale_id and p.picking_type_id == p.picking_type_id.warehouse_id.pack_type_id
        )
        self._shipment_event(packed, "order_packed")
        self._shipment_event(pickings._cb_customer_deliveries(), "order_dispatched")

    @api.model
    def _cb_on_tracking_set(self, pickings):
        """One-step delivery has no pack step: the tracking number marks it packed."""
        one_step = pickings._cb_customer_deliveries().filtered(
            lambda p: p.picking_type_id.warehouse_id.delivery_steps == "ship_only"
        )
        self._shipment_event(one_step, "order_packed")

    @api.model
    def _cb_on_partner_changed(self, partners):
        self._customer_event(partners)

    # ------------------------------------------------------------------------------------
    # Building and queueing events
    # ------------------------------------------------------------------------------------
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
    def _message(self, company, event, source, aggregate_key, problem=None):
        """The outbox message of one event (dead with the reason when it is not valid)."""
        errors = [problem] if problem else nonito.validate_event(event)
        return channels.Message(
            nonito.EVENTS_CHANNEL,
            event,
            company,
            event["event_id"],
            aggregate_key=aggregate_key,
            source=source,
            event_type=event.get("event_name"),
            dead_reason="; ".join(errors) if errors else None,
        )

    @api.model
    def _queue(self, messages):
        """All the events of one change in one enqueue (one INSERT, no search)."""
        return self.env["commerce.bridge.outbox"]._cb_enqueue(messages)

    @api.model
    def _now(self):
        return dates.iso_utc(fields.Datetime.now())

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
        messages = []
        for order in orders:
            company = order.company_id
            if not self._wants(company, event_name):
                continue
            phone, problem = self._phone_of(order.partner_id, company)
            order_dict = self._order_dict(order, phone)
            event_id = self._order_event_id(order, event_name)
            timestamp = self._now()
            if event_name == "order_created":
                event = nonito.build_order_created(
                    order_dict, event_id=event_id, timestamp=timestamp
                )
            elif event_name == "order_updated":
                event = nonito.build_order_updated(
                    order_dict,
                    status=extra.get("status") or order._cb_status_label(),
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
            messages.append(self._message(company, event, order, f"order:{order.id}", problem))
        return self._queue(messages)

    def _order_event_id(self, order, event_name):
        # order_created is sent once per order; later events once per occurrence.
        if event_name == "order_created":
            return nonito.stable_event_id(self.env.cr.dbname, event_name, order.id)
        return nonito.stable_event_id(self.env.cr.dbname, event_name, order.id, uuid.uuid4().hex)

    @api.model
    def _shipment_event(self, pickings, event_name, **extra):
        """order_packed / order_dispatched / order_delivered, once per picking and name."""
        messages = []
        for picking in pickings:
            order = picking.sale_id
            company = picking.company_id
            if not order or not self._wants(company, event_name):
                continue
            phone, problem = self._phone_of(order.partner_id, company)
            event = nonito.build_shipment_event(
                event_name,
                order.name,
                delivery_company=picking.carrier_id.name or self.env._("Own delivery"),
                tracking_number=picking.carrier_tracking_ref or picking.name,
                tracking_link=picking._cb_tracking_link() or None,
                user_id=phone,
                event_id=nonito.stable_event_id(self.env.cr.dbname, event_name, picking.id),
                timestamp=self._now(),
                **extra,
            )
            messages.append(self._message(company, event, order, f"order:{order.id}", problem))
        return self._queue(messages)

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
        messages = []
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
            messages.append(
                self._message(company, event, partner, f"partner:{partner.id}", problem)
            )
        return self._queue(messages)

    @api.model
    def _order_dict(self, order, phone):
        """The order as lib.nonito's builders take it."""
        first, last = nonito.split_name(order.partner_id.name or "")
        lines = order.order_line.filtered(
            lambda line: not line.display_type and not line.is_delivery
        )
        subtotal = sum(line.price_unit * line.product_uom_qty for line in lines)
        warehouse = order.warehouse_id
        order_dict = {
            "order_id": order.name,
            "channel": "store" if warehouse.x_is_store else "online",
            "financials": {
                "subtotal": subtotal,
                "total_discounts": subtotal - sum(lines.mapped("price_subtotal")),
                "total_tax": order.amount_tax,
                "total_price": order.amount_total,
                "currency": order.currency_id.name,
                "payment_method": order.x_cb_payment_method or "unknown",
            },
            "customer": {
                "first_name": first,
                "last_name": last,
                "email": order.partner_id.email or None,
                "phone": phone,
            },
            "items": [
                {
                    "product_id": line.product_id.default_code or str(line.product_id.id),
                    "name": line.product_id.name,
                    "quantity": int(line.product_uom_qty),
                    "unit_price": line.price_unit,
                    "total_discount": line.price_unit * line.product_uom_qty - line.price_subtotal,
                    "total_tax": line.price_tax,
                    "total_price": line.price_total,
                    "category": {
                        "id": str(line.product_id.categ_id.id),
                        "name": line.product_id.categ_id.name,
                    },
                }
                for line in lines
            ],
            "note": order.x_cb_import_issues or None,
            "currency_decimals": order.currency_id.decimal_places,
        }
        if warehouse.x_is_store:
            order_dict["branch"] = {
                "branch_id": warehouse.x_branch_code or warehouse.code,
                "name": warehouse.name,
                "location": warehouse.partner_id.contact_address or None,
                "city": warehouse.x_branch_city or warehouse.partner_id.city or None,
                "phone": warehouse.x_branch_phone or None,
            }
        return order_dict
