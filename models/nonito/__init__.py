"""Nonito (seed 000): Odoo posts transactional events. Everything Nonito-specific lives here,
in lib/nonito.py and in views/nonito_views.xml."""

from . import peer, res_company, res_config_settings, stock_warehouse
