"""The inbound pipeline, once for every peer: authenticate -> count -> check -> parse ->
validate -> log -> process -> answer.

A peer's controller is ``class X(WebhookPipeline, http.Controller)``: it declares its
route and fills in the hooks (how a request proves which company sent it, the contract's
error shape); the peer's model (``commerce.bridge.peer.<code>``) validates, processes and
shapes the answer. Every refusal is decided before anything is logged or written, and
answered with a 4xx in the contract's shape.
"""

from odoo.http import request, route

from ..lib import validation
from .utils import (
    WEBHOOK_ROUTE_TYPE,
    BadRequest,
    companies_with,
    company_env,
    error_list,
    log_refusal,
    max_body_bytes,
    parse_json_object,
    rate_limit,
    read_body,
)


def webhook_route(paths):
    """The route of a peer's webhook: POST only, no session, no CSRF token, no form parsing
    (``cb_webhook``), and writable (Odoo 18 makes ``auth='none'`` routes read-only)."""
    return route(
        paths,
        type=WEBHOOK_ROUTE_TYPE,
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )


class WebhookPipeline:
    # Not a Controller itself: Odoo merges every subclass of a controller class into one
    # (that is how controllers are overridden), which would mix the peers' settings.
    # The peer's code, and the company settings the pipeline reads (cb_<peer>_...).
    _peer = None
    _credential_field = None
    _enabled_field = None
    _rate_limit_field = None
    # Error codes of the contract: (invalid body, switched off, throttled).
    _invalid_code = "invalid"
    _forbidden_code = "forbidden"
    _throttled_code = "throttled"

    def _cb_receive(self):
        """The whole pipeline for the current request; returns the response."""
        try:
            companies = companies_with(self._credential_field)
            company, delivery_id = self._cb_authenticate(companies)
            rate_limit(
                company,
                self._peer,
                company[self._rate_limit_field],
                self._throttled_code,
                "Too many requests: retry later.",
            )
            self._cb_check_request(company)
            if not company[self._enabled_field]:
                raise BadRequest(403, self._forbidden_code, "This flow is switched off in Odoo.")
            body = read_body(max_body_bytes(company), code=self._invalid_code)
            data = parse_json_object(body, code=self._invalid_code)
            peer = company_env(company)["commerce.bridge.peer"]._cb_peer(self._peer)
            errors = self._cb_validate(peer, data)
            if errors:
                raise BadRequest(
                    400,
                    self._invalid_code,
                    f"The request body is invalid: {validation.shorten(str(errors[0]), 200)}",
                    error_list(errors),
                )
        except BadRequest as refused:
            log_refusal(self._peer, refused)
            return self._cb_refusal(refused)

        status, answer = peer._cb_receive_request(company, data, body.decode("utf-8"), delivery_id)
        return self._cb_response(status, answer)

    # ------------------------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------------------------
    def _cb_authenticate(self, companies):
        """(company, delivery id or None) the request proves it comes from; else 401."""
        raise NotImplementedError

    def _cb_check_request(self, company):
        """Contract checks on the headers (e.g. 406 for an unacceptable Accept)."""

    def _cb_validate(self, peer, data):
        return peer._cb_validate_event(data)

    def _cb_refusal(self, refused):
        """The refusal in the contract's error shape."""
        raise NotImplementedError

    def _cb_response(self, status, answer):
        if answer is None:
            return request.make_response("", status=status)
        return request.make_json_response(answer, status=status)

    # ------------------------------------------------------------------------------------
    def _cb_request_body_for_signature(self, companies):
        """The raw body, read before the company is known (a signature covers it)."""
        return read_body(max_body_bytes(companies), code=self._invalid_code)
