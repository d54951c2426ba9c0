from odoo.tests import tagged

from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa

from .common import CommerceBridgeCase


@tagged("post_install", "-at_install")
class TestInvoicing(CommerceBridgeCase):
    """order.invoiced / order.paid to Medusa and refunds in Nonito's order_cancelled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chart_of_accounts()
        cls.company.write(
            {
                "cb_medusa_inbound_enabled": True,
                "cb_medusa_status_push_enabled": True,
                "cb_auto_confirm": True,
                "cb_nonito_enabled": True,
            }
        )
        for sku in ("CASE-IP15PRO-001", "PB-20000-BLK"):
            cls.env["product.product"].create(
                {"name": sku, "default_code": sku, "is_storable": True, "invoice_policy": "order"}
            )

    def imported_order(self):
        sample = fake_medusa.sample_order_created()
        self.medusa.add_order(sample["data"]["order"])
        self.post_medusa(sample)
        order = self.env["sale.order"].search([("x_medusa_order_id", "=", "order_01ABC123")])
        order.partner_id.phone = "+96599990000"
        return order

    def test_invoice_and_payment_reach_medusa(self):
        order = self.imported_order()
        invoice = order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.dispatch()
        bodies = [
            e["json"] for e in self.medusa.journal if e["path"] == "/odoo/webhooks/order-status"
        ]
        events = [body["event_type"] for body in bodies]
        self.assertEqual(events, ["order.confirmed", "order.invoiced", "order.paid"])
        invoiced = bodies[1]["order"]
        self.assertEqual(invoiced["invoice_number"], invoice.name)
        self.assertAlmostEqual(invoiced["amount"], invoice.amount_total, places=3)
        self.assertTrue(self.medusa.get_order("order_01ABC123")["metadata"]["odoo_paid"])

    def test_cancellation_reports_the_credit_note(self):
        order = self.imported_order()
        invoice = order._create_invoices()
        invoice.action_post()
        credit_note = invoice._reverse_moves()
        credit_note.action_post()
        order.x_cb_cancel_reason = "Returned"
        order._action_cancel()
        self.dispatch()
        cancelled = next(e for e in self.nonito.events if e["event_name"] == "order_cancelled")
        properties = cancelled["properties"]
        self.assertEqual(properties["reason"], "Returned")
        self.assertAlmostEqual(properties["refunded_amount"], credit_note.amount_total, places=3)
        self.assertEqual(properties["reference_number"], credit_note.name)
