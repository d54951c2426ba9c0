import json
import logging
import uuid
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ...lib import channels, dates, medusa

_logger = logging.getLogger(__name__)

INVENTORY_BULK_CHUNK = 1000
# A save queues "the product changed": whether Medusa hears product.created or
# product.updated is decided when the message is sent (``_decide_product_events``), off the
# user's time. It coalesces into a waiting one, or into a product.created that SKU_NOT_FOUND
# queued. (Each key is one more row per product in the refresh of a price written on 10,000
# products: a product.updated queued before this rule is simply followed by a new message.)
PRODUCT_CHANGED = "product.changed"
LIVE_PRODUCT_EVENTS = (PRODUCT_CHANGED, "product.created")


class CommerceBridgePeerMedusa(models.AbstractModel):
    """Odoo -> Medusa: products, stock levels and order status, always through the outbox."""

    _inherit = "commerce.bridge.peer.medusa"

    # ------------------------------------------------------------------------------------
    # Order status (seed 13.3)
    # ------------------------------------------------------------------------------------
    @api.model
    def _order_status(self, orders, event_type, details=None):
        """Queue ``event_type`` for the Medusa orders among ``orders``.
        ``details``: {order id: {extra keys of the seed's order object}}."""
        details = details or {}
        messages = []
        for order in orders.filtered("x_medusa_order_id"):
            if not order.company_id.cb_medusa_status_push_enabled:
                continue
            order_dict = {
                "medusa_order_id": order.x_medusa_order_id,
                "odoo_order_id": order.id,
                "odoo_order_name": order.name,
                **details.get(order.id, {}),
            }
            messages.append(
                channels.Message(
                    medusa.ORDER_STATUS.key,
                    medusa.build_order_status(event_type, order_dict),
                    order.company_id,
                    f"medusa-{event_type}-{order.id}-{uuid.uuid4().hex[:12]}",
                    aggregate_key=f"medusa-order:{order.x_medusa_order_id}",
                    source=order,
                    event_type=event_type,
                )
            )
        return self._outbox()._cb_enqueue(messages)

    # ------------------------------------------------------------------------------------
    # Products (seed 13.1 webhook, seed 5.2 bulk)
    # ------------------------------------------------------------------------------------
    @api.model
    def _product_webhooks(self, products):
        """product.created / updated / deleted for variants with a SKU.

        A product whose message still waits only refreshes it (one UPDATE for all the
        products: the usual save costs one query); the others are queued (one INSERT, which
        also wakes the dispatcher). Created or updated is decided when they are sent."""
        products = products.with_context(active_test=False).filtered("default_code")
        wanted = []
        for product in products:
            company = product.company_id or self.env.company
            if company.cb_medusa_product_push_enabled:
                wanted.append((company, product, product.active and product.product_tmpl_id.active))
        if not wanted:
            return self._outbox()
        outbox = self._outbox()
        candidates = [
            self._product_message(company, product, event_type)
            for company, product, live in wanted
            for event_type in (LIVE_PRODUCT_EVENTS if live else ("product.deleted",))
        ]
        # A refreshed message still waits: the dispatcher was woken when it was queued.
        refreshed, keys = outbox._cb_coalesce(
            [(message, outbox._cb_payload_text(message)) for message in candidates]
        )
        hit = {
            message.source.id
            for message in candidates
            if (message.supersede_key, message.company.id) in keys
        }
        messages = [
            self._product_message(company, product, PRODUCT_CHANGED if live else "product.deleted")
            for company, product, live in wanted
            if product.id not in hit
        ]
        return refreshed | outbox._cb_enqueue(messages, coalesce=False)

    def _product_message(self, company, product, event_type):
        # The body is built when the message is sent (refresh_on_send): saving a product only
        # queues this row, and a burst of edits sends the newest state once.
        return channels.Message(
            medusa.PRODUCT_WEBHOOK.key,
            {
                "event_type": event_type,
                "product": {"odoo_id": product.id, "sku": product.default_code},
            },
            company,
            f"medusa-{event_type}-{product.id}-{uuid.uuid4().hex[:12]}",
            refresh_on_send=True,
            aggregate_key=self._sku_key(company, product.default_code),
            # Bursts of edits collapse into the newest state of the product, per event type.
            supersede_key=f"product:{company.id}:{product.id}:{event_type}",
            source=product,
            event_type=event_type,
            sku=product.default_code,
        )

    @api.model
    def _levels(self, products, company):
        available = company.cb_medusa_inventory_mode == "available"
        return products._cb_stock_levels(company, available=available)

    @api.model
    def _cb_refresh_payloads(self, messages):
        """Product and stock payloads built right before sending (the newest state wins,
        and the user's save only queued a row). Stock levels in one query per company."""
        fresh = {}
        Product = self.env["product.product"].with_context(active_test=False)
        for company in messages.company_id:
            rows = messages.filtered(lambda m, c=company: m.company_id == c)
            products = Product.browse(rows.mapped("res_id")).exists()
            by_id = {product.id: product for product in products}
            stock_rows = rows.filtered(lambda m: m.channel == medusa.INVENTORY_WEBHOOK.key)
            levels = self._levels(products, company) if stock_rows else {}
            warehouse_name = company.cb_warehouse_id.name or None
            self._decide_product_events(rows - stock_rows, by_id, company)
            for row in rows:
                product = by_id.get(row.res_id)
                if not product:
                    # Gone from Odoo: the queued body, under the event type decided above.
                    queued = json.loads(row.payload)
                    if row not in stock_rows and queued.get("event_type") != row.event_type:
                        fresh[row.id] = dict(queued, event_type=row.event_type)
                    continue
                if row in stock_rows:
                    fresh[row.id] = medusa.build_inventory_item(
                        product.default_code,
                        int(levels.get(product.id, 0)),
                        odoo_product_id=product.id,
                        warehouse_name=warehouse_name,
                    )
                else:
                    fresh[row.id] = medusa.build_product_webhook(
                        row.event_type, product._cb_medusa_webhook_dict()
                    )
        return fresh

    @api.model
    def _cron_inventory_reconciliation(self):
        for company in self.env["res.company"].search(
            [("cb_medusa_inventory_push_enabled", "=", True)]
        ):
            self.with_company(company)._inventory_reconciliation(company)

    @api.model
    def _cron_drift_report(self):
        Drift = self.env["commerce.bridge.stock.drift"]
        for company in self.env["res.company"].search([("cb_medusa_base_url", "!=", False)]):
            Drift.with_company(company)._cb_refresh(company)

    @api.model
    def _sku_key(self, company, sku):
        """The aggregate of everything about one SKU: its messages never overtake each other."""
        return f"sku:{company.id}:{sku}"

    def _decide_product_events(self, rows, products_by_id, company):
        """A queued "product changed" becomes product.created when Medusa has never received
        the SKU (no delivered product message), product.updated otherwise, and
        product.deleted when the product is gone from Odoo. One EXISTS per SKU, in the
        dispatcher: older messages of a SKU are delivered first (same aggregate), so what
        they did is known when this one leaves."""
        undecided = rows.filtered(lambda row: row.event_type == PRODUCT_CHANGED)
        if not undecided:
            return
        skus = {row.sku for row in undecided if row.sku}
        heard = set()
        if skus:
            undecided.flush_model(["channel", "sku", "state", "company_id"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT wanted.sku
                      FROM unnest(%s::varchar[]) AS wanted (sku)
                     WHERE EXISTS (SELECT 1 FROM commerce_bridge_outbox o
                                    WHERE o.sku = wanted.sku AND o.company_id = %s
                                      AND o.channel IN %s AND o.state = 'done')
                    """,
                    sorted(skus),
                    company.id,
                    (medusa.PRODUCT_WEBHOOK.key, medusa.PRODUCTS_BULK.key),
                )
            )
            heard = {row[0] for row in self.env.cr.fetchall()}
        decided = defaultdict(list)
        for row in undecided:
            if row.res_id not in products_by_id:
                decided["product.deleted"].append(row.id)
            elif row.sku in heard:
                decided["product.updated"].append(row.id)
            else:
                decided["product.created"].append(row.id)
        # One write per event type for the whole batch.
        for event_type, ids in decided.items():
            undecided.browse(ids).write({"event_type": event_type})

    @api.model
    def _products_bulk(self, products, company):
        products = products.filtered("default_code")
        currency = company.currency_id
        factor = company._cb_minor_factor(currency.name)
        levels = self._levels(products, company)
        base_url = company.get_base_url()
        messages = []
        for product in products:
            payload = medusa.build_bulk_product(
                product._cb_medusa_bulk_dict(levels.get(product.id, 0), base_url),
                currency_code=currency.name,
                factor=factor,
                base_url=base_url,
            )
            messages.append(
                channels.Message(
                    medusa.PRODUCTS_BULK.key,
                    payload,
                    company,
                    f"medusa-bulk-{product.id}-{uuid.uuid4().hex[:12]}",
                    aggregate_key=self._sku_key(company, product.default_code),
                    supersede_key=f"product-bulk:{company.id}:{product.id}",
                    source=product,
                    sku=product.default_code,
                )
            )
        return self._outbox()._cb_enqueue(messages)

    # ------------------------------------------------------------------------------------
    # Stock levels (seed 13.2 webhook, seed 6.2 bulk update)
    # ------------------------------------------------------------------------------------
    @api.model
    def _stock_levels(self, products, company):
        """One coalescing message per SKU; the level itself is read when it is sent, so the
        newest level always wins however many moves happened in between."""
        if not company.cb_medusa_inventory_push_enabled:
            return self._outbox()
        messages = [
            channels.Message(
                medusa.INVENTORY_WEBHOOK.key,
                medusa.build_inventory_item(product.default_code, 0, odoo_product_id=product.id),
                company,
                f"medusa-stock-{company.id}-{product.id}-{uuid.uuid4().hex[:12]}",
                aggregate_key=self._sku_key(company, product.default_code),
                supersede_key=f"stock:{company.id}:{product.id}",
                refresh_on_send=True,
                source=product,
                sku=product.default_code,
            )
            for product in products.filtered("default_code")
        ]
        return self._outbox()._cb_enqueue(messages)

    @api.model
    def _inventory_reconciliation(self, company):
        """Seed 8.3: every SKU's level in bulk-update requests of 1,000 items; the levels of
        all products are read in a constant number of queries."""
        products = self.env["product.product"].search(
            [
                ("default_code", "!=", False),
                ("is_storable", "=", True),
                ("company_id", "in", (company.id, False)),
            ]
        )
        levels = self._levels(products, company)
        items = [
            {"sku": sku, "quantity": int(levels.get(product_id, 0))}
            for product_id, sku in zip(products.ids, products.mapped("default_code"), strict=True)
        ]
        # A newer reconciliation replaces one still waiting.
        self._outbox().sudo().search(
            [
                ("company_id", "=", company.id),
                ("channel", "=", medusa.INVENTORY_BULK.key),
                ("state", "in", ("pending", "retrying")),
            ]
        ).write({"state": "cancelled", "last_error": "Superseded by a newer reconciliation"})
        stamp = dates.iso_utc(fields.Datetime.now())
        messages = [
            channels.Message(
                medusa.INVENTORY_BULK.key,
                medusa.inventory_bulk_body(items[start : start + INVENTORY_BULK_CHUNK]),
                company,
                f"medusa-reconcile-{company.id}-{stamp}-{start}",
            )
            for start in range(0, len(items), INVENTORY_BULK_CHUNK)
        ]
        return self._outbox()._cb_enqueue(messages)

    @api.model
    def _repush_unknown_skus(self, company, skus):
        """SKU_NOT_FOUND: the product first, then its stock (same aggregate: in that order)."""
        products = (
            self.env["product.product"]
            .with_context(active_test=False)
            .search([("default_code", "in", list(skus)), ("company_id", "in", (company.id, False))])
        )
        messages = [
            self._product_message(company, product, "product.created") for product in products
        ]
        self._outbox()._cb_enqueue(messages)
        return self.with_company(company)._stock_levels(products, company)
