# ruff: noqa: F821 - `env` is the global that `odoo shell` provides
# Runs inside `odoo shell`: one dispatcher run, as the cron would (another process, real cursors).
import json
import os

P = json.loads(os.environ.get("CB_PARAMS") or "{}")
sent = env["commerce.bridge.outbox"]._cron_dispatch(budget_seconds=P.get("budget", 120))
print(json.dumps({"sent": sent}))
