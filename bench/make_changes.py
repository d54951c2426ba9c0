# ruff: noqa: F821 - `env` is the global that `odoo shell` provides
# Runs inside `odoo shell`: a burst of business changes that each queue outbound messages.
import json
import os

P = json.loads(os.environ["CB_PARAMS"])
contacts = P.get("contacts", 100)
updates = P.get("updates", 9)
prefix = P.get("prefix", "burst")
partners = env["res.partner"].create(
    [{"name": f"{prefix.title()} Person{i}", "phone": f"+9655{i:07d}"} for i in range(contacts)]
)
env.cr.commit()
for round_ in range(updates):
    for partner in partners:
        partner.email = f"{prefix}{partner.id}.{round_}@example.com"
    env.cr.commit()
print(json.dumps({"partners": partners.ids, "changes": contacts * (1 + updates)}))
