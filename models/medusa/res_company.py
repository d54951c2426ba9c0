from odoo import fields, models

from ...lib import http_client, medusa, money
from ..res_company import SECRET_GROUP


class ResCompany(models.Model):
    _inherit = "res.company"

    cb_medusa_base_url = fields.Char("Medusa base URL")
    cb_medusa_api_key = fields.Char("Medusa API key", groups=SECRET_GROUP, copy=False)
    cb_medusa_webhook_secret = fields.Char("Medusa webhook secret", groups=SECRET_GROUP, copy=False)
    cb_medusa_allow_static_secret = fields.Boolean(
        "Accept the static secret header",
        help="Also accept webhooks that carry the secret itself in a header (named below) "
        "instead of a signature. Only for senders that cannot sign.",
    )
    cb_medusa_webhook_secret_header = fields.Char(
        "Secret header name",
        default=medusa.STATIC_SECRET_HEADER,
        help="The request header in which the store sends the shared secret (ODOO_WEBHOOK_SECRET "
        "in the store's .env) when it does not sign its webhooks.",
    )
    cb_medusa_minor_units = fields.Char(
        "Medusa minor-unit overrides",
        help="Comma-separated CURRENCY=FACTOR pairs, e.g. 'KWD=1000, EGP=100'. Empty: the ISO "
        "4217 decimals of each currency (KWD 3 -> 1000, EGP 2 -> 100).",
    )
    cb_medusa_inbound_enabled = fields.Boolean("Import Medusa orders and customers")
    cb_medusa_pull_enabled = fields.Boolean("Pull missed Medusa orders and customers")
    cb_medusa_product_push_enabled = fields.Boolean("Push products to Medusa")
    cb_medusa_inventory_push_enabled = fields.Boolean("Push stock levels to Medusa")
    cb_medusa_status_push_enabled = fields.Boolean("Push order status to Medusa")
    cb_medusa_inventory_mode = fields.Selection(
        [("on_hand", "On hand"), ("available", "Available (on hand minus reserved)")],
        string="Stock level sent to Medusa",
        default="available",
        required=True,
    )
    cb_medusa_rate_limit = fields.Integer(
        "Medusa requests per minute",
        default=600,
        help="Authenticated webhook requests accepted per minute (429 beyond). 0: no limit.",
    )
    cb_medusa_pull_since = fields.Datetime(
        "Customers pulled up to", help="High-water mark of the customer pull."
    )

    def _cb_medusa_client(self):
        self.ensure_one()
        company = self.sudo()
        return self._cb_http_client(
            company.cb_medusa_base_url,
            medusa.auth_headers(company.cb_medusa_api_key or ""),
            company.cb_medusa_api_key,
        )

    def _cb_probe_medusa(self):
        if not self.cb_medusa_base_url:
            return {"ok": False, "message": self.env._("Set the Medusa base URL first.")}
        return http_client.probe(
            self._cb_medusa_client(), "GET", medusa.ORDERS_PATH, params={"limit": 1}
        )

    def _cb_minor_factor(self, currency_code):
        """Medusa's factor for this currency: the administrator's override, else ISO."""
        self.ensure_one()
        overrides = money.parse_factor_overrides(self.cb_medusa_minor_units or "")
        return money.minor_factor(currency_code, overrides.get((currency_code or "").upper()))
