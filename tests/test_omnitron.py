import copy
import json

from odoo.tests import tagged

from odoo.addons.commerce_bridge.sandbox import omnitron as omnitron_sender

from .common import CommerceBridgeCase


@tagged("post_install", "-at_install")
class TestOmnitron(CommerceBridgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"cb_omnitron_enabled": True, "cb_auto_confirm": True, "cb_omnitron_rate_limit": 1000}
        )
        cls.env["res.currency"]._cb_activate("TRY")
        cls.shirt = cls.env["product.product"].create(
            {"name": "Lacoste shirt", "default_code": "3169177", "is_storable": True}
        )
        cls.carrier_product = cls.env["product.product"].create(
            {"name": "Yurtici", "type": "service"}
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {"name": "Yurtiçi Kargo", "product_id": cls.carrier_product.id}
        )
        cls.env["commerce.bridge.carrier.map"].create(
            {
                "name": "Yurtiçi Kargo",
                "shipping_company": "yurtici",
                "erp_code": "yurtici_kargo",
                "carrier_id": cls.carrier.id,
            }
        )

    def sample(self):
        return omnitron_sender.sample_order_event()

    def order_of(self, number="202531672482"):
        return self.env["sale.order"].search([("x_omnitron_order_number", "=", number)])

    def test_seed_sample_imports_with_its_total(self):
        response = self.post_omnitron(self.sample())
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(response.content, b"")
        order = self.order_of()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.x_omnitron_order_pk, 31999)
        self.assertEqual(order.x_omnitron_channel_pk, 20)
        self.assertEqual(order.currency_id.name, "TRY")
        self.assertAlmostEqual(order.amount_total, 725.26, places=2)
        self.assertFalse(order.x_cb_total_mismatch)
        self.assertEqual(str(order.date_order), "2018-10-27 18:55:01")
        self.assertEqual(order.carrier_id, self.carrier)
        line = order.order_line.filtered(lambda line: line.product_id == self.shirt)
        self.assertAlmostEqual(line.price_total, 718.92, places=2)
        self.assertTrue(line.tax_id.price_include)
        self.assertEqual(line.tax_id.amount, 8.0)
        self.assertEqual(line.x_omnitron_item_status, "510")
        partner = order.partner_id
        self.assertFalse(partner.email, "the scrambled email is not kept as an address")
        self.assertIn("email", partner.x_cb_data_issues)
        shipping = order.partner_shipping_id
        self.assertEqual(shipping.country_id.code, "IT")
        self.assertEqual(shipping.city, "MILANO")
        self.assertEqual(shipping.zip, "50000")
        self.assertEqual(order.partner_invoice_id.vat, "18283150626")
        self.assertIn("XXX", shipping.x_cb_data_issues or partner.x_cb_data_issues or "")
        self.assertEqual(order.x_omnitron_invoice_number, "SEP2018000149774")
        picking = order.picking_ids
        self.assertEqual(picking.carrier_tracking_ref, "202531672482")

    def test_duplicates_answer_202_and_create_nothing(self):
        self.assertEqual(self.post_omnitron(self.sample()).status_code, 204)
        self.assertEqual(self.post_omnitron(self.sample()).status_code, 202)
        other_event = self.sample()
        other_event["event"]["uuid"] = "another-uuid"
        other_event["event"]["type"] = "order.created"
        self.assertEqual(self.post_omnitron(other_event).status_code, 202)
        self.assertEqual(len(self.order_of()), 1)

    def test_filters_answer_202(self):
        self.company.cb_omnitron_min_order_id = 40000
        self.assertEqual(self.post_omnitron(self.sample()).status_code, 202)
        self.company.cb_omnitron_min_order_id = 0
        self.company.cb_omnitron_allowed_channels = "7, 8"
        other_channel = self.sample()
        other_channel["event"]["uuid"] = "other-channel"
        self.assertEqual(self.post_omnitron(other_channel).status_code, 202)
        self.company.cb_omnitron_allowed_channels = False
        self.company.cb_omnitron_property_filters = "delivery_type=next_day"
        filtered = self.sample()
        filtered["event"]["uuid"] = "filtered-property"
        self.assertEqual(self.post_omnitron(filtered).status_code, 202)
        self.company.cb_omnitron_property_filters = (
            "delivery_type=same_day, channel.channel_type=n11"
        )
        self.assertFalse(self.order_of())
        reasons = self.Event.search([("state", "=", "ignored")]).mapped("error")
        self.assertTrue(any("MIN_ORDER_OMNITRON_ID" in reason for reason in reasons))

    def test_status_codes_for_bad_requests(self):
        self.assertEqual(self.post_omnitron(self.sample(), token=None).status_code, 401)
        self.assertEqual(self.post_omnitron(self.sample(), token="wrong").status_code, 401)
        self.assertEqual(
            self.post_omnitron(self.sample(), headers={"Accept": "text/html"}).status_code, 406
        )
        self.assertEqual(self.post_omnitron(None, raw="{not json").status_code, 400)
        self.assertEqual(self.post_omnitron(None, raw="[1, 2]").status_code, 400)
        missing = self.sample()
        del missing["payload"]["number"]
        response = self.post_omnitron(missing)
        self.assertEqual(response.status_code, 400)
        self.assertIn("number", json.dumps(response.json()))
        self.company.cb_omnitron_enabled = False
        self.assertEqual(self.post_omnitron(self.sample()).status_code, 403)
        self.assertFalse(self.order_of())

    def test_rate_limit(self):
        self.company.cb_omnitron_rate_limit = 2
        statuses = []
        for index in range(3):
            body = omnitron_sender.make_order_event(number=f"RL-{index}", pk=50000 + index)
            body["payload"]["orderitem_set"][0]["product"]["sku"] = "3169177"
            statuses.append(self.post_omnitron(body).status_code)
        self.assertEqual(statuses[2], 429)
        self.assertNotIn(429, statuses[:2])

    def test_update_cancels_an_imported_order(self):
        self.post_omnitron(self.sample())
        order = self.order_of()
        cancel = copy.deepcopy(self.sample())
        cancel["event"] = {"type": "order.updated", "uuid": "cancel-event"}
        cancel["payload"]["status"] = "100"
        response = self.post_omnitron(cancel)
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.x_omnitron_status, "100")

    def test_sender_variants_import(self):
        for index in range(3):
            body = omnitron_sender.make_order_event(number=f"VAR-{index}", pk=60000 + index)
            for item in body["payload"]["orderitem_set"]:
                item["product"]["sku"] = "3169177"
            body["payload"]["cargo_company"] = {
                "pk": 1,
                "name": "Yurtiçi Kargo",
                "erp_code": "yurtici_kargo",
                "shipping_company": "yurtici",
            }
            response = self.post_omnitron(body)
            self.assertEqual(response.status_code, 204, response.text)
            order = self.order_of(f"VAR-{index}")
            self.assertAlmostEqual(order.amount_total, float(body["payload"]["amount"]), places=2)
