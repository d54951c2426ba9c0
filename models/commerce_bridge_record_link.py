from odoo import models
from odoo.exceptions import UserError


class CommerceBridgeRecordLink(models.AbstractModel):
    """A log row about one business record (``res_model``, ``res_id``): the inbound event
    that made it, the outbound message about it."""

    _name = "commerce.bridge.record.link"
    _description = "Commerce Bridge: link to a business record"

    def _cb_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id).exists() or None

    def _cb_open_record(self, missing_message):
        record = self._cb_record()
        if not record:
            raise UserError(missing_message)
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }
