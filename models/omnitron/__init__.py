"""Akinon Omnitron (seed 002): the OMS posts order events to Odoo. Everything Omnitron-specific
lives here, in lib/omnitron.py, controllers/omnitron.py and the omnitron_* views."""

from . import (
    carrier_map,
    inbound,
    peer,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
    sale_order_line,
)
