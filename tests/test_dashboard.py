"""What operators see: the overview, the message and event forms, the settings screens."""

import json
import os
import time
from datetime import timedelta

import requests
from lxml import etree

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.commerce_bridge.lib import signatures
from odoo.addons.commerce_bridge.models.medusa.res_config_settings import (
    EXAMPLE_SECRET,
    signed_request_example,
)
from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa

from .common import MEDUSA_SECRET, CommerceBridgeCase


def _enqueue(env, company, prefix, count=1, channel="nonito.events", **vals):
    messages = env["commerce.bridge.outbox"]._cb_enqueue(
        [
            {
                "channel": channel,
                "payload": {"event_id": f"{prefix}-{index}", "name": "Ahmad"},
                "company": company,
                "message_id": f"{prefix}-{index}",
                "aggregate_key": f"{prefix}-{index}",
                **vals,
            }
            for index in range(count)
        ]
    )
    env.flush_all()
    return messages


def _arch(env, xmlid):
    """The view as every module extended it (before access groups filter it)."""
    return env.ref(xmlid)._get_combined_arch()


@tagged("post_install", "-at_install")
class TestDashboard(CommerceBridgeCase):
    """Overview: one card per company and channel, each count opens its messages."""

    def _card(self, channel="nonito.events"):
        return self.env["commerce.bridge.outbox.health"].search(
            [("company_id", "=", self.company.id), ("channel", "=", channel)]
        )

    def test_cards_count_per_channel_with_human_labels(self):
        delivered = _enqueue(self.env, self.company, "dash-done", 2)
        delivered.write({"state": "done", "sent_at": fields.Datetime.now()})
        _enqueue(self.env, self.company, "dash-dead", 1, dead_reason="refused")
        waiting = _enqueue(self.env, self.company, "dash-wait", 3)
        waiting[:1].write({"state": "retrying", "first_attempt_at": fields.Datetime.now()})
        waiting[1:2].write({"state": "paused"})
        self.env.flush_all()
        card = self._card()
        self.assertEqual(card.channel_label, "Events to Nonito", "a label, not a channel key")
        self.assertEqual(
            (card.delivered_today, card.delivered_week, card.waiting, card.retrying),
            (2, 2, 2, 1),
        )
        self.assertEqual((card.paused, card.dead), (1, 1))
        self.assertTrue(card.oldest_waiting)
        self.assertTrue(card.last_success)
        Outbox = self.env["commerce.bridge.outbox"]
        for method, expected in (
            ("action_open_delivered_today", 2),
            ("action_open_delivered_week", 2),
            ("action_open_waiting", 2),
            ("action_open_retrying", 1),
            ("action_open_paused", 1),
            ("action_open_dead", 1),
            ("action_open_messages", 6),
        ):
            action = getattr(card, method)()
            self.assertEqual(action["res_model"], "commerce.bridge.outbox")
            self.assertEqual(Outbox.search_count(action["domain"]), expected, method)

    def test_any_peer_gets_a_card(self):
        """The test-only fourth peer has a card like the real ones: the core names none."""
        from odoo.addons.commerce_bridge.lib import channels

        shopfake = [key for key, channel in channels.CHANNELS.items() if channel.peer == "shopfake"]
        if not shopfake and not os.environ.get("CI"):
            # The test command always installs it beside the addon; CI never skips.
            self.skipTest("the shopfake peer is not installed")
        self.assertTrue(shopfake, "the shopfake peer is installed by scripts/test.sh")
        _enqueue(self.env, self.company, "dash-fake", 1, channel=shopfake[0])
        card = self._card(shopfake[0])
        self.assertEqual(card.waiting, 1)
        self.assertEqual(card.channel_label, channels.label(shopfake[0]))

    def test_overview_is_a_kanban_and_attempts_have_graph_and_pivot(self):
        action = self.env.ref("commerce_bridge.action_commerce_bridge_outbox_health")
        self.assertEqual(action.view_mode.split(",")[0], "kanban")
        menu = self.env.ref("commerce_bridge.menu_commerce_bridge_overview")
        self.assertEqual(menu.action, action)
        kanban = _arch(self.env, "commerce_bridge.commerce_bridge_outbox_health_view_kanban")
        buttons = {node.get("name") for node in kanban.iter("a", "button") if node.get("name")}
        self.assertLessEqual(
            {"action_open_waiting", "action_open_dead", "action_open_delivered_today"}, buttons
        )
        attempts = self.env.ref("commerce_bridge.action_commerce_bridge_outbox_attempt")
        self.assertEqual(set(attempts.view_mode.split(",")), {"graph", "pivot", "list"})
        # The pivot groups by the stored peer, channel and human result.
        message = _enqueue(self.env, self.company, "dash-attempt", 1)
        self.env["commerce.bridge.outbox.attempt"].create(
            {"message_id": message.id, "status": 0, "outcome": "retryable", "error": "timeout"}
        )
        groups = self.env["commerce.bridge.outbox.attempt"].read_group(
            [("message_id", "=", message.id)],
            ["duration_ms:avg"],
            ["peer", "outcome_label"],
            lazy=False,
        )
        self.assertEqual(groups[0]["outcome_label"], "Failed, will retry")
        self.assertEqual(groups[0]["peer"], "nonito")
        card = self._card()
        attempts_action = card.action_open_attempts()
        self.assertIn(("channel", "=", "nonito.events"), attempts_action["domain"])


