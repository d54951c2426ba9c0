"""The automatic workflow of paid web orders: a local peer of the outbox whose 'client' runs
invoicing, payment and refund steps in their own transaction (lib/workflow.py, the
commerce.bridge.workflow rows, views/commerce_bridge_workflow_views.xml)."""

from . import account_move, peer, res_company, res_config_settings, sale_order
