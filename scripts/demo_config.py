# ruff: noqa: F821 - `env` is the global that `odoo shell` provides
# Points the main company at the sandbox peers (used by docker compose and run_local.sh).
import os

company = env.company
company.write(
    {
        "cb_medusa_base_url": os.environ.get("CB_MEDUSA_URL", "http://127.0.0.1:9000"),
        "cb_medusa_api_key": os.environ.get("CB_MEDUSA_KEY", "sandbox-medusa-key"),
        "cb_medusa_webhook_secret": os.environ.get("CB_MEDUSA_SECRET", "sandbox-webhook-secret"),
        "cb_medusa_allow_static_secret": True,
        "cb_medusa_inbound_enabled": True,
        "cb_medusa_pull_enabled": True,
        "cb_medusa_product_push_enabled": True,
        "cb_medusa_inventory_push_enabled": True,
        "cb_medusa_status_push_enabled": True,
        "cb_nonito_base_url": os.environ.get("CB_NONITO_URL", "http://127.0.0.1:9100"),
        "cb_nonito_api_key": os.environ.get("CB_NONITO_KEY", "sandbox-nonito-key"),
        "cb_nonito_enabled": True,
        "cb_omnitron_token": os.environ.get("CB_OMNITRON_TOKEN", "sandbox-omnitron-token"),
        "cb_omnitron_enabled": True,
        "cb_auto_confirm": True,
    }
)
env.cr.commit()
print("commerce_bridge configured against the sandbox peers")
