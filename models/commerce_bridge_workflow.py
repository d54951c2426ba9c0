from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import workflow


class CommerceBridgeWorkflow(models.Model):
    """What happens, without a person, to an imported order paid with a given method.

    Rows are data, per company: the row that names the order's payment method wins over a
    fallback row (no method), a row for the order's peer over a row for any peer, then the
    lowest sequence (lib.workflow.choose). Nothing runs until the company switches automatic
    workflows on (Settings), so that an upgrade never starts invoicing by itself.
    """

    _name = "commerce.bridge.workflow"
    _description = "Commerce Bridge automatic workflow"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    sequence = fields.Integer(default=10)
    peer = fields.Selection(
        selection="_selection_peer",
        required=True,
        default=workflow.ANY_PEER,
        help="The peer whose orders this workflow serves.",
    )
    payment_method_match = fields.Char(
        "Payment methods",
        help="The peer's payment method keys this workflow serves, separated by commas: a "
        "Medusa payment provider (pp_system_default, pp_stripe_stripe), an Omnitron payment "
        "option slug (credit_card, pay_on_delivery). Empty: every other method (fallback).",
    )
    confirm_order = fields.Boolean(
        "Confirm the order",
        default=True,
        help="Confirm the imported quotation (an order held for review stays a quotation).",
    )
    invoice_when = fields.Selection(
        [
            (workflow.INVOICE_NEVER, "Never (a person invoices)"),
            (workflow.INVOICE_AT_IMPORT, "At import"),
            (workflow.INVOICE_AT_DELIVERY, "When the delivery is done"),
        ],
        "Create and post the invoice",
        required=True,
        default=workflow.INVOICE_AT_IMPORT,
    )
    register_payment = fields.Boolean(
        "Register the payment",
        default=True,
        help="Register the payment of the posted invoice in the journal below: the invoice is "
        "paid (in payment until the bank statement is reconciled).",
    )
    journal_id = fields.Many2one(
        "account.journal",
        "Payment journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="Empty: the company's first bank journal.",
    )
    validate_delivery = fields.Boolean(
        "Validate the delivery",
        help="Digital goods or drop-shipping: the delivery is validated as soon as the order "
        "is confirmed.",
    )
    refund_policy = fields.Selection(
        [
            (workflow.REFUND_CREDIT_NOTE, "Credit note and refund payment"),
            (workflow.REFUND_ACTIVITY, "A person decides (activity)"),
        ],
        "When the peer cancels or refunds",
        required=True,
        default=workflow.REFUND_CREDIT_NOTE,
    )

    @api.model
    def _selection_peer(self):
        return [(workflow.ANY_PEER, self.env._("Any peer"))] + self.env[
            "sale.order"
        ]._selection_cb_source()

    @api.constrains("register_payment", "invoice_when")
    def _check_payment_needs_invoice(self):
        for row in self:
            if row.register_payment and row.invoice_when == workflow.INVOICE_NEVER:
                raise ValidationError(
                    self.env._(
                        "Workflow %s registers a payment: it must also create the invoice.",
                        row.name,
                    )
                )

    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_rows(self, company):
        """The workflows ``company`` runs (none while its switch is off)."""
        if not company.cb_workflow_enabled:
            return self.browse()
        return self.sudo().search([("company_id", "=", company.id)])

    def _cb_for(self, company, peer, method, rows=None):
        """The workflow of ``company`` for an order of ``peer`` paid with ``method``, among
        ``rows`` when the caller already read the company's workflows."""
        rows = self._cb_rows(company) if rows is None else rows
        if not rows:
            return self.browse()
        rule = workflow.choose(
            [
                workflow.Rule(row.id, row.peer, row.payment_method_match or "", row.sequence)
                for row in rows
            ],
            peer,
            method,
        )
        return rows.browse(rule.id) if rule else self.browse()

    def _cb_payment_journal(self):
        """The journal payments and refunds go to; UserError when there is none to use."""
        self.ensure_one()
        journal = self.journal_id
        if journal and not journal.active:
            raise ValidationError(
                self.env._(
                    "The payment journal %(journal)s of the workflow %(workflow)s is archived: "
                    "choose another journal in the workflow.",
                    journal=journal.display_name,
                    workflow=self.name,
                )
            )
        journal = journal or self.env["account.journal"].search(
            [("company_id", "=", self.company_id.id), ("type", "=", "bank")], limit=1
        )
        if not journal:
            raise ValidationError(
                self.env._(
                    "The workflow %s registers payments, but the company has no bank journal: "
                    "choose a payment journal in the workflow.",
                    self.name,
                )
            )
        return journal

    # ------------------------------------------------------------------------------------
    # Defaults: per company, at install and for every new company
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_create_defaults(self, companies=None):
        """Prepaid (fallback): invoice and payment at import. Cash on delivery: invoice and
        payment when the delivery is done. Only for companies that have no workflow yet."""
        companies = companies or self.env["res.company"].sudo().search([])
        have = set(
            self.sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id.ids
        )
        vals = []
        for company in companies.filtered(lambda c: c.id not in have):
            journals = (
                self.env["account.journal"]
                .sudo()
                .search([("company_id", "=", company.id), ("type", "in", ("bank", "cash"))])
            )
            bank = journals.filtered(lambda j: j.type == "bank")[:1]
            cash = journals.filtered(lambda j: j.type == "cash")[:1] or bank
            vals += [
                {
                    "name": self.env._("Cash on delivery"),
                    "company_id": company.id,
                    "sequence": 5,
                    "payment_method_match": ", ".join(workflow.COD_METHODS),
                    "invoice_when": workflow.INVOICE_AT_DELIVERY,
                    "journal_id": cash.id,
                },
                {
                    "name": self.env._("Prepaid (default)"),
                    "company_id": company.id,
                    "sequence": 100,
                    "invoice_when": workflow.INVOICE_AT_IMPORT,
                    "journal_id": bank.id,
                },
            ]
        return self.sudo().create(vals) if vals else self.browse()
