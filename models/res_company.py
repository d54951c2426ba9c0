from odoo import fields, models

from ..lib import http_client, medusa, money, nonito, omnitron

SECRET_GROUP = "base.group_system"


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Medusa (MarqaSouq) -------------------------------------------------------------
    cb_medusa_base_url = fields.Char("Medusa base URL")
    cb_medusa_api_key = fields.Char("Medusa API key", groups=SECRET_GROUP, copy=False)
    cb_medusa_webhook_secret = fields.Char("Medusa webhook secret", groups=SECRET_GROUP, copy=False)
    cb_medusa_allow_static_secret = fields.Boolean(
        "Accept the static secret header",
        help="Also accept webhooks that carry the secret itself in the X-Medusa-Webhook-Secret "
        "header instead of a signature. Only for senders that cannot sign.",
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
    cb_medusa_pull_since = fields.Datetime(
        "Customers pulled up to", help="High-water mark of the customer pull."
    )

    # --- Akinon Omnitron ----------------------------------------------------------------
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
    cb_omnitron_rate_limit = fields.Integer("Omnitron requests per minute", default=120)
    cb_omnitron_validate_delivery = fields.Boolean(
        "Validate deliveries on Omnitron shipped status",
        help="When Omnitron reports an order shipped or delivered, validate its delivery order.",
    )

    # --- Nonito ---------------------------------------------------------------------------
    cb_nonito_enabled = fields.Boolean("Send events to Nonito")
    cb_nonito_base_url = fields.Char("Nonito base URL", default=nonito.DEFAULT_BASE_URL)
    cb_nonito_api_key = fields.Char("Nonito API key", groups=SECRET_GROUP, copy=False)
    cb_nonito_batch_size = fields.Integer("Nonito batch size", default=100)
    cb_nonito_event_types = fields.Char(
        "Nonito event types",
        default=",".join(nonito.EVENT_NAMES),
        help="Comma-separated event names to send.",
    )

    # --- Imported orders and delivery -----------------------------------------------------
    cb_auto_confirm = fields.Boolean("Confirm imported orders", default=True)
    cb_team_id = fields.Many2one("crm.team", "Sales team for imported orders")
    cb_warehouse_id = fields.Many2one(
        "stock.warehouse", "Warehouse for imported orders and stock sync"
    )
    cb_require_valid_phone = fields.Boolean(
        "Require valid phone numbers",
        help="Possible numbers (right length) are accepted by default; check this to also "
        "require a number in an allocated range.",
    )
    cb_http_timeout = fields.Integer("Peer timeout (seconds)", default=30)
    cb_retry_window_hours = fields.Integer("Retry window (hours)", default=72)
    cb_max_attempts = fields.Integer(
        "Maximum attempts", default=0, help="0: retry until the retry window has passed."
    )
    cb_done_retention_days = fields.Integer("Keep delivered messages (days)", default=7)
    cb_max_body_kb = fields.Integer("Largest accepted webhook body (KiB)", default=1024)

    # --- Peer clients (built from the company's settings; secrets stay out of logs) -------
    def _cb_medusa_client(self):
        self.ensure_one()
        company = self.sudo()
        return http_client.PeerHttpClient(
            company.cb_medusa_base_url or "",
            headers=medusa.auth_headers(company.cb_medusa_api_key or ""),
            timeout=(5, company.cb_http_timeout or 30),
            secret_values=[company.cb_medusa_api_key or ""],
        )

    def _cb_nonito_client(self):
        self.ensure_one()
        company = self.sudo()
        return http_client.PeerHttpClient(
            company.cb_nonito_base_url or nonito.DEFAULT_BASE_URL,
            headers=nonito.auth_headers(company.cb_nonito_api_key or ""),
            timeout=(5, company.cb_http_timeout or 30),
            secret_values=[company.cb_nonito_api_key or ""],
        )

    def _cb_probe_medusa(self):
        if not self.cb_medusa_base_url:
            return {"ok": False, "message": self.env._("Set the Medusa base URL first.")}
        return http_client.probe(
            self._cb_medusa_client(), "GET", medusa.ORDERS_PATH, params={"limit": 1}
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

    cb_alert = fields.Text("Commerce Bridge alert", readonly=True, copy=False)

    def _cb_raise_alert(self, message):
        """A configuration problem a manager must fix: kept on the company, pushed live."""
        self.ensure_one()
        self.sudo().cb_alert = message
        managers = self.env.ref("commerce_bridge.group_commerce_bridge_manager").users
        for user in managers.filtered(lambda u: self in u.company_ids):
            user._bus_send(
                "simple_notification",
                {
                    "title": self.env._("Commerce Bridge"),
                    "message": message,
                    "sticky": True,
                    "type": "danger",
                },
            )

    def _cb_minor_factor(self, currency_code):
        """Medusa's factor for this currency: the administrator's override, else ISO."""
        self.ensure_one()
        overrides = money.parse_factor_overrides(self.cb_medusa_minor_units or "")
        return money.minor_factor(currency_code, overrides.get((currency_code or "").upper()))
