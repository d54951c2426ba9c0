import logging
import time
import uuid

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError

from ...lib import channels, http_client, workflow
from .sale_order import WorkflowHold

_logger = logging.getLogger(__name__)

PEER = workflow.PEER


class CommerceBridgeOutbox(models.Model):
    _inherit = "commerce.bridge.outbox"

    peer = fields.Selection(
        selection_add=[(PEER, "Automatic workflow")], ondelete={PEER: "cascade"}
    )


class CommerceBridgePeerWorkflow(models.AbstractModel):
    """A local peer: its messages are workflow steps of one imported order (invoice, payment,
    refund), and its client runs them in Odoo instead of sending them over HTTP. So a step
    runs off the webhook's request, after the order is saved, and a failing step is retried
    and shown like any other outbound message."""

    _name = "commerce.bridge.peer.workflow"
    _inherit = "commerce.bridge.peer"
    _description = "Commerce Bridge peer: automatic workflow"

    # ------------------------------------------------------------------------------------
    # Queueing steps
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_queue(self, orders, step, extra=None):
        """One step message per order that has a workflow; a step still waiting for the
        same order takes the newest payload instead of a second row."""
        messages = []
        for order in orders:
            if not order.x_cb_source or not order.x_cb_workflow_id:
                continue
            messages.append(
                channels.Message(
                    workflow.STEP.key,
                    {"order_id": order.id, "step": step, **(extra or {})},
                    order.company_id,
                    f"workflow-{step}-{order.id}-{uuid.uuid4().hex[:12]}",
                    path=workflow.step_path(step),
                    aggregate_key=f"workflow-order:{order.id}",
                    supersede_key=f"workflow-{step}:{order.id}",
                    source=order,
                    event_type=step,
                )
            )
        return self.env["commerce.bridge.outbox"]._cb_enqueue(messages)

    @api.model
    def _cb_on_order_imported(self, orders):
        self._cb_queue(orders, workflow.STEP_IMPORT)

    @api.model
    def _cb_on_order_confirmed(self, orders):
        # A person confirmed a quotation the workflow left to them: the workflow goes on
        # (a step still waiting from the import absorbs this one).
        if not self.env.context.get("cb_workflow_step"):
            self._cb_queue(orders, workflow.STEP_IMPORT)

    @api.model
    def _cb_on_delivery_done(self, pickings):
        orders = pickings._cb_customer_deliveries().sale_id
        self._cb_queue(
            orders.filtered(
                lambda o: o.x_cb_workflow_id.invoice_when == workflow.INVOICE_AT_DELIVERY
            ),
            workflow.STEP_DELIVERY,
        )

    @api.model
    def _cb_on_order_cancelled(self, orders):
        self._cb_queue(orders.filtered("invoice_ids"), workflow.STEP_REFUND)

    # ------------------------------------------------------------------------------------
    # Running steps: the dispatcher's "client"
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_client(self, company):
        return StepRunner(self.env, company.id)

    @api.model
    def _cb_run_step(self, step, payload):
        """Run one step for the order of ``payload``; returns what happened, in words."""
        order = self.env["sale.order"].browse(payload.get("order_id")).exists()
        if not order:
            return "the order no longer exists"
        flow = order.x_cb_workflow_id
        if not flow:
            return "no workflow applies"
        order = order.with_company(order.company_id)
        flow = flow.with_company(order.company_id)
        if step == workflow.STEP_IMPORT:
            return order._cb_wf_import(flow)
        if step == workflow.STEP_DELIVERY:
            return order._cb_wf_delivery(flow)
        return order._cb_wf_refund(flow, partial=payload.get("partial"))

    @api.model
    def _cb_hold_order(self, order_id, reason):
        """The workflow stopped on ``reason``: the order says why, its responsible user is
        asked to finish by hand (or to fix the order and replay the message)."""
        order = self.env["sale.order"].browse(order_id).exists()
        if not order:
            return
        order.x_cb_held_reason = reason[:500]
        order._cb_ask_a_person(
            self.env._("Automatic invoicing stopped"),
            self.env._(
                "The automatic workflow did not invoice this order: %s. Invoice it by hand, or "
                "correct the order and replay its message in Outbound messages.",
                reason,
            ),
        )


class StepRunner:
    """The PeerHttpClient interface (request -> HttpOutcome) over workflow steps: each step
    in its own transaction, committed on success, rolled back on failure."""

    def __init__(self, env, company_id):
        self.env = env
        self.company_id = company_id

    def _peer(self, cr):
        """The workflow peer on cursor ``cr``, as superuser in the message's company."""
        return self.env(cr=cr, su=True)[PEER_MODEL].with_company(self.company_id)

    def request(self, method, path, *, json_body=None, params=None, extra_headers=None):
        started = time.monotonic()
        step = workflow.step_of_path(path)
        payload = json_body if isinstance(json_body, dict) else {}
        if not step:
            return self._outcome(http_client.INVALID, started, error=f"unknown step {path!r}")
        registry = self.env.registry
        try:
            with registry.cursor() as cr:
                result = self._peer(cr)._cb_run_step(step, payload)
        except WorkflowHold as hold:
            reason = hold.reason
            with registry.cursor() as cr:
                self._peer(cr)._cb_hold_order(payload.get("order_id"), reason)
            return self._outcome(
                http_client.INVALID, started, {"held": reason}, f"Held for review: {reason}"
            )
        except UserError as error:
            # A configuration a person fixes (a journal missing...): retried with backoff.
            message = str(error.args[0] if error.args else error)
            return self._outcome(http_client.RETRYABLE, started, error=message)
        except psycopg2.OperationalError as error:
            # A concurrent change of the same records (a person saving the order...).
            _logger.info("Commerce Bridge: workflow step %s retried: %s", step, error)
            return self._outcome(
                http_client.RETRYABLE, started, error="concurrent update: tried again later"
            )
        except Exception as error:  # a bug must not stop the dispatcher
            _logger.exception("Commerce Bridge: workflow step %s failed", step)
            return self._outcome(
                http_client.RETRYABLE, started, error=f"{error.__class__.__name__}: {error}"
            )
        return self._outcome(http_client.SUCCESS, started, {"result": result})

    @staticmethod
    def _outcome(kind, started, body=None, error=None):
        return http_client.HttpOutcome(
            kind,
            200 if kind == http_client.SUCCESS else None,
            body,
            None,
            (error or "")[: http_client.MAX_ERROR_TEXT] or None,
            time.monotonic() - started,
        )


PEER_MODEL = "commerce.bridge.peer.workflow"
