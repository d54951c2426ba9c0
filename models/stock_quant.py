from odoo import models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _cb_on_quant_changed(self):
        self.env["commerce.bridge.peer"]._cb_notify("_cb_on_stock_changed", self)
