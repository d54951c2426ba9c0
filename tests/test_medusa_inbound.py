import time

from odoo.tests import tagged

from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa

from .common import MEDUSA_SECRET, CommerceBridgeCase


@tagged("post_install", "-at_install")
class TestMedusaInbound(CommerceBridgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"cb_medusa_inbound_enabled": True, "cb_auto_confirm": True})
        cls.case = cls.env["product.product"].create(
            {"name": "iPhone 15 Pro Case", "default_code": "CASE-IP15PRO-001", "is_storable": True}
        )
        cls.power_bank = cls.env["product.product"].create(
            {"name": "Power Bank 20000mAh", "default_code": "PB-20000-BLK", "is_storable": True}
        )

    def sample(self):
        return fake_medusa.sample_order_created()

    def order_of(self, medusa_id):
        return self.env["sale.order"].search([("x_medusa_order_id", "=", medusa_id)])

    def test_seed_order_is_imported_to_the_fils(self):
        response = self.post_medusa(self.sample())
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        order = self.order_of("order_01ABC123")
        self.assertTrue(body["success"])
        self.assertEqual(body["odoo_order_id"], order.id)
        self.assertEqual(body["odoo_order_name"], order.name)
        self.assertEqual(order.currency_id.name, "KWD")
        self.assertEqual(order.state, "sale", "auto-confirmed")
        self.assertEqual(order.client_order_ref, "1001")
        products = order.order_line.filtered(lambda line: not line.is_delivery)
        self.assertEqual(products.mapped("price_unit"), [5.0, 5.0])
        self.assertEqual(products.mapped("product_uom_qty"), [2.0, 1.0])
        shipping = order.order_line.filtered("is_delivery")
        self.assertEqual(shipping.price_unit, 1.0)
        self.assertAlmostEqual(order.amount_untaxed, 16.0, places=3)
        self.assertAlmostEqual(order.amount_total, 16.0, places=3)
        self.assertFalse(order.x_cb_total_mismatch)
        partner = order.partner_id
        self.assertEqual(partner.x_medusa_customer_id, "cus_01ABC")
        self.assertEqual(partner.email, "customer@example.com")
        self.assertEqual(partner.phone, "+96512345678")
        self.assertEqual(order.partner_shipping_id.city, "Kuwait City")
        self.assertEqual(order.partner_shipping_id.country_id.code, "KW")
        synced = self.Outbox.search([("channel", "=", "medusa.order_synced")])
        self.assertEqual(synced.path, "/odoo/orders/order_01ABC123/synced")

    def test_kwd_three_decimals_survive(self):
        body = fake_medusa.make_order(
            2001, currency_code="kwd", lines=[("CASE-IP15PRO-001", 1, 1275)], shipping_total=0
        )
        response = self.post_medusa({"event": "order.created", "data": {"order": body}})
        self.assertEqual(response.status_code, 200, response.text)
        order = self.order_of(body["id"])
        self.assertEqual(order.order_line.price_unit, 1.275)
        self.assertAlmostEqual(order.amount_total, 1.275, places=3)

    def test_egp_divides_by_100(self):
        body = fake_medusa.make_order(
            3001, currency_code="egp", lines=[("PB-20000-BLK", 3, 12550)], shipping_total=1500
        )
        self.post_medusa({"event": "order.created", "data": {"order": body}})
        order = self.order_of(body["id"])
        self.assertEqual(order.currency_id.name, "EGP")
        self.assertEqual(
            order.order_line.filtered(lambda line: not line.is_delivery).price_unit, 125.5
        )
        self.assertAlmostEqual(order.amount_total, 3 * 125.5 + 15.0, places=2)

    def test_repeated_delivery_changes_nothing(self):
        first = self.post_medusa(self.sample(), msg_id="msg_same")
        second = self.post_medusa(self.sample(), msg_id="msg_same")
        third = self.post_medusa(self.sample(), msg_id="msg_other")
        self.assertEqual(first.json(), second.json())
        self.assertEqual(first.json(), third.json())
        self.assertEqual(len(self.order_of("order_01ABC123")), 1)
        self.assertEqual(self.Event.search_count([("external_id", "=", "msg_same")]), 1)

    def test_order_created_route(self):
        response = self.post_medusa(self.sample(), route="/api/medusa/order-created")
        self.assertEqual(response.status_code, 200, response.text)
        wrong = fake_medusa.sample_customer_created()
        response = self.post_medusa(wrong, route="/api/medusa/order-created")
        self.assertEqual(response.status_code, 400)

    def test_bad_signatures_are_refused(self):
        for kwargs in (
            {"secret": "whsec_d3Jvbmctc2VjcmV0"},
            {"mode": "none"},
            {"timestamp": int(time.time()) - 3600},
            {"mode": "static"},  # not allowed until the administrator enables it
        ):
            response = self.post_medusa(self.sample(), **kwargs)
            self.assertEqual(response.status_code, 401, kwargs)
            self.assertEqual(response.json()["error"]["code"], "UNAUTHORIZED")
            self.assertFalse(response.json()["success"])
        self.assertFalse(self.order_of("order_01ABC123"))
        self.company.cb_medusa_allow_static_secret = True
        self.assertEqual(self.post_medusa(self.sample(), mode="static").status_code, 200)

    def test_malformed_bodies_get_validation_errors(self):
        sample = self.sample()
        del sample["data"]["order"]["items"][0]["quantity"]
        response = self.post_medusa(sample)
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["code"], "VALIDATION_ERROR")
        self.assertTrue(any("quantity" in message for message in error["details"]["errors"]))
        self.assertFalse(self.order_of("order_01ABC123"))

    def test_unknown_event_is_refused(self):
        response = self.post_medusa({"event": "order.exploded", "data": {}})
        self.assertEqual(response.status_code, 400)

    def test_unknown_sku_keeps_the_order_unconfirmed(self):
        body = fake_medusa.make_order(
            4001,
            currency_code="kwd",
            lines=[("CASE-IP15PRO-001", 1, 5000), ("NO-SUCH-SKU", 2, 2500)],
            shipping_total=0,
        )
        response = self.post_medusa({"event": "order.created", "data": {"order": body}})
        self.assertEqual(response.status_code, 200, response.text)
        order = self.order_of(body["id"])
        self.assertEqual(order.state, "draft")
        self.assertIn("NO-SUCH-SKU", order.x_cb_import_issues)
        note = order.order_line.filtered(lambda line: line.display_type == "line_note")
        self.assertIn("NO-SUCH-SKU", note.name)
        self.assertTrue(order.activity_ids)

    def test_customers_are_created_then_updated_without_duplicates(self):
        existing = self.env["res.partner"].create(
            {"name": "Ahmed", "email": "customer@example.com", "company_id": self.company.id}
        )
        response = self.post_medusa(fake_medusa.sample_customer_created())
        self.assertEqual(response.status_code, 200, response.text)
        own = self.env["res.partner"].browse(response.json()["odoo_partner_id"])
        self.assertNotEqual(own, existing, "the peer writes only to a contact it created")
        self.assertEqual(own.x_medusa_customer_id, "cus_01ABC123")
        updated = fake_medusa.sample_customer_created()
        updated["event"] = "customer.updated"
        updated["data"]["customer"]["first_name"] = "Ahmad"
        self.post_medusa(updated)
        own.invalidate_recordset()
        self.assertEqual(own.name, "Ahmad Al-Rashid")
        existing.invalidate_recordset()
        self.assertEqual(existing.name, "Ahmed")
        self.assertEqual(
            self.env["res.partner"].search_count([("x_medusa_customer_id", "=", "cus_01ABC123")]), 1
        )

    def test_status_update_is_shown_and_cancels(self):
        sample = self.sample()
        sample["data"]["order"]["id"] = "order_01ABC123"
        self.post_medusa(sample)
        status = fake_medusa.sample_order_status_updated()
        response = self.post_medusa(status)
        self.assertEqual(response.status_code, 200, response.text)
        order = self.order_of("order_01ABC123")
        self.assertEqual(order.x_medusa_status, "completed")
        self.assertEqual(order.x_medusa_fulfillment_status, "fulfilled")
        self.assertEqual(order.x_medusa_payment_status, "captured")
        status["data"]["new_status"] = "cancelled"
        self.post_medusa(status, msg_id="cancel-1")
        self.assertEqual(order.state, "cancel")

    def test_pull_imports_what_no_webhook_announced(self):
        self.company.cb_medusa_pull_enabled = True
        missed = fake_medusa.make_order(
            5001, currency_code="kwd", lines=[("PB-20000-BLK", 1, 7000)]
        )
        self.medusa.add_order(missed)
        self.env["commerce.bridge.peer.medusa"]._cron_pull()
        order = self.order_of(missed["id"])
        self.assertTrue(order)
        self.dispatch()
        self.assertTrue(self.medusa.get_order(missed["id"])["synced"])
        self.env["commerce.bridge.peer.medusa"]._cron_pull()
        self.assertEqual(len(self.order_of(missed["id"])), 1)

    def test_secret_never_in_answers(self):
        response = self.post_medusa(self.sample(), secret="whsec_d3Jvbmctc2VjcmV0")
        self.assertNotIn(MEDUSA_SECRET, response.text)
