"""A webhook is a stranger: no account takeover, no cross-company reach, no forging from inside,
peer text stays text, a neutralized copy stays quiet."""

import json

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.modules.neutralize import neutralize_database
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa
from odoo.addons.commerce_bridge.sandbox import omnitron as omnitron_sender

from .common import MEDUSA_SECRET, OMNITRON_TOKEN, CommerceBridgeCase

SECRET_B = "whsec_" + "c2Vjb25kLWNvbXBhbnktc2VjcmV0LTAxMjM0"
TOKEN_B = "omnitron-token-of-company-b"


@tagged("post_install", "-at_install")
class TestTrustBoundary(CommerceBridgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_imports(cb_omnitron_rate_limit=1000)
        cls.env["res.currency"]._cb_activate("TRY")
        cls.product = cls.env["product.product"].create(
            {"name": "Case", "default_code": "CASE-IP15PRO-001", "is_storable": True}
        )
        cls.env["product.product"].create(
            {"name": "Shirt", "default_code": "3169177", "is_storable": True}
        )
        cls.employee = new_test_user(
            cls.env, login="employee_cb", email="employee@retailer.example", name="Employee"
        )
        cls.Partner = cls.env["res.partner"]

    # --- helpers --------------------------------------------------------------------------
    def post_customer(self, event, customer, secret=MEDUSA_SECRET):
        response = self.post_medusa({"event": event, "data": {"customer": customer}}, secret=secret)
        self.assertEqual(response.status_code, 200, response.text)
        return self.Partner.browse(response.json()["odoo_partner_id"])

    def post_order(self, order, secret=MEDUSA_SECRET):
        response = self.post_medusa(
            {"event": "order.created", "data": {"order": order}}, secret=secret
        )
        self.assertEqual(response.status_code, 200, response.text)
        return self.env["sale.order"].browse(response.json()["odoo_order_id"])

    def make_company_b(self):
        company_b = self.env["res.company"].create(
            {
                "name": "Company B",
                "currency_id": self.company.currency_id.id,
                "country_id": self.env.ref("base.kw").id,
                "cb_medusa_webhook_secret": SECRET_B,
                "cb_medusa_inbound_enabled": True,
                "cb_omnitron_token": TOKEN_B,
                "cb_omnitron_enabled": True,
                "cb_omnitron_rate_limit": 1000,
                "cb_auto_confirm": False,
            }
        )
        self.env.user.company_ids |= company_b
        return company_b

    # --- 1. identity ----------------------------------------------------------------------
    def test_customer_webhooks_never_take_over_a_user(self):
        """customer.created with an employee's (or the administrator's) email, then
        customer.updated with the attacker's email: the user's contact is untouched."""
        admin = self.env.ref("base.user_admin")
        admin.partner_id.email = "admin@retailer.example"
        for user in (self.employee, admin):
            login_email = user.partner_id.email
            customer = fake_medusa.make_customer(email=login_email, phone=None)
            created = self.post_customer("customer.created", customer)
            self.assertNotEqual(created, user.partner_id)
            self.assertEqual(created.x_cb_owner_peer, "medusa")
            self.assertEqual(created.company_id, self.company)
            self.assertIn("Not linked to an existing contact", created.x_cb_data_issues or "")
            customer["email"] = "attacker@evil.example"
            customer["first_name"] = "Mallory"
            updated = self.post_customer("customer.updated", customer)
            self.assertEqual(updated, created)
            self.assertEqual(updated.email, "attacker@evil.example")
            user.partner_id.invalidate_recordset()
            self.assertEqual(user.partner_id.email, login_email)
            self.assertFalse(user.partner_id.x_medusa_customer_id)
            self.assertNotEqual(user.partner_id.name, "Mallory Al-Sabah")

    def test_order_never_links_to_a_user_or_a_company(self):
        for target in (self.employee.partner_id, self.company.partner_id):
            target.email = target.email or "company@retailer.example"
            customer = fake_medusa.make_customer(email=target.email, phone=None)
            order = self.post_order(
                fake_medusa.make_order(
                    abs(hash(target.email)) % 10**6, customer=customer, shipping_total=0
                )
            )
            self.assertNotEqual(order.partner_id, target)
            self.assertTrue(order.partner_id.x_cb_data_issues)

    def test_order_links_a_plain_customer_without_rewriting_it(self):
        existing = self.Partner.create(
            {
                "name": "Ahmed (typed by a person)",
                "email": "ahmed@example.com",
                "phone": "+96555501234",
                "company_id": self.company.id,
            }
        )
        customer = fake_medusa.make_customer(email="AHMED@example.com", first_name="Evil")
        order = self.post_order(fake_medusa.make_order(7001, customer=customer, shipping_total=0))
        self.assertEqual(order.partner_id, existing)
        existing.invalidate_recordset()
        self.assertEqual(existing.name, "Ahmed (typed by a person)")
        self.assertEqual(existing.email, "ahmed@example.com")
        self.assertEqual(existing.phone, "+96555501234")
        self.assertFalse(existing.x_medusa_customer_id, "a linked contact is not the peer's")
        # The customer webhook makes the peer's own contact; the person's one stays as it is.
        own = self.post_customer("customer.updated", customer)
        self.assertNotEqual(own, existing)
        self.assertEqual(own.x_medusa_customer_id, customer["id"])

    def test_portal_user_email_is_not_changed_by_the_peer(self):
        customer = fake_medusa.make_customer()
        own = self.post_customer("customer.created", customer)
        portal = new_test_user(
            self.env, login="portal_cb", groups="base.group_portal", partner_id=own.id
        )
        customer["email"] = "attacker@evil.example"
        customer["first_name"] = "Renamed"
        self.post_customer("customer.updated", customer)
        own.invalidate_recordset()
        self.assertEqual(own.name, "Renamed Al-Sabah")
        self.assertNotEqual(own.email, "attacker@evil.example")
        self.assertEqual(portal.partner_id, own)

    def test_one_customer_delivered_twice_is_one_contact(self):
        customer = fake_medusa.make_customer()
        first = self.post_customer("customer.created", customer)
        again = self.post_customer("customer.created", customer)
        order = self.post_order(fake_medusa.make_order(7002, customer=customer, shipping_total=0))
        self.assertEqual(first, again)
        self.assertEqual(order.partner_id, first)
        self.assertEqual(
            self.Partner.search_count([("x_medusa_customer_id", "=", customer["id"])]), 1
        )

    def test_ownership_cannot_be_forged_by_a_user(self):
        manager = new_test_user(
            self.env,
            login="cb_forger",
            groups="base.group_user,base.group_partner_manager",
        )
        contact = self.Partner.create(
            {"name": "Hand-made", "email": "hand@example.com", "company_id": self.company.id}
        )
        contact.with_user(manager).write(
            {"x_cb_owner_peer": "medusa", "x_medusa_customer_id": "cus_forged"}
        )
        self.assertFalse(contact.x_cb_owner_peer, "ownership is the peer's to record only")
        customer = fake_medusa.make_customer(customer_id="cus_forged", email="x@evil.example")
        linked = self.post_customer("customer.updated", customer)
        self.assertEqual(linked, contact, "a hand-linked contact is used as it is")
        contact.invalidate_recordset()
        self.assertEqual(contact.email, "hand@example.com")
        self.assertEqual(contact.name, "Hand-made")
        # An id set by hand on a user's contact is never used.
        self.employee.partner_id.sudo().x_medusa_customer_id = "cus_on_a_user"
        other = self.post_customer(
            "customer.updated", fake_medusa.make_customer(customer_id="cus_on_a_user")
        )
        self.assertNotEqual(other, self.employee.partner_id)
        self.assertEqual(self.employee.partner_id.email, "employee@retailer.example")

    # --- 2. company boundary --------------------------------------------------------------
    def test_companies_do_not_see_each_others_customers(self):
        company_b = self.make_company_b()
        customer = fake_medusa.make_customer()
        in_a = self.post_customer("customer.created", customer)
        in_b = self.post_customer("customer.created", dict(customer, first_name="Other"), SECRET_B)
        self.assertNotEqual(in_a, in_b)
        self.assertEqual(in_a.company_id, self.company)
        self.assertEqual(in_b.company_id, company_b)
        self.assertEqual(in_a.name, "Sara Al-Sabah", "B's webhook did not touch A's customer")
        self.assertEqual(in_b.x_medusa_customer_id, in_a.x_medusa_customer_id)
        # A plain customer of A with the same email is not linked to B's orders either.
        plain_a = self.Partner.create(
            {"name": "A's customer", "email": "shared@example.com", "company_id": self.company.id}
        )
        order_b = self.post_order(
            fake_medusa.make_order(
                7003,
                customer=fake_medusa.make_customer(email="shared@example.com"),
                shipping_total=0,
            ),
            secret=SECRET_B,
        )
        self.assertEqual(order_b.company_id, company_b)
        self.assertNotEqual(order_b.partner_id, plain_a)
        self.assertEqual(order_b.partner_id.company_id, company_b)
        self.assertEqual(order_b.partner_shipping_id.company_id, company_b)

    def test_omnitron_order_of_b_never_uses_a_customer_of_a(self):
        company_b = self.make_company_b()
        body = omnitron_sender.sample_order_event()
        body["payload"]["cargo_company"] = None
        self.assertEqual(self.post_omnitron(body).status_code, 204)
        order_a = self.env["sale.order"].search([("x_omnitron_order_pk", "=", 31999)])
        body_b = omnitron_sender.sample_order_event()
        body_b["payload"]["cargo_company"] = None
        body_b["event"]["uuid"] = "another-delivery"
        response = self.post_omnitron(body_b, token=TOKEN_B)
        self.assertEqual(response.status_code, 204, response.text)
        order_b = self.env["sale.order"].search(
            [("x_omnitron_order_pk", "=", 31999), ("company_id", "=", company_b.id)]
        )
        self.assertTrue(order_b)
        self.assertNotEqual(order_b.partner_id, order_a.partner_id)
        self.assertEqual(order_b.partner_id.company_id, company_b)
        self.assertNotEqual(order_b.partner_shipping_id, order_a.partner_shipping_id)

    def test_peer_customer_ids_are_unique_per_company(self):
        self.Partner.create(
            {"name": "One", "x_omnitron_customer_pk": 555, "company_id": self.company.id}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Partner.create(
                {"name": "Two", "x_omnitron_customer_pk": 555, "company_id": self.company.id}
            )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Partner.create(
                {"name": "Two", "x_medusa_customer_id": "cus_x", "company_id": self.company.id}
            ).copy({"x_medusa_customer_id": "cus_x"})

    # --- 3. nothing forged from inside ----------------------------------------------------
    def test_inbound_events_are_immutable(self):
        self.post_customer("customer.created", fake_medusa.make_customer())
        event = self.Event.search([], limit=1)
        manager = new_test_user(
            self.env, login="cb_manager", groups="commerce_bridge.group_commerce_bridge_manager"
        )
        for vals in (
            {"payload": "{}"},
            {"event_type": "order.created"},
            {"company_id": self.env.ref("base.main_company").id},
            {"peer": "omnitron"},
            {"external_id": "other"},
        ):
            with self.assertRaises(UserError):
                event.sudo().write(vals)
            with self.assertRaises(UserError):
                event.with_user(manager).write(vals)
        with self.assertRaises(AccessError):
            event.with_user(manager).write({"state": "failed"})

    def test_reprocess_needs_a_manager_and_validates_the_stored_body(self):
        user = new_test_user(
            self.env, login="cb_user", groups="commerce_bridge.group_commerce_bridge_user"
        )
        event, _created = self.Event._cb_log(
            "medusa",
            self.company,
            "order.created",
            "forged-1",
            json.dumps({"event": "order.created", "data": {"order": {"id": 1}}}),
        )
        with self.assertRaises(AccessError):
            event.with_user(user).action_reprocess()
        orders = self.env["sale.order"].search_count([])
        event.action_reprocess()
        self.assertEqual(event.state, "failed")
        self.assertIn("not valid", event.error)
        self.assertEqual(self.env["sale.order"].search_count([]), orders)

    def test_reprocess_runs_in_the_events_own_company(self):
        company_b = self.make_company_b()
        customer = fake_medusa.make_customer()
        partner_b = self.post_customer("customer.created", customer, SECRET_B)
        event = self.Event.search([("company_id", "=", company_b.id)], limit=1)
        partner_b.unlink()
        event.with_company(self.company).action_reprocess()
        self.assertEqual(event.state, "done")
        self.assertEqual(event._cb_record().company_id, company_b)

    def test_reprocess_after_the_record_was_deleted_imports_again(self):
        order = self.post_order(fake_medusa.make_order(7004, shipping_total=0))
        event = self.Event.search([("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
        order._action_cancel()
        order.unlink()
        event.action_reprocess()
        again = event._cb_record()
        self.assertTrue(again, "a new order was imported")
        self.assertNotEqual(again.id, order.id)
        self.assertEqual(event.state, "done")

    def test_stored_payloads_are_redacted(self):
        body = omnitron_sender.sample_order_event()
        body["payload"]["cargo_company"] = None
        self.assertEqual(self.post_omnitron(body).status_code, 204)
        event = self.Event.search([("peer", "=", "omnitron")], limit=1)
        self.assertNotIn("ihwQUETc5Ge4Wy0P", event.payload)
        self.assertIn('"appSecret": "***"', event.payload)
        self.assertNotIn(OMNITRON_TOKEN, event.payload)

    # --- 5. peer text is text -------------------------------------------------------------
    def test_html_from_peers_is_escaped(self):
        evil = '<img src="https://evil.example/x.png"><a href="https://evil.example">x</a>'
        order = self.post_order(
            fake_medusa.make_order(7005, lines=[(evil, 1, 5000)], shipping_total=0)
        )
        notes = "".join(order.activity_ids.mapped("note"))
        self.assertTrue(notes)
        self.assertNotIn("<img", notes)
        self.assertNotIn("<a href", notes)
        self.assertIn("&lt;img", notes)

        body = omnitron_sender.make_order_event(items=[("3169177", "100.00", "8")])
        body["payload"].update(
            has_gift_box=True, gift_box_note=evil, tracking_url="javascript:alert(1)"
        )
        body["payload"]["cargo_company"] = None
        self.assertEqual(self.post_omnitron(body).status_code, 204)
        order = self.env["sale.order"].search(
            [("x_omnitron_order_number", "=", body["payload"]["number"])]
        )
        self.assertNotIn("<img", order.note)
        self.assertIn("&lt;img", order.note)
        self.assertFalse(order.picking_ids.x_cb_tracking_url, "only http(s) links are kept")

    # --- 6. a copied database stays quiet -------------------------------------------------
    def test_neutralized_copy_stops_pushes_and_forgets_credentials(self):
        self.Outbox._cb_enqueue(
            [
                {
                    "channel": "medusa.order_synced",
                    "path": "/odoo/orders/x/synced",
                    "payload": {"odoo_order_id": 1},
                    "company": self.company,
                    "message_id": "neutralize-test",
                }
            ]
        )
        self.env.flush_all()
        neutralize_database(self.env.cr)
        self.env.invalidate_all()
        company = self.company.sudo()
        self.assertFalse(company.cb_medusa_api_key)
        self.assertFalse(company.cb_medusa_webhook_secret)
        self.assertFalse(company.cb_nonito_api_key)
        self.assertFalse(company.cb_omnitron_token)
        self.assertFalse(company.cb_medusa_base_url)
        self.assertFalse(company.cb_nonito_enabled or company.cb_medusa_inbound_enabled)
        message = self.Outbox.search([("message_id", "=", "neutralize-test")])
        self.assertEqual(message.state, "paused")
        self.assertFalse(self.env.ref("commerce_bridge.ir_cron_outbox_dispatch").active)
        self.assertEqual(self.dispatch(), 0, "nothing leaves a neutralized copy")
