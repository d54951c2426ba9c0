"""Contract-faithful fake peers (Medusa, Nonito) and webhook senders (Medusa, Omnitron).

Plain Python with no ``odoo`` import and no import of ``lib/``: the fakes are written from the
seed documents on their own, so a mismatch between them and the addon shows up as a failing
test instead of hiding.
"""
