from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models

from ..lib import channels


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # The peers that send inbound events (each adds itself to the event log's selection).
    x_cb_source = fields.Selection(
        selection="_selection_cb_source",
        string="Imported from",
        copy=False,
        readonly=True,
    )
    x_cb_peer_status = fields.Char(
        "Peer status",
        copy=False,
        readonly=True,
        tracking=True,
        help="The order's status at the peer that imported it, in words.",
    )
    x_cb_peer_total = fields.Monetary("Total announced by the peer", copy=False, readonly=True)
    x_cb_total_mismatch = fields.Boolean(
        "Total differs from the peer", copy=False, readonly=True, tracking=True
    )
    x_cb_import_issues = fields.Text("Import issues", copy=False, readonly=True)
    x_cb_held_reason = fields.Char(
        "Held for review",
        copy=False,
        readonly=True,
        help="Why this imported order was not confirmed automatically (an unknown SKU, an "
        "unmapped carrier...): a person completes it, then confirms.",
    )
    x_cb_delivered = fields.Boolean("Delivered to the customer", copy=False, tracking=True)
    x_cb_payment_method = fields.Char("Payment method (peer)", copy=False)
    x_cb_cancel_reason = fields.Char("Cancellation reason", copy=False, tracking=True)

    x_cb_inbound_count = fields.Integer("Inbound events", compute="_compute_cb_counts")
    x_cb_outbox_count = fields.Integer("Outbound messages", compute="_compute_cb_counts")
    x_cb_sync_state = fields.Selection(
        list(channels.SYNC_STATES),
        string="Sync",
        compute="_compute_cb_sync_state",
        help="Its outbound messages: all delivered, some still waiting, or some dead or paused.",
    )

    def _compute_cb_sync_state(self):
        rows = (
            self.env["commerce.bridge.outbox"]
            .sudo()
            ._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id", "state"],
                ["__count"],
            )
        )
        states = defaultdict(set)
        for res_id, state, _count in rows:
            states[res_id].add(state)
        for order in self:
            order.x_cb_sync_state = channels.sync_state(states[order.id]) or False

    def _compute_cb_counts(self):
        """Two grouped counts for the whole page of orders, not two queries per order."""
        inbound = self._cb_count_rows("commerce.bridge.inbound.event")
        outbound = self._cb_count_rows("commerce.bridge.outbox")
        for order in self:
            order.x_cb_inbound_count = inbound.get(order.id, 0)
            order.x_cb_outbox_count = outbound.get(order.id, 0)

    def _cb_count_rows(self, model_name):
        """{order id: rows of that log about it}, in one grouped query."""
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        return dict(self.env[model_name].sudo()._read_group(domain, ["res_id"], ["__count"]))

    def action_cb_open_inbound_events(self):
        return self._cb_open_sync_records("commerce.bridge.inbound.event")

    def action_cb_open_outbox(self):
        return self._cb_open_sync_records("commerce.bridge.outbox")

    def _cb_open_sync_records(self, model_name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env[model_name]._description,
            "res_model": model_name,
            "view_mode": "list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
        }

    def _selection_cb_source(self):
        peers = self.env["commerce.bridge.inbound.event"]._fields["peer"].selection
        return [(code, label) for code, label in peers if code != "none"]

    def _prepare_confirmation_values(self):
        values = super()._prepare_confirmation_values()
        # An imported order keeps the date the customer placed it in the shop.
        if self and all(self.mapped("x_cb_source")):
            values.pop("date_order", None)
        return values

    # ------------------------------------------------------------------------------------
    # Imported orders: one creation path for every peer
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
        issues = list(draft.get("issues") or [])
        holds = list(draft.get("holds") or [])
        if company.cb_unknown_sku_policy == "create":
            products, created = self.env["product.product"]._cb_create_missing(
                company, draft["lines"], products
            )
            if created:
                issues.append(
                    self.env._(
                        "Product(s) created for unknown SKU(s): %s",
                        ", ".join(created.mapped("default_code")),
                    )
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
        responsible = company._cb_responsible_user()
        # The responsible person follows the order but gets no "assigned to you" mail for
        # every imported order: activities tell them when one needs them.
        order = (
            self.with_company(company)
            .with_context(mail_auto_subscribe_no_notify=True)
            .create(
                {
                    "user_id": responsible.id,
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
        )
        created_lines = order.order_line.sorted("id")
        taxed = (
            self.env["sale.order.line"]
            .browse([created_lines[i].id for i in untaxed])
            .filtered("tax_id")
        )
        if taxed:
            taxed.tax_id = False
        if unknown:
            skus = ", ".join(str(line.get("sku")) for line in unknown)
            issues.append(self.env._("Unknown SKU(s): %s", skus))
            holds.append(
                self.env._(
                    "no product has the SKU(s) %s: add the products (or fix their internal "
                    "reference) and complete the lines",
                    skus,
                )
            )
        if holds:
            order._cb_hold(holds)
        order._cb_check_total(draft["peer_total"])
        if issues:
            order.x_cb_import_issues = "\n".join(issues)
        if draft.get("confirm", True) and order._cb_may_auto_confirm():
            order.action_confirm()
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_order_imported", order)
        return order

    def _cb_may_auto_confirm(self):
        """Confirmed without a person: the company wants it, every line is a known product
        and the total is the one the customer was charged (unless the company opted out)."""
        self.ensure_one()
        company = self.company_id
        return (
            self.state == "draft"
            and company.cb_auto_confirm
            and not self.x_cb_held_reason
            and (not self.x_cb_total_mismatch or company.cb_confirm_mismatched_totals)
        )

    def _cb_ask_a_person(self, summary, text):
        """An activity for the company's responsible user; peer text is escaped."""
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=Markup("<p>%s</p>") % text,
            user_id=self.company_id._cb_responsible_user().id,
        )

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

    def _cb_hold(self, reasons):
        """Keep the order a quotation and tell the responsible person why."""
        self.ensure_one()
        self.x_cb_held_reason = "; ".join(reasons)[:500]
        self._cb_ask_a_person(
            self.env._("Imported order held for review"),
            self.env._(
                "This order was imported unconfirmed: %s. Then confirm it.",
                "; ".join(reasons),
            ),
        )

    def _cb_check_total(self, peer_total):
        """Compare with the total the customer was charged; a difference holds the order
        as a quotation (see _cb_may_auto_confirm) and tells a person both totals."""
        self.ensure_one()
        mismatch = self.currency_id.compare_amounts(self.amount_total, float(peer_total)) != 0
        self.x_cb_total_mismatch = mismatch
        if not mismatch:
            return
        odoo_total = self.currency_id.format(self.amount_total)
        charged = self.currency_id.format(float(peer_total))
        if self.company_id.cb_confirm_mismatched_totals:
            self.message_post(
                body=self.env._(
                    "The total of this order (%(odoo)s) differs from the total the peer "
                    "charged (%(peer)s).",
                    odoo=odoo_total,
                    peer=charged,
                )
            )
            return
        self._cb_ask_a_person(
            self.env._("Imported order total differs"),
            self.env._(
                "The lines of this order add up to %(odoo)s, but the customer was charged "
                "%(peer)s. It stays a quotation: correct the lines (or accept the difference), "
                "then confirm.",
                odoo=odoo_total,
                peer=charged,
            ),
        )

    # ------------------------------------------------------------------------------------
    # Business changes (automation rules): every peer hears of them
    # ------------------------------------------------------------------------------------
    def _cb_on_confirmed(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_order_confirmed", self)

    def _cb_on_cancelled(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_order_cancelled", self)

    def _cb_on_delivered(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_order_delivered", self)

    def _cb_on_updated(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_order_updated", self)

    def _cb_cancel_reason(self):
        self.ensure_one()
        return self.x_cb_cancel_reason or self.env._("Cancelled in Odoo")

    def _cb_status_label(self):
        """The order's status in words, for peers that report it: the status at the peer
        that imported it, else Odoo's."""
        self.ensure_one()
        if self.x_cb_delivered:
            return "delivered"
        return self.x_cb_peer_status or dict(
            self._fields["state"]._description_selection(self.env)
        ).get(self.state, self.state)

    def action_cb_mark_delivered(self):
        self.filtered(lambda o: o.state == "sale" and not o.x_cb_delivered).x_cb_delivered = True
        return True

    def _cb_last_delivery(self):
        self.ensure_one()
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        ).sorted("date_done")[-1:]
