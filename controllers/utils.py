"""Shared plumbing of the webhook controllers: body limits, JSON parsing, the env to act in."""

import json

from werkzeug.exceptions import RequestEntityTooLarge

from odoo import SUPERUSER_ID
from odoo.http import request

DEFAULT_MAX_BODY = 1024 * 1024


class BadRequest(Exception):
    """The request is refused before it reaches the business code (status, code, message)."""

    def __init__(self, status, code, message, details=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


def max_body_bytes(companies):
    """The largest body any candidate company accepts: the check runs before we know which
    company sends, since the body is needed to authenticate a signed request."""
    limits = [c.cb_max_body_kb * 1024 for c in companies if c.cb_max_body_kb]
    return max(limits) if limits else DEFAULT_MAX_BODY


def read_body(limit):
    """The raw body, refused unread when its declared or actual size is over the limit."""
    httprequest = request.httprequest
    declared = httprequest.content_length
    too_large = BadRequest(413, "PAYLOAD_TOO_LARGE", f"The body is larger than {limit} bytes.")
    if declared is not None and declared > limit:
        raise too_large
    # werkzeug stops reading (and raises) past max_content_length, chunked bodies included.
    httprequest.max_content_length = limit
    try:
        return httprequest.get_data(cache=True)
    except RequestEntityTooLarge:
        raise too_large from None


def parse_json_object(body):
    content_type = (request.httprequest.mimetype or "").lower()
    if content_type != "application/json":
        raise BadRequest(
            415 if content_type else 400,
            "VALIDATION_ERROR",
            "Content-Type must be application/json.",
        )
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BadRequest(400, "VALIDATION_ERROR", f"Malformed JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadRequest(400, "VALIDATION_ERROR", "The body must be a JSON object.")
    return data


def company_env(company):
    """Webhooks act as the superuser, inside the authenticated company only."""
    return request.env(
        user=SUPERUSER_ID,
        context=dict(request.env.context, allowed_company_ids=[company.id]),
    )


def companies_with(field_name):
    return request.env["res.company"].sudo().search([(field_name, "!=", False)])
