# ruff: noqa: F821 - `env` is the global that `odoo shell` provides
# Runs inside `odoo shell`: what an attacker would aim at (an employee, the administrator, a
# customer of company A) and a second company B with its own webhook credentials.
import json
import os

P = json.loads(os.environ["CB_PARAMS"])
company_a = env.company
employee = env["res.users"].create(
    {"name": "Employee", "login": P["employee_email"], "email": P["employee_email"]}
)
admin = env.ref("base.user_admin")
admin.partner_id.email = P["admin_email"]
customer_a = env["res.partner"].create(
    {"name": "A's own customer", "email": P["shared_email"], "company_id": company_a.id}
)
company_b = env["res.company"].create(
    {
        "name": "Company B",
        "currency_id": company_a.currency_id.id,
        "country_id": env.ref("base.kw").id,
        "cb_medusa_webhook_secret": P["secret_b"],
        "cb_medusa_inbound_enabled": True,
        "cb_omnitron_token": P["token_b"],
        "cb_omnitron_enabled": True,
        "cb_omnitron_rate_limit": 0,
        "cb_auto_confirm": False,
    }
)
env.cr.commit()
print(
    json.dumps(
        {
            "company_a": company_a.id,
            "company_b": company_b.id,
            "employee_partner": employee.partner_id.id,
            "admin_partner": admin.partner_id.id,
            "customer_a": customer_a.id,
        }
    )
)
