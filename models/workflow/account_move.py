from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    x_cb_peer_invoice_url = fields.Char(
        "Peer e-invoice link",
        copy=False,
        readonly=True,
        help="The link to the peer's own invoice document (Omnitron e_archive_url), as sent.",
    )
    x_cb_payment_refs = fields.Char(
        "Peer payment references",
        copy=False,
        readonly=True,
        help="The peer's payment transaction ids.",
    )
