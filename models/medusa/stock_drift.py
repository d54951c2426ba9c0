from odoo import api, fields, models

from ...lib import medusa

PAGE_SIZE = 100


class CommerceBridgeStockDrift(models.Model):
    """A SKU whose stock level in Medusa differs from Odoo's, found by the drift report."""

    _name = "commerce.bridge.stock.drift"
    _description = "Commerce Bridge stock drift"
    _order = "abs_difference desc, sku"

    sku = fields.Char("SKU", required=True, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    medusa_quantity = fields.Float("Medusa level", readonly=True)
    odoo_quantity = fields.Float("Odoo level", readonly=True)
    difference = fields.Float(readonly=True, help="Medusa minus Odoo")
    abs_difference = fields.Float(readonly=True)
    checked_at = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)

    @api.model
    def _cb_refresh(self, company):
        """Page through GET /odoo/inventory and keep the SKUs whose levels differ."""
        client = company._cb_medusa_client()
        medusa_levels, offset = {}, 0
        while True:
            outcome = client.request(
                "GET", medusa.INVENTORY_PATH, params={"limit": PAGE_SIZE, "offset": offset}
            )
            if not outcome.ok or not isinstance(outcome.body, dict):
                return {
                    "ok": False,
                    "message": outcome.error or self.env._("Medusa gave no inventory."),
                }
            items = outcome.body.get("inventory") or []
            for item in items:
                if item.get("sku"):
                    medusa_levels[item["sku"]] = float(item.get("available_quantity") or 0.0)
            offset += len(items)
            if not items or offset >= int(outcome.body.get("total") or 0):
                break
        products = self.env["product.product"].search(
            [("default_code", "in", list(medusa_levels)), ("company_id", "in", (company.id, False))]
        )
        levels = self.env["commerce.bridge.peer.medusa"]._levels(products, company)
        by_sku = {product.default_code: product for product in products}
        now = fields.Datetime.now()
        rows = []
        for sku, medusa_level in medusa_levels.items():
            product = by_sku.get(sku)
            odoo_level = levels.get(product.id, 0.0) if product else 0.0
            if medusa_level != odoo_level:
                rows.append(
                    {
                        "sku": sku,
                        "product_id": product.id if product else False,
                        "medusa_quantity": medusa_level,
                        "odoo_quantity": odoo_level,
                        "difference": medusa_level - odoo_level,
                        "abs_difference": abs(medusa_level - odoo_level),
                        "checked_at": now,
                        "company_id": company.id,
                    }
                )
        self.search([("company_id", "=", company.id)]).unlink()
        self.create(rows)
        return {
            "ok": True,
            "message": self.env._(
                "%(n)s of %(total)s SKUs differ.", n=len(rows), total=len(medusa_levels)
            ),
        }

    def action_check_now(self):
        """The list's "Check now" header button: a header button with no selected row calls
        this on an empty recordset (the selection, if any, is ignored), so it must not be an
        ``@api.model`` method, which would receive the ids as an extra argument."""
        result = self._cb_refresh(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Stock drift against Medusa"),
                "message": result["message"],
                "type": "success" if result["ok"] else "danger",
                "next": {"type": "ir.actions.act_window_close"}
                if not result["ok"]
                else {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
