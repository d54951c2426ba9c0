from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import MEDUSA_KEY, CommerceBridgeCase


@tagged("post_install", "-at_install")
class TestSettings(CommerceBridgeCase):
    def _settings(self, company, **vals):
        return self.env["res.config.settings"].with_company(company).create(vals)

    def test_settings_round_trip_per_company(self):
        other = self.env["res.company"].create({"name": "Second shop"})
        self.env.user.company_ids |= other
        self._settings(
            self.company, cb_medusa_base_url="https://one.example", cb_omnitron_min_order_id=5
        ).execute()
        self._settings(
            other, cb_medusa_base_url="https://two.example", cb_omnitron_min_order_id=9
        ).execute()
        self.assertEqual(self.company.cb_medusa_base_url, "https://one.example")
        self.assertEqual(other.cb_medusa_base_url, "https://two.example")
        self.assertEqual(self.company.cb_omnitron_min_order_id, 5)
        self.assertEqual(other.cb_omnitron_min_order_id, 9)
        reread = self.env["res.config.settings"].with_company(other).create({})
        self.assertEqual(reread.cb_medusa_base_url, "https://two.example")
        self.assertEqual(reread.cb_nonito_base_url, "https://api.nonito.xyz")

    def test_pull_interval_is_the_cron_interval(self):
        self._settings(self.company, cb_medusa_pull_interval=25).execute()
        cron = self.env.ref("commerce_bridge.ir_cron_medusa_pull")
        self.assertEqual((cron.interval_number, cron.interval_type), (25, "minutes"))
        self.assertEqual(self.env["res.config.settings"].create({}).cb_medusa_pull_interval, 25)

    def test_secrets_only_for_settings_administrators(self):
        manager = new_test_user(
            self.env,
            "cb_manager",
            groups="base.group_user,commerce_bridge.group_commerce_bridge_manager",
        )
        company = self.company.with_user(manager)
        with self.assertRaises(AccessError):
            company.read(["cb_medusa_api_key"])
        self.assertEqual(self.company.cb_medusa_api_key, MEDUSA_KEY)

    def test_access_rights_of_the_two_groups(self):
        user = new_test_user(
            self.env, "cb_user", groups="base.group_user,commerce_bridge.group_commerce_bridge_user"
        )
        manager = new_test_user(
            self.env,
            "cb_mgr",
            groups="base.group_user,commerce_bridge.group_commerce_bridge_manager",
        )
        message = self.Outbox._cb_enqueue(
            [
                {
                    "channel": "medusa.order_status",
                    "payload": {"event_type": "order.confirmed"},
                    "company": self.company,
                    "message_id": "access-test",
                    "dead_reason": "test",
                }
            ]
        )
        self.assertTrue(message.with_user(user).read(["state"]))
        with self.assertRaises(AccessError):
            message.with_user(user).action_cancel()
        message.with_user(manager).action_replay()
        self.assertEqual(message.state, "pending")
        with self.assertRaises(AccessError):
            self.env["commerce.bridge.carrier.map"].with_user(user).create(
                {
                    "name": "x",
                    "shipping_company": "x",
                    "erp_code": "x",
                    "carrier_id": self.env["delivery.carrier"].search([], limit=1).id,
                }
            )
        outsider = new_test_user(self.env, "cb_nobody", groups="base.group_user")
        with self.assertRaises(AccessError):
            message.with_user(outsider).read(["state"])

    def test_medusa_order_id_unique_per_company(self):
        partner = self.env["res.partner"].create({"name": "Buyer"})
        other = self.env["res.company"].create({"name": "Other shop"})
        self.env["sale.order"].create({"partner_id": partner.id, "x_medusa_order_id": "order_1"})
        self.env["sale.order"].create(
            {"partner_id": partner.id, "x_medusa_order_id": "order_1", "company_id": other.id}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["sale.order"].create(
                {"partner_id": partner.id, "x_medusa_order_id": "order_1"}
            )

    # --- Test connection buttons: real requests to real local servers -------------------
    def _notify(self, action_name):
        action = getattr(self.env["res.config.settings"].create({}), action_name)()
        return action["params"]

    def test_test_connection_medusa(self):
        params = self._notify("action_cb_test_medusa")
        self.assertEqual(params["type"], "success", params)
        self.company.cb_medusa_api_key = "wrong"
        params = self._notify("action_cb_test_medusa")
        self.assertEqual(params["type"], "danger")
        self.assertIn("401", params["message"])
        self.company.cb_medusa_api_key = MEDUSA_KEY
        self.medusa.refuse()
        try:
            params = self._notify("action_cb_test_medusa")
        finally:
            self.medusa.accept()
        self.assertEqual(params["type"], "danger")
        self.assertIn("nreachable", params["message"])

    def test_test_connection_nonito(self):
        self.assertEqual(self._notify("action_cb_test_nonito")["type"], "success")
        self.company.cb_nonito_api_key = "wrong"
        params = self._notify("action_cb_test_nonito")
        self.assertEqual(params["type"], "danger")
        self.assertIn("401", params["message"])

    def test_test_connection_omnitron(self):
        self.company.cb_omnitron_enabled = True
        self.assertEqual(self._notify("action_cb_test_omnitron")["type"], "success")
        self.company.cb_omnitron_token = "another-token"
        self.env.flush_all()
        self.assertEqual(self._notify("action_cb_test_omnitron")["type"], "success")

    def test_health_overview_counts_what_needs_attention(self):
        self.Outbox._cb_enqueue(
            [
                {
                    "channel": "nonito.events",
                    "payload": {},
                    "company": self.company,
                    "message_id": f"health-{index}",
                    "dead_reason": "invalid" if index else None,
                }
                for index in range(3)
            ]
        )
        self.env.flush_all()
        health = self.env["commerce.bridge.outbox.health"].search(
            [("company_id", "=", self.company.id), ("channel", "=", "nonito.events")]
        )
        self.assertEqual((health.dead, health.waiting, health.attention), (2, 1, 2))
