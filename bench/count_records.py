# ruff: noqa: F821 - `env` is the global that `odoo shell` provides
# Runs inside `odoo shell`: counts what a scenario left behind.
import json
import os

P = json.loads(os.environ["CB_PARAMS"])
orders = env["sale.order"].search(
    [("x_medusa_order_id", "=like", P.get("medusa_prefix", "order_") + "%")]
)
omnitron = env["sale.order"].search(
    [("x_omnitron_order_number", "=like", P.get("omnitron_prefix", "x") + "%")]
)
outbox = env["commerce.bridge.outbox"]
print(
    json.dumps(
        {
            "medusa_orders": len(orders),
            "medusa_distinct_ids": len(set(orders.mapped("x_medusa_order_id"))),
            "omnitron_orders": len(omnitron),
            "partners": env["res.partner"].search_count([]),
            "sale_orders": env["sale.order"].search_count([]),
            "inbound_events": env["commerce.bridge.inbound.event"].search_count([]),
            "outbox_open": outbox.search_count(
                [("state", "in", ("pending", "retrying", "sending", "paused"))]
            ),
            "outbox_done": outbox.search_count([("state", "=", "done")]),
            "outbox_dead": outbox.search_count([("state", "=", "dead")]),
        }
    )
)
