from odoo import api, fields, models

from ...lib import nonito
from ..res_company import SECRET_GROUP
from ..res_config_settings import company_setting


def _event_field(name):
    return f"cb_nonito_send_{name}"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cb_nonito_enabled = fields.Boolean(**company_setting("cb_nonito_enabled"))
    cb_nonito_base_url = fields.Char(**company_setting("cb_nonito_base_url"))
    cb_nonito_api_key = fields.Char(**company_setting("cb_nonito_api_key", groups=SECRET_GROUP))
    cb_nonito_batch_size = fields.Integer(**company_setting("cb_nonito_batch_size"))
    cb_nonito_event_types = fields.Char(**company_setting("cb_nonito_event_types"))

    # One checkbox per event type (nonito.EVENT_NAMES); the company keeps them as a list.
    cb_nonito_send_order_created = fields.Boolean("Order created")
    cb_nonito_send_order_updated = fields.Boolean("Order updated")
    cb_nonito_send_order_cancelled = fields.Boolean("Order cancelled")
    cb_nonito_send_order_packed = fields.Boolean("Order packed")
    cb_nonito_send_order_dispatched = fields.Boolean("Order dispatched")
    cb_nonito_send_order_delivered = fields.Boolean("Order delivered")
    cb_nonito_send_customer_created = fields.Boolean("Customer created")
    cb_nonito_send_customer_updated = fields.Boolean("Customer updated")

    @api.model
    def get_values(self):
        values = super().get_values()
        wanted = _split(self.env.company.cb_nonito_event_types)
        values.update({_event_field(name): name in wanted for name in nonito.EVENT_NAMES})
        return values

    def set_values(self):
        super().set_values()
        wanted = [name for name in nonito.EVENT_NAMES if self[_event_field(name)]]
        if self.company_id.cb_nonito_event_types != ",".join(wanted):
            self.company_id.cb_nonito_event_types = ",".join(wanted)

    def action_cb_test_nonito(self):
        self.ensure_one()
        return self._cb_connection_result(self.env._("Nonito"), self.company_id._cb_probe_nonito())


def _split(text):
    return {name.strip() for name in (text or "").split(",") if name.strip()}
