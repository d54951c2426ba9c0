from odoo import api, fields, models

from ..res_company import SECRET_GROUP
from ..res_config_settings import company_setting


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
