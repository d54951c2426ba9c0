from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    x_omnitron_customer_pk = fields.Integer(
        "Omnitron customer id", copy=False, index="btree_not_null"
    )
    x_tax_office = fields.Char("Tax office", help="Turkish e-invoicing: the customer's tax office.")

    def init(self):
        # Unique per company, like the Medusa id; a partial index because an integer column
        # holds 0 where no id was ever set.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS res_partner_x_omnitron_customer_pk_company_uniq
                ON res_partner (company_id, x_omnitron_customer_pk)
             WHERE x_omnitron_customer_pk IS NOT NULL AND x_omnitron_customer_pk <> 0
            """
        )
