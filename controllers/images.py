"""Product images Medusa can fetch without an Odoo session (seed 001: image URLs)."""

import hmac

from odoo import http
from odoo.http import request


class ProductImageController(http.Controller):
    @http.route(
        "/commerce_bridge/image/<int:product_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        save_session=False,
    )
    def product_image(self, product_id, token):
        product = request.env["product.product"].sudo().browse(product_id).exists()
        # The token is an HMAC of the product id: only URLs Odoo handed out open an image.
        if not product or not hmac.compare_digest(token, product._cb_image_token()):
            return request.not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(product, "image_1920")
        return stream.get_response(max_age=86400)
