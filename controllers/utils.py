"""Shared plumbing of the webhook controllers: body limits, JSON parsing, the env to act in.

A webhook is a stranger on the internet: every refusal here is a 4xx in the peer's contract
shape, decided before anything is logged or written, and with bounded work and answer size.
"""

import logging

from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from odoo import SUPERUSER_ID
from odoo.http import HttpDispatcher, request

from ..lib import validation

_logger = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 1024 * 1024
WEBHOOK_ROUTE_TYPE = "cb_webhook"
# Bodies werkzeug would parse into request.form / request.files: never read on our routes.
FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class WebhookDispatcher(HttpDispatcher):
    """``type="http"`` without the form parsing: Odoo's HttpDispatcher merges the parsed
    form and files of the body into the endpoint's parameters *before* the endpoint runs,
    so a 40 MB form body would be read and parsed before any size check. Routes of this type
    get only their URL arguments; the body stays unread until the endpoint has checked the
    Content-Type and Content-Length (see ``read_body``). Errors are handled as for http."""

    routing_type = WEBHOOK_ROUTE_TYPE

    def dispatch(self, endpoint, args):
        self.request.params = dict(args)
        return self.request.registry["ir.http"]._dispatch(endpoint)


class BadRequest(Exception):
    """The request is refused before it reaches the business code (status, code, message)."""

    def __init__(self, status, code, message, details=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.headers = headers or []


def max_body_bytes(companies):
    """The largest body any candidate company accepts: the check runs before we know which
    company sends, since the body is needed to authenticate a signed request."""
    limits = [c.cb_max_body_kb * 1024 for c in companies if c.cb_max_body_kb]
    return max(limits) if limits else DEFAULT_MAX_BODY


def check_body_headers(limit, code):
    """Refuse on the headers alone, before a byte of the body is read: a form or multipart
    body (415; werkzeug would parse it) and a declared length over the limit (413)."""
    httprequest = request.httprequest
    declared = httprequest.content_length
    if declared is not None and declared > limit:
        raise BadRequest(413, code, f"The body is larger than {limit} bytes.")
    mimetype = (httprequest.mimetype or "").lower()
    if mimetype in FORM_MIMETYPES:
        raise BadRequest(415, code, "Content-Type must be application/json.")


def read_body(limit, code="PAYLOAD_TOO_LARGE"):
    """The raw body, refused unread when its declared or actual size is over the limit."""
    check_body_headers(limit, code)
    httprequest = request.httprequest
    # werkzeug stops reading (and raises) past max_content_length, chunked bodies included.
    httprequest.max_content_length = limit
    try:
        return httprequest.get_data(cache=True, parse_form_data=False)
    except RequestEntityTooLarge:
        raise BadRequest(413, code, f"The body is larger than {limit} bytes.") from None
    except ClientDisconnected:
        raise BadRequest(400, code, "The body ended before its declared length.") from None


def parse_json_object(body, code="VALIDATION_ERROR"):
    content_type = (request.httprequest.mimetype or "").lower()
    if content_type != "application/json":
        raise BadRequest(
            415 if content_type else 400,
            code,
            "Content-Type must be application/json.",
        )
    try:
        data = validation.parse_json(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest(400, code, "The body is not valid UTF-8.") from None
    except validation.BodyError as error:
        raise BadRequest(400, code, str(error)) from None
    if not isinstance(data, dict):
        raise BadRequest(400, code, "The body must be a JSON object.")
    return data


def error_list(errors):
    """The details of a validation refusal: at most MAX_ERRORS short messages, the count."""
    listed, total = validation.cap_errors(errors)
    return {"errors": listed, "error_count": total}


def rate_limit(company, peer, limit, code, message):
    """Count this authenticated request; 429 (with Retry-After) once the company's budget
    for the current minute is spent."""
    retry_after = request.env["commerce.bridge.rate.limit"].sudo()._cb_hit(company, peer, limit)
    if retry_after:
        raise BadRequest(
            429,
            code,
            message,
            {"retry_after": retry_after},
            headers=[("Retry-After", str(retry_after))],
        )


def log_refusal(peer, refused):
    # A deliberate refusal is the client's problem, not the server's: info, never warning.
    _logger.info(
        "Commerce Bridge: %s webhook refused with %s %s: %s",
        peer,
        refused.status,
        refused.code,
        validation.shorten(refused.message, 200),
    )


def company_env(company):
    """Webhooks act as the superuser, inside the authenticated company only."""
    return request.env(
        user=SUPERUSER_ID,
        context=dict(request.env.context, allowed_company_ids=[company.id]),
    )


def companies_with(field_name):
    return request.env["res.company"].sudo().search([(field_name, "!=", False)])
