from odoo import fields, models

from ..res_company import SECRET_GROUP
from ..res_config_settings import company_setting


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cb_nonito_enabled = fields.Boolean(**company_setting("cb_nonito_enabled"))
    cb_nonito_base_url = fields.Char(**company_setting("cb_nonito_base_url"))
    cb_nonito_api_key = fields.Char(**company_setting("cb_nonito_api_key", groups=SECRET_GROUP))
    cb_nonito_batch_size = fields.Integer(**company_setting("cb_nonito_batch_size"))
    cb_nonito_event_types = fields.Char(**company_setting("cb_nonito_event_types"))

    def action_cb_test_nonito(self):
        self.ensure_one()
        return self._cb_connection_result(self.env._("Nonito"), self.company_id._cb_probe_nonito())
