from odoo import fields, models

from ..res_config_settings import company_setting


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cb_workflow_enabled = fields.Boolean(**company_setting("cb_workflow_enabled"))
