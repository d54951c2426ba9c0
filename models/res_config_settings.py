from odoo import api, fields, models

from .res_company import SECRET_GROUP


def _company(name, **kwargs):
    """A settings field stored on the current company (settings are per company)."""
    return {"related": f"company_id.{name}", "readonly": False, **kwargs}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cb_medusa_base_url = fields.Char(**_company("cb_medusa_base_url"))
    cb_medusa_api_key = fields.Char(**_company("cb_medusa_api_key", groups=SECRET_GROUP))
    cb_medusa_webhook_secret = fields.Char(
        **_company("cb_medusa_webhook_secret", groups=SECRET_GROUP)
    )
    cb_medusa_allow_static_secret = fields.Boolean(**_company("cb_medusa_allow_static_secret"))
    cb_medusa_minor_units = fields.Char(**_company("cb_medusa_minor_units"))
    cb_medusa_inbound_enabled = fields.Boolean(**_company("cb_medusa_inbound_enabled"))
    cb_medusa_pull_enabled = fields.Boolean(**_company("cb_medusa_pull_enabled"))
    cb_medusa_product_push_enabled = fields.Boolean(**_company("cb_medusa_product_push_enabled"))
    cb_medusa_inventory_push_enabled = fields.Boolean(
        **_company("cb_medusa_inventory_push_enabled")
    )
    cb_medusa_status_push_enabled = fields.Boolean(**_company("cb_medusa_status_push_enabled"))
    cb_medusa_inventory_mode = fields.Selection(**_company("cb_medusa_inventory_mode"))

    cb_omnitron_enabled = fields.Boolean(**_company("cb_omnitron_enabled"))
    cb_omnitron_token = fields.Char(**_company("cb_omnitron_token", groups=SECRET_GROUP))
    cb_omnitron_allowed_channels = fields.Char(**_company("cb_omnitron_allowed_channels"))
    cb_omnitron_min_order_id = fields.Integer(**_company("cb_omnitron_min_order_id"))
    cb_omnitron_property_filters = fields.Char(**_company("cb_omnitron_property_filters"))
    cb_omnitron_rate_limit = fields.Integer(**_company("cb_omnitron_rate_limit"))
    cb_omnitron_validate_delivery = fields.Boolean(**_company("cb_omnitron_validate_delivery"))

    cb_nonito_enabled = fields.Boolean(**_company("cb_nonito_enabled"))
    cb_nonito_base_url = fields.Char(**_company("cb_nonito_base_url"))
    cb_nonito_api_key = fields.Char(**_company("cb_nonito_api_key", groups=SECRET_GROUP))
    cb_nonito_batch_size = fields.Integer(**_company("cb_nonito_batch_size"))
    cb_nonito_event_types = fields.Char(**_company("cb_nonito_event_types"))

    cb_auto_confirm = fields.Boolean(**_company("cb_auto_confirm"))
    cb_team_id = fields.Many2one(**_company("cb_team_id"))
    cb_warehouse_id = fields.Many2one(**_company("cb_warehouse_id"))
    cb_require_valid_phone = fields.Boolean(**_company("cb_require_valid_phone"))
    cb_http_timeout = fields.Integer(**_company("cb_http_timeout"))
    cb_retry_window_hours = fields.Integer(**_company("cb_retry_window_hours"))
    cb_max_attempts = fields.Integer(**_company("cb_max_attempts"))
    cb_done_retention_days = fields.Integer(**_company("cb_done_retention_days"))
    cb_max_body_kb = fields.Integer(**_company("cb_max_body_kb"))

    # The pull job is one ir.cron for all companies: its interval is edited here too.
    cb_medusa_pull_interval = fields.Integer("Pull every (minutes)", default=10)

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

    # --- Test connection buttons: a real request, the peer's answer in a notification ----
    def action_cb_test_medusa(self):
        self.ensure_one()
        return self._cb_notify(self.env._("Medusa"), self.company_id._cb_probe_medusa())

    def action_cb_test_nonito(self):
        self.ensure_one()
        return self._cb_notify(self.env._("Nonito"), self.company_id._cb_probe_nonito())

    def action_cb_test_omnitron(self):
        self.ensure_one()
        return self._cb_notify(self.env._("Omnitron webhook"), self.company_id._cb_probe_omnitron())

    def _cb_notify(self, peer, result):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("%(peer)s: connection test", peer=peer),
                "message": result["message"],
                "type": "success" if result["ok"] else "danger",
                "sticky": not result["ok"],
            },
        }
