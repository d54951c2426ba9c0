# The core first: it knows no peer by name.
from . import (
    account_move,
    account_tax,
    base_automation,
    commerce_bridge_claim,
    commerce_bridge_record_link,
    commerce_bridge_inbound_event,
    commerce_bridge_outbox,
    commerce_bridge_dashboard,
    commerce_bridge_outbox_attempt,
    commerce_bridge_outbox_health,
    commerce_bridge_peer,
    commerce_bridge_rate_limit,
    decimal_precision,
    ir_cron,
    product_pricelist,
    product_product,
    res_company,
    res_config_settings,
    res_currency,
    res_partner,
    sale_order,
    sale_order_line,
    stock_picking,
    stock_quant,
)

# Then the peers, each extending the core.
from . import peers

# The automatic workflow of paid web orders (a local peer of the outbox).
from . import commerce_bridge_workflow, workflow
