from odoo import models

MINUTES = {"minutes": 1, "hours": 60, "days": 1440, "weeks": 10080, "months": 43200}


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _cb_interval_minutes(self):
        self.ensure_one()
        return self.interval_number * MINUTES.get(self.interval_type, 1)
