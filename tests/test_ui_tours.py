"""Browser tours (static/tests/tours/commerce_bridge_tours.js): what an administrator does."""

import json
from urllib.parse import quote

from odoo import api
from odoo.tests import new_test_user, tagged

from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa

from .common import MEDUSA_KEY, CommerceBridgeCase

SETTINGS_URL = "/odoo/action-commerce_bridge.action_commerce_bridge_settings"
OUTBOX_URL = "/odoo/action-commerce_bridge.action_commerce_bridge_outbox_attention"
INBOUND_URL = "/odoo/action-commerce_bridge.action_commerce_bridge_inbound_event"
DRIFT_URL = "/odoo/action-commerce_bridge.action_commerce_bridge_stock_drift"


@tagged("post_install", "-at_install")
class TestUiTours(CommerceBridgeCase):
    def test_settings_fill_save_and_test_connection(self):
        self.company.write({"cb_medusa_base_url": False, "cb_medusa_api_key": False})
        self.start_tour(
            SETTINGS_URL,
            "commerce_bridge_settings_tour",
            login="admin",
            # The sandbox Medusa listens on a port chosen at run time: the tour types it.
            cookies={"cb_tour_medusa_url": quote(self.medusa.url, safe="")},
        )
        self.company.invalidate_recordset()
        self.assertEqual(self.company.cb_medusa_base_url, self.medusa.url)
        self.assertEqual(self.company.cb_medusa_api_key, MEDUSA_KEY)
        probes = [entry for entry in self.medusa.journal if entry["path"] == "/odoo/orders"]
        self.assertEqual(len(probes), 1, "one connection test reached the sandbox Medusa")

    def test_replay_a_dead_outbound_message(self):
        message = self.Outbox._cb_enqueue(
            [
                {
                    "channel": "nonito.events",
                    "payload": {
                        "event_id": "cb-tour-dead",
                        "user_id": "+96560001234",
                        "event_name": "customer_created",
                        "timestamp": "2026-11-24T10:00:00Z",
                        "properties": {
                            "first_name": "Tour",
                            "last_name": "Customer",
                            "phone": "+96560001234",
                        },
                    },
                    "company": self.company,
                    "message_id": "cb-tour-dead",
                    "aggregate_key": "cb-tour-dead",
                    "dead_reason": "Refused by the peer: cb-tour",
                }
            ]
        )
        self.assertEqual(message.state, "dead")
        self.start_tour(OUTBOX_URL, "commerce_bridge_outbox_replay_tour", login="admin")
        message.invalidate_recordset()
        self.assertEqual(message.state, "pending")
        self.assertTrue(message.next_attempt_at)
        self.dispatch()
        self.assertEqual(message.state, "done", message.last_error)
        self.assertEqual([event["event_id"] for event in self.nonito.events], ["cb-tour-dead"])

    def test_reprocess_a_failed_inbound_event(self):
        event = self.Event.create(
            {
                "peer": "medusa",
                "event_type": "customer.created",
                "external_id": "cb-tour-failed",
                "payload": json.dumps(fake_medusa.sample_customer_created()),
                "state": "failed",
                "error": "cb-tour-error: the database was busy",
                "http_status": 500,
                "attempts": 1,
                "company_id": self.company.id,
            }
        )
        self.start_tour(INBOUND_URL, "commerce_bridge_inbound_reprocess_tour", login="admin")
        event.invalidate_recordset()
        self.assertEqual(event.state, "done")
        self.assertFalse(event.error)
        self.assertEqual(event.attempts, 2)
        self.assertEqual(event.res_model, "res.partner")
        partner = self.env["res.partner"].browse(event.res_id)
        self.assertEqual(partner.email, "customer@example.com")

    def test_stock_drift_check_now(self):
        product = self.make_product("CB-TOUR-DRIFT")
        self.medusa.set_inventory("CB-TOUR-DRIFT", 4)
        Drift = self.env["commerce.bridge.stock.drift"]
        self.assertFalse(Drift.search([]))
        self.start_tour(DRIFT_URL, "commerce_bridge_stock_drift_tour", login="admin")
        drift = Drift.search([("company_id", "=", self.company.id)])
        self.assertEqual(drift.mapped("sku"), ["CB-TOUR-DRIFT"])
        self.assertEqual(drift.product_id, product)
        self.assertEqual((drift.medusa_quantity, drift.odoo_quantity), (4, 0))

    def test_check_now_is_callable_as_a_header_button(self):
        """A header button with no selection calls the method with an empty id list."""
        self.medusa.set_inventory("CB-HEADER-1", 2)
        Drift = self.env["commerce.bridge.stock.drift"]
        action = api.call_kw(Drift, "action_check_now", [[]], {})
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(Drift.search([]).mapped("sku"), ["CB-HEADER-1"])

    def test_drift_cron_is_active(self):
        self.assertTrue(self.env.ref("commerce_bridge.ir_cron_medusa_drift").active)

    def test_an_operators_day(self):
        """Settings -> an order held for an unknown SKU -> the overview -> a dead message ->
        bulk replay -> the stock drift check, in one browser session."""
        seller = new_test_user(
            self.env,
            login="cb_tour_seller",
            name="Tour Seller",
            groups="sales_team.group_sale_salesman",
        )
        self._enable_imports(cb_responsible_user_id=seller.id, cb_unknown_sku_policy="hold")
        order_body = fake_medusa.make_order(8801, lines=[("CB-TOUR-UNKNOWN", 1, 1000)])
        response = self.post_medusa({"event": "order.created", "data": {"order": order_body}})
        self.assertEqual(response.status_code, 200, response.text)
        order = self.env["sale.order"].browse(response.json()["odoo_order_id"])
        self.assertEqual(order.activity_ids.user_id, seller)
        message = self.Outbox._cb_enqueue(
            [
                {
                    "channel": "nonito.events",
                    "payload": {"event_id": "cb-tour-day-dead"},
                    "company": self.company,
                    "message_id": "cb-tour-day-dead",
                    "aggregate_key": "cb-tour-day-dead",
                    "dead_reason": "Refused by the peer: cb-tour-day",
                }
            ]
        )
        self.make_product("CB-TOUR-DAY-DRIFT")
        self.medusa.set_inventory("CB-TOUR-DAY-DRIFT", 3)
        self.company.write({"cb_medusa_base_url": False, "cb_medusa_api_key": False})
        self.start_tour(
            SETTINGS_URL,
            "commerce_bridge_operator_day_tour",
            login="admin",
            cookies={
                "cb_tour_medusa_url": quote(self.medusa.url, safe=""),
                "cb_tour_order_url": quote(
                    f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}", safe=""
                ),
            },
        )
        self.company.invalidate_recordset()
        self.assertEqual(self.company.cb_medusa_base_url, self.medusa.url)
        message.invalidate_recordset()
        self.assertEqual(message.state, "pending", "replayed from the list")
        drift = self.env["commerce.bridge.stock.drift"].search([("sku", "=", "CB-TOUR-DAY-DRIFT")])
        self.assertEqual((drift.medusa_quantity, drift.odoo_quantity), (3, 0))
