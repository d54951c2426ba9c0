"""Webhooks Medusa sends to Odoo (seed 001 section 3), through the core inbound pipeline.

Requests prove their company with a Standard Webhooks signature (or, where the administrator
allows it, the shared secret itself); refusals use seed 001's error shape.
"""

from odoo import http
from odoo.http import request

from ..lib import medusa, signatures
from .utils import BadRequest, error_list
from .webhook import WebhookPipeline, webhook_route


class MedusaWebhookController(WebhookPipeline, http.Controller):
    _peer = medusa.PEER
    _credential_field = "cb_medusa_webhook_secret"
    _enabled_field = "cb_medusa_inbound_enabled"
    _rate_limit_field = "cb_medusa_rate_limit"
    _invalid_code = medusa.VALIDATION_ERROR
    _forbidden_code = "FORBIDDEN"
    _throttled_code = "RATE_LIMITED"

    @webhook_route(["/api/medusa/webhooks", "/api/medusa/order-created"])
    def medusa_webhook(self):
        return self._cb_receive()

    def _cb_authenticate(self, companies):
        """(company, webhook-id) for a valid signature, or (company, None) for the static
        secret where the company allows it; else 401."""
        body = self._cb_request_body_for_signature(companies)
        headers = request.httprequest.headers
        id_error = medusa.delivery_id_error(headers.get("webhook-id"))
        if id_error:
            raise BadRequest(
                400, medusa.VALIDATION_ERROR, "Invalid webhook-id.", error_list([id_error])
            )
        if headers.get("webhook-signature"):
            reason = "no company has a webhook secret"
            for company in companies:
                try:
                    delivery_id = signatures.verify(company.cb_medusa_webhook_secret, headers, body)
                except signatures.SignatureError as error:
                    reason = str(error)
                    continue
                return company, delivery_id
            raise BadRequest(401, medusa.UNAUTHORIZED, f"Invalid webhook signature: {reason}.")
        # Each company names the header its store puts the shared secret in.
        for company in companies.filtered("cb_medusa_allow_static_secret"):
            header = (company.cb_medusa_webhook_secret_header or "").strip()
            presented = headers.get(header or medusa.STATIC_SECRET_HEADER)
            if presented and signatures.constant_time_equals(
                presented, company.cb_medusa_webhook_secret
            ):
                return company, None
        raise BadRequest(401, medusa.UNAUTHORIZED, "Missing or invalid webhook signature.")

    def _cb_validate(self, peer, data):
        errors = super()._cb_validate(peer, data)
        if (
            not errors
            and request.httprequest.path.endswith("/order-created")
            and data.get("event") != "order.created"
        ):
            errors.append("event: this route only accepts order.created")
        return errors

    def _cb_refusal(self, refused):
        return request.make_json_response(
            medusa.error_body(refused.code, refused.message, refused.details),
            headers=refused.headers,
            status=refused.status,
        )
