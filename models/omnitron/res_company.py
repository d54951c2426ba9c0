from odoo import fields, models

from ...lib import http_client, omnitron
from ..res_company import SECRET_GROUP


class ResCompany(models.Model):
    _inherit = "res.company"

    cb_omnitron_enabled = fields.Boolean("Import Omnitron orders")
    cb_omnitron_token = fields.Char("Omnitron token", groups=SECRET_GROUP, copy=False)
    cb_omnitron_allowed_channels = fields.Char(
        "Allowed Omnitron channels",
        help="Comma-separated channel ids (pk). Empty: every channel (ORDER_FILTERING).",
    )
    cb_omnitron_min_order_id = fields.Integer(
        "Minimum Omnitron order id",
        help="Orders with a lower pk are ignored (MIN_ORDER_OMNITRON_ID).",
    )
    cb_omnitron_property_filters = fields.Char(
        "Omnitron property filters",
        help="Comma-separated path=value pairs the order must match, e.g. "
        "'delivery_type=same_day, channel.channel_type=n11' (ORDER_FILTERING).",
    )
    cb_omnitron_rate_limit = fields.Integer(
        "Omnitron requests per minute",
        default=120,
        help="Authenticated webhook requests accepted per minute (429 beyond). 0: no limit.",
    )
    cb_omnitron_validate_delivery = fields.Boolean(
        "Validate deliveries on Omnitron shipped status",
        help="When Omnitron reports an order shipped or delivered, validate its delivery order.",
    )

    def _cb_probe_omnitron(self):
        # Omnitron only calls us: test our own endpoint the way Omnitron will, through HTTP.
        # The request is served in another transaction: it sees the saved token.
        self.env.flush_all()
        base_url = self.get_base_url()
        client = http_client.PeerHttpClient(
            base_url,
            headers=omnitron.auth_headers(self.sudo().cb_omnitron_token or ""),
            timeout=(5, 30),
            secret_values=[self.sudo().cb_omnitron_token or ""],
        )
        result = http_client.probe(client, "POST", omnitron.WEBHOOK_PATH, json_body={})
        if result.get("status") == 400:
            return {
                "ok": True,
                "message": self.env._(
                    "The webhook %(url)s accepts this token.", url=base_url + omnitron.WEBHOOK_PATH
                ),
            }
        return result
