"""Webhooks Medusa sends to Odoo (seed 001 section 3): authenticate, parse, log, hand over."""

import logging

from odoo import http
from odoo.http import request

from ..lib import medusa, signatures
from .utils import (
    BadRequest,
    companies_with,
    company_env,
    max_body_bytes,
    parse_json_object,
    read_body,
)

_logger = logging.getLogger(__name__)


class MedusaWebhookController(http.Controller):
    @http.route(
        ["/api/medusa/webhooks", "/api/medusa/order-created"],
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def medusa_webhook(self, **_params):
        try:
            companies = companies_with("cb_medusa_webhook_secret")
            body = read_body(max_body_bytes(companies))
            company, delivery_id = self._authenticate(companies, body)
            if not company.cb_medusa_inbound_enabled:
                raise BadRequest(403, "FORBIDDEN", "Medusa webhooks are switched off in Odoo.")
            data = parse_json_object(body)
            errors = medusa.validate_webhook(data)
            if (
                request.httprequest.path.endswith("/order-created")
                and data.get("event") != "order.created"
            ):
                errors.append("event: this route only accepts order.created")
            if errors:
                raise BadRequest(
                    400, "VALIDATION_ERROR", "The webhook payload is invalid.", {"errors": errors}
                )
        except BadRequest as refused:
            return self._error(refused.status, refused.code, refused.message, refused.details)

        env = company_env(company)
        external_id = delivery_id or medusa.inbound_event_id(data)
        status, body = env["commerce.bridge.medusa"]._receive_webhook(
            company, data, external_id, body.decode("utf-8")
        )
        return request.make_json_response(body, status=status)

    def _authenticate(self, companies, body):
        """(company, webhook-id) for a valid signature, or (company, None) for the static
        secret where the company allows it; else 401."""
        headers = request.httprequest.headers
        if headers.get("webhook-signature"):
            reason = "no company has a webhook secret"
            for company in companies:
                try:
                    delivery_id = signatures.verify(company.cb_medusa_webhook_secret, headers, body)
                except signatures.SignatureError as error:
                    reason = str(error)
                    continue
                return company, delivery_id
            raise BadRequest(401, "UNAUTHORIZED", f"Invalid webhook signature: {reason}.")
        presented = headers.get(medusa.STATIC_SECRET_HEADER)
        if presented:
            for company in companies.filtered("cb_medusa_allow_static_secret"):
                if signatures.constant_time_equals(presented, company.cb_medusa_webhook_secret):
                    return company, None
        raise BadRequest(401, "UNAUTHORIZED", "Missing or invalid webhook signature.")

    def _error(self, status, code, message, details=None):
        return request.make_json_response(medusa.error_body(code, message, details), status=status)
