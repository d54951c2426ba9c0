# Odoo imports this package as odoo.addons.commerce_bridge. pytest also walks through it (under
# another name) when it collects the pure suite in lib/ and sandbox/: the Odoo models and
# controllers are loaded only in the first case.
if __name__.startswith("odoo.addons."):
    from . import controllers, models
