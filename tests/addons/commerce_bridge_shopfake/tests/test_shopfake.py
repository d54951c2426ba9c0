"""A fourth peer, in its own addon: a webhook becomes an order, and its outbound message is
retried, dead-lettered and replayed by the core like any other."""

import json
from datetime import timedelta

import requests

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.commerce_bridge.sandbox.common import FakeServer, Reply

from ..const import HMAC_HEADER, TOKEN_HEADER, WEBHOOK_PATH, signature

SECRET = "shopfake-secret"


class FakeShop(FakeServer):
    """The shop's fulfillment endpoint: 201 with the right token, 401 otherwise."""

    def route(self, request):
        if request["headers"].get(TOKEN_HEADER.lower()) != SECRET:
            return Reply(401, {"errors": "Invalid API key"})
        if request["method"] == "POST" and request["path"] == "/fulfillments.json":
            return Reply(201, {"fulfillment": {"id": len(self.journal)}})
        return Reply(404, {"errors": "Not Found"})


@tagged("post_install", "-at_install")
class TestShopfakePeer(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = FakeShop().start()
        cls.addClassCleanup(cls.shop.stop)
        cls.company = cls.env.company
        cls.company.write(
            {
                "cb_shopfake_enabled": True,
                "cb_shopfake_secret": SECRET,
                "cb_shopfake_base_url": cls.shop.url,
                "cb_auto_confirm": True,
                "cb_http_timeout": 5,
            }
        )
        cls.env["product.product"].create(
            {"name": "Mug", "default_code": "MUG-1", "list_price": 9.5, "is_storable": True}
        )
        cls.Outbox = cls.env["commerce.bridge.outbox"]

    def post(self, body, secret=SECRET):
        raw = json.dumps(body).encode()
        self.env.flush_all()
        response = requests.post(
            self.base_url() + WEBHOOK_PATH,
            data=raw,
            headers={"Content-Type": "application/json", HMAC_HEADER: signature(secret, raw)},
            timeout=30,
        )
        self.env.invalidate_all()
        return response

    def order_body(self, order_id):
        return {
            "id": order_id,
            "currency": "USD",
            "customer": {"id": 77, "name": "Fake Customer", "email": "fake@example.com"},
            "line_items": [{"sku": "MUG-1", "title": "Mug", "quantity": 2, "price": "9.50"}],
        }

    def dispatch(self):
        self.env.flush_all()
        self.Outbox._cron_dispatch(budget_seconds=20)
        self.env.invalidate_all()

    def test_webhook_becomes_an_order_and_its_message_is_delivered(self):
        self.shop.reset()
        response = self.post(self.order_body(1001))
        self.assertEqual(response.status_code, 200, response.text)
        order = self.env["sale.order"].search([("x_cb_source", "=", "shopfake")])
        self.assertEqual(order.name, response.json()["order"])
        self.assertEqual(order.state, "sale")
        self.assertAlmostEqual(order.amount_total, 19.0)
        self.assertEqual(order.partner_id.x_shopfake_customer_id, "77")
        self.assertEqual(order.partner_id.x_cb_owner_peer, "shopfake")
        event = self.env["commerce.bridge.inbound.event"].search([("peer", "=", "shopfake")])
        self.assertEqual((event.state, event.http_status), ("done", 200))
        # The same delivery again: the same order, nothing new.
        self.assertEqual(self.post(self.order_body(1001)).json()["order"], order.name)
        self.assertEqual(self.env["sale.order"].search_count([("x_cb_source", "=", "shopfake")]), 1)

        message = self.Outbox.search([("peer", "=", "shopfake")])
        self.assertEqual((message.channel_label, message.state), ("Fulfillments", "pending"))
        self.dispatch()
        self.assertEqual(message.state, "done")
        self.assertEqual(self.shop.journal[-1]["json"], {"order": "1001", "status": "confirmed"})

    def test_refusals_are_in_the_peers_shape(self):
        self.assertEqual(self.post(self.order_body(1002), secret="wrong").status_code, 401)
        answer = self.post({"id": "x"})
        self.assertEqual(answer.status_code, 400)
        self.assertEqual(answer.json()["error_count"], 3)
        self.assertTrue(any("line_items" in error for error in answer.json()["errors"]))
        self.assertFalse(
            self.env["commerce.bridge.inbound.event"].search([("peer", "=", "shopfake")])
        )

    def test_outbound_failures_are_retried_then_dead_then_replayed(self):
        self.post(self.order_body(1003))
        message = self.Outbox.search([("peer", "=", "shopfake")])
        self.shop.reset()
        self.shop.fail_next(1, 503)
        self.dispatch()
        self.assertEqual(message.state, "retrying")
        self.assertEqual(message.attempts, 1)
        self.company.cb_shopfake_secret = "rotated-on-our-side-only"
        message.next_attempt_at = fields.Datetime.now() - timedelta(seconds=1)
        self.dispatch()
        self.assertEqual(message.state, "paused", "401 pauses: a person must fix the key")
        self.company.cb_shopfake_secret = SECRET
        self.shop.fail_next(1, 422, body={"errors": "order is archived"})
        message.action_replay()
        self.dispatch()
        self.assertEqual(message.state, "dead")
        self.assertIn("422", str(message.last_status))
        message.action_replay()
        self.dispatch()
        self.assertEqual(message.state, "done")