@tagged("post_install", "-at_install")
class TestMessageForm(CommerceBridgeCase):
    """The outbound message form: readable payloads, ordered dates, human outcomes."""

    def test_payload_and_response_are_pretty_printed(self):
        message = _enqueue(self.env, self.company, "form-pretty")
        self.assertIn('\n  "event_id": "form-pretty-0"', message.payload_pretty)
        message.sudo().response = '{"ok":true,"ids":[1,2]}'
        self.assertEqual(json.loads(message.response_pretty), {"ok": True, "ids": [1, 2]})
        self.assertIn("\n", message.response_pretty)
        message.sudo().response = "<html>Bad gateway</html>"
        self.assertEqual(message.response_pretty, "<html>Bad gateway</html>", "not JSON: as is")
        form = _arch(self.env, "commerce_bridge.commerce_bridge_outbox_view_form")
        pretty = form.xpath("//field[@name='payload_pretty']")
        self.assertEqual(pretty[0].get("widget"), "code")

    def test_no_http_status_when_there_was_no_answer(self):
        message = _enqueue(self.env, self.company, "form-status")
        Attempt = self.env["commerce.bridge.outbox.attempt"]
        timeout = Attempt.create(
            {"message_id": message.id, "status": 0, "outcome": "retryable", "error": "timeout"}
        )
        refused = Attempt.create({"message_id": message.id, "status": 422, "outcome": "invalid"})
        self.assertEqual(timeout.status_display, "")
        self.assertEqual(timeout.outcome_label, "Failed, will retry")
        self.assertEqual(
            (refused.status_display, refused.outcome_label), ("422", "Refused as invalid")
        )
        message.sudo().last_status = 0
        self.assertEqual(message.last_status_display, "")
        message.sudo().last_status = 503
        self.assertEqual(message.last_status_display, "503")
        form = _arch(self.env, "commerce_bridge.commerce_bridge_outbox_view_form")
        self.assertFalse(form.xpath("//field[@name='last_status']"), "the raw 0 is never shown")

    def test_attempt_counts_and_dates_read_in_order(self):
        message = _enqueue(self.env, self.company, "form-dates")
        self.company.cb_nonito_enabled = True
        self.dispatch()
        self.assertEqual(message.attempt_count, len(message.attempt_ids))
        self.assertGreaterEqual(message.attempt_count, 1)
        self.assertEqual(message.last_attempt_at, max(message.attempt_ids.mapped("create_date")))
        self.assertLessEqual(message.create_date, message.first_attempt_at)
        self.assertLessEqual(message.first_attempt_at, message.last_attempt_at)
        form = _arch(self.env, "commerce_bridge.commerce_bridge_outbox_view_form")
        when = [node.get("name") for node in form.xpath("//group[@name='cb_when']/field")]
        self.assertEqual(
            when[:5],
            ["create_date", "first_attempt_at", "last_attempt_at", "next_attempt_at", "sent_at"],
        )

    def test_the_source_record_is_named_and_linked(self):
        partner = self.env["res.partner"].create({"name": "Layla Source"})
        message = _enqueue(self.env, self.company, "form-source")
        message.sudo().write({"res_model": "res.partner", "res_id": partner.id})
        self.assertEqual(message.source_name, "Contact: Layla Source")
        action = message.action_open_source()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", partner.id))
        form = _arch(self.env, "commerce_bridge.commerce_bridge_outbox_view_form")
        self.assertTrue(form.xpath("//button[@name='action_open_source']"))


