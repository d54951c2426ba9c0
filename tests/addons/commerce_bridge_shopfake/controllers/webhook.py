from odoo import http
from odoo.http import request

from odoo.addons.commerce_bridge.controllers.utils import (
    BadRequest,
    max_body_bytes,
    read_body,
)
from odoo.addons.commerce_bridge.controllers.webhook import WebhookPipeline, webhook_route
from odoo.addons.commerce_bridge.lib import signatures

from ..const import HMAC_HEADER, PEER, WEBHOOK_PATH, signature


class ShopfakeWebhook(WebhookPipeline, http.Controller):
    _peer = PEER
    _credential_field = "cb_shopfake_secret"
    _enabled_field = "cb_shopfake_enabled"
    _rate_limit_field = "cb_shopfake_rate_limit"

    @webhook_route(WEBHOOK_PATH)
    def shopfake_orders(self):
        return self._cb_receive()

    def _cb_authenticate(self, companies):
        body = read_body(max_body_bytes(companies), code=self._invalid_code)
        presented = request.httprequest.headers.get(HMAC_HEADER)
        for company in companies:
            expected = signature(company.cb_shopfake_secret, body)
            if signatures.constant_time_equals(presented, expected):
                return company, None
        raise BadRequest(401, "unauthorized", "Invalid HMAC.")

    def _cb_refusal(self, refused):
        return request.make_json_response(
            {"ok": False, "error": refused.code, "message": refused.message, **refused.details},
            headers=refused.headers,
            status=refused.status,
        )
