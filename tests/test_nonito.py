from odoo.tests import tagged

from odoo.addons.commerce_bridge.lib import nonito
from odoo.addons.commerce_bridge.sandbox.nonito import validate_event as sandbox_validate

from .common import CommerceBridgeCase


@tagged("post_install", "-at_install")
class TestNonitoEvents(CommerceBridgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"cb_nonito_enabled": True, "cb_nonito_batch_size": 50})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Ahmed Hassan",
                "phone": "+96599990000",
                "email": "ahmed@example.com",
                "x_marketing_consent": True,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Classic T-Shirt",
                "default_code": "SKU-100",
                "list_price": 125.0,
                "is_storable": True,
            }
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Aramex",
                "product_id": cls.env["product.product"]
                .create({"name": "Aramex", "type": "service"})
                .id,
            }
        )

    def setUp(self):
        super().setUp()
        # Contacts created in setUpClass queued events already: start each test from a clean log.
        self.Outbox.search([]).unlink()

    def names(self):
        return [event["event_name"] for event in self.nonito.events]

    def make_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (
                        0,
                        0,
                        {"product_id": self.product.id, "product_uom_qty": 2, "price_unit": 125.0},
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def test_order_life_reaches_nonito_in_order_and_once(self):
        order = self.make_order()
        picking = order.picking_ids
        picking.write({"carrier_id": self.carrier.id, "carrier_tracking_ref": "AWB-1"})
        picking._cb_force_validate()
        order.action_cb_mark_delivered()
        self.dispatch()
        self.dispatch()
        self.assertEqual(
            self.names(), ["order_created", "order_packed", "order_dispatched", "order_delivered"]
        )
        self.assertEqual(self.nonito.duplicates, 0)
        created = self.nonito.events[0]
        self.assertEqual(created["user_id"], "+96599990000")
        self.assertEqual(created["properties"]["order_id"], order.name)
        self.assertEqual(created["properties"]["channel"], "online")
        self.assertEqual(created["properties"]["source"], "odoo")
        self.assertEqual(created["properties"]["items"][0]["product_id"], "SKU-100")
        self.assertEqual(created["properties"]["financials"]["total_price"], order.amount_total)
        dispatched = self.nonito.events[2]["properties"]
        self.assertEqual(
            (dispatched["delivery_company"], dispatched["tracking_number"]), ("Aramex", "AWB-1")
        )

    def test_store_orders_carry_the_branch(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        warehouse.write(
            {"x_is_store": True, "x_branch_code": "KW-AVENUES", "x_branch_city": "Kuwait City"}
        )
        self.make_order()
        self.dispatch()
        created = self.nonito.events[0]["properties"]
        self.assertEqual(created["channel"], "store")
        self.assertEqual(created["branch"]["branch_id"], "KW-AVENUES")

    def test_cancellation(self):
        order = self.make_order()
        order.x_cb_cancel_reason = "Out of stock"
        order._action_cancel()
        self.dispatch()
        self.assertEqual(self.names(), ["order_created", "order_cancelled"])
        self.assertEqual(self.nonito.events[1]["properties"]["reason"], "Out of stock")

    def test_contacts_created_then_updated(self):
        partner = self.env["res.partner"].create({"name": "Mona Saleh", "phone": "+201012345678"})
        partner.email = "mona@example.com"
        self.dispatch()
        self.dispatch()
        self.assertEqual(self.names(), ["customer_created", "customer_updated"])
        updated = self.nonito.events[1]["properties"]
        self.assertEqual(updated["email"], "mona@example.com")
        self.assertEqual((updated["first_name"], updated["last_name"]), ("Mona", "Saleh"))

    def test_no_phone_is_dead_and_never_blocks_the_batch(self):
        good = self.env["res.partner"].create({"name": "Good Phone", "phone": "+96599990001"})
        bad = self.env["res.partner"].create({"name": "Bad Phone", "phone": "+90 555XXX0000"})
        dead = self.Outbox.search([("res_id", "=", bad.id), ("res_model", "=", "res.partner")])
        self.assertEqual(dead.state, "dead")
        self.assertIn("not usable", dead.last_error)
        self.dispatch()
        self.assertEqual([e["properties"]["first_name"] for e in self.nonito.events], ["Good"])
        self.assertTrue(good)

    def test_event_types_setting(self):
        self.company.cb_nonito_event_types = "order_created"
        self.env["res.partner"].create({"name": "Quiet", "phone": "+96599990002"})
        self.assertFalse(self.Outbox.search([("channel", "=", "nonito.events")]))

    def test_addon_and_sandbox_validators_agree(self):
        order = self.make_order()
        phone, _problem = self.env["commerce.bridge.peer.nonito"]._phone_of(
            order.partner_id, self.company
        )
        event = nonito.build_order_created(
            self.env["commerce.bridge.peer.nonito"]._order_dict(order, phone), event_id="x"
        )
        self.assertEqual(nonito.validate_event(event), [])
        self.assertEqual(sandbox_validate(event), [])
        del event["properties"]["financials"]["total_price"]
        self.assertEqual(nonito.validate_event(event), sandbox_validate(event))
