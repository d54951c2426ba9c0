"""The floor of the Medusa order webhook over HTTP: the same JSON body, posted to a bare
``type='http'`` route that does only what any integration must with the plain ORM: parse, create the customer and
its delivery address, find the products and the pricelist of the order's currency, create the
order (its lines and the shipping line) and confirm it. No authentication, rate limit,
validation, event log, matching of existing customers or outbox."""

import json

from odoo import SUPERUSER_ID, Command, http
from odoo.http import request


class BenchFloor(http.Controller):
    @http.route(
        "/cb_bench_floor/order",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def order(self):
        body = json.loads(request.httprequest.get_data())
        order = body["data"]["order"]
        env = request.env(user=SUPERUSER_ID)
        customer = order["customer"]
        partner = env["res.partner"].create(
            {
                "name": f"{customer['first_name']} {customer['last_name']}",
                "email": customer.get("email") or order.get("email"),
                "phone": customer.get("phone"),
            }
        )
        address = order.get("shipping_address") or {}
        country = env["res.country"].search(
            [("code", "=", (address.get("country_code") or "").upper())], limit=1
        )
        delivery = env["res.partner"].create(
            {
                "name": partner.name,
                "type": "delivery",
                "parent_id": partner.id,
                "street": address.get("address_1"),
                "city": address.get("city"),
                "zip": address.get("postal_code"),
                "country_id": country.id,
                "phone": address.get("phone"),
            }
        )
        currency = (order.get("currency_code") or "").upper()
        pricelist = env["product.pricelist"].search([("currency_id.name", "=", currency)], limit=1)
        skus = [item["sku"] for item in order["items"]]
        products = {
            product.default_code: product
            for product in env["product.product"].search([("default_code", "in", skus)])
        }
        lines = [
            Command.create(
                {
                    "product_id": products[item["sku"]].id,
                    "product_uom_qty": item["quantity"],
                    "price_unit": item["unit_price"] / 1000,
                }
            )
            for item in order["items"]
        ]
        shipping = env.ref("commerce_bridge.product_product_cb_shipping", raise_if_not_found=False)
        if shipping and order.get("shipping_total"):
            lines.append(
                Command.create(
                    {
                        "product_id": shipping.id,
                        "product_uom_qty": 1,
                        "price_unit": order["shipping_total"] / 1000,
                    }
                )
            )
        sale = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "partner_invoice_id": partner.id,
                "partner_shipping_id": delivery.id,
                "client_order_ref": order["id"],
                **({"pricelist_id": pricelist.id} if pricelist else {}),
                "order_line": lines,
            }
        )
        sale.action_confirm()
        return request.make_json_response(
            {"success": True, "odoo_order_id": sale.id, "odoo_order_name": sale.name}
        )
