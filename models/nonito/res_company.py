from odoo import fields, models

from ...lib import http_client, nonito
from ..res_company import SECRET_GROUP


class ResCompany(models.Model):
    _inherit = "res.company"

    cb_nonito_enabled = fields.Boolean("Send events to Nonito")
    cb_nonito_base_url = fields.Char("Nonito base URL", default=nonito.DEFAULT_BASE_URL)
    cb_nonito_api_key = fields.Char("Nonito API key", groups=SECRET_GROUP, copy=False)
    cb_nonito_batch_size = fields.Integer(
        "Nonito batch size",
        default=nonito.EVENTS.max_items,
        help="Events per request. A batch refused as too large (413) is split by itself.",
    )
    cb_nonito_event_types = fields.Char(
        "Nonito event types",
        default=",".join(nonito.EVENT_NAMES),
        help="Comma-separated event names to send.",
    )

    def _cb_nonito_client(self):
        self.ensure_one()
        company = self.sudo()
        return self._cb_http_client(
            company.cb_nonito_base_url or nonito.DEFAULT_BASE_URL,
            nonito.auth_headers(company.cb_nonito_api_key or ""),
            company.cb_nonito_api_key,
        )

    def _cb_probe_nonito(self):
        # Nonito has no read endpoint: an empty batch is refused with 400 once the key is
        # accepted, and with 401 when it is not, which is exactly what the button must tell.
        result = http_client.probe(
            self._cb_nonito_client(), "POST", nonito.EVENTS_PATH, json_body={"batch": []}
        )
        if result.get("status") == 400:
            return {"ok": True, "message": self.env._("Connected: Nonito accepted the API key.")}
        return result
