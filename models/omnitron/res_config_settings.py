from odoo import api, fields, models

from ...lib import omnitron
from ..res_company import SECRET_GROUP
from ..res_config_settings import company_setting


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cb_omnitron_enabled = fields.Boolean(**company_setting("cb_omnitron_enabled"))
    cb_omnitron_token = fields.Char(**company_setting("cb_omnitron_token", groups=SECRET_GROUP))
    cb_omnitron_allowed_channels = fields.Char(**company_setting("cb_omnitron_allowed_channels"))
    cb_omnitron_min_order_id = fields.Integer(**company_setting("cb_omnitron_min_order_id"))
    cb_omnitron_property_filters = fields.Char(**company_setting("cb_omnitron_property_filters"))
    cb_omnitron_rate_limit = fields.Integer(**company_setting("cb_omnitron_rate_limit"))
    cb_omnitron_validate_delivery = fields.Boolean(
        **company_setting("cb_omnitron_validate_delivery")
    )

    cb_omnitron_webhook_url = fields.Char(
        "Omnitron order webhook URL",
        compute="_compute_cb_omnitron_webhook_url",
        help="Paste this address in Omnitron's order integration.",
    )

    @api.depends("company_id")
    def _compute_cb_omnitron_webhook_url(self):
        for settings in self:
            settings.cb_omnitron_webhook_url = settings.get_base_url() + omnitron.WEBHOOK_PATH

    def action_cb_test_omnitron(self):
        self.ensure_one()
        return self._cb_connection_result(
            self.env._("Omnitron webhook"), self.company_id._cb_probe_omnitron()
        )