@tagged("post_install", "-at_install")
class TestNeedsAttention(CommerceBridgeCase):
    """Needs attention lists what is dead, paused, or retrying for too long; bulk actions."""

    def test_long_retrying_messages_need_attention(self):
        self.company.cb_attention_retry_hours = 6
        old, recent = _enqueue(self.env, self.company, "attn", 2)
        now = fields.Datetime.now()
        old.sudo().write(
            {
                "state": "retrying",
                "first_attempt_at": now - timedelta(hours=7),
                "last_error": "HTTP 503: down",
            }
        )
        recent.sudo().write({"state": "retrying", "first_attempt_at": now - timedelta(hours=1)})
        dead = _enqueue(self.env, self.company, "attn-dead", 1, dead_reason="refused")
        Outbox = self.env["commerce.bridge.outbox"]
        found = Outbox.search([("needs_attention", "=", True), ("message_id", "like", "attn")])
        self.assertEqual(found, old | dead)
        self.assertTrue(old.needs_attention)
        self.assertFalse(recent.needs_attention)
        not_found = Outbox.search([("needs_attention", "=", False), ("message_id", "like", "attn")])
        self.assertEqual(not_found, recent)
        # The threshold is a company setting: 0 keeps only dead and paused messages.
        self.env["res.config.settings"].create({"cb_attention_retry_hours": 0}).execute()
        self.assertEqual(self.company.cb_attention_retry_hours, 0)
        found = Outbox.search([("needs_attention", "=", True), ("message_id", "like", "attn")])
        self.assertEqual(found, dead)
        # The menu's filter is this field, and the list shows the last error.
        action = self.env.ref("commerce_bridge.action_commerce_bridge_outbox_attention")
        self.assertIn("search_default_needs_attention", action.context)
        listing = _arch(self.env, "commerce_bridge.commerce_bridge_outbox_view_list")
        self.assertTrue(listing.xpath("//field[@name='last_error']"))

    def test_bulk_actions_from_the_list_report_how_many(self):
        dead = _enqueue(self.env, self.company, "bulk-dead", 3, dead_reason="refused")
        action = self.env.ref("commerce_bridge.action_server_outbox_replay")
        result = action.with_context(
            active_model="commerce.bridge.outbox", active_ids=dead.ids, active_id=dead[0].id
        ).run()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("3 of 3", result["params"]["message"])
        self.assertEqual(set(dead.mapped("state")), {"pending"})
        cancel = self.env.ref("commerce_bridge.action_server_outbox_cancel")
        result = cancel.with_context(
            active_model="commerce.bridge.outbox", active_ids=dead.ids
        ).run()
        self.assertIn("3 of 3", result["params"]["message"])
        self.assertEqual(set(dead.mapped("state")), {"cancelled"})


