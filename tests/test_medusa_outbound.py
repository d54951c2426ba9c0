import time

from odoo.tests import tagged

from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa

from .common import CommerceBridgeCase


@tagged("post_install", "-at_install")
class TestMedusaOutbound(CommerceBridgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "cb_medusa_product_push_enabled": True,
                "cb_medusa_inventory_push_enabled": True,
                "cb_medusa_status_push_enabled": True,
                "cb_medusa_inbound_enabled": True,
                "cb_medusa_inventory_mode": "on_hand",
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.company.cb_warehouse_id = cls.warehouse
        cls.stock = cls.warehouse.lot_stock_id

    def journal(self, path):
        return [entry["json"] for entry in self.medusa.journal if entry["path"] == path]

    def test_product_events_follow_seed_13_1(self):
        product = self.make_product("PHONE-CASE-001", price=25.0, name="iPhone 15 Pro Case")
        product.standard_price = 12.0
        self.dispatch()
        (created,) = self.journal("/odoo/webhooks/products")
        self.assertEqual(created["event_type"], "product.created")
        self.assertEqual(
            {
                key: created["product"][key]
                for key in ("odoo_id", "sku", "name", "list_price", "standard_price", "active")
            },
            {
                "odoo_id": product.id,
                "sku": "PHONE-CASE-001",
                "name": "iPhone 15 Pro Case",
                "list_price": 25.0,
                "standard_price": 12.0,
                "active": True,
            },
        )
        self.assertIn("PHONE-CASE-001", self.medusa.products)
        product.product_tmpl_id.x_name_ar = "غطاء آيفون"
        self.dispatch()
        updated = self.journal("/odoo/webhooks/products")[-1]
        self.assertEqual(updated["event_type"], "product.updated")
        self.assertEqual(updated["product"]["name_ar"], "غطاء آيفون")
        product.product_tmpl_id.active = False
        self.dispatch()
        self.assertEqual(
            self.journal("/odoo/webhooks/products")[-1]["event_type"], "product.deleted"
        )

    def test_created_or_updated_is_decided_when_sent(self):
        """A save only says the product changed (no history read on the user's time); the
        dispatcher tells Medusa created, updated, or deleted when it is gone from Odoo."""
        product = self.make_product("DECIDE-1", price=5.0)
        queued = self.Outbox.search([("sku", "=", "DECIDE-1")])
        self.assertEqual(queued.event_type, "product.changed")
        self.dispatch()
        self.assertEqual(queued.event_type, "product.created")
        product.list_price = 6.0
        self.dispatch()
        product.list_price = 7.0
        self.env.flush_all()
        last = self.Outbox.search([("sku", "=", "DECIDE-1")], order="id desc", limit=1)
        product.unlink()
        self.dispatch()
        events = [body["event_type"] for body in self.journal("/odoo/webhooks/products")]
        self.assertEqual(events, ["product.created", "product.updated", "product.deleted"])
        self.assertEqual(last.event_type, "product.deleted")
        self.assertEqual(last.state, "done")

    def test_fifty_stock_moves_coalesce_into_one_message(self):
        product = self.make_product("COAL-1")
        self.dispatch()
        for _index in range(50):
            self.env["stock.quant"]._update_available_quantity(product, self.stock, 1.0)
        messages = self.Outbox.search(
            [("channel", "=", "medusa.inventory_webhook"), ("res_id", "=", product.id)]
        )
        self.assertEqual(len(messages), 1)
        self.dispatch()
        (request,) = self.journal("/odoo/webhooks/inventory")
        self.assertEqual(request["event_type"], "inventory.updated")
        self.assertEqual(
            request["items"],
            [
                {
                    "sku": "COAL-1",
                    "quantity": 50,
                    "adjustment_type": "absolute",
                    "odoo_product_id": product.id,
                    "warehouse_name": self.warehouse.name,
                }
            ],
        )
        self.assertEqual(self.medusa.inventory["COAL-1"]["stocked_quantity"], 50)

    def test_unknown_sku_pushes_the_product_first(self):
        self.company.cb_medusa_product_push_enabled = False
        product = self.make_product("LATE-1", price=3.0)
        self.company.cb_medusa_product_push_enabled = True
        self.env["stock.quant"]._update_available_quantity(product, self.stock, 7.0)
        self.dispatch()
        self.dispatch()
        paths = [entry["path"] for entry in self.medusa.journal]
        self.assertEqual(
            paths,
            ["/odoo/webhooks/inventory", "/odoo/webhooks/products", "/odoo/webhooks/inventory"],
        )
        self.assertEqual(self.medusa.inventory["LATE-1"]["stocked_quantity"], 7)
        self.assertIn("LATE-1", self.medusa.products)

    def test_status_pushes_with_tracking(self):
        self.make_product("CASE-IP15PRO-001")
        self.make_product("PB-20000-BLK")
        sample = fake_medusa.sample_order_created()
        self.medusa.add_order(sample["data"]["order"])
        self.company.cb_auto_confirm = True
        self.post_medusa(sample)
        order = self.env["sale.order"].search([("x_medusa_order_id", "=", "order_01ABC123")])
        carrier = self.env["delivery.carrier"].create(
            {
                "name": "FedEx",
                "product_id": self.env["product.product"]
                .create({"name": "FedEx", "type": "service"})
                .id,
            }
        )
        picking = order.picking_ids
        picking.write({"carrier_id": carrier.id, "carrier_tracking_ref": "TRK123456789"})
        picking._cb_force_validate()
        self.dispatch()
        bodies = self.journal("/odoo/webhooks/order-status")
        self.assertEqual(
            [body["event_type"] for body in bodies], ["order.confirmed", "order.shipped"]
        )
        shipped = bodies[1]["order"]
        self.assertEqual(shipped["medusa_order_id"], "order_01ABC123")
        self.assertEqual(shipped["odoo_order_name"], order.name)
        self.assertEqual(shipped["tracking_number"], "TRK123456789")
        self.assertEqual(shipped["carrier_name"], "FedEx")
        self.assertTrue(shipped["shipped_date"].endswith("Z"))
        order.action_cb_mark_delivered()
        self.dispatch()
        self.assertEqual(
            self.journal("/odoo/webhooks/order-status")[-1]["event_type"], "order.delivered"
        )
        metadata = self.medusa.get_order("order_01ABC123")["metadata"]
        self.assertTrue(
            metadata["odoo_shipped"] and metadata["odoo_delivered"] and metadata["synced_at"]
        )

    def test_cancellation_carries_the_reason(self):
        self.make_product("CASE-IP15PRO-001")
        self.make_product("PB-20000-BLK")
        sample = fake_medusa.sample_order_created()
        self.medusa.add_order(sample["data"]["order"])
        self.post_medusa(sample)
        order = self.env["sale.order"].search([("x_medusa_order_id", "=", "order_01ABC123")])
        order.x_cb_cancel_reason = "Customer requested cancellation"
        order._action_cancel()
        self.dispatch()
        cancelled = self.journal("/odoo/webhooks/order-status")[-1]
        self.assertEqual(cancelled["event_type"], "order.cancelled")
        self.assertEqual(cancelled["order"]["cancelled_reason"], "Customer requested cancellation")

    def test_a_save_is_not_slowed_by_a_dead_peer(self):
        self.medusa.refuse()
        try:
            started = time.monotonic()
            product = self.make_product("FAST-1", price=1.0)
            product.list_price = 2.0
            self.env.flush_all()
            elapsed = time.monotonic() - started
        finally:
            self.medusa.accept()
        self.assertLess(elapsed, 1.0)
        self.assertEqual(
            self.Outbox.search(
                [("res_id", "=", product.id), ("res_model", "=", "product.product")]
            ).state,
            "pending",
        )

    def test_full_reconciliation_in_bulk(self):
        products = [self.make_product(f"REC-{index}") for index in range(3)]
        self.dispatch()
        for index, product in enumerate(products):
            self.env["stock.quant"]._update_available_quantity(product, self.stock, 10.0 + index)
        self.dispatch()
        self.medusa.reset()
        self.env["commerce.bridge.peer.medusa"]._cron_inventory_reconciliation()
        self.dispatch()
        (bulk,) = self.journal("/odoo/inventory/bulk-update")
        items = {
            item["sku"]: item["quantity"]
            for item in bulk["items"]
            if item["sku"].startswith("REC-")
        }
        self.assertEqual(items, {"REC-0": 10, "REC-1": 11, "REC-2": 12})

    def test_manual_bulk_push(self):
        product = self.make_product("BULK-1", price=1.275)
        self.company.currency_id = self.env["res.currency"]._cb_activate("KWD")
        self.env["decimal.precision"]._cb_ensure_digits("Product Price", 3)
        product.list_price = 1.275
        self.dispatch()
        product.product_tmpl_id._cb_action_push_to_medusa()
        self.dispatch()
        (bulk,) = self.journal("/odoo/products/bulk")
        self.assertEqual(bulk["products"][0]["sku"], "BULK-1")
        self.assertEqual(bulk["products"][0]["price"], 1275)
        self.assertEqual(bulk["products"][0]["currency_code"], "kwd")

    def test_drift_report_lists_differing_skus(self):
        same, off = self.make_product("DRIFT-SAME"), self.make_product("DRIFT-OFF")
        self.env["stock.quant"]._update_available_quantity(same, self.stock, 5.0)
        self.env["stock.quant"]._update_available_quantity(off, self.stock, 5.0)
        self.medusa.set_inventory("DRIFT-SAME", 5)
        self.medusa.set_inventory("DRIFT-OFF", 9)
        self.medusa.set_inventory("DRIFT-UNKNOWN", 2)
        self.env.flush_all()
        self.env["commerce.bridge.peer.medusa"]._cron_drift_report()
        drift = self.env["commerce.bridge.stock.drift"].search(
            [("company_id", "=", self.company.id)]
        )
        by_sku = {line.sku: line for line in drift}
        self.assertNotIn("DRIFT-SAME", by_sku)
        self.assertEqual(
            (by_sku["DRIFT-OFF"].medusa_quantity, by_sku["DRIFT-OFF"].odoo_quantity), (9, 5)
        )
        self.assertEqual(by_sku["DRIFT-OFF"].difference, 4)
        self.assertFalse(by_sku["DRIFT-UNKNOWN"].product_id)
