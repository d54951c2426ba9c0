"""Contacts imported before ownership was recorded (company_id empty, no owner): the contact
a peer created for its customer id becomes that peer's, in the company of its orders. A
contact of an internal user or of a company is never handed to a peer: its peer id is
removed instead, so that the peer's next update makes a contact of its own."""


def migrate(cr, version):
    if not version:
        return
    # Never a peer's: contacts of internal users and of companies.
    cr.execute(
        """
        UPDATE res_partner p
           SET x_medusa_customer_id = NULL, x_omnitron_customer_pk = NULL
         WHERE (p.x_medusa_customer_id IS NOT NULL OR COALESCE(p.x_omnitron_customer_pk, 0) <> 0)
           AND p.x_cb_owner_peer IS NULL
           AND (p.is_company
                OR EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
                OR EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id AND NOT u.share))
        """
    )
    for peer, condition in (
        ("medusa", "p.x_medusa_customer_id IS NOT NULL"),
        ("omnitron", "COALESCE(p.x_omnitron_customer_pk, 0) <> 0"),
    ):
        cr.execute(
            f"""
            UPDATE res_partner p
               SET x_cb_owner_peer = %s,
                   company_id = COALESCE(p.company_id, (
                       SELECT o.company_id FROM sale_order o
                        WHERE o.partner_id = p.id ORDER BY o.id DESC LIMIT 1),
                       (SELECT min(id) FROM res_company HAVING count(*) = 1))
             WHERE {condition} AND p.x_cb_owner_peer IS NULL
            """,  # noqa: S608 - the condition is one of the two constants above
            [peer],
        )
