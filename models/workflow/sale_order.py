from odoo import fields, models

from ...lib import workflow


class WorkflowHold(Exception):
    """The workflow stops and a person is told (the invoice does not match the peer)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # The payment facts a peer announced (x_cb_payment_method is the core's).
    x_cb_payment_status = fields.Char("Payment status (peer)", copy=False, readonly=True)
    x_cb_payment_refs = fields.Char(
        "Payment references (peer)",
        copy=False,
        readonly=True,
        help="The peer's payment transaction ids.",
    )
    x_cb_peer_invoice_number = fields.Char("Invoice number (peer)", copy=False, readonly=True)
    x_cb_peer_invoice_url = fields.Char("E-invoice link (peer)", copy=False, readonly=True)
    x_cb_workflow_id = fields.Many2one(
        "commerce.bridge.workflow",
        "Automatic workflow",
        compute="_compute_cb_workflow_id",
        help="The workflow of this order's peer and payment method.",
    )

    def _compute_cb_workflow_id(self):
        Workflow = self.env["commerce.bridge.workflow"]
        rows_by_company = {}  # one search per company, not one per order
        for order in self:
            if not order.x_cb_source:
                order.x_cb_workflow_id = Workflow
                continue
            company = order.company_id
            if company.id not in rows_by_company:
                rows_by_company[company.id] = Workflow._cb_rows(company)
            order.x_cb_workflow_id = Workflow._cb_for(
                company, order.x_cb_source, order.x_cb_payment_method, rows_by_company[company.id]
            )

    # ------------------------------------------------------------------------------------
    # Peers report a refund (a cancellation arrives through _cb_on_order_cancelled)
    # ------------------------------------------------------------------------------------
    def _cb_peer_payment_captured(self):
        """The peer captured the customer's money after the import: the workflow goes on."""
        self.env["commerce.bridge.peer.workflow"]._cb_queue(self, workflow.STEP_IMPORT)

    def _cb_peer_refunded(self, partial=False):
        """The peer gave the customer's money back (all of it unless ``partial``)."""
        self.env["commerce.bridge.peer.workflow"]._cb_queue(
            self, workflow.STEP_REFUND, {"partial": bool(partial)}
        )

    # ------------------------------------------------------------------------------------
    # Steps (run by commerce.bridge.peer.workflow in their own transaction)
    # ------------------------------------------------------------------------------------
    def _cb_wf_import(self, flow):
        """Confirm, validate the delivery, invoice and pay, as ``flow`` says."""
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        if self.state in ("draft", "sent"):
            mismatch = self.x_cb_total_mismatch and not self.company_id.cb_confirm_mismatched_totals
            if not flow.confirm_order or self.x_cb_held_reason or mismatch:
                return "waiting for a person to confirm"
            # The confirmation does not queue this step again (see the peer's hook).
            self.with_context(cb_workflow_step=True).action_confirm()
        if flow.validate_delivery:
            self.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
            )._cb_force_validate()
        if flow.invoice_when == workflow.INVOICE_AT_IMPORT:
            return self._cb_wf_invoice_and_pay(flow)
        return "confirmed"

    def _cb_wf_delivery(self, flow):
        self.ensure_one()
        if flow.invoice_when != workflow.INVOICE_AT_DELIVERY or self.state != "sale":
            return "nothing to do"
        return self._cb_wf_invoice_and_pay(flow)

    def _cb_wf_invoice_and_pay(self, flow):
        """Invoice what is left to invoice, check it against the peer's total, post it, then
        pay every posted invoice still open. Runs again safely (nothing twice)."""
        self.ensure_one()
        if self.state != "sale":
            return "not confirmed"
        Move = self.env["account.move"]
        new = Move
        if self.invoice_status == "to invoice":
            new = self._create_invoices(final=True)
        invoices = self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state != "cancel"
        )
        if not invoices:
            return "nothing to invoice"
        if new and self.invoice_status == "invoiced" and self.x_cb_peer_total:
            currency = self.currency_id
            reason = workflow.mismatch_reason(
                sum(invoices.mapped("amount_total")),
                round(self.x_cb_peer_total, currency.decimal_places),
                currency.decimal_places,
                currency.name,
            )
            if reason:
                raise WorkflowHold(reason)
        if new:
            new.write(self._cb_wf_invoice_vals())
            new.filtered(lambda m: m.state == "draft").action_post()
        done = "invoiced" if new else "already invoiced"
        if not flow.register_payment:
            return done
        to_pay = invoices.filtered(
            lambda m: m.state == "posted" and m.payment_state in ("not_paid", "partial")
        )
        if not to_pay:
            return done
        if not workflow.payment_captured(self.x_cb_payment_status):
            # Paid when the peer reports the payment captured (_cb_peer_payment_captured).
            return f"{done}; the payment waits for the peer to capture it"
        self._cb_wf_register_payments(to_pay, flow._cb_payment_journal())
        return f"{done} and paid"

    def _cb_wf_invoice_vals(self):
        vals = {
            "x_cb_payment_refs": self.x_cb_payment_refs or False,
            "x_cb_peer_invoice_url": self.x_cb_peer_invoice_url or False,
        }
        if self.x_cb_peer_invoice_number:
            vals["ref"] = self.x_cb_peer_invoice_number
        return vals

    def _cb_wf_register_payments(self, moves, journal):
        """Payments (refunds for credit notes) of ``moves`` in ``journal``, reconciled with
        them; the memo carries the peer's transaction ids."""
        payments = self.env["account.payment"]
        for move in moves:
            memo = " - ".join(part for part in (move.name, self.x_cb_payment_refs) if part)
            wizard = (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=move.ids)
                .create(
                    {
                        "journal_id": journal.id,
                        "payment_date": fields.Date.context_today(self),
                        "communication": memo,
                    }
                )
            )
            payments |= wizard._create_payments()
        return payments

    def _cb_wf_refund(self, flow, partial=False):
        """Credit notes and refund payments of the posted invoices not yet reversed, or an
        activity when the workflow (or a partial refund) wants a person. Draft invoices are
        cancelled, never deleted."""
        self.ensure_one()
        self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "draft"
        ).button_cancel()
        invoices = self.invoice_ids.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.state == "posted"
                and m.payment_state != "reversed"
                and not m.reversal_move_ids.filtered(lambda r: r.state != "cancel")
            )
        )
        if not invoices:
            return "nothing to refund"
        if partial or flow.refund_policy == workflow.REFUND_ACTIVITY:
            self._cb_ask_a_person(
                self.env._("Refund to decide"),
                self.env._(
                    "The peer cancelled or refunded this order (%(what)s): decide on the credit "
                    "note and the refund of %(invoices)s.",
                    what=self.env._("partly") if partial else self.env._("in full"),
                    invoices=", ".join(invoices.mapped("name")),
                ),
            )
            return "a person decides"
        today = fields.Date.context_today(self)
        paid = invoices.filtered(lambda m: m.payment_state in ("paid", "in_payment", "partial"))
        unpaid = invoices - paid
        if unpaid:
            # An unpaid invoice is cancelled by its credit note (reconciled together).
            unpaid._reverse_moves([self._cb_wf_credit_vals(m, today) for m in unpaid], cancel=True)
        if not paid:
            return "credit note"
        credit_notes = paid._reverse_moves([self._cb_wf_credit_vals(m, today) for m in paid])
        credit_notes.action_post()
        if flow.register_payment:
            self._cb_wf_register_payments(credit_notes, flow._cb_payment_journal())
            return "credit note and refund"
        return "credit note"

    def _cb_wf_credit_vals(self, invoice, today):
        return {
            "ref": self.env._("Refund of %s", invoice.name),
            "invoice_date": today,
            "date": today,
            "x_cb_payment_refs": invoice.x_cb_payment_refs,
        }
