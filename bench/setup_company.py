# ruff: noqa: F821 - `env` is the global that `odoo shell` provides
# Runs inside `odoo shell`: points the company at the sandbox peers and adds the catalogue.
import json
import os

P = json.loads(os.environ["CB_PARAMS"])
company = env.company
company.write(
    {
        "cb_medusa_base_url": P["medusa_url"],
        "cb_medusa_api_key": P["medusa_key"],
        "cb_medusa_webhook_secret": P["medusa_secret"],
        "cb_medusa_inbound_enabled": True,
        "cb_medusa_status_push_enabled": True,
        "cb_nonito_base_url": P["nonito_url"],
        "cb_nonito_api_key": P["nonito_key"],
        "cb_nonito_enabled": True,
        "cb_omnitron_token": P["omnitron_token"],
        "cb_omnitron_enabled": True,
        "cb_omnitron_rate_limit": 0,
        "cb_auto_confirm": True,
        "country_id": env.ref("base.kw").id,
        "cb_http_timeout": 3,
    }
)
existing = set(
    env["product.product"].search([("default_code", "like", "BENCH-")]).mapped("default_code")
)
env["product.product"].create(
    [
        {
            "name": f"Bench item {i}",
            "default_code": f"BENCH-{i:03d}",
            "is_storable": True,
            "list_price": 1.25,
        }
        for i in range(50)
        if f"BENCH-{i:03d}" not in existing
    ]
)
if not env["product.product"].search([("default_code", "=", "3169177")]):
    env["product.product"].create(
        {"name": "Lacoste shirt", "default_code": "3169177", "is_storable": True}
    )
carrier = env["delivery.carrier"].search([("name", "=", "Yurtici")], limit=1) or env[
    "delivery.carrier"
].create(
    {
        "name": "Yurtici",
        "product_id": env["product.product"].create({"name": "Yurtici", "type": "service"}).id,
    }
)
if not env["commerce.bridge.carrier.map"].search([("erp_code", "=", "yurtici_kargo")]):
    env["commerce.bridge.carrier.map"].create(
        {
            "name": "Yurtiçi Kargo",
            "shipping_company": "yurtici",
            "erp_code": "yurtici_kargo",
            "carrier_id": carrier.id,
        }
    )
env["res.currency"]._cb_activate("KWD")
env["res.currency"]._cb_activate("TRY")
env.cr.commit()
print(json.dumps({"company_id": company.id}))
