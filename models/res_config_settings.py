from odoo import fields, models


def company_setting(name, **kwargs):
    """A settings field stored on the current company (settings are per company)."""
    return {"related": f"company_id.{name}", "readonly": False, **kwargs}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cb_auto_confirm = fields.Boolean(**company_setting("cb_auto_confirm"))
    cb_team_id = fields.Many2one(**company_setting("cb_team_id"))
    cb_responsible_user_id = fields.Many2one(**company_setting("cb_responsible_user_id"))
    cb_confirm_mismatched_totals = fields.Boolean(**company_setting("cb_confirm_mismatched_totals"))
    cb_unknown_sku_policy = fields.Selection(**company_setting("cb_unknown_sku_policy"))
    cb_warehouse_id = fields.Many2one(**company_setting("cb_warehouse_id"))
    cb_require_valid_phone = fields.Boolean(**company_setting("cb_require_valid_phone"))
    cb_http_timeout = fields.Integer(**company_setting("cb_http_timeout"))
    cb_retry_window_hours = fields.Integer(**company_setting("cb_retry_window_hours"))
    cb_max_attempts = fields.Integer(**company_setting("cb_max_attempts"))
    cb_done_retention_days = fields.Integer(**company_setting("cb_done_retention_days"))
    cb_max_body_kb = fields.Integer(**company_setting("cb_max_body_kb"))
    cb_attention_retry_hours = fields.Integer(**company_setting("cb_attention_retry_hours"))
    cb_alert = fields.Text(related="company_id.cb_alert", readonly=True)

    def action_cb_dismiss_alert(self):
        """The stored connection alert was read and the cause fixed: forget it."""
        self.ensure_one()
        self.company_id.sudo().cb_alert = False
        return {"type": "ir.actions.client", "tag": "reload"}

    # --- Test connection buttons: a real request, the peer's answer in a notification ----
    def _cb_connection_result(self, peer, result):
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
