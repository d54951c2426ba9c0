"""Product images Medusa can fetch without an Odoo session (seed 001: image URLs)."""

from odoo import http
from odoo.http import request

from ..lib import signatures, validation
from .utils import WEBHOOK_ROUTE_TYPE


class ProductImageController(http.Controller):
    @http.route(
        [
            "/commerce_bridge/image/<string:product_id>/<string:token>",
            # Every other URL under the prefix (a token with "/"): ours too, so that it is a
            # plain 404 here instead of reaching Odoo's attachment fallback (which fails with
            # a 500 on a NUL character in the path).
            "/commerce_bridge/image/<path:rest>",
        ],
        # Plain http without form parsing: a GET never needs its body (see WebhookDispatcher).
        type=WEBHOOK_ROUTE_TYPE,
        auth="public",
        methods=["GET"],
        save_session=False,
    )
    def product_image(self, product_id="", token="", rest=None):
        if rest is not None:
            product_id, _sep, token = rest.partition("/")
        # The URL is the attacker's: an id that is no number or beyond PostgreSQL's integer
        # range, or a token of any characters (percent-decoded, non-ASCII included), is just
        # an unknown image.
        if not (product_id.isascii() and product_id.isdigit()) or not token or len(token) > 256:
            raise request.not_found()
        product_id = int(product_id)
        if not 0 < product_id <= validation.MAX_INT:
            raise request.not_found()
        product = request.env["product.product"].sudo().browse(product_id).exists()
        # The token is an HMAC of the product id: only URLs Odoo handed out open an image.
        if not product or not signatures.constant_time_equals(token, product._cb_image_token()):
            raise request.not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(product, "image_1920")
        return stream.get_response(max_age=86400)