@tagged("post_install", "-at_install")
class TestInboundForm(CommerceBridgeCase):
    """The inbound event form: named by what it is, reasons in words."""

    def _event(self, **vals):
        return self.Event.create(
            {
                "peer": "medusa",
                "event_type": "order.created",
                "external_id": vals.pop("external_id", "evt-1"),
                "payload": json.dumps(
                    {
                        "event": "order.created",
                        "data": {"order": {"display_id": 1042, "email": "layla@example.com"}},
                    }
                ),
                "state": "received",
                "company_id": self.company.id,
                **vals,
            }
        )

    def test_titled_by_order_number_and_customer(self):
        event = self._event()
        self.assertEqual(event.display_name, "Medusa order.created: #1042 · layla@example.com")
        partner = self.env["res.partner"].create({"name": "Layla"})
        order = self.env["sale.order"].create({"partner_id": partner.id})
        event.sudo().write({"res_model": "sale.order", "res_id": order.id})
        event.invalidate_recordset()
        self.assertEqual(event.display_name, f"Medusa order.created: {order.name} · Layla")

    def test_database_errors_read_as_sentences(self):
        raw = (
            'duplicate key value violates unique constraint "sale_order_x_medusa_order_id_company'
            '_uniq"\nDETAIL:  Key (x_medusa_order_id, company_id)=(order_1, 1) already exists.'
        )
        event = self._event(state="failed", error=raw, external_id="evt-dup")
        self.assertNotIn("duplicate key", event.error_display)
        self.assertEqual(
            event.error_display, "This Medusa order was already imported in this company."
        )
        generic = self._event(
            state="failed",
            error='null value in column "partner_id" violates not-null constraint',
            external_id="evt-null",
        )
        self.assertEqual(generic.error_display, "A required value was missing.")
        plain = self._event(state="ignored", error="Channel 99 is not imported", external_id="e3")
        self.assertEqual(plain.error_display, "Channel 99 is not imported")
        form = _arch(self.env, "commerce_bridge.commerce_bridge_inbound_event_view_form")
        technical = form.xpath("//page[@name='technical']")[0]
        self.assertEqual(technical.xpath("field")[0].get("name"), "error")
        self.assertEqual(technical.get("groups"), "commerce_bridge.group_commerce_bridge_manager")
        self.assertTrue(
            form.xpath("//div[contains(@class, 'alert-info')]/field[@name='error_display']")
        )

    def test_every_ignored_event_says_why(self):
        self._enable_imports()
        self.company.cb_omnitron_allowed_channels = "999"
        from odoo.addons.commerce_bridge.sandbox import omnitron as omnitron_sender

        response = self.post_omnitron(omnitron_sender.sample_order_event())
        self.assertEqual(response.status_code, 202, response.text)
        event = self.Event.search([("peer", "=", "omnitron")], limit=1)
        self.assertEqual(event.state, "ignored")
        self.assertTrue(event.error_display, "a 202 always carries its reason")

    def test_reprocess_says_what_happened(self):
        event = self.Event.create(
            {
                "peer": "medusa",
                "event_type": "customer.created",
                "external_id": "evt-reprocess",
                "payload": json.dumps(fake_medusa.sample_customer_created()),
                "state": "failed",
                "error": "busy",
                "company_id": self.company.id,
            }
        )
        result = event.action_reprocess()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn("Processed", result["params"]["message"])
        self.assertEqual(result["params"]["next"]["type"], "ir.actions.act_window_close")
        result = event.action_reprocess()
        self.assertEqual(result["params"]["type"], "warning", "nothing left to do")


