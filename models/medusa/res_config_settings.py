import json
import shlex
import time
from datetime import datetime, timezone

from odoo import api, fields, models

from ...lib import signatures
from ..res_company import SECRET_GROUP
from ..res_config_settings import company_setting

MEDUSA_WEBHOOK_PATH = "/api/medusa/webhooks"
# Never the company's secret: the example shows how, the administrator's store knows what.
EXAMPLE_SECRET = "whsec_" + "ZXhhbXBsZS1zZWNyZXQtcmVwbGFjZS1tZQ=="  # "example-secret-replace-me"


def signed_request_example(url, secret=EXAMPLE_SECRET, timestamp=None, msg_id="msg_example_1"):
    """A curl command posting a customer.created webhook signed the way Odoo checks it."""
    timestamp = int(time.time() if timestamp is None else timestamp)
    body = json.dumps(
        {
            "event": "customer.created",
            "timestamp": datetime.fromtimestamp(timestamp, timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S.000Z"
            ),
            "data": {
                "customer": {
                    "id": "cus_example",
                    "email": "customer@example.com",
                    "first_name": "Example",
                    "last_name": "Customer",
                }
            },
        },
        separators=(",", ":"),
    )
    signature = signatures.sign(secret, msg_id, timestamp, body)
    return " \\\n  ".join(
        [
            f"curl -X POST {shlex.quote(url)}",
            "-H 'Content-Type: application/json'",
            f"-H 'webhook-id: {msg_id}'",
            f"-H 'webhook-timestamp: {timestamp}'",
            f"-H 'webhook-signature: {signature}'",
            f"--data {shlex.quote(body)}",
        ]
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cb_medusa_base_url = fields.Char(**company_setting("cb_medusa_base_url"))
    cb_medusa_api_key = fields.Char(**company_setting("cb_medusa_api_key", groups=SECRET_GROUP))
    cb_medusa_webhook_secret = fields.Char(
        **company_setting("cb_medusa_webhook_secret", groups=SECRET_GROUP)
    )
    cb_medusa_allow_static_secret = fields.Boolean(
        **company_setting("cb_medusa_allow_static_secret")
    )
    cb_medusa_webhook_secret_header = fields.Char(
        **company_setting("cb_medusa_webhook_secret_header")
    )
    cb_medusa_minor_units = fields.Char(**company_setting("cb_medusa_minor_units"))
    cb_medusa_inbound_enabled = fields.Boolean(**company_setting("cb_medusa_inbound_enabled"))
    cb_medusa_pull_enabled = fields.Boolean(**company_setting("cb_medusa_pull_enabled"))
    cb_medusa_product_push_enabled = fields.Boolean(
        **company_setting("cb_medusa_product_push_enabled")
    )
    cb_medusa_inventory_push_enabled = fields.Boolean(
        **company_setting("cb_medusa_inventory_push_enabled")
    )
    cb_medusa_status_push_enabled = fields.Boolean(
        **company_setting("cb_medusa_status_push_enabled")
    )
    cb_medusa_inventory_mode = fields.Selection(**company_setting("cb_medusa_inventory_mode"))
    cb_medusa_rate_limit = fields.Integer(**company_setting("cb_medusa_rate_limit"))

    # The pull job is one ir.cron for all companies: its interval is edited here too.
    cb_medusa_pull_interval = fields.Integer("Pull every (minutes)", default=10)

    cb_medusa_webhook_url = fields.Char(
        "Medusa webhook URL",
        compute="_compute_cb_medusa_webhook_help",
        help="Paste this address in the store's Odoo webhook subscriber (ODOO_WEBHOOK_URL).",
    )
    cb_medusa_signed_example = fields.Text(
        "Example of a signed request",
        compute="_compute_cb_medusa_webhook_help",
        help=f"Signed with the placeholder secret {EXAMPLE_SECRET}, never with yours.",
    )

    # Depends on the company so that the settings form (a new record) computes it too.
    @api.depends("company_id")
    def _compute_cb_medusa_webhook_help(self):
        for settings in self:
            url = settings.get_base_url() + MEDUSA_WEBHOOK_PATH
            settings.cb_medusa_webhook_url = url
            settings.cb_medusa_signed_example = signed_request_example(url)

    @api.model
    def get_values(self):
        values = super().get_values()
        cron = self.env.ref("commerce_bridge.ir_cron_medusa_pull", raise_if_not_found=False)
        if cron:
            values["cb_medusa_pull_interval"] = cron.sudo()._cb_interval_minutes()
        return values

    def set_values(self):
        super().set_values()
        cron = self.env.ref("commerce_bridge.ir_cron_medusa_pull", raise_if_not_found=False)
        if cron and self.cb_medusa_pull_interval > 0:
            cron.sudo().write(
                {"interval_number": self.cb_medusa_pull_interval, "interval_type": "minutes"}
            )

    def action_cb_test_medusa(self):
        self.ensure_one()
        return self._cb_connection_result(self.env._("Medusa"), self.company_id._cb_probe_medusa())
