from odoo import api, fields, models


class CommerceBridgeClaim(models.Model):
    """One row per external object being imported (a peer's order id, customer id...).

    Claiming inserts the key with ON CONFLICT DO NOTHING before the business records are
    written. A concurrent import of the same object waits on the unique index; when the first
    one commits, PostgreSQL raises a serialization failure in the second one, which Odoo answers
    by retrying the whole request: the retry sees the committed order and answers with it.
    """

    _name = "commerce.bridge.claim"
    _description = "Commerce Bridge import claim"

    key = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")

    _sql_constraints = [
        ("key_company_uniq", "unique(company_id, key)", "This object is being imported already."),
    ]

    @api.model
    def _cb_claim(self, company, key):
        self.env.cr.execute(
            """
            INSERT INTO commerce_bridge_claim (key, company_id, create_uid, write_uid,
                                               create_date, write_date)
            VALUES (%s, %s, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (company_id, key) DO NOTHING
            """,
            [key, company.id, self.env.uid, self.env.uid],
        )
