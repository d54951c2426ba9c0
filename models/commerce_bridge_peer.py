from odoo import api, models
from odoo.exceptions import UserError

PEER_MODEL_PREFIX = "commerce.bridge.peer."


class CommerceBridgePeer(models.AbstractModel):
    """What the core asks of a peer, and the defaults when a peer has nothing to say.

    The core knows no peer by name. Each peer is an abstract model named
    ``commerce.bridge.peer.<code>`` that inherits this one and overrides the hooks it needs
    (as payment providers plug into ``payment``); it adds its code to the ``peer`` selection
    of the inbound event log and of the outbox with ``selection_add``, and registers its
    outbound channels in ``lib.channels``.
    """

    _name = "commerce.bridge.peer"
    _description = "Commerce Bridge peer"

    # ------------------------------------------------------------------------------------
    # Registry
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_peer(self, code):
        name = PEER_MODEL_PREFIX + (code or "")
        if name not in self.env:
            raise UserError(self.env._("No peer is installed under the code %s.", code))
        return self.env[name]

    @api.model
    def _cb_peers(self):
        return [
            self.env[name]
            for name in sorted(self.env.registry.models)
            if name.startswith(PEER_MODEL_PREFIX)
        ]

    @api.model
    def _cb_code(self):
        return self._name.removeprefix(PEER_MODEL_PREFIX)

    @api.model
    def _cb_notify(self, hook, records, **kwargs):
        """Tell every peer about a business change (the automation rules call this)."""
        if not records:
            return
        for peer in self._cb_peers():
            getattr(peer, hook)(records, **kwargs)

    # ------------------------------------------------------------------------------------
    # Outbound: the dispatcher asks the message's peer
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_client(self, company):
        """The lib.http_client.PeerClient that sends this peer's requests for ``company``."""
        raise NotImplementedError(f"{self._name} has no HTTP client")

    @api.model
    def _cb_batch_size(self, channel, company):
        return channel.max_items

    @api.model
    def _cb_refresh_payloads(self, messages):
        """{message id: payload} rebuilt from the source records right before sending, for
        the messages queued with refresh_on_send (the newest state wins)."""
        return {}

    @api.model
    def _cb_handle_outcome(self, channel, messages, outcome):
        """Apply a rule of this peer's contract to an outcome (a partial refusal, a
        conflict...): True when it did, and the core's generic handling is skipped."""
        return False

    @api.model
    def _cb_after_delivery(self, channel, messages, outcome):
        """Follow-up of a delivered batch (e.g. an answer that names unknown SKUs)."""

    # ------------------------------------------------------------------------------------
    # Inbound: the pipeline asks the event's peer
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_receive_request(self, company, data, raw_body, delivery_id=None):
        """Log once, process once, answer: (HTTP status, answer body or None)."""
        event_type, external_id = self._cb_event_identity(data, delivery_id)
        event, state, result = self.env["commerce.bridge.inbound.event"]._cb_receive(
            self._cb_code(), company, event_type, external_id, data, raw_body
        )
        status, answer = self._cb_answer(state, result)
        event.sudo().http_status = status
        return status, answer

    @api.model
    def _cb_validate_event(self, data):
        """Errors of a request body against the peer's contract ([] when valid)."""
        return []

    @api.model
    def _cb_event_identity(self, data, delivery_id):
        """(event type, external id unique per delivery) of a valid request body;
        ``delivery_id`` is what the request's authentication vouched for, if anything."""
        raise NotImplementedError(f"{self._name} receives no webhook")

    @api.model
    def _cb_answer(self, state, result):
        """(HTTP status, JSON answer or None for no body) for the outcome of processing:
        state done / duplicate (result: the record), ignored (result: the reason), failed."""
        raise NotImplementedError(f"{self._name} receives no webhook")

    @api.model
    def _cb_currency_errors(self, code):
        """[] when Odoo knows the ISO currency ``code`` (active or not: the import activates
        it), else the error naming it."""
        if not code:
            return []
        code = str(code).upper()
        Currency = self.env["res.currency"].sudo().with_context(active_test=False)
        if Currency.search_count([("name", "=", code)], limit=1):
            return []
        return [f"currency {code[:20]!r} is not known to Odoo"]

    @api.model
    def _cb_process_event(self, event, data):
        """Turn a logged, validated event into Odoo records; returns the main record or
        raises EventIgnored. Runs as superuser inside the event's company, in a savepoint."""
        raise NotImplementedError(f"{self._name} processes no inbound event")

    @api.model
    def _cb_customer_key(self, customer):
        """(res.partner field that holds this peer's customer id, the id) for a mapped
        customer dict; (False, False) when the peer has no customer ids."""
        return False, False

    # ------------------------------------------------------------------------------------
    # Business changes (automation rules -> _cb_notify): nothing by default
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_on_order_imported(self, orders):
        """A peer's order was saved (sale.order._cb_create_imported_order)."""

    @api.model
    def _cb_on_order_confirmed(self, orders):
        pass

    @api.model
    def _cb_on_order_cancelled(self, orders):
        pass

    @api.model
    def _cb_on_order_delivered(self, orders):
        pass

    @api.model
    def _cb_on_order_updated(self, orders):
        pass

    @api.model
    def _cb_on_delivery_done(self, pickings):
        pass

    @api.model
    def _cb_on_tracking_set(self, pickings):
        pass

    @api.model
    def _cb_on_invoice_posted(self, invoices):
        pass

    @api.model
    def _cb_on_invoice_paid(self, invoices):
        pass

    @api.model
    def _cb_on_partner_changed(self, partners):
        pass

    @api.model
    def _cb_on_stock_changed(self, quants):
        pass
