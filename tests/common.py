"""Shared set-up of the Odoo tests: the sandbox peers over real loopback HTTP."""

import json

import requests

from odoo.tests import HttpCase, tagged

from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa
from odoo.addons.commerce_bridge.sandbox.medusa import FakeMedusa
from odoo.addons.commerce_bridge.sandbox.nonito import FakeNonito

MEDUSA_KEY = "medusa-test-key"
MEDUSA_SECRET = "whsec_" + "c2VjcmV0LWZvci10ZXN0cy0wMTIzNDU2Nzg5"  # base64 of a test secret
NONITO_KEY = "nonito-test-key"
OMNITRON_TOKEN = "omnitron-test-token"
OMNITRON_PATH = "/api/v1/oms/orders_omnitron/"


def customer_event(index):
    return {
        "event_id": f"evt-{index}",
        "user_id": f"+9656000{index:04d}",
        "event_name": "customer_created",
        "timestamp": "2026-11-24T10:00:00Z",
        "properties": {
            "first_name": "Test",
            "last_name": f"Customer {index}",
            "phone": f"+9656000{index:04d}",
        },
    }


@tagged("post_install", "-at_install")
class CommerceBridgeCase(HttpCase):
    """Sandbox Medusa and Nonito servers on free loopback ports, the company pointed at them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.medusa = FakeMedusa(api_key=MEDUSA_KEY).start()
        cls.addClassCleanup(cls.medusa.stop)
        cls.nonito = FakeNonito(api_key=NONITO_KEY).start()
        cls.addClassCleanup(cls.nonito.stop)
        cls.company = cls.env.company
        cls.company.write(cls._company_settings())
        cls.Outbox = cls.env["commerce.bridge.outbox"]
        cls.Event = cls.env["commerce.bridge.inbound.event"]

    @classmethod
    def _company_settings(cls):
        return {
            "cb_medusa_base_url": cls.medusa.url,
            "cb_medusa_api_key": MEDUSA_KEY,
            "cb_medusa_webhook_secret": MEDUSA_SECRET,
            "cb_nonito_base_url": cls.nonito.url,
            "cb_nonito_api_key": NONITO_KEY,
            "cb_omnitron_token": OMNITRON_TOKEN,
            "cb_http_timeout": 5,
            "country_id": cls.env.ref("base.kw").id,
        }

    @classmethod
    def _load_chart_of_accounts(cls):
        """Invoices need accounts: the generic chart when the company has none."""
        if not cls.company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", cls.company, install_demo=False
            )

    @classmethod
    def _enable_imports(cls, **settings):
        """Both inbound peers on and imported orders confirmed, plus ``settings``."""
        cls.company.write(
            {
                "cb_medusa_inbound_enabled": True,
                "cb_omnitron_enabled": True,
                "cb_auto_confirm": True,
                **settings,
            }
        )

    def setUp(self):
        super().setUp()
        self.medusa.reset()
        self.nonito.reset()

    # --- helpers -------------------------------------------------------------------------
    def dispatch(self, budget=20):
        """Run the dispatcher cron once (until nothing is due) and refresh our caches."""
        self.env.flush_all()
        sent = self.Outbox._cron_dispatch(budget_seconds=budget)
        self.env.invalidate_all()
        return sent

    def post_omnitron(self, body, token=OMNITRON_TOKEN, headers=None, raw=None):
        all_headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token is not None:
            all_headers["Authorization"] = f"Token {token}"
        all_headers.update(headers or {})
        data = raw if raw is not None else json.dumps(body)
        self.env.flush_all()
        response = requests.post(
            self.base_url() + OMNITRON_PATH, data=data, headers=all_headers, timeout=60
        )
        self.env.invalidate_all()
        return response

    def post_medusa(
        self, body, route="/api/medusa/webhooks", mode="signature", secret=MEDUSA_SECRET, **kwargs
    ):
        self.env.flush_all()
        response = fake_medusa.send_webhook(
            self.base_url() + route,
            body["event"],
            body["data"],
            secret=secret,
            mode=mode,
            timestamp=kwargs.get("timestamp"),
            msg_id=kwargs.get("msg_id"),
            timeout=60,
        )
        self.env.invalidate_all()
        return response

    def make_product(self, sku, price=1.0, **vals):
        return self.env["product.product"].create(
            {
                "name": vals.pop("name", sku),
                "default_code": sku,
                "list_price": price,
                "is_storable": True,
                **vals,
            }
        )
