"""What the operator screens show about outbound messages and inbound events (computed,
never stored): kept apart from the queue and the receive path, which are about speed."""

import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class CommerceBridgeOutbox(models.Model):
    _inherit = "commerce.bridge.outbox"

    payload_pretty = fields.Text("Payload (formatted)", compute="_compute_cb_pretty")
    response_pretty = fields.Text("Peer response (formatted)", compute="_compute_cb_pretty")
    last_status_display = fields.Char(
        "HTTP status answered",
        compute="_compute_cb_attempt_summary",
        help="Empty when the peer never answered (timeout, refused connection).",
    )
    attempt_count = fields.Integer(
        "Attempts made",
        compute="_compute_cb_attempt_summary",
        help="Every request made for this message, including those that did not count toward "
        "the retry limit (a paused peer, a batch split after a 413).",
    )
    last_attempt_at = fields.Datetime("Last attempt", compute="_compute_cb_attempt_summary")
    source_name = fields.Char("About", compute="_compute_cb_source_name")
    needs_attention = fields.Boolean(
        compute="_compute_needs_attention",
        search="_search_needs_attention",
        help="Dead, paused, or retrying for longer than the company's attention threshold.",
    )

    @api.depends("payload", "response")
    def _compute_cb_pretty(self):
        for message in self:
            message.payload_pretty = pretty_json(message.payload)
            message.response_pretty = pretty_json(message.response)

    @api.depends("attempt_ids", "last_status")
    def _compute_cb_attempt_summary(self):
        for message in self:
            message.last_status_display = str(message.last_status) if message.last_status else ""
            message.attempt_count = len(message.attempt_ids)
            message.last_attempt_at = max(message.attempt_ids.mapped("create_date"), default=False)

    @api.depends("res_model", "res_id")
    def _compute_cb_source_name(self):
        for message in self:
            record = message._cb_record()
            message.source_name = (
                f"{self.env['ir.model']._get(record._name).name}: {record.display_name}"
                if record
                else False
            )

    @api.depends("state", "first_attempt_at", "company_id.cb_attention_retry_hours")
    def _compute_needs_attention(self):
        now = fields.Datetime.now()
        for message in self:
            hours = message.company_id.cb_attention_retry_hours
            message.needs_attention = message.state in ("dead", "paused") or bool(
                message.state == "retrying"
                and hours
                and message.first_attempt_at
                and message.first_attempt_at < now - timedelta(hours=hours)
            )

    def _search_needs_attention(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Needs attention."))
        now = fields.Datetime.now()
        domain = [("state", "in", ("dead", "paused"))]
        companies = self.env["res.company"].sudo().search([("cb_attention_retry_hours", ">", 0)])
        for company in companies:
            since = now - timedelta(hours=company.cb_attention_retry_hours)
            domain = [
                "|",
                *domain,
                "&",
                "&",
                ("state", "=", "retrying"),
                ("company_id", "=", company.id),
                ("first_attempt_at", "<", since),
            ]
        wanted = (operator == "=") == value
        return domain if wanted else ["!", *domain]


def pretty_json(text):
    """Indented JSON for people; the text as it is when it is not JSON."""
    if not text:
        return False
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return text


class CommerceBridgeInboundEvent(models.Model):
    _inherit = "commerce.bridge.inbound.event"

    error_display = fields.Text(
        "Reason",
        compute="_compute_error_display",
        help="Why the event was not imported, in words; managers also see the technical text.",
    )
    payload_pretty = fields.Text("Payload (formatted)", compute="_compute_payload_pretty")

    @api.depends("event_type", "external_id", "peer", "res_model", "res_id", "payload")
    def _compute_display_name(self):
        """What the event is about: its order number or customer, not its delivery id."""
        peers = dict(self._fields["peer"]._description_selection(self.env))
        for event in self:
            record = event._cb_record()
            subject = _record_subject(record) if record else _payload_subject(event.payload)
            words = [peers.get(event.peer, event.peer or ""), event.event_type or ""]
            title = " ".join(word for word in words if word)
            event.display_name = f"{title}: {subject}" if subject else (event.external_id or title)

    @api.depends("error")
    def _compute_error_display(self):
        for event in self:
            event.error_display = event._cb_human_error(event.error) if event.error else False

    @api.depends("payload")
    def _compute_payload_pretty(self):
        for event in self:
            event.payload_pretty = pretty_json(event.payload)

    def action_reprocess(self):
        """Reprocess, then say what happened in a notification (the form reloads after it)."""
        todo = self.filtered(lambda e: e._cb_needs_processing())
        super().action_reprocess()
        return todo._cb_reprocess_notification(len(self))

    def _cb_reprocess_notification(self, selected):
        states = self.mapped("state")
        done, failed = states.count("done"), states.count("failed")
        if not self:
            message = self.env._("Nothing to reprocess: the event is already in its record.")
        elif len(self) == 1 and selected == 1:
            message = {
                "done": self.env._("Processed: %s.", self.record_name or self.display_name),
                "ignored": self.env._("Not imported: %s", self.error_display),
                "failed": self.env._("Failed again: %s", self.error_display),
            }.get(self.state, self.state)
        else:
            message = self.env._(
                "%(done)s of %(selected)s event(s) processed, %(failed)s failed.",
                done=done,
                selected=selected,
                failed=failed,
            )
        kind = "danger" if failed else ("success" if done else "warning")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Reprocess"),
                "message": message,
                "type": kind,
                "sticky": bool(failed),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _cb_human_error(self, text):
        """A sentence for people instead of a PostgreSQL message (kept for managers)."""
        lowered = text.lower()
        if "violates unique constraint" in lowered or "duplicate key" in lowered:
            return self._cb_constraint_message(text) or self.env._(
                "A record with the same identifier already exists: this order or customer was "
                "imported before (perhaps in another company or under another number)."
            )
        for needle, sentence in (
            ("violates not-null constraint", self.env._("A required value was missing.")),
            (
                "violates foreign key constraint",
                self.env._("It refers to a record that does not exist (any more) in Odoo."),
            ),
            ("violates check constraint", self.env._("A value is outside what Odoo accepts.")),
            (
                "could not serialize",
                self.env._("The database was busy with the same records: reprocess it."),
            ),
            ("deadlock detected", self.env._("The database was busy: reprocess it.")),
            ("statement timeout", self.env._("The database took too long: reprocess it.")),
        ):
            if needle in lowered:
                return sentence
        if "psycopg" in lowered or "\ndetail:" in lowered or "\ncontext:" in lowered:
            return self.env._("The database refused the change; a manager sees the details.")
        return text

    def _cb_constraint_message(self, text):
        """The message an Odoo SQL constraint declares, for the constraint named in text."""
        names = set(text.split('"')[1::2])
        for model in self.env.registry.values():
            for key, _definition, message in getattr(model, "_sql_constraints", []):
                if f"{model._table}_{key}" in names:
                    return str(message)
        return None


SUBJECT_NUMBER_KEYS = ("order_number", "display_id", "number")
SUBJECT_PERSON_KEYS = ("email", "customer_email")


def _record_subject(record):
    partner = getattr(record, "partner_id", None)
    if partner and record._name != "res.partner":
        return f"{record.display_name} · {partner.display_name}"
    return record.display_name


def _payload_subject(payload_text):
    """An order number and a customer found in the payload, whatever its peer."""
    try:
        data = json.loads(payload_text or "")
    except ValueError:
        return ""
    found = {}
    pending, seen = [data], 0
    while pending and seen < 200:
        node = pending.pop(0)
        seen += 1
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, dict | list):
                    pending.append(value)
                elif value not in (None, "") and isinstance(value, str | int):
                    if key in SUBJECT_NUMBER_KEYS:
                        found.setdefault("number", value)
                    elif key in SUBJECT_PERSON_KEYS:
                        found.setdefault("person", value)
        elif isinstance(node, list):
            pending.extend(node[:20])
    number = found.get("number")
    words = [f"#{number}" if isinstance(number, int) else number, found.get("person")]
    return " · ".join(str(word) for word in words if word)
