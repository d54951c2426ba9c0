import logging
import uuid

from odoo import api, fields, models

from ..lib import dates, medusa

_logger = logging.getLogger(__name__)

INVENTORY_BULK_CHUNK = 1000


class CommerceBridgeMedusaPush(models.AbstractModel):
    """Odoo -> Medusa: products, stock levels and order status, always through the outbox."""

    _name = "commerce.bridge.medusa.push"
    _description = "Commerce Bridge: Medusa outbound"

    def _outbox(self):
        return self.env["commerce.bridge.outbox"]

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
                {
                    "channel": "medusa.order_status",
                    "payload": medusa.build_order_status(event_type, order_dict),
                    "company": order.company_id,
                    "message_id": f"medusa-{event_type}-{order.id}-{uuid.uuid4().hex[:12]}",
                    "aggregate_key": f"medusa-order:{order.x_medusa_order_id}",
                    "source": order,
                }
            )
        return self._outbox()._cb_enqueue(messages)

    # ------------------------------------------------------------------------------------
    # Products (seed 13.1 webhook, seed 5.2 bulk)
    # ------------------------------------------------------------------------------------
    @api.model
    def _product_webhooks(self, products):
        """product.created / updated / deleted for variants with a SKU."""
        products = products.with_context(active_test=False).filtered("default_code")
        if not products:
            return self._outbox()
        already_sent = self._skus_with_product_messages(products)
        creating = self._products_with_pending_creation(products)
        messages = []
        for product in products:
            company = product.company_id or self.env.company
            if not company.cb_medusa_product_push_enabled:
                continue
            if not (product.active and product.product_tmpl_id.active):
                event_type = "product.deleted"
            elif product.id in creating:
                # Medusa has not received the creation yet: it carries the newest state.
                event_type = "product.created"
            elif (company.id, product.default_code) in already_sent:
                event_type = "product.updated"
            else:
                event_type = "product.created"
            messages.append(self._product_message(company, product, event_type))
        return self._outbox()._cb_enqueue(messages)

    def _product_message(self, company, product, event_type):
        # The body is built when the message is sent (refresh_on_send): saving a product only
        # queues this row, and a burst of edits sends the newest state once.
        return {
            "channel": "medusa.product_webhook",
            "payload": {
                "event_type": event_type,
                "product": {"odoo_id": product.id, "sku": product.default_code},
            },
            "refresh_on_send": True,
            "company": company,
            "message_id": f"medusa-{event_type}-{product.id}-{uuid.uuid4().hex[:12]}",
            "aggregate_key": f"sku:{company.id}:{product.default_code}",
            # Bursts of edits collapse into the newest state of the product, per event type.
            "supersede_key": f"product:{company.id}:{product.id}:{event_type}",
            "source": product,
        }

    def _products_with_pending_creation(self, products):
        rows = (
            self._outbox()
            .sudo()
            .search_read(
                [
                    ("channel", "=", "medusa.product_webhook"),
                    ("state", "in", ("pending", "retrying")),
                    ("res_model", "=", "product.product"),
                    ("res_id", "in", products.ids),
                    ("supersede_key", "=like", "product:%:product.created"),
                ],
                ["res_id"],
            )
        )
        return {row["res_id"] for row in rows}

    def _skus_with_product_messages(self, products):
        """(company id, SKU) pairs Medusa has heard of already (one query)."""
        keys = [f"sku:{(p.company_id or self.env.company).id}:{p.default_code}" for p in products]
        rows = (
            self._outbox()
            .sudo()
            .search_read(
                [
                    ("channel", "in", ("medusa.product_webhook", "medusa.products_bulk")),
                    ("aggregate_key", "in", keys),
                    ("state", "!=", "cancelled"),
                ],
                ["aggregate_key"],
            )
        )
        sent = set()
        for row in rows:
            _prefix, company_id, sku = row["aggregate_key"].split(":", 2)
            sent.add((int(company_id), sku))
        return sent

    @api.model
    def _products_bulk(self, products, company):
        products = products.filtered("default_code")
        currency = company.currency_id
        factor = company._cb_minor_factor(currency.name)
        levels = products._cb_stock_levels(company)
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
                {
                    "channel": "medusa.products_bulk",
                    "payload": payload,
                    "company": company,
                    "message_id": f"medusa-bulk-{product.id}-{uuid.uuid4().hex[:12]}",
                    "aggregate_key": f"sku:{company.id}:{product.default_code}",
                    "supersede_key": f"product-bulk:{company.id}:{product.id}",
                    "source": product,
                }
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
            {
                "channel": "medusa.inventory_webhook",
                "payload": medusa.build_inventory_item(
                    product.default_code, 0, odoo_product_id=product.id
                ),
                "company": company,
                "message_id": f"medusa-stock-{company.id}-{product.id}-{uuid.uuid4().hex[:12]}",
                "aggregate_key": f"sku:{company.id}:{product.default_code}",
                "supersede_key": f"stock:{company.id}:{product.id}",
                "refresh_on_send": True,
                "source": product,
            }
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
        levels = products._cb_stock_levels(company)
        items = [
            {"sku": sku, "quantity": int(levels.get(product_id, 0))}
            for product_id, sku in zip(products.ids, products.mapped("default_code"), strict=True)
        ]
        # A newer reconciliation replaces one still waiting.
        self._outbox().sudo().search(
            [
                ("company_id", "=", company.id),
                ("channel", "=", "medusa.inventory_bulk"),
                ("state", "in", ("pending", "retrying")),
            ]
        ).write({"state": "cancelled", "last_error": "Superseded by a newer reconciliation"})
        stamp = dates.iso_utc(fields.Datetime.now())
        messages = [
            {
                "channel": "medusa.inventory_bulk",
                "payload": medusa.inventory_bulk_body(items[start : start + INVENTORY_BULK_CHUNK]),
                "company": company,
                "message_id": f"medusa-reconcile-{company.id}-{stamp}-{start}",
            }
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
