from odoo.tests import tagged

from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa
from odoo.addons.commerce_bridge.sandbox import omnitron as omnitron_sender

from .common import CommerceBridgeCase

STATUS_PATH = "/odoo/webhooks/order-status"
PAID = ("paid", "in_payment")


@tagged("post_install", "-at_install")
class TestAutomaticWorkflow(CommerceBridgeCase):
    """Paid web orders arrive invoiced and paid, exactly, off the request path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chart_of_accounts()
        cls._enable_imports(
            cb_medusa_status_push_enabled=True,
            cb_omnitron_rate_limit=1000,
            cb_workflow_enabled=True,
        )
        cls.env["res.currency"]._cb_activate("TRY")
        for sku in ("CASE-IP15PRO-001", "PB-20000-BLK", "3169177"):
            cls.env["product.product"].create(
                {"name": sku, "default_code": sku, "is_storable": True, "invoice_policy": "order"}
            )
        carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Yurtiçi Kargo",
                "product_id": cls.env["product.product"]
                .create({"name": "Yurtici", "type": "service"})
                .id,
            }
        )
        cls.env["commerce.bridge.carrier.map"].create(
            {
                "name": "Yurtiçi Kargo",
                "shipping_company": "yurtici",
                "erp_code": "yurtici_kargo",
                "carrier_id": carrier.id,
            }
        )
        Workflow = cls.env["commerce.bridge.workflow"]
        Workflow._cb_create_defaults(cls.company)
        rows = Workflow.search([("company_id", "=", cls.company.id)])
        cls.prepaid = rows.filtered(lambda r: not r.payment_method_match)
        cls.cod = rows.filtered(lambda r: "pay_on_delivery" in (r.payment_method_match or ""))

    # --- helpers ---------------------------------------------------------------------------
    def medusa_order(self, order=None):
        order = order or fake_medusa.sample_order_created()["data"]["order"]
        self.medusa.add_order(order)
        response = self.post_medusa({"event": "order.created", "data": {"order": order}})
        self.assertEqual(response.status_code, 200, response.text)
        return self.env["sale.order"].search([("x_medusa_order_id", "=", order["id"])])

    def omnitron_order(self, body=None):
        body = body or omnitron_sender.sample_order_event()
        response = self.post_omnitron(body)
        self.assertEqual(response.status_code, 204, response.text)
        return self.env["sale.order"].search([("x_omnitron_order_pk", "=", body["payload"]["pk"])])

    def steps(self, order):
        return self.Outbox.search(
            [("channel", "=", "workflow.step"), ("res_id", "=", order.id)], order="id"
        )

    def invoices(self, order, move_type="out_invoice"):
        return order.invoice_ids.filtered(lambda m: m.move_type == move_type)

    def assert_paid_exactly(self, order, total):
        invoice = self.invoices(order)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.currency_id.compare_amounts(invoice.amount_total, total), 0)
        self.assertIn(invoice.payment_state, PAID)
        payment = invoice.matched_payment_ids
        self.assertEqual(len(payment), 1)
        self.assertEqual(invoice.currency_id.compare_amounts(payment.amount, total), 0)
        return invoice, payment

    def status_events(self):
        return [e["json"]["event_type"] for e in self.medusa.journal if e["path"] == STATUS_PATH]

    # --- tests -----------------------------------------------------------------------------
    def test_defaults_per_company(self):
        self.assertEqual(self.prepaid.invoice_when, "import")
        self.assertTrue(self.prepaid.register_payment)
        self.assertEqual(self.cod.invoice_when, "delivery")
        company = self.env["res.company"].create({"name": "Second shop"})
        rows = self.env["commerce.bridge.workflow"].search([("company_id", "=", company.id)])
        self.assertEqual(len(rows), 2)

    def test_medusa_seed_is_invoiced_and_paid_to_the_fils(self):
        order = self.medusa_order()
        self.assertFalse(order.invoice_ids, "nothing is invoiced on the webhook's request")
        self.assertEqual(len(self.steps(order)), 1)
        self.dispatch()
        invoice, _payment = self.assert_paid_exactly(order, 16.0)
        self.assertEqual(invoice.currency_id.name, "KWD")
        self.assertEqual(self.steps(order).state, "done")
        # Invoiced and paid reach Medusa once each, and a second run adds nothing.
        self.assertEqual(self.status_events(), ["order.confirmed", "order.invoiced", "order.paid"])
        self.env["commerce.bridge.peer.workflow"]._cb_queue(order, "import")
        self.dispatch()
        self.assertEqual(self.steps(order).mapped("state"), ["done", "done"])
        self.assertEqual(len(self.invoices(order)), 1)
        self.assertEqual(self.status_events(), ["order.confirmed", "order.invoiced", "order.paid"])

    def test_medusa_payment_references_travel(self):
        order = fake_medusa.make_order(7001, lines=[("PB-20000-BLK", 1, 7000)])
        order["payment_status"] = "captured"
        order["payment_collections"] = [
            {"payments": [{"id": "pay_01XYZ", "provider_id": "pp_stripe_stripe"}]}
        ]
        order = self.medusa_order(order)
        self.assertEqual(order.x_cb_payment_method, "pp_stripe_stripe")
        self.assertEqual(order.x_medusa_payment_status, "captured")
        self.dispatch()
        invoice, payment = self.assert_paid_exactly(order, 8.0)
        self.assertEqual(invoice.x_cb_payment_refs, "pay_01XYZ")
        self.assertIn("pay_01XYZ", payment.memo)

    def test_omnitron_seed_is_invoiced_with_its_references(self):
        order = self.omnitron_order()
        self.assertEqual(order.state, "sale")
        self.dispatch()
        invoice, _payment = self.assert_paid_exactly(order, 725.26)
        self.assertEqual(invoice.currency_id.name, "TRY")
        self.assertEqual(invoice.ref, "SEP2018000149774")
        self.assertIn("uuid=be2e3fb7", invoice.x_cb_peer_invoice_url)
        shirt = invoice.invoice_line_ids.filtered(lambda line: line.tax_ids)
        self.assertAlmostEqual(shirt.price_total, 718.92, places=2)
        self.assertTrue(shirt.tax_ids.price_include)

    def test_cash_on_delivery_is_invoiced_when_delivered(self):
        body = omnitron_sender.make_order_event(
            pk=880001,
            items=[("3169177", "718.92", "8.00")],
            cargo_company={"shipping_company": "yurtici", "erp_code": "yurtici_kargo"},
        )
        body["payload"]["payment_option_slug"] = "pay_on_delivery"
        body["payload"]["payondeliverytransaction_set"] = [{"pk": 4455, "amount": "725.26"}]
        order = self.omnitron_order(body)
        self.assertEqual(order.x_cb_workflow_id, self.cod)
        self.dispatch()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.invoice_ids, "cash on delivery: nothing before the delivery")
        order.picking_ids._cb_force_validate()
        self.dispatch()
        invoice, payment = self.assert_paid_exactly(order, 725.26)
        self.assertIn("4455", payment.memo)

    def test_digital_goods_are_delivered_then_invoiced(self):
        self.env["commerce.bridge.workflow"].create(
            {
                "name": "Gift cards",
                "peer": "medusa",
                "payment_method_match": "pp_giftcard",
                "validate_delivery": True,
                "invoice_when": "delivery",
                "journal_id": self.prepaid.journal_id.id,
            }
        )
        body = fake_medusa.make_order(7003, lines=[("PB-20000-BLK", 1, 7000)])
        body["payments"] = [{"id": "pay_gc_1", "provider_id": "pp_giftcard"}]
        order = self.medusa_order(body)
        self.dispatch()
        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(self.steps(order).mapped("event_type"), ["import", "delivery"])
        self.assert_paid_exactly(order, 8.0)

    def test_payment_waits_until_medusa_captures_it(self):
        body = fake_medusa.make_order(7005, lines=[("PB-20000-BLK", 1, 7000)])
        body["payment_status"] = "authorized"
        order = self.medusa_order(body)
        self.dispatch()
        invoice = self.invoices(order)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "not_paid", "authorized is not captured")
        self.assertIn("waits", self.steps(order).response or "")
        status = fake_medusa.sample_order_status_updated()
        status["data"].update(order_id=body["id"], new_status="pending", payment_status="captured")
        self.assertEqual(self.post_medusa(status, msg_id="capture-1").status_code, 200)
        self.dispatch()
        self.assert_paid_exactly(order, 8.0)

    def test_medusa_refund_yields_credit_note_and_refund_payment(self):
        order = self.medusa_order()
        self.dispatch()
        invoice = self.invoices(order)
        status = fake_medusa.sample_order_status_updated()
        status["data"]["payment_status"] = "refunded"
        self.assertEqual(self.post_medusa(status, msg_id="refund-1").status_code, 200)
        self.dispatch()
        credit_note = self.invoices(order, "out_refund")
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertAlmostEqual(credit_note.amount_total, 16.0, places=3)
        self.assertIn(credit_note.payment_state, PAID)
        self.assertEqual(credit_note.matched_payment_ids.payment_type, "outbound")
        self.assertTrue(invoice.exists(), "nothing is ever deleted")
        self.assertEqual(invoice.state, "posted")

    def test_omnitron_refund_yields_credit_note_and_refund_payment(self):
        order = self.omnitron_order()
        self.dispatch()
        invoice = self.invoices(order)
        body = omnitron_sender.sample_order_event()
        body["event"] = {"type": "order.updated", "uuid": "refund-31999"}
        body["payload"]["status"] = "600"
        body["payload"]["refund_amount"] = "725.26"
        self.assertEqual(self.post_omnitron(body).status_code, 204)
        self.dispatch()
        credit_note = self.invoices(order, "out_refund")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertAlmostEqual(credit_note.amount_total, 725.26, places=2)
        self.assertIn(credit_note.payment_state, PAID)
        # A repeated refund event refunds nothing twice.
        body["event"]["uuid"] = "refund-31999-again"
        self.post_omnitron(body)
        self.dispatch()
        self.assertEqual(len(self.invoices(order, "out_refund")), 1)

    def test_omnitron_cancellation_with_activity_policy(self):
        self.prepaid.refund_policy = "activity"
        order = self.omnitron_order()
        self.dispatch()
        body = omnitron_sender.sample_order_event()
        body["event"] = {"type": "order.updated", "uuid": "cancel-31999"}
        body["payload"]["status"] = "100"
        self.post_omnitron(body)
        self.assertEqual(order.state, "cancel")
        self.dispatch()
        self.assertFalse(self.invoices(order, "out_refund"), "a person decides")
        self.assertIn("Refund to decide", order.activity_ids.mapped("summary"))
        self.assertEqual(self.invoices(order).state, "posted")

    def test_a_failing_step_keeps_the_order_and_is_retried(self):
        journal = self.env["account.journal"].create(
            {"name": "Web payments", "type": "bank", "code": "WEBP"}
        )
        self.prepaid.journal_id = journal
        journal.active = False
        order = self.medusa_order()
        self.dispatch()
        step = self.steps(order)
        self.assertEqual(step.state, "retrying")
        self.assertIn("archived", step.last_error)
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.invoice_ids, "the failed step left nothing half done")
        journal.active = True
        step.action_retry_now()
        self.dispatch()
        self.assertEqual(step.state, "done")
        self.assert_paid_exactly(order, 16.0)

    def test_a_total_mismatch_holds_the_order_for_a_person(self):
        self.company.cb_confirm_mismatched_totals = True
        body = fake_medusa.make_order(7002, lines=[("PB-20000-BLK", 1, 7000)])
        body["total"] += 5  # the customer was charged 5 fils more than the lines
        order = self.medusa_order(body)
        self.assertEqual(order.state, "sale")
        self.dispatch()
        step = self.steps(order)
        self.assertEqual(step.state, "dead")
        self.assertIn("8.005", step.last_error)
        self.assertTrue(order.x_cb_held_reason)
        self.assertIn("Automatic invoicing stopped", order.activity_ids.mapped("summary"))
        self.assertFalse(order.invoice_ids.filtered(lambda m: m.state == "posted"))

    def test_workflows_switched_off_do_nothing(self):
        self.company.cb_workflow_enabled = False
        order = self.medusa_order()
        self.assertFalse(self.steps(order))
        self.dispatch()
        self.assertFalse(order.invoice_ids)
