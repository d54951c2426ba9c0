from odoo import api, fields, models

from ..lib import phones


class ResPartner(models.Model):
    _inherit = "res.partner"

    x_marketing_consent = fields.Boolean(
        "Marketing consent", help="The customer opted in to marketing messages."
    )
    x_cb_phone_e164 = fields.Char(
        "Phone (E.164)", copy=False, index="btree_not_null", help="Normalised phone for matching."
    )
    x_cb_owner_peer = fields.Char(
        "Created by peer",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The peer that created this contact for its customer id: the only contact that "
        "peer may update.",
    )
    x_cb_data_issues = fields.Text(
        "Data issues",
        copy=False,
        help="Values received from a peer that could not be used (e.g. a scrambled email).",
    )

    # ------------------------------------------------------------------------------------
    # Contacts from peers. A webhook is a stranger: a peer writes only to the contact it
    # created itself for its customer id, in its own company (x_cb_owner_peer, company_id and
    # the peer's id field together record that ownership). An existing customer contact of
    # the company may be *linked* to an order by email or phone, never rewritten; contacts of
    # internal users, of companies and of other companies are never matched at all.
    # ------------------------------------------------------------------------------------
    @api.model
    def _cb_find_or_create(self, company, customer, source, update=False):
        """The contact for a peer's mapped customer dict (name, email, phone_raw, addresses,
        flags, and the peer's customer id: see its _cb_customer_key).

        1. the contact of the company that carries this peer's customer id: the peer's own
           one (created by it) takes ``update`` (name, email, phone, address); one a person
           linked by hand is used as it is;
        2. else, for an order (not ``update``), a customer contact of the company with the
           same email or E.164 phone, linked as it is;
        3. else a new contact owned by the peer, in the company; a refused match (a user's,
           a company's or another company's contact) is noted on it.
        """
        phone = phones.normalize_phone(customer.get("phone_raw"), company.country_id.code)
        e164 = phone.e164 if phone.usable(company.cb_require_valid_phone) else None
        email = customer.get("email") if customer.get("email_usable", True) else None
        external_field, external_id = (
            self.env["commerce.bridge.peer"]._cb_peer(source)._cb_customer_key(customer)
        )
        vals = self._cb_customer_vals(company, customer, email, e164, phone)
        known = self._cb_by_external_id(company, external_field, external_id)
        if not known and external_id:
            # Two deliveries of one new customer at once: the second retries and finds the
            # contact the first one created (see commerce.bridge.claim).
            self.env["commerce.bridge.claim"]._cb_claim(company, f"{source}-customer:{external_id}")
            known = self._cb_by_external_id(company, external_field, external_id)
        refusals = []
        if known:
            refusal = known._cb_link_refusal(company)
            if not refusal:
                if update and known.x_cb_owner_peer == source:
                    known._cb_update_owned({key: value for key, value in vals.items() if value})
                return known
            # A user's or a company's contact carries the id (set by hand): never used, and
            # the id stays where it is.
            refusals.append(refusal)
            external_id = False
        candidate, refusal = self._cb_match(company, email, e164)
        if candidate and not update:
            return candidate
        refusals.append(refusal)
        issues = [vals.get("x_cb_data_issues"), *refusals]
        if any(issues):
            vals["x_cb_data_issues"] = "\n".join(filter(None, issues))
        if external_id:
            vals[external_field] = external_id
        return self.create(
            {
                **vals,
                "x_cb_owner_peer": source,
                "company_id": company.id,
                "customer_rank": 1,
            }
        )

    @api.model
    def _cb_customer_vals(self, company, customer, email, e164, phone):
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
        return vals

    def _cb_update_owned(self, vals):
        """The peer's own contact takes the peer's data; a portal user's email (where
        password resets go) is never changed from outside."""
        if self.with_context(active_test=False).user_ids:
            vals.pop("email", None)
        self.write(vals)

    def _cb_by_external_id(self, company, external_field, external_id):
        if not external_id:
            return self.browse()
        return self.with_context(active_test=False).search(
            [(external_field, "=", external_id), ("company_id", "=", company.id)], limit=1
        )

    def _cb_match(self, company, email, e164):
        """(customer contact of the company to link, or empty; why a match was refused).

        Only a top-level contact of this very company may be linked. A contact of an
        internal user or of a company, or of another company (or of none), is refused: a
        storefront customer must never reach an Odoo login, nor another company's data."""
        refusal = False
        for field_name, value, operator in (
            ("email", email, "=ilike"),
            ("x_cb_phone_e164", e164, "="),
        ):
            if not value:
                continue
            domain = [(field_name, operator, value)]
            same_company = self.search(
                [*domain, ("parent_id", "=", False), ("company_id", "=", company.id)], limit=10
            )
            reasons = [partner._cb_link_refusal(company) for partner in same_company]
            for partner, reason in zip(same_company, reasons, strict=True):
                if not reason:
                    return partner, refusal
            if not reasons and self.sudo().search_count(domain, limit=1):
                reasons = [self.env._("it is not a customer contact of this company")]
            if reasons and not refusal:
                refusal = self.env._(
                    "Not linked to an existing contact with the same %(what)s: %(reason)s.",
                    what=self._fields[field_name].string,
                    reason=reasons[0],
                )
        return self.browse(), refusal

    def _cb_link_refusal(self, company):
        """Why a peer of ``company`` may not use this contact (falsy: it may)."""
        self.ensure_one()
        if self.company_id != company:
            return self.env._("it is not a contact of this company")
        if self.is_company or self.env["res.company"].sudo().search_count(
            [("partner_id", "=", self.id)], limit=1
        ):
            return self.env._("it is a company's contact")
        users = self.with_context(active_test=False).user_ids
        if any(not user.share for user in users):
            return self.env._("it belongs to an internal user")
        return False

    def write(self, vals):
        if "x_cb_owner_peer" in vals and not self.env.su:
            vals = {key: value for key, value in vals.items() if key != "x_cb_owner_peer"}
        return super().write(vals)

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
        return self.create(
            {
                **vals,
                "name": name,
                "type": address_type,
                "parent_id": partner.id,
                "company_id": company.id,
            }
        )

    def _cb_on_partner_changed(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_partner_changed", self)
