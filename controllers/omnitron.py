"""The orders_omnitron webhook (seed 002): answers exactly with the documented status codes."""

from odoo import http
from odoo.http import request

from ..lib import omnitron, signatures
from .utils import (
    BadRequest,
    companies_with,
    company_env,
    max_body_bytes,
    parse_json_object,
    read_body,
)


class OmnitronWebhookController(http.Controller):
    @http.route(
        omnitron.WEBHOOK_PATH,
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def orders_omnitron(self, **_params):
        try:
            companies = companies_with("cb_omnitron_token")
            company = self._authenticate(companies)
            if not omnitron.accepts_json(request.httprequest.headers.get("Accept")):
                raise BadRequest(406, "not_acceptable", "Only application/json can be produced.")
            if not company.cb_omnitron_enabled:
                raise BadRequest(403, "permission_denied", "Omnitron orders are switched off.")
            env = company_env(company)
            retry_after = env["commerce.bridge.omnitron"]._rate_limited(company)
            if retry_after:
                raise BadRequest(
                    429, "throttled", "Request was throttled.", {"retry_after": retry_after}
                )
            body = read_body(max_body_bytes(company))
            data = parse_json_object(body)
            errors = omnitron.validate_event(data)
            if errors:
                raise BadRequest(400, "invalid", "Invalid order event.", {"errors": errors})
        except BadRequest as refused:
            return self._error(refused)

        status, reason = env["commerce.bridge.omnitron"]._receive_webhook(
            company, data, body.decode("utf-8")
        )
        if status == 204:
            return request.make_response("", status=204)
        return request.make_json_response({"detail": reason}, status=status)

    def _authenticate(self, companies):
        token = signatures.parse_token_header(
            request.httprequest.headers.get("Authorization"), "Token"
        )
        if token:
            for company in companies:
                if signatures.constant_time_equals(token, company.cb_omnitron_token):
                    return company
        raise BadRequest(401, "not_authenticated", "Invalid or missing token.")

    def _error(self, refused):
        # Akinon's API is Django REST framework: errors carry a "detail" message.
        headers = []
        retry_after = refused.details.get("retry_after")
        if retry_after:
            headers.append(("Retry-After", str(retry_after)))
        body = {"detail": refused.message, "code": refused.code}
        if refused.details.get("errors"):
            body["errors"] = refused.details["errors"]
        return request.make_json_response(body, headers=headers, status=refused.status)
