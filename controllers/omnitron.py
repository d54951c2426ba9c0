"""The orders_omnitron webhook (seed 002), through the core inbound pipeline: answers exactly
with the documented status codes, refusals the Django REST framework way
(``{"detail": ..., "code": ...}``).
"""

from odoo import http
from odoo.http import request

from ..lib import omnitron, signatures
from .utils import BadRequest
from .webhook import WebhookPipeline, webhook_route


class OmnitronWebhookController(WebhookPipeline, http.Controller):
    _peer = omnitron.PEER
    _credential_field = "cb_omnitron_token"
    _enabled_field = "cb_omnitron_enabled"
    _rate_limit_field = "cb_omnitron_rate_limit"
    _invalid_code = "invalid"
    _forbidden_code = "permission_denied"
    _throttled_code = "throttled"

    @webhook_route(omnitron.WEBHOOK_PATH)
    def orders_omnitron(self):
        return self._cb_receive()

    def _cb_authenticate(self, companies):
        token = signatures.parse_token_header(
            request.httprequest.headers.get("Authorization"), "Token"
        )
        if token:
            for company in companies:
                if signatures.constant_time_equals(token, company.cb_omnitron_token):
                    return company, None
        raise BadRequest(401, "not_authenticated", "Invalid or missing token.")

    def _cb_check_request(self, company):
        if not omnitron.accepts_json(request.httprequest.headers.get("Accept")):
            raise BadRequest(406, "not_acceptable", "Only application/json can be produced.")

    def _cb_refusal(self, refused):
        body = {"detail": refused.message, "code": refused.code}
        for key in ("errors", "error_count"):
            if key in refused.details:
                body[key] = refused.details[key]
        return request.make_json_response(body, headers=refused.headers, status=refused.status)
