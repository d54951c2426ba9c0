"""Never a 500, never an amplifier: the inbound routes against hostile input over real HTTP.

TestRouteHardening pins each 500 an attacker found; TestFuzzRoutes throws hypothesis-driven
cases (sandbox/fuzz.py) at every route and checks that no answer is a 5xx, that refusals are
small 4xx in the contract's shape, and that nothing is written for a refused request.
"""

import json
import time
import uuid

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from odoo.addons.commerce_bridge.sandbox import fuzz
from odoo.addons.commerce_bridge.sandbox import medusa as fake_medusa
from odoo.addons.commerce_bridge.sandbox import omnitron as omnitron_sender

from .common import MEDUSA_SECRET, OMNITRON_PATH, OMNITRON_TOKEN, CommerceBridgeCase

MEDUSA_PATH = "/api/medusa/webhooks"
MAX_ERROR_ANSWER = 16 * 1024  # bytes: a refusal is never an amplifier
FUZZ = settings(
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


class RouteCase(CommerceBridgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_imports(cb_medusa_rate_limit=0, cb_omnitron_rate_limit=0)
        cls.product = cls.env["product.product"].create(
            {"name": "iPhone 15 Pro Case", "default_code": "CASE-IP15PRO-001", "is_storable": True}
        )

    def counts(self):
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT (SELECT count(*) FROM sale_order), (SELECT count(*) FROM res_partner),
                      (SELECT count(*) FROM commerce_bridge_inbound_event)"""
        )
        return self.env.cr.fetchone()

    def send(self, case):
        self.env.flush_all()
        try:
            return fuzz.send(requests, self.base_url(), case)
        finally:
            self.env.invalidate_all()

    def signed(self, raw, path=MEDUSA_PATH, msg_id=None, timestamp=None, content_type=None):
        msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
        timestamp = str(int(time.time())) if timestamp is None else timestamp
        try:
            stamp = int(timestamp)
        except ValueError:
            stamp = int(time.time())
        headers = {
            "Content-Type": content_type or "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": timestamp,
            "webhook-signature": fake_medusa.signature(MEDUSA_SECRET, msg_id, stamp, raw),
        }
        return self.send({"method": "POST", "path": path, "headers": headers, "body": raw})

    def omnitron(self, raw, **headers):
        all_headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Token {OMNITRON_TOKEN}",
            **headers,
        }
        return self.send(
            {"method": "POST", "path": OMNITRON_PATH, "headers": all_headers, "body": raw}
        )

    def assert_refused(self, response, status, peer="medusa"):
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertLess(len(response.content), MAX_ERROR_ANSWER)
        answer = response.json()
        if peer == "medusa":
            self.assertIs(answer["success"], False)
            self.assertTrue({"code", "message", "details"} <= set(answer["error"]))
        else:
            self.assertIn("detail", answer)
            self.assertIn("code", answer)
        return answer

    @staticmethod
    def processed_not_found(case, response):
        if response.status_code != 404 or not case["path"].startswith("/api/medusa"):
            return False
        return response.json().get("error", {}).get("code") == "NOT_FOUND"

    def assert_sane(self, case, response, before):
        """No 5xx; a refusal is small, in the contract's shape, and wrote nothing."""
        where = f"{case['kind']} {case['path'][:80]}: HTTP {response.status_code}"
        self.assertLess(response.status_code, 500, f"{where} {response.text[:300]}")
        if response.status_code >= 400:
            after = self.counts()
            if self.processed_not_found(case, response):
                # Valid, logged, and ignored (e.g. the status of an unknown order): the event
                # log keeps it, but no business record is written.
                self.assertEqual(after[:2], before[:2], f"{where}: an ignored event wrote records")
            else:
                self.assertEqual(after, before, f"{where}: a refused request wrote records")
            self.assertLess(len(response.content), MAX_ERROR_ANSWER, where)
            if case["path"].startswith("/api/medusa"):
                self.assertIs(response.json().get("success"), False, where)
            elif case["path"].startswith("/api/v1/oms"):
                self.assertIn("detail", response.json(), where)


def order_body(**order_changes):
    body = fake_medusa.sample_order_created()
    body["data"]["order"].update(order_changes)
    return body


@tagged("post_install", "-at_install")
class TestRouteHardening(RouteCase):
    """One test per 500 the attacker found."""

    def test_timestamp_of_400_digits_is_a_401(self):
        raw = json.dumps(fake_medusa.sample_order_created()).encode()
        for stamp in ("9" * 400, "-" + "9" * 400, "¹²³", "1e10"):
            self.assert_refused(self.signed(raw, timestamp=stamp), 401)

    def test_image_token_of_any_bytes_is_a_404(self):
        good = self.product._cb_image_token()
        for token in ("%C3%A9" * 16, "%ff%fe", "%F0%9F%9A%80", "a" * 5000, "%00"):
            path = f"/commerce_bridge/image/{self.product.id}/{token}"
            response = self.send({"method": "GET", "path": path, "headers": {}, "body": None})
            self.assertEqual(response.status_code, 404, token)
        for product_id in (2**31, 10**30):
            path = f"/commerce_bridge/image/{product_id}/{good}"
            response = self.send({"method": "GET", "path": path, "headers": {}, "body": None})
            self.assertEqual(response.status_code, 404)
        path = f"/commerce_bridge/image/{self.product.id}/{good}"
        response = self.send({"method": "GET", "path": path, "headers": {}, "body": None})
        self.assertEqual(response.status_code, 200)

    def test_json_nested_10000_deep_is_a_400(self):
        before = self.counts()
        for raw in (b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000):
            self.assert_refused(self.signed(raw), 400)
            self.assert_refused(self.omnitron(raw), 400, peer="omnitron")
        body = fake_medusa.sample_order_created()
        body["data"]["order"]["metadata"] = fuzz.nested_lists(40)
        answer = self.assert_refused(self.signed(json.dumps(body).encode()), 400)
        self.assertIn("nested deeper than 32", json.dumps(answer))
        self.assertEqual(self.counts(), before)

    def test_overlong_ids_are_a_400(self):
        before = self.counts()
        raw = json.dumps(fake_medusa.sample_order_created()).encode()
        answer = self.assert_refused(self.signed(raw, msg_id="m" * 10_000), 400)
        self.assertIn("webhook-id", json.dumps(answer))
        answer = self.assert_refused(
            self.signed(json.dumps(order_body(id="o" * 10_000)).encode()), 400
        )
        self.assertIn("data.order.id: longer than 255", json.dumps(answer))
        customer = dict(fake_medusa.sample_order_created()["data"]["order"]["customer"])
        customer["id"] = "c" * 10_000
        self.assert_refused(self.signed(json.dumps(order_body(customer=customer)).encode()), 400)
        customer["id"], customer["first_name"] = "cus_1", "🚀" * 2000
        self.assert_refused(self.signed(json.dumps(order_body(customer=customer)).encode()), 400)
        event = omnitron_sender.sample_order_event()
        event["event"]["type"] = "t" * 10_000
        self.assert_refused(self.omnitron(json.dumps(event).encode()), 400, peer="omnitron")
        event = omnitron_sender.sample_order_event()
        event["payload"]["pk"] = 10**12
        self.assert_refused(self.omnitron(json.dumps(event).encode()), 400, peer="omnitron")
        self.assertEqual(self.counts(), before)

    def test_unknown_currency_is_a_400_naming_it_and_logs_nothing(self):
        before = self.counts()
        answer = self.assert_refused(
            self.signed(json.dumps(order_body(currency_code="xyz")).encode()), 400
        )
        self.assertIn("XYZ", answer["error"]["message"])
        event = omnitron_sender.sample_order_event()
        event["payload"]["currency"] = "qqq"
        answer = self.assert_refused(self.omnitron(json.dumps(event).encode()), 400, "omnitron")
        self.assertIn("QQQ", answer["detail"])
        self.assertEqual(self.counts(), before)

    def test_known_inactive_currency_is_activated(self):
        egp = self.env.ref("base.EGP")
        egp.active = False
        body = fake_medusa.make_order(3001, currency_code="egp")
        response = self.signed(
            json.dumps({"event": "order.created", "data": {"order": body}}).encode()
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(egp.active)

    def test_100000_empty_items_answer_small_and_fast(self):
        items = b",".join([b"{}"] * 100_000)
        raw = b'{"event": "order.created", "data": {"order": {"items": [' + items + b"]}}}"
        started = time.monotonic()
        answer = self.assert_refused(self.signed(raw), 400)
        self.assertLess(time.monotonic() - started, 2.0)
        self.assertLessEqual(len(answer["error"]["details"]["errors"]), 20)
        self.assertIn("more than 500 items", answer["error"]["details"]["errors"][0])
        raw = b'{"event": {"type": "x", "uuid": "y"}, "payload": {"orderitem_set": [' + items
        answer = self.assert_refused(self.omnitron(raw + b"]}}"), 400, "omnitron")

    def test_error_answers_list_at_most_20_errors_and_count_them(self):
        lines = [("CASE-IP15PRO-001", 1, 100)] * 300
        order = fake_medusa.make_order(3002, lines=lines)
        for item in order["items"]:
            item["quantity"] = "two"
        raw = json.dumps({"event": "order.created", "data": {"order": order}}).encode()
        details = self.assert_refused(self.signed(raw), 400)["error"]["details"]
        self.assertEqual(len(details["errors"]), 20)
        self.assertGreaterEqual(details["error_count"], 300)
        event = omnitron_sender.sample_order_event()
        item = event["payload"]["orderitem_set"][0]
        event["payload"]["orderitem_set"] = [dict(item, price="-") for _ in range(100)]
        answer = self.assert_refused(self.omnitron(json.dumps(event).encode()), 400, "omnitron")
        self.assertEqual(len(answer["errors"]), 20)
        self.assertEqual(answer["error_count"], 100)

    def test_every_authenticated_request_counts_toward_the_rate_limit(self):
        self.company.write({"cb_medusa_rate_limit": 2, "cb_omnitron_rate_limit": 2})
        before = self.counts()
        # Invalid but authenticated requests spend the budget too.
        self.assert_refused(self.signed(b"{}"), 400)
        self.assert_refused(self.signed(b"not json"), 400)
        response = self.signed(json.dumps(fake_medusa.sample_order_created()).encode())
        answer = self.assert_refused(response, 429)
        self.assertEqual(answer["error"]["code"], "RATE_LIMITED")
        self.assertTrue(1 <= int(response.headers["Retry-After"]) <= 60)
        # Unauthenticated requests do not (and are refused for what they are).
        self.assert_refused(self.signed(b"{}", timestamp="1"), 401)
        self.assert_refused(self.omnitron(b"{}"), 400, "omnitron")
        self.assert_refused(self.omnitron(b"[", Accept="text/html"), 406, "omnitron")
        response = self.omnitron(json.dumps(omnitron_sender.sample_order_event()).encode())
        answer = self.assert_refused(response, 429, "omnitron")
        self.assertEqual(answer["code"], "throttled")
        self.assertTrue(1 <= int(response.headers["Retry-After"]) <= 60)
        self.assert_refused(self.omnitron(b"{}", Authorization="Token nope"), 401, "omnitron")
        self.assertEqual(self.counts(), before)

    def test_form_bodies_are_refused_unparsed(self):
        self.company.cb_max_body_kb = 1
        for content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
        ):
            raw = b"a=" + b"x" * 100
            self.assert_refused(self.signed(raw, content_type=content_type), 415)
            response = self.omnitron(raw, **{"Content-Type": content_type})
            self.assert_refused(response, 415, "omnitron")
            big = b"a=" + b"x" * 5000
            self.assert_refused(self.signed(big, content_type=content_type), 413)
            self.assert_refused(
                self.omnitron(big, **{"Content-Type": content_type}), 413, "omnitron"
            )


@tagged("post_install", "-at_install")
class TestFuzzRoutes(RouteCase):
    """Generated hostile requests: never a 5xx, never a record for a refused one."""

    @FUZZ
    @given(st.randoms(use_true_random=False))
    def test_fuzz_medusa(self, rng):
        case = fuzz.medusa_case(rng, MEDUSA_SECRET)
        before = self.counts()
        self.assert_sane(case, self.send(case), before)

    @FUZZ
    @given(st.randoms(use_true_random=False))
    def test_fuzz_omnitron(self, rng):
        case = fuzz.omnitron_case(rng, OMNITRON_TOKEN)
        before = self.counts()
        self.assert_sane(case, self.send(case), before)

    @FUZZ
    @given(st.randoms(use_true_random=False))
    def test_fuzz_image(self, rng):
        case = fuzz.image_case(
            rng, (self.product.id,), {self.product.id: self.product._cb_image_token()}
        )
        before = self.counts()
        response = self.send(case)
        self.assert_sane(case, response, before)
        # 301/308: werkzeug's canonical-URL redirects (e.g. "//" in the token).
        self.assertIn(response.status_code, (200, 301, 308, 404), case["path"][:100])

    @settings(
        max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
            lambda children: (
                st.lists(children, max_size=5)
                | st.dictionaries(st.text(max_size=10), children, max_size=5)
            ),
            max_leaves=30,
        ),
        st.sampled_from(["order.created", "customer.created", "order.status_updated", None]),
    )
    def test_fuzz_signed_json_documents(self, document, event):
        body = {"event": event, "data": document} if event else document
        raw = json.dumps(body).encode()
        before = self.counts()
        case = {"kind": "hypothesis JSON", "path": MEDUSA_PATH}
        self.assert_sane(case, self.signed(raw), before)
        case = {"kind": "hypothesis JSON", "path": OMNITRON_PATH}
        self.assert_sane(case, self.omnitron(raw), before)
