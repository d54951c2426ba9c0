from odoo import api, fields, models

from ..lib import phones


class ResPartner(models.Model):
    _inherit = "res.partner"

    x_medusa_customer_id = fields.Char("Medusa customer id", copy=False, index="btree_not_null")
    x_omnitron_customer_pk = fields.Integer("Omnitron customer id", copy=False)
    x_marketing_consent = fields.Boolean(
        "Marketing consent", help="The customer opted in to marketing messages (sent to Nonito)."
    )
    x_tax_office = fields.Char("Tax office", help="Turkish e-invoicing: the customer's tax office.")
    x_cb_phone_e164 = fields.Char(
        "Phone (E.164)", copy=False, index="btree_not_null", help="Normalised phone for matching."
    )
    x_cb_data_issues = fields.Text(
        "Data issues",
        copy=False,
        help="Values received from a peer that could not be used (e.g. a scrambled email).",
    )

    _sql_constraints = [
        (
            "x_medusa_customer_id_company_uniq",
            "unique(x_medusa_customer_id, company_id)",
            "A Medusa customer id can belong to one contact per company only.",
        ),
    ]

    # ------------------------------------------------------------------------------------
    # Contacts from peers: match before creating, never duplicate an existing contact
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_find_or_create(self, company, customer, source, update=False):
        """The contact for a peer's customer dict (see lib.medusa.map_customer and
        lib.omnitron.parse_order_event): matched by the peer's id, then email, then E.164
        phone; created otherwise. ``update`` rewrites name, email, phone and address."""
        phone = phones.normalize_phone(customer.get("phone_raw"), company.country_id.code)
        e164 = phone.e164 if phone.usable(company.cb_require_valid_phone) else None
        email = customer.get("email") if customer.get("email_usable", True) else None
        external_field, external_id = _external_key(customer, source)
        partner = self._cb_match(company, external_field, external_id, email, e164)
        issues = list(customer.get("flags") or [])
        if customer.get("phone_raw") and not e164:
            issues.append(
                self.env._(
                    "Phone %(raw)r is not usable: %(reason)s",
                    raw=customer["phone_raw"],
                    reason=phone.reason or self.env._("not a valid number"),
                )
            )
        vals = {
            "name": customer.get("name") or email or e164 or self.env._("Unknown customer"),
            "email": email or False,
            "phone": e164 or False,
            "x_cb_phone_e164": e164 or False,
        }
        addresses = customer.get("addresses") or []
        if addresses:
            vals.update(self._cb_address_vals(addresses[0], company))
        if issues:
            vals["x_cb_data_issues"] = "\n".join(issues)
        if partner:
            write_vals = (
                {external_field: external_id} if external_id and not partner[external_field] else {}
            )
            if update:
                write_vals.update({key: value for key, value in vals.items() if value})
            else:
                # Fill what the existing contact lacks; never overwrite what a person typed.
                write_vals.update({k: v for k, v in vals.items() if v and not partner[k]})
            if write_vals:
                partner.write(write_vals)
            return partner
        if external_id:
            # Two orders of one new customer imported at once: the second retries and finds
            # the contact the first one created (see commerce.bridge.claim).
            self.env["commerce.bridge.claim"]._cb_claim(company, f"{source}-customer:{external_id}")
            partner = self._cb_match(company, external_field, external_id, email, e164)
            if partner:
                return partner
        vals.update({external_field: external_id or False, "company_id": False, "customer_rank": 1})
        return self.create(vals)

    def _cb_match(self, company, external_field, external_id, email, e164):
        base = [("company_id", "in", (company.id, False)), ("parent_id", "=", False)]
        for field_name, value, operator in (
            (external_field, external_id, "="),
            ("email", email, "=ilike"),
            ("x_cb_phone_e164", e164, "="),
        ):
            if value:
                partner = self.search([(field_name, operator, value), *base], limit=1)
                if partner:
                    return partner
        return self.browse()

    @api.model
    def _cb_address_vals(self, address, company):
        country = (
            self.env["res.country"].search(
                [("code", "=", (address.get("country_code") or "").upper())], limit=1
            )
            if address.get("country_code")
            else self.env["res.country"]
        )
        phone = phones.normalize_phone(
            address.get("phone_raw"), country.code or company.country_id.code
        )
        vals = {
            "street": address.get("street") or False,
            "street2": address.get("street2") or False,
            "city": address.get("city") or False,
            "zip": address.get("zip") or False,
            "country_id": country.id or False,
        }
        if phone.usable(company.cb_require_valid_phone):
            vals["phone"] = phone.e164
        if address.get("email") and address.get("email_usable", True):
            vals["email"] = address["email"]
        return vals

    @api.model
    def _cb_delivery_address(self, partner, address, company, address_type="delivery"):
        """A child contact for this address, reusing an identical one."""
        vals = self._cb_address_vals(address, company)
        name = address.get("name") or partner.name
        for child in partner.child_ids.filtered(lambda c: c.type == address_type):
            if child.name == name and all(
                (child[key].id if key == "country_id" else child[key]) == value
                for key, value in vals.items()
                if key in ("street", "street2", "city", "zip", "country_id")
            ):
                return child
        return self.create({**vals, "name": name, "type": address_type, "parent_id": partner.id})

    def _cb_on_partner_changed(self):
        self.env["commerce.bridge.nonito"]._customer_event(self)


def _external_key(customer, source):
    if source == "omnitron":
        return "x_omnitron_customer_pk", customer.get("pk") or False
    return "x_medusa_customer_id", customer.get("medusa_customer_id") or False