@tagged("post_install", "-at_install")
class TestSettingsScreens(CommerceBridgeCase):
    """Settings that read like Odoo's own, the webhook addresses and the secret header."""

    def test_settings_are_one_feature_per_box(self):
        arch = _arch(self.env, "base.res_config_settings_view_form")
        app = arch.xpath("//app[@name='commerce_bridge']")[0]
        blocks = {block.get("title") for block in app.iter("block")}
        self.assertIn("Medusa store", blocks, "a generic title: the retailer's name is data")
        self.assertFalse([title for title in blocks if "MarqaSouq" in (title or "")])
        for setting in app.iter("setting"):
            self.assertTrue(setting.get("help"), f"{setting.get('id')} has a description")
        self.assertFalse(app.xpath(".//label[contains(@class, 'col-lg-5')]"), "no cut-off labels")
        for name in ("cb_medusa_webhook_url", "cb_omnitron_webhook_url"):
            node = app.xpath(f".//field[@name='{name}']")[0]
            self.assertEqual(node.get("widget"), "CopyClipboardChar")
        self.assertFalse(app.xpath(".//field[@name='cb_nonito_event_types']"), "no comma list")
        self.assertTrue(app.xpath(".//field[@name='cb_alert']"))
        text = etree.tostring(app, encoding="unicode")
        self.assertIn("0 means unlimited", text)

    def test_webhook_urls_to_paste(self):
        settings = self.env["res.config.settings"].create({})
        base = settings.get_base_url()
        self.assertEqual(settings.cb_medusa_webhook_url, base + "/api/medusa/webhooks")
        self.assertEqual(settings.cb_omnitron_webhook_url, base + "/api/v1/oms/orders_omnitron/")
        # The settings form is a new record: its first onchange must compute them too.
        spec = {
            name: {}
            for name in (
                "company_id",
                "cb_medusa_webhook_url",
                "cb_omnitron_webhook_url",
                "cb_medusa_signed_example",
            )
        }
        values = self.env["res.config.settings"].onchange({}, [], spec)["value"]
        self.assertEqual(values["cb_medusa_webhook_url"], base + "/api/medusa/webhooks")
        self.assertEqual(values["cb_omnitron_webhook_url"], base + "/api/v1/oms/orders_omnitron/")
        self.assertIn("webhook-signature: v1,", values["cb_medusa_signed_example"])

    def test_nonito_event_types_are_checkboxes(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.cb_nonito_send_order_created)
        settings.cb_nonito_send_customer_updated = False
        settings.cb_nonito_send_order_packed = False
        settings.execute()
        wanted = self.company.cb_nonito_event_types.split(",")
        self.assertNotIn("customer_updated", wanted)
        self.assertNotIn("order_packed", wanted)
        self.assertIn("order_created", wanted)
        reread = self.env["res.config.settings"].create({})
        self.assertFalse(reread.cb_nonito_send_order_packed)
        self.assertTrue(reread.cb_nonito_send_order_delivered)

    def test_stored_alert_is_shown_and_dismissed(self):
        self.company._cb_raise_alert("Medusa refused the credentials")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.cb_alert, "Medusa refused the credentials")
        settings.action_cb_dismiss_alert()
        self.assertFalse(self.company.cb_alert)

    def test_static_secret_header_is_named_by_the_administrator(self):
        self.company.write(
            {
                "cb_medusa_inbound_enabled": True,
                "cb_medusa_allow_static_secret": True,
                "cb_medusa_webhook_secret_header": "X-Store-Secret",
            }
        )
        self.assertEqual(
            self.env["res.company"].new({}).cb_medusa_webhook_secret_header,
            "X-Medusa-Webhook-Secret",
            "the default",
        )
        body = json.dumps(fake_medusa.sample_customer_created())

        def post(headers):
            self.env.flush_all()
            return requests.post(
                self.base_url() + "/api/medusa/webhooks",
                data=body,
                headers={"Content-Type": "application/json", **headers},
                timeout=60,
            )

        self.assertEqual(post({"X-Medusa-Webhook-Secret": MEDUSA_SECRET}).status_code, 401)
        response = post({"X-Store-Secret": MEDUSA_SECRET})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(post({"X-Store-Secret": "wrong"}).status_code, 401)

    def test_signed_request_example_verifies_and_hides_the_secret(self):
        settings = self.env["res.config.settings"].create({})
        example = settings.cb_medusa_signed_example
        self.assertIn("curl -X POST", example)
        self.assertIn(settings.cb_medusa_webhook_url, example)
        self.assertNotIn(MEDUSA_SECRET, example)
        self.assertNotIn(MEDUSA_SECRET[6:], example)
        # Run against this Odoo with the placeholder as the company's secret: it is accepted.
        self.company.write(
            {"cb_medusa_webhook_secret": EXAMPLE_SECRET, "cb_medusa_inbound_enabled": True}
        )
        url = self.base_url() + "/api/medusa/webhooks"
        example = signed_request_example(url, timestamp=int(time.time()))
        headers = dict(
            line.strip().strip("\\").strip().removeprefix("-H ").strip("'").split(": ", 1)
            for line in example.splitlines()
            if line.strip().startswith("-H ")
        )
        body = example.split("--data '", 1)[1].rsplit("'", 1)[0]
        self.assertEqual(signatures.verify(EXAMPLE_SECRET, headers, body.encode()), "msg_example_1")
        self.env.flush_all()
        response = requests.post(url, data=body.encode(), headers=headers, timeout=60)
        self.assertEqual(response.status_code, 200, response.text)


