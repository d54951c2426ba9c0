from odoo import fields, models

from ..lib import http_client

SECRET_GROUP = "base.group_system"


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Imported orders and delivery -----------------------------------------------------
    cb_auto_confirm = fields.Boolean("Confirm imported orders", default=True)
    cb_team_id = fields.Many2one("crm.team", "Sales team for imported orders")
    cb_responsible_user_id = fields.Many2one(
        "res.users",
        "Responsible for imported orders",
        help="Salesperson of imported orders, and who is told when one needs a person (an "
        "unknown SKU, a total that does not add up). Empty: the sales team's leader, else the "
        "administrator.",
    )
    cb_confirm_mismatched_totals = fields.Boolean(
        "Confirm orders whose total differs from the peer's",
        help="By default such an order stays a quotation with an activity stating both totals.",
    )
    cb_unknown_sku_policy = fields.Selection(
        [
            ("hold", "Hold the order for review"),
            ("create", "Create the missing product from the line"),
        ],
        string="Unknown SKU",
        default="hold",
        required=True,
        help="Create: a product is made from the line's SKU, name, barcode and price, so the "
        "order keeps the customer's real lines and total.",
    )
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
        "Maximum attempts",
        default=0,
        help="0 means unlimited: retry until the retry window has passed.",
    )
    cb_done_retention_days = fields.Integer("Keep delivered messages (days)", default=7)
    cb_max_body_kb = fields.Integer("Largest accepted webhook body (KiB)", default=1024)
    cb_attention_retry_hours = fields.Integer(
        "Retrying for longer than (hours)",
        default=6,
        help="A message still retrying this long after its first attempt is listed in Needs "
        "attention, with its last error. 0: only dead and paused messages are listed.",
    )

    # --- Peer clients (built from the company's settings; secrets stay out of logs) -------
    def _cb_responsible_user(self):
        """Who imported orders belong to and who is told when one needs a person."""
        self.ensure_one()
        team = self.cb_team_id or self.env["crm.team"].search(
            [("company_id", "in", (self.id, False))], limit=1
        )
        return (
            self.cb_responsible_user_id
            or team.user_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
            or self.env.user
        )

    def _cb_sync_warehouse(self):
        """The warehouse whose stock peers see and where imported orders ship from."""
        self.ensure_one()
        return self.cb_warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", self.id)], limit=1
        )

    def _cb_http_client(self, base_url, headers, secret):
        """A peer's HTTP client with this company's timeout; ``secret`` never reaches a log
        line or an error text."""
        self.ensure_one()
        return http_client.PeerHttpClient(
            base_url or "",
            headers=headers,
            timeout=(5, self.sudo().cb_http_timeout or 30),
            secret_values=[secret or ""],
        )

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
