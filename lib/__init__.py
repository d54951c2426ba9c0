"""Pure-Python core of commerce_bridge.

Nothing under ``lib/`` may import ``odoo``: it holds the peer contracts (payload parsing and
building, endpoint paths, error codes), JSON schemas, the HTTP client, and the small helpers
for money, phones, dates and signatures. Odoo models and controllers stay thin around it, and
everything here is unit-tested under pytest on machines without Odoo.
"""
