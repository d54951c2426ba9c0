{
    "name": "Commerce Bridge: Medusa, Omnitron and Nonito",
    "summary": "Orders, customers, products, stock and transactional events between Odoo, "
    "a MedusaJS store, Akinon Omnitron and Nonito, with an outbox that never loses a message",
    "version": "18.0.1.2.0",
    "category": "Sales/Sales",
    "website": "https://github.com/commerce-bridge/commerce_bridge",
    "author": "Commerce Bridge contributors",
    "license": "LGPL-3",
    "depends": ["sale_stock", "stock_delivery", "base_automation"],
    "external_dependencies": {"python": ["requests", "phonenumbers", "jsonschema"]},
    "data": [
        "security/commerce_bridge_security.xml",
        "security/ir.model.access.csv",
        "security/commerce_bridge_rules.xml",
        # the core
        "data/product_data.xml",
        "data/ir_cron.xml",
        "data/base_automation.xml",
        "data/ir_actions_server.xml",
        "views/res_config_settings_views.xml",
        "views/commerce_bridge_outbox_views.xml",
        "views/commerce_bridge_dashboard_views.xml",
        "views/commerce_bridge_inbound_event_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/commerce_bridge_menus.xml",
        # the peers, each in its own files
        "data/medusa_data.xml",
        "views/medusa_views.xml",
        "views/omnitron_views.xml",
        "views/nonito_views.xml",
        # the automatic workflow of paid web orders
        "views/commerce_bridge_workflow_views.xml",
        "data/workflow_data.xml",
    ],
    "assets": {
        "web.assets_tests": ["commerce_bridge/static/tests/tours/**/*"],
    },
    "application": True,
}
