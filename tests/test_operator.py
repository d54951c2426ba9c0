"""Orders a person must see: who they belong to, and why one was not confirmed."""

from odoo.tests import new_test_user, tagged

from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa
from odoo.addons.commerce_bridge.sandbox import omnitron as omnitron_sender

from .common import CommerceBridgeCase


@tagged("post_install", "-at_install")
class TestImportedOrdersForPeople(CommerceBridgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_imports(cb_omnitron_rate_limit=0)
        cls.env["res.currency"]._cb_activate("TRY")
        cls.case = cls.make_product_cls("CASE-1")
        cls.env["product.product"].create(
            {"name": "Shirt", "default_code": "3169177", "is_storable": True}
        )
        cls.seller = new_test_user(
            cls.env, login="cb_seller", groups="sales_team.group_sale_salesman"
        )

    @classmethod
    def make_product_cls(cls, sku):
        return cls.env["product.product"].create(
            {"name": sku, "default_code": sku, "is_storable": True}
        )

    def post_order(self, lines, total=None, order_id=None):
        order = fake_medusa.make_order(
            abs(hash((order_id, tuple(lines)))) % 10**6, lines=lines, shipping_total=0
        )
        if total is not None:
            order["total"] = order["subtotal"] = total
        response = self.post_medusa({"event": "order.created", "data": {"order": order}})
        self.assertEqual(response.status_code, 200, response.text)
        return self.env["sale.order"].browse(response.json()["odoo_order_id"])

    def test_orders_and_activities_belong_to_the_responsible_user(self):
        admin = self.env.ref("base.user_admin")
        order = self.post_order([("NO-SUCH", 1, 1000)], order_id="a")
        self.assertIn(order.user_id, self.company._cb_responsible_user())
        self.assertNotEqual(order.user_id, self.env.ref("base.user_root"), "never OdooBot")
        self.assertIn(order.activity_ids.user_id, (admin, order.user_id))
        self.company.cb_responsible_user_id = self.seller
        order = self.post_order([("NO-SUCH-2", 1, 1000)], order_id="b")
        self.assertEqual(order.user_id, self.seller)
        self.assertEqual(order.activity_ids.user_id, self.seller)
        self.assertEqual(order.state, "draft")
        self.assertIn("NO-SUCH-2", order.x_cb_held_reason)

    def test_a_total_that_does_not_add_up_holds_the_order(self):
        order = self.post_order([("CASE-1", 1, 5000)], total=7000, order_id="c")
        self.assertTrue(order.x_cb_total_mismatch)
        self.assertEqual(order.state, "draft", "held as a quotation")
        note = order.activity_ids.note
        self.assertIn("5.000", note)
        self.assertIn("7.000", note)
        self.company.cb_confirm_mismatched_totals = True
        order = self.post_order([("CASE-1", 1, 5000)], total=7000, order_id="d")
        self.assertEqual(order.state, "sale", "the administrator opted out")

    def test_unknown_skus_can_become_products(self):
        self.company.cb_unknown_sku_policy = "create"
        order = self.post_order([("CASE-1", 1, 5000), ("NEW-SKU", 2, 2500)], order_id="e")
        product = self.env["product.product"].search([("default_code", "=", "NEW-SKU")])
        self.assertTrue(product)
        self.assertEqual(product.company_id, self.company)
        self.assertEqual(product.list_price, 2.5)
        self.assertEqual(order.state, "sale")
        self.assertAlmostEqual(order.amount_total, 10.0, places=3)
        self.assertIn("NEW-SKU", order.x_cb_import_issues)

    def test_unmapped_cargo_company_holds_the_order_with_a_one_click_mapping(self):
        body = omnitron_sender.sample_order_event()
        body["payload"]["cargo_company"]["erp_code"] = "unmapped_kargo"
        response = self.post_omnitron(body)
        self.assertEqual(response.status_code, 204, response.text)
        order = self.env["sale.order"].search([("x_omnitron_order_pk", "=", 31999)])
        self.assertEqual(order.state, "draft")
        self.assertIn("unmapped_kargo", order.x_cb_held_reason)
        self.assertIn("unmapped_kargo", order.activity_ids.note)
        event = self.Event.search([("peer", "=", "omnitron")], limit=1)
        action = event.action_cb_map_cargo_company()
        self.assertEqual(action["res_model"], "commerce.bridge.carrier.map")
        self.assertEqual(action["context"]["default_erp_code"], "unmapped_kargo")


@tagged("post_install", "-at_install")
class TestDeliveryScreens(CommerceBridgeCase):
    def enqueue(self, count, dead=False):
        return self.Outbox._cb_enqueue(
            [
                {
                    "channel": "nonito.events",
                    "payload": {"event_id": f"screen-{dead}-{index}"},
                    "company": self.company,
                    "message_id": f"screen-{dead}-{index}",
                    "dead_reason": "refused" if dead else None,
                }
                for index in range(count)
            ]
        )

    def test_bulk_actions_say_what_they_did(self):
        dead = self.enqueue(2, dead=True)
        waiting = self.enqueue(1)
        selected = dead | waiting
        result = selected._cb_bulk_action("replay")
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn("2 of 3", result["params"]["message"])
        self.assertEqual(set(dead.mapped("state")), {"pending"})
        result = selected._cb_bulk_action("cancel")
        self.assertIn("3 of 3", result["params"]["message"])
        self.assertEqual(set(selected.mapped("state")), {"cancelled"})
        result = selected._cb_bulk_action("retry")
        self.assertEqual(result["params"]["type"], "warning", "nothing was due")
        for key in ("replay", "retry", "cancel"):
            action = self.env.ref(f"commerce_bridge.action_server_outbox_{key}")
            self.assertEqual(action.binding_model_id.model, "commerce.bridge.outbox")

    def test_messages_show_their_channel_and_open_their_record(self):
        message = self.enqueue(1)
        self.assertEqual(message.channel_label, "Events to Nonito")
        partner = self.env["res.partner"].create({"name": "Source"})
        message.sudo().write({"res_model": "res.partner", "res_id": partner.id})
        action = message.action_open_source()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", partner.id))

    def test_order_smart_buttons_count_its_sync_records(self):
        self.company.write({"cb_medusa_inbound_enabled": True, "cb_auto_confirm": False})
        order_body = fake_medusa.make_order(9101, lines=[("NO-PRODUCT", 1, 1000)])
        response = self.post_medusa({"event": "order.created", "data": {"order": order_body}})
        order = self.env["sale.order"].browse(response.json()["odoo_order_id"])
        self.assertEqual(order.x_cb_inbound_count, 1)
        self.assertEqual(order.x_cb_outbox_count, 1, "the 'synced' mark to Medusa")
        action = order.action_cb_open_outbox()
        self.assertEqual(self.Outbox.search(action["domain"]).channel, "medusa.order_synced")