@tagged("post_install", "-at_install")
class TestOrderAndProductScreens(CommerceBridgeCase):
    """Orders and products say how their sync goes."""

    def test_order_sync_state_and_peer_fields(self):
        partner = self.env["res.partner"].create({"name": "Buyer"})
        order = self.env["sale.order"].create({"partner_id": partner.id})
        self.assertFalse(order.x_cb_sync_state)
        message = _enqueue(self.env, self.company, "order-sync")
        message.sudo().write({"res_model": "sale.order", "res_id": order.id})
        order.invalidate_recordset()
        self.assertEqual(order.x_cb_sync_state, "waiting")
        message.sudo().state = "dead"
        order.invalidate_recordset()
        self.assertEqual(order.x_cb_sync_state, "failed")
        message.sudo().state = "done"
        order.invalidate_recordset()
        self.assertEqual(order.x_cb_sync_state, "synced")
        form = _arch(self.env, "sale.view_order_form")
        for name in ("x_cb_payment_method", "x_cb_cancel_reason", "x_cb_sync_state"):
            self.assertTrue(form.xpath(f"//field[@name='{name}']"), name)
        for name in ("x_omnitron_order_pk", "x_omnitron_channel_pk"):
            node = form.xpath(f"//field[@name='{name}']")[0]
            self.assertIn("'format': false", node.get("options"))
        partner_form = _arch(self.env, "base.view_partner_form")
        node = partner_form.xpath("//field[@name='x_omnitron_customer_pk']")[0]
        self.assertIn("'format': false", node.get("options"))
        self.assertTrue(form.xpath("//button[@name='action_cb_open_inbound_events']"))
        self.assertTrue(form.xpath("//button[@name='action_cb_open_outbox']"))

    def test_omnitron_status_has_a_human_label(self):
        from odoo.addons.commerce_bridge.lib import omnitron

        self.assertEqual(omnitron.status_label("500"), "shipped")
        form = _arch(self.env, "sale.view_order_form")
        group = form.xpath("//group[@name='cb_omnitron']")[0]
        self.assertTrue(group.xpath(".//field[@name='x_cb_peer_status']"))

    def test_product_sync_status_push_button_and_arabic(self):
        product = self.make_product("SYNC-1")
        template = product.product_tmpl_id
        self.assertFalse(template.x_cb_sync_state)
        message = _enqueue(self.env, self.company, "prod-sync", channel="medusa.product_webhook")
        message.sudo().write({"res_model": "product.product", "res_id": product.id})
        template.invalidate_recordset()
        self.assertEqual((template.x_cb_sync_state, template.x_cb_message_count), ("waiting", 1))
        message.sudo().write({"state": "done", "sent_at": fields.Datetime.now()})
        template.invalidate_recordset()
        self.assertEqual(template.x_cb_sync_state, "synced")
        self.assertTrue(template.x_cb_last_push)
        action = template.action_cb_open_messages()
        self.assertEqual(self.Outbox.search(action["domain"]), message)
        result = template.action_cb_push_to_medusa()
        self.assertEqual(result["params"]["type"], "success")
        seller = new_test_user(self.env, "cb_no_push", groups="base.group_user")
        with self.assertRaises(Exception):  # noqa: B017 - AccessError
            template.with_user(seller).action_cb_push_to_medusa()
        form = _arch(self.env, "product.product_template_form_view")
        header_button = form.xpath("//header/button[@name='action_cb_push_to_medusa']")
        self.assertTrue(header_button)
        for name in ("x_name_ar", "x_description_ar"):
            self.assertEqual(form.xpath(f"//field[@name='{name}']")[0].get("dir"), "rtl")
