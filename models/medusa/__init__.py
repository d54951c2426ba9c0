"""MarqaSouq Medusa (seed 001): webhooks in, a pull cron, products / stock / order status out.
Everything Medusa-specific lives here, in lib/medusa.py, controllers/medusa.py and the
views and data files named medusa_*."""

from . import (
    inbound,
    outbound,
    peer,
    product_product,
    product_template,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
    stock_drift,
)
