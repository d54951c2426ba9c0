from odoo import Command, api, fields, models

from ..lib import dates, nonito, omnitron


class SaleOrder(models.Model):
    _inherit = "sale.order"

    x_medusa_order_id = fields.Char("Medusa order id", copy=False, index="btree_not_null")
    x_medusa_display_id = fields.Char("Medusa order number", copy=False)
    x_medusa_status = fields.Char("Medusa status", copy=False, tracking=True)
    x_medusa_fulfillment_status = fields.Char("Medusa fulfilment", copy=False, tracking=True)
    x_medusa_payment_status = fields.Char("Medusa payment", copy=False, tracking=True)
    x_omnitron_order_pk = fields.Integer("Omnitron order id", copy=False, index="btree_not_null")
    x_omnitron_order_number = fields.Char("Omnitron order number", copy=False)
    x_omnitron_channel_pk = fields.Integer("Omnitron channel id", copy=False)
    x_omnitron_channel_name = fields.Char("Omnitron channel", copy=False)
    x_omnitron_status = fields.Char("Omnitron status", copy=False, tracking=True)
    x_omnitron_status_display = fields.Char("Omnitron status (as sent)", copy=False)
    x_omnitron_invoice_number = fields.Char("Omnitron invoice number", copy=False)
    x_cb_source = fields.Selection(
        [("medusa", "Medusa"), ("omnitron", "Omnitron")],
        string="Imported from",
        copy=False,
        readonly=True,
    )
    x_cb_peer_total = fields.Monetary("Total announced by the peer", copy=False, readonly=True)
    x_cb_total_mismatch = fields.Boolean(
        "Total differs from the peer", copy=False, readonly=True, tracking=True
    )
    x_cb_import_issues = fields.Text("Import issues", copy=False, readonly=True)
    x_cb_delivered = fields.Boolean("Delivered to the customer", copy=False, tracking=True)
    x_cb_payment_method = fields.Char("Payment method (peer)", copy=False)
    x_cb_cancel_reason = fields.Char("Cancellation reason", copy=False, tracking=True)

    _sql_constraints = [
        (
            "x_medusa_order_id_company_uniq",
            "unique(x_medusa_order_id, company_id)",
            "This Medusa order was already imported in this company.",
        ),
        (
            "x_omnitron_order_pk_company_uniq",
            "unique(x_omnitron_order_pk, company_id)",
            "This Omnitron order was already imported in this company.",
        ),
        (
            "x_omnitron_number_channel_company_uniq",
            "unique(x_omnitron_order_number, x_omnitron_channel_pk, company_id)",
            "This Omnitron order number already exists in this channel.",
        ),
    ]

    def _prepare_confirmation_values(self):
        values = super()._prepare_confirmation_values()
        # An imported order keeps the date the customer placed it in the shop.
        if self and all(self.mapped("x_cb_source")):
            values.pop("date_order", None)
        return values

    # ------------------------------------------------------------------------------------
    # Imported orders (Medusa, Omnitron): one creation path for both peers
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_create_imported_order(self, company, vals, draft, source):
        """Create (and confirm when allowed) an order from a peer-neutral draft.

        ``draft``: currency (ISO code), lines [{sku, barcodes, name, quantity, price_unit
        (Decimal), discount_amount, tax_rate (None: product taxes, or no tax when
        draft['no_tax']), price_included}], shipping {amount, tax_rate, name} or None,
        peer_total (Decimal), no_tax, issues [str].
        """
        currency = self.env["res.currency"]._cb_activate(draft["currency"])
        self.env["decimal.precision"]._cb_ensure_digits("Product Price", currency.decimal_places)
        products = self.env["product.product"]._cb_match_skus(
            company, [(line.get("sku"), line.get("barcodes") or []) for line in draft["lines"]]
        )
        taxes = self.env["account.tax"]
        # Lines the peer charged no tax on lose their product taxes in one write after the
        # creation: a clear command per line would cost a query per line.
        commands, unknown, untaxed = [], [], []
        for line, product in zip(draft["lines"], products, strict=True):
            if not product:
                unknown.append(line)
                commands.append(Command.create(self._cb_unknown_line_vals(line, currency)))
                continue
            if line.get("tax_rate") is None and draft.get("no_tax"):
                untaxed.append(len(commands))
            commands.append(
                Command.create(self._cb_line_vals(company, product, line, draft, taxes))
            )
        if draft.get("shipping") and draft["shipping"]["amount"]:
            if draft["shipping"].get("tax_rate") is None:
                untaxed.append(len(commands))
            commands.append(Command.create(self._cb_shipping_line_vals(company, draft)))
        warehouse = company.cb_warehouse_id
        order = self.with_company(company).create(
            {
                **vals,
                "company_id": company.id,
                "pricelist_id": self.env["product.pricelist"]
                ._cb_for_currency(company, currency)
                .id,
                "team_id": company.cb_team_id.id or vals.get("team_id") or False,
                **({"warehouse_id": warehouse.id} if warehouse else {}),
                "x_cb_source": source,
                "x_cb_peer_total": float(draft["peer_total"]),
                "order_line": commands,
            }
        )
        created_lines = order.order_line.sorted("id")
        taxed = (
            self.env["sale.order.line"]
            .browse([created_lines[i].id for i in untaxed])
            .filtered("tax_id")
        )
        if taxed:
            taxed.tax_id = False
        issues = list(draft.get("issues") or [])
        if unknown:
            issues.append(
                self.env._(
                    "Unknown SKU(s): %s", ", ".join(str(line.get("sku")) for line in unknown)
                )
            )
            order._cb_flag_unknown_skus(unknown)
        order._cb_check_total(draft["peer_total"])
        if issues:
            order.x_cb_import_issues = "\n".join(issues)
        if company.cb_auto_confirm and draft.get("confirm", True) and not unknown:
            order.action_confirm()
        return order

    def _cb_line_vals(self, company, product, line, draft, taxes):
        vals = {
            "product_id": product.id,
            "product_uom_qty": line["quantity"],
            "price_unit": float(line["price_unit"]),
        }
        if line.get("name"):
            vals["name"] = (
                line["name"]
                if line["name"] == product.display_name
                else (f"{product.display_name}\n{line['name']}")
            )
        gross = line["price_unit"] * line["quantity"]
        if line.get("discount_amount") and gross:
            vals["discount"] = float(line["discount_amount"] / gross * 100)
        if line.get("tax_rate") is not None:
            tax = taxes._cb_sale_tax(company, line["tax_rate"], line.get("price_included", True))
            vals["tax_id"] = [Command.set(tax.ids)]
        vals.update(line.get("extra") or {})
        return vals

    def _cb_unknown_line_vals(self, line, currency):
        price = float(line["price_unit"])
        return {
            "display_type": "line_note",
            "name": self.env._(
                "Unknown SKU %(sku)s: %(name)s, %(qty)s x %(price)s %(currency)s",
                sku=line.get("sku") or "-",
                name=line.get("name") or "",
                qty=line["quantity"],
                price=price,
                currency=currency.name,
            ),
        }

    def _cb_shipping_line_vals(self, company, draft):
        shipping = draft["shipping"]
        product = self.env.ref("commerce_bridge.product_product_cb_shipping")
        vals = {
            "product_id": product.id,
            "name": shipping.get("name") or product.name,
            "product_uom_qty": 1,
            "price_unit": float(shipping["amount"]),
            "is_delivery": True,
        }
        if shipping.get("tax_rate") is not None:
            tax = self.env["account.tax"]._cb_sale_tax(company, shipping["tax_rate"], True)
            vals["tax_id"] = [Command.set(tax.ids)]
        return vals

    def _cb_flag_unknown_skus(self, unknown_lines):
        self.ensure_one()
        skus = ", ".join(str(line.get("sku")) for line in unknown_lines)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Unknown SKU in imported order"),
            note=self.env._(
                "This order was imported unconfirmed: no product has the SKU(s) %s. Add the "
                "products (or fix their internal reference), complete the lines, then confirm.",
                skus,
            ),
            user_id=self.user_id.id or self.env.ref("base.user_admin").id,
        )

    def _cb_check_total(self, peer_total):
        self.ensure_one()
        mismatch = self.currency_id.compare_amounts(self.amount_total, float(peer_total)) != 0
        self.x_cb_total_mismatch = mismatch
        if mismatch:
            self.message_post(
                body=self.env._(
                    "The total of this order (%(odoo)s) differs from the total sent by the "
                    "peer (%(peer)s).",
                    odoo=self.amount_total,
                    peer=float(peer_total),
                )
            )

    def _cb_apply_medusa_status(self, update):
        """order.status_updated: show Medusa's statuses; a cancellation cancels the order."""
        self.ensure_one()
        self.write(
            {
                "x_medusa_status": update.get("new_status"),
                "x_medusa_fulfillment_status": update.get("fulfillment_status"),
                "x_medusa_payment_status": update.get("payment_status"),
            }
        )
        if update.get("cancelled") and self.state != "cancel":
            self._action_cancel()
            self.message_post(body=self.env._("Cancelled in Medusa."))
        return self

    def _cb_apply_omnitron_update(self, parsed, carrier_map=None):
        """Statuses, item statuses, tracking, cancellation, refunds and invoice number."""
        self.ensure_one()
        codes = omnitron.status_groups(parsed.get("status"))
        self.write(
            {
                "x_omnitron_status": parsed.get("status"),
                "x_omnitron_status_display": parsed.get("status_display"),
                "x_omnitron_invoice_number": parsed.get("invoice_number")
                or self.x_omnitron_invoice_number,
            }
        )
        by_item = {
            line.x_omnitron_item_pk: line for line in self.order_line if line.x_omnitron_item_pk
        }
        for item in parsed.get("lines", []):
            line = by_item.get(item.get("pk"))
            if line and line.x_omnitron_item_status != item.get("status"):
                line.x_omnitron_item_status = item.get("status")
        if codes["cancelled"]:
            if self.state != "cancel":
                self._action_cancel()
                self.message_post(
                    body=self.env._("Cancelled in Omnitron (status %s).", parsed.get("status"))
                )
            return self
        if (
            self.state == "draft"
            and codes["approved"]
            and self.company_id.cb_auto_confirm
            and not any(
                line.display_type == "line_note" and line.name.startswith(self.env._("Unknown SKU"))
                for line in self.order_line
            )
        ):
            self.action_confirm()
        item_groups = [
            omnitron.status_groups(item.get("status")) for item in parsed.get("lines", [])
        ]
        shipped = (
            codes["shipped"]
            or codes["delivered"]
            or any(group["shipped"] or group["delivered"] for group in item_groups)
        )
        self._cb_record_tracking(parsed, carrier_map, validate=shipped)
        if codes["delivered"] and not self.x_cb_delivered:
            self.x_cb_delivered = True
        if parsed.get("refund_amount"):
            self.message_post(
                body=self.env._(
                    "Omnitron reports a refund of %(amount)s.", amount=parsed["refund_amount"]
                )
            )
        return self

    def _cb_record_tracking(self, parsed, carrier_map=None, validate=False):
        tracking = parsed.get("tracking_number") or next(
            (
                line.get("tracking_number")
                for line in parsed.get("lines", [])
                if line.get("tracking_number")
            ),
            None,
        )
        pickings = self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )
        vals = {}
        if tracking:
            vals["carrier_tracking_ref"] = tracking
        if parsed.get("tracking_url"):
            vals["x_cb_tracking_url"] = parsed["tracking_url"]
        if carrier_map:
            vals["carrier_id"] = carrier_map.carrier_id.id
        if vals:
            pickings.write(vals)
        if validate and self.company_id.cb_omnitron_validate_delivery:
            pickings._cb_force_validate()

    # ------------------------------------------------------------------------------------
    # Outbound triggers (automation rules): Medusa order status and Nonito order events
    # ------------------------------------------------------------------------------------
    def _cb_on_confirmed(self):
        self.env["commerce.bridge.medusa.push"]._order_status(self, "order.confirmed")
        self.env["commerce.bridge.nonito"]._order_event(self, "order_created")

    def _cb_on_cancelled(self):
        details = {}
        for order in self:
            refunds = order.invoice_ids.filtered(
                lambda m: m.move_type == "out_refund" and m.state == "posted"
            )
            reason = order.x_cb_cancel_reason or self.env._("Cancelled in Odoo")
            details[order.id] = {"cancelled_reason": reason}
            self.env["commerce.bridge.nonito"]._order_event(
                order,
                "order_cancelled",
                reason=reason,
                refunded_amount=sum(refunds.mapped("amount_total")),
                reference_number=", ".join(refunds.mapped("name")) or None,
            )
        self.env["commerce.bridge.medusa.push"]._order_status(self, "order.cancelled", details)

    def _cb_on_delivered(self):
        now = dates.iso_utc(fields.Datetime.now())
        self.env["commerce.bridge.medusa.push"]._order_status(
            self, "order.delivered", {order.id: {"delivered_date": now} for order in self}
        )
        for order in self:
            picking = order._cb_last_delivery()
            if picking:
                self.env["commerce.bridge.nonito"]._shipment_event(picking, "order_delivered")

    def _cb_on_updated(self):
        # An update is news only after the creation went out (the confirmation itself also
        # touches the watched fields).
        self.env["commerce.bridge.nonito"]._order_event(
            self.filtered(lambda o: o.state == "sale"), "order_updated", only_after_created=True
        )

    def action_cb_mark_delivered(self):
        self.filtered(lambda o: o.state == "sale" and not o.x_cb_delivered).x_cb_delivered = True
        return True

    def _cb_last_delivery(self):
        self.ensure_one()
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        ).sorted("date_done")[-1:]

    # --- Nonito order dict (lib.nonito builds and validates the event) -------------------
    def _cb_nonito_order_id(self):
        self.ensure_one()
        return self.name

    def _cb_nonito_status(self):
        self.ensure_one()
        if self.x_cb_delivered:
            return "delivered"
        return (
            self.x_medusa_status
            or self.x_omnitron_status
            or dict(self._fields["state"]._description_selection(self.env)).get(
                self.state, self.state
            )
        )

    def _cb_nonito_order_dict(self, phone):
        self.ensure_one()
        first, last = nonito.split_name(self.partner_id.name or "")
        lines = self.order_line.filtered(
            lambda line: not line.display_type and not line.is_delivery
        )
        subtotal = sum(line.price_unit * line.product_uom_qty for line in lines)
        warehouse = self.warehouse_id
        order = {
            "order_id": self._cb_nonito_order_id(),
            "channel": "store" if warehouse.x_is_store else "online",
            "financials": {
                "subtotal": subtotal,
                "total_discounts": subtotal - sum(lines.mapped("price_subtotal")),
                "total_tax": self.amount_tax,
                "total_price": self.amount_total,
                "currency": self.currency_id.name,
                "payment_method": self.x_cb_payment_method or "unknown",
            },
            "customer": {
                "first_name": first,
                "last_name": last,
                "email": self.partner_id.email or None,
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
            "note": self.x_cb_import_issues or None,
            "currency_decimals": self.currency_id.decimal_places,
        }
        if warehouse.x_is_store:
            order["branch"] = {
                "branch_id": warehouse.x_branch_code or warehouse.code,
                "name": warehouse.name,
                "location": warehouse.partner_id.contact_address or None,
                "city": warehouse.x_branch_city or warehouse.partner_id.city or None,
                "phone": warehouse.x_branch_phone or None,
            }
        return order
