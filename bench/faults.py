"""Fault and abuse suite against a real Odoo 18 (2 workers, a cron thread) and the sandbox peers.

    python3 bench/faults.py [--contacts 100] [--updates 9]

Each scenario asserts; a summary prints how many passed. The suite builds its own throw-away
stack (private PostgreSQL, fresh database with the addon) like bench/run.py.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.bootstrap import run_under_odoo_python  # noqa: E402

run_under_odoo_python()

import psycopg2  # noqa: E402
import requests  # noqa: E402

from bench.stack import Stack, machine  # noqa: E402
from sandbox import fuzz  # noqa: E402
from sandbox import medusa as fake_medusa  # noqa: E402
from sandbox import omnitron as omnitron_sender  # noqa: E402
from sandbox.medusa import FakeMedusa  # noqa: E402
from sandbox.nonito import FakeNonito  # noqa: E402

SECRET = "fault-webhook-secret-0123456789"
MEDUSA_KEY = "fault-medusa-key-0123456789"
NONITO_KEY = "fault-nonito-key-0123456789"
OMNITRON_TOKEN = "fault-omnitron-token-0123456789"
SECRETS = (SECRET, MEDUSA_KEY, NONITO_KEY, OMNITRON_TOKEN)


class Suite:
    def __init__(self, stack, medusa, nonito, args):
        self.stack, self.medusa, self.nonito, self.args = stack, medusa, nonito, args
        self.results = []
        self.answers = []  # every HTTP answer body, checked for secrets at the end

    # --- helpers -------------------------------------------------------------------------------
    def sql(self, query, params=()):
        with (
            psycopg2.connect(
                host=str(self.stack.socket_dir),
                port=self.stack.pg_port,
                user="odoo",
                dbname=self.stack.db,
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else None

    def open_messages(self):
        return self.sql(
            "SELECT count(*) FROM commerce_bridge_outbox WHERE state IN "
            "('pending', 'retrying', 'sending', 'paused')"
        )[0][0]

    def make_all_due(self):
        self.sql(
            "UPDATE commerce_bridge_outbox SET next_attempt_at = now() at time zone 'UTC' "
            "WHERE state IN ('pending', 'retrying')"
        )

    def drain(self, timeout=300):
        """Dispatch (beside the server's own cron) until nothing is left to send."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.make_all_due()
            self.stack.shell(HERE / "dispatch_once.py", budget=60)
            if not self.open_messages():
                return True
        return False

    def scenario(self, name, function):
        started = time.monotonic()
        try:
            detail = function()
            self.results.append((name, True, detail or ""))
        except AssertionError as error:
            self.results.append((name, False, str(error)))
        except Exception as error:  # noqa: BLE001 - a crashed scenario is a failed one
            self.results.append((name, False, f"{type(error).__name__}: {error}"))
        print(
            f"[{'PASS' if self.results[-1][1] else 'FAIL'}] {name} ({time.monotonic() - started:.0f} s) "
            f"{self.results[-1][2]}",
            flush=True,
        )

    def check_nonito_delivery(self, expected_users):
        """Every event once, in order per contact (created first, then updates)."""
        per_user = defaultdict(list)
        for event in self.nonito.events:
            per_user[event["user_id"]].append(event)
        ids = [event["event_id"] for event in self.nonito.events]
        assert len(ids) == len(set(ids)), "an event id reached Nonito twice"
        assert len(per_user) >= expected_users, (
            f"{len(per_user)} contacts reached Nonito, {expected_users} expected"
        )
        for events in per_user.values():
            names = [event["event_name"] for event in events]
            assert names[0] == "customer_created" and set(names[1:]) <= {"customer_updated"}, names
            stamps = [event["properties"].get("email") or "" for event in events[1:]]
            assert stamps == sorted(
                stamps, key=lambda s: int(s.split(".")[1].split("@")[0]) if "." in s else -1
            ), "updates overtook each other"
        return len(ids)

    # --- scenarios -------------------------------------------------------------------------
    def peers_down_then_back(self):
        self.nonito.reset()
        self.nonito.refuse()
        try:
            made = self.stack.shell(
                HERE / "make_changes.py",
                contacts=self.args.contacts,
                updates=self.args.updates,
                prefix="down",
            )
            self.stack.shell(HERE / "dispatch_once.py", budget=30)
            states = dict(
                self.sql("SELECT state, count(*) FROM commerce_bridge_outbox GROUP BY state")
            )
            assert not states.get("done"), (
                f"nothing can be delivered while Nonito is down: {states}"
            )
        finally:
            self.nonito.accept()
        assert self.drain(), "messages left undelivered"
        delivered = self.check_nonito_delivery(self.args.contacts)
        assert delivered == made["changes"], f"{delivered} delivered, {made['changes']} changes"
        return f"{made['changes']} changes while down, {delivered} delivered once each, in order"

    def flaky_peer(self):
        self.nonito.reset()
        self.nonito.set_delay(0)
        made = self.stack.shell(HERE / "make_changes.py", contacts=30, updates=3, prefix="flaky")
        statuses = [500, 503, 429]
        for round_ in range(12):
            self.nonito.fail_next(
                1, statuses[round_ % 3], retry_after=0 if round_ % 3 == 2 else None
            )
            if round_ == 4:
                self.nonito.set_delay(6)  # beyond the 3 s timeout the company is configured with
            if round_ == 6:
                self.nonito.set_delay(0)
                self.nonito.refuse()
            if round_ == 8:
                self.nonito.accept()
            self.make_all_due()
            self.stack.shell(HERE / "dispatch_once.py", budget=20)
        self.nonito.accept()
        self.nonito.set_delay(0)
        assert self.drain(), "messages left undelivered"
        unique = len({event["event_id"] for event in self.nonito.events})
        assert unique == made["changes"], f"{unique} of {made['changes']} delivered"
        return (
            f"{made['changes']} events through 500/503/429, timeouts and refusals: all delivered; "
            f"{self.nonito.duplicates} resent copies deduplicated by event_id"
        )

    def set_dispatch_cron(self, active):
        self.sql(
            "UPDATE ir_cron SET active = %s WHERE id = (SELECT res_id FROM ir_model_data "
            "WHERE module = 'commerce_bridge' AND name = 'ir_cron_outbox_dispatch')",
            (active,),
        )

    def killed_dispatcher(self):
        self.nonito.reset()
        # The server's own cron would deliver the burst first: this scenario kills a dispatcher.
        self.set_dispatch_cron(False)
        try:
            return self._killed_dispatcher()
        finally:
            self.set_dispatch_cron(True)

    def _killed_dispatcher(self):
        made = self.stack.shell(HERE / "make_changes.py", contacts=40, updates=0, prefix="killed")
        self.nonito.set_delay(3)
        self.make_all_due()
        env = dict(os.environ, CB_PARAMS=json.dumps({"budget": 60}))
        worker = subprocess.Popen(
            [*self.stack._base_args("shell"), "--no-http", "--log-level=warn"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
            start_new_session=True,
        )
        worker.stdin.write((HERE / "dispatch_once.py").read_text())
        worker.stdin.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not self.sql(
            "SELECT 1 FROM commerce_bridge_outbox WHERE state = 'sending' LIMIT 1"
        ):
            time.sleep(0.2)
        time.sleep(1)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        stuck = self.sql("SELECT count(*) FROM commerce_bridge_outbox WHERE state = 'sending'")[0][
            0
        ]
        assert stuck, "the kill should leave messages in 'sending'"
        self.nonito.set_delay(0)
        self.stack.shell(HERE / "dispatch_once.py", budget=20)
        assert (
            self.sql("SELECT count(*) FROM commerce_bridge_outbox WHERE state = 'sending'")[0][0]
            == stuck
        ), "a live lease must be respected"
        # Five minutes later (the lease): simulated by expiring the leases.
        self.sql(
            "UPDATE commerce_bridge_outbox SET lease_until = now() at time zone 'UTC' - interval '1 second' "
            "WHERE state = 'sending'"
        )
        assert self.drain(), "messages left undelivered"
        unique = {event["event_id"] for event in self.nonito.events}
        assert len(unique) == made["changes"], f"{len(unique)} of {made['changes']}"
        return (
            f"{stuck} messages stuck by a SIGKILL recovered after the lease; {len(unique)} unique events, "
            f"{self.nonito.duplicates} duplicate copies the receiver dropped by event_id"
        )

    def concurrent_duplicates(self):
        order = fake_medusa.make_order(
            777001, lines=[("BENCH-001", 1, 1250)], order_id="order_dup_777001"
        )
        url = self.stack.url + "/api/medusa/webhooks"

        def deliver(_index):
            response = fake_medusa.send_webhook(
                url, "order.created", {"order": order}, secret=SECRET, timeout=120
            )
            return response.status_code, response.json().get("odoo_order_id")

        with ThreadPoolExecutor(max_workers=10) as pool:
            medusa_answers = list(pool.map(deliver, range(50)))
        body = omnitron_sender.make_order_event(
            number="DUP-50", cargo_company=omnitron_sender.CARGO_COMPANIES[0]
        )
        omnitron_url = self.stack.url + "/api/v1/oms/orders_omnitron/"
        with ThreadPoolExecutor(max_workers=10) as pool:
            omnitron_answers = list(
                pool.map(
                    lambda _i: (
                        omnitron_sender.send_order_event(
                            omnitron_url, body, OMNITRON_TOKEN, timeout=120
                        ).status_code
                    ),
                    range(50),
                )
            )
        medusa_orders = self.sql(
            "SELECT count(*) FROM sale_order WHERE x_medusa_order_id = 'order_dup_777001'"
        )[0][0]
        omnitron_orders = self.sql(
            "SELECT count(*) FROM sale_order WHERE x_omnitron_order_number = 'DUP-50'"
        )[0][0]
        assert {status for status, _id in medusa_answers} == {200}, medusa_answers
        assert len({order_id for _status, order_id in medusa_answers}) == 1, (
            "every answer names the same order"
        )
        assert medusa_orders == 1, f"{medusa_orders} Medusa orders"
        assert set(omnitron_answers) <= {204, 202} and omnitron_answers.count(204) == 1, (
            omnitron_answers
        )
        assert omnitron_orders == 1, f"{omnitron_orders} Omnitron orders"
        return "50 concurrent deliveries each: 1 Medusa order, 1 Omnitron order (one 204, 49 x 202)"

    def bad_inputs(self):
        medusa_url = self.stack.url + "/api/medusa/webhooks"
        omnitron_url = self.stack.url + "/api/v1/oms/orders_omnitron/"
        before = self.sql(
            "SELECT (SELECT count(*) FROM sale_order), (SELECT count(*) FROM res_partner)"
        )[0]
        sample = fake_medusa.sample_order_created()

        def signed(raw, timestamp=None, secret=SECRET, content_type="application/json"):
            msg_id = f"msg_{uuid.uuid4().hex}"
            stamp = int(timestamp or time.time())
            headers = {
                "Content-Type": content_type,
                "webhook-id": msg_id,
                "webhook-timestamp": str(stamp),
                "webhook-signature": fake_medusa.signature(secret, msg_id, stamp, raw),
            }
            return requests.post(medusa_url, data=raw, headers=headers, timeout=60)

        def with_order(mutate):
            body = json.loads(json.dumps(sample))
            mutate(body["data"]["order"])
            return json.dumps(body).encode()

        medusa_cases = {
            "malformed JSON": signed(b'{"event": "order.created", '),
            "JSON not an object": signed(b"[1, 2, 3]"),
            "wrong Content-Type": signed(json.dumps(sample).encode(), content_type="text/plain"),
            "missing field": signed(with_order(lambda o: o.pop("items"))),
            "mistyped field": signed(with_order(lambda o: o["items"][0].update(quantity="two"))),
            "negative quantity": signed(with_order(lambda o: o["items"][0].update(quantity=-3))),
            "huge quantity": signed(with_order(lambda o: o["items"][0].update(quantity=10**12))),
            "5 MB body": signed(b'{"event": "order.created", "pad": "' + b"x" * 5_000_000 + b'"}'),
            "wrong signature": signed(json.dumps(sample).encode(), secret="not-the-secret"),
            "missing credentials": requests.post(medusa_url, json=sample, timeout=60),
            "replayed outside the window": signed(
                json.dumps(sample).encode(), timestamp=time.time() - 3600
            ),
            "unknown event type": signed(
                json.dumps({"event": "order.exploded", "data": {}}).encode()
            ),
        }
        arabic = with_order(
            lambda o: o.update(
                id=None, customer={"id": "cus_ar", "first_name": "أحمد 🚀", "last_name": "الرشيد"}
            )
        )
        medusa_cases["Arabic and emoji, invalid id"] = signed(arabic)
        body = omnitron_sender.sample_order_event()
        headers = {"Authorization": f"Token {OMNITRON_TOKEN}", "Content-Type": "application/json"}

        def omni(data, **extra):
            return requests.post(omnitron_url, data=data, headers={**headers, **extra}, timeout=60)

        broken = json.loads(json.dumps(body))
        broken["payload"]["orderitem_set"][0]["price"] = "-"
        arabic_body = json.loads(json.dumps(body))
        arabic_body["payload"]["number"] = "🚀" * 200
        omnitron_cases = {
            "malformed JSON": omni(b"{"),
            "JSON not an object": omni(b'"order"'),
            "wrong Content-Type": omni(json.dumps(body), **{"Content-Type": "text/plain"}),
            "missing field": omni(json.dumps({"event": body["event"]})),
            "mistyped field": omni(json.dumps(broken)),
            "5 MB body": omni(b'{"pad": "' + b"x" * 5_000_000 + b'"}'),
            "wrong token": omni(json.dumps(body), Authorization="Token nope"),
            "missing token": requests.post(omnitron_url, json=body, timeout=60),
            "unacceptable Accept": omni(json.dumps(body), Accept="text/html"),
            "Arabic and emoji, too long number": omni(json.dumps(arabic_body).encode()),
        }
        problems = []
        for peer, cases in (("medusa", medusa_cases), ("omnitron", omnitron_cases)):
            for case, response in cases.items():
                self.answers.append(response.text)
                if not 400 <= response.status_code < 500:
                    problems.append(f"{peer} {case}: HTTP {response.status_code}")
                    continue
                answer = response.json()
                shaped = (
                    answer.get("success") is False
                    and {"code", "message", "details"} <= set(answer["error"])
                    if peer == "medusa"
                    else "detail" in answer
                )
                if not shaped:
                    problems.append(
                        f"{peer} {case}: answer not in the contract's shape: {response.text[:200]}"
                    )
        after = self.sql(
            "SELECT (SELECT count(*) FROM sale_order), (SELECT count(*) FROM res_partner)"
        )[0]
        assert not problems, "; ".join(problems)
        assert after == before, f"business records written: {before} -> {after}"
        return (
            f"{len(medusa_cases) + len(omnitron_cases)} bad requests: all clean 4xx in the contract's shape, "
            "no record written"
        )

    def fuzz_routes(self):
        """Generated hostile requests (sandbox/fuzz.py) at every inbound route, concurrently:
        never a 5xx, and every refusal small and in its contract's shape."""
        import hashlib  # noqa: PLC0415
        import hmac  # noqa: PLC0415

        count = self.args.fuzz_cases
        secret = self.sql("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")
        products = [row[0] for row in self.sql("SELECT id FROM product_product LIMIT 3")]
        tokens = {
            product_id: hmac.new(
                secret[0][0].encode(), f"product-image:{product_id}".encode(), hashlib.sha256
            ).hexdigest()[:32]
            for product_id in products
        }
        limits = self.sql(
            "SELECT id, cb_medusa_rate_limit, cb_omnitron_rate_limit FROM res_company"
        )
        # The budget is tested elsewhere: here every case must reach the validation.
        self.sql("UPDATE res_company SET cb_medusa_rate_limit = 0, cb_omnitron_rate_limit = 0")
        routes = {
            "medusa": (fuzz.medusa_case, {"secret": SECRET}),
            "omnitron": (fuzz.omnitron_case, {"token": OMNITRON_TOKEN}),
            "image": (fuzz.image_case, {"product_ids": products, "valid_tokens": tokens}),
        }
        summary, problems = {}, []
        try:
            for peer, (generator, kwargs) in routes.items():
                statuses, local = defaultdict(int), __import__("threading").local()

                def run(case, peer=peer, statuses=statuses, local=local):
                    if not hasattr(local, "session"):
                        local.session = requests.Session()
                    try:
                        response = fuzz.send(local.session, self.stack.url, case, timeout=120)
                    except requests.RequestException as error:
                        return f"{peer} {case['kind']}: {type(error).__name__}"
                    statuses[response.status_code] += 1
                    where = (
                        f"{peer} {case['kind']} {case['path'][:60]}: HTTP {response.status_code}"
                    )
                    if response.status_code >= 500:
                        return f"{where} {response.text[:200]}"
                    if response.status_code >= 400 and peer != "image":
                        if len(response.content) > 16 * 1024:
                            return f"{where}: a {len(response.content)}-byte refusal"
                        try:
                            answer = response.json()
                        except ValueError:
                            return f"{where}: not JSON"
                        shaped = (
                            answer.get("success") is False
                            if peer == "medusa"
                            else "detail" in answer
                        )
                        if not shaped:
                            return f"{where}: not in the contract's shape"
                    return None

                started = time.monotonic()
                with ThreadPoolExecutor(max_workers=self.args.fuzz_threads) as pool:
                    found = [
                        problem
                        for problem in pool.map(
                            run, fuzz.cases(generator, count, seed=self.args.fuzz_seed, **kwargs)
                        )
                        if problem
                    ]
                problems.extend(found)
                summary[peer] = dict(sorted(statuses.items()))
                print(
                    f"  fuzz {peer}: {count} cases in {time.monotonic() - started:.0f} s, "
                    f"statuses {summary[peer]}, {len(found)} problems",
                    flush=True,
                )
        finally:
            for company_id, medusa_limit, omnitron_limit in limits:
                self.sql(
                    "UPDATE res_company SET cb_medusa_rate_limit = %s, cb_omnitron_rate_limit = %s "
                    "WHERE id = %s",
                    (medusa_limit, omnitron_limit, company_id),
                )
        fives = sum(n for codes in summary.values() for code, n in codes.items() if code >= 500)
        assert not problems, f"{len(problems)} problems, e.g. " + "; ".join(problems[:5])
        return (
            f"{count} cases per route, 0 x 5xx: "
            + ", ".join(f"{peer} {codes}" for peer, codes in summary.items())
            + f" ({fives} x 5xx)"
        )

    def takeover_and_cross_company(self):
        """Both account-takeover paths and the cross-company paths: nothing written where it
        should not be."""
        secret_b, token_b = "fault-secret-of-company-b-0123", "fault-token-of-company-b-0123"
        ids = self.stack.shell(
            HERE / "abuse_setup.py",
            employee_email="employee@retailer.example",
            admin_email="admin@retailer.example",
            shared_email="shared@customer.example",
            secret_b=secret_b,
            token_b=token_b,
        )
        url = self.stack.url + "/api/medusa/webhooks"

        def partner(partner_id):
            return self.sql(
                "SELECT name, email, company_id FROM res_partner WHERE id = %s", [partner_id]
            )[0]

        def customer_webhook(event, customer, secret=SECRET):
            response = fake_medusa.send_webhook(
                url, event, {"customer": customer}, secret=secret, timeout=60
            )
            self.answers.append(response.text)
            assert response.status_code == 200, (event, response.status_code, response.text)
            return response.json()["odoo_partner_id"]

        checks = []
        for target, email in (
            ("employee_partner", "employee@retailer.example"),
            ("admin_partner", "admin@retailer.example"),
        ):
            before = partner(ids[target])
            customer = fake_medusa.make_customer(email=email, phone=None)
            created = customer_webhook("customer.created", customer)
            customer.update(email="attacker@evil.example", first_name="Mallory")
            updated = customer_webhook("customer.updated", customer)
            assert created == updated != ids[target], (target, created, updated)
            assert partner(ids[target]) == before, f"{target} was rewritten"
            order = fake_medusa.make_order(
                uuid.uuid4().int % 10**6,
                lines=[("BENCH-001", 1, 1250)],
                customer=fake_medusa.make_customer(email=email, phone=None),
                shipping_total=0,
            )
            response = fake_medusa.send_webhook(
                url, "order.created", {"order": order}, secret=SECRET, timeout=60
            )
            self.answers.append(response.text)
            order_partner = self.sql(
                "SELECT partner_id FROM sale_order WHERE x_medusa_order_id = %s", [order["id"]]
            )[0][0]
            assert order_partner != ids[target], f"an order was linked to {target}"
            checks.append(f"{target}: untouched, order kept apart")
        # Company B's webhooks never reach company A's customers.
        customer = fake_medusa.make_customer(email="shared@customer.example", phone=None)
        in_b = customer_webhook("customer.created", customer, secret_b)
        assert partner(in_b)[2] == ids["company_b"], "B's contact is not in company B"
        assert partner(ids["customer_a"])[0] == "A's own customer", "B rewrote A's customer"
        order = fake_medusa.make_order(
            uuid.uuid4().int % 10**6,
            lines=[("BENCH-001", 1, 1250)],
            customer=fake_medusa.make_customer(email="shared@customer.example", phone=None),
            shipping_total=0,
        )
        fake_medusa.send_webhook(url, "order.created", {"order": order}, secret=secret_b)
        company, partner_id = self.sql(
            "SELECT company_id, partner_id FROM sale_order WHERE x_medusa_order_id = %s",
            [order["id"]],
        )[0]
        assert company == ids["company_b"] and partner_id != ids["customer_a"], "B used A's"
        assert partner(partner_id)[2] == ids["company_b"]
        body = omnitron_sender.sample_order_event()
        body["payload"]["cargo_company"] = None
        omnitron_url = self.stack.url + "/api/v1/oms/orders_omnitron/"
        first = omnitron_sender.send_order_event(omnitron_url, body, OMNITRON_TOKEN, timeout=60)
        body["event"]["uuid"] = uuid.uuid4().hex
        second = omnitron_sender.send_order_event(omnitron_url, body, token_b, timeout=60)
        assert (first.status_code, second.status_code) in ((204, 204), (202, 204)), (
            first.text,
            second.text,
        )
        rows = self.sql(
            "SELECT o.company_id, p.company_id, o.partner_id FROM sale_order o "
            "JOIN res_partner p ON p.id = o.partner_id WHERE o.x_omnitron_order_pk = 31999"
        )
        assert len({row[2] for row in rows}) == len(rows) == 2, rows
        assert all(order_company == contact_company for order_company, contact_company, _ in rows)
        checks.append("company B: own contacts, own orders, A's customer untouched")
        return "; ".join(checks)

    def secrets_stay_secret(self):
        log = self.stack.server_log()
        leaks = [
            secret
            for secret in SECRETS
            if secret in log or any(secret in text for text in self.answers)
        ]
        assert not leaks, f"{len(leaks)} secret(s) found in the server log or an answer"
        return f"{len(self.answers)} answers and {len(log.splitlines())} log lines checked"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100)
    parser.add_argument(
        "--updates", type=int, default=9, help="updates per contact (1,000 changes by default)"
    )
    parser.add_argument(
        "--fuzz-cases", type=int, default=5000, help="generated requests per route (fuzz)"
    )
    parser.add_argument("--fuzz-seed", type=int, default=0)
    parser.add_argument("--fuzz-threads", type=int, default=8)
    parser.add_argument(
        "--only", default="", help="comma-separated scenario keys to run (e.g. 'fuzz')"
    )
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    with (
        Stack("faults") as stack,
        FakeMedusa(api_key=MEDUSA_KEY) as medusa,
        FakeNonito(api_key=NONITO_KEY) as nonito,
    ):
        stack.install()
        stack.shell(
            HERE / "setup_company.py",
            medusa_url=medusa.url,
            medusa_key=MEDUSA_KEY,
            medusa_secret=SECRET,
            nonito_url=nonito.url,
            nonito_key=NONITO_KEY,
            omnitron_token=OMNITRON_TOKEN,
        )
        stack.serve(workers=2, cron_threads=1)
        suite = Suite(stack, medusa, nonito, args)
        scenarios = [
            ("down", "peers down for the whole burst, then back", suite.peers_down_then_back),
            ("flaky", "peer answering 500/503/429, slowly, or refusing", suite.flaky_peer),
            ("killed", "dispatcher killed mid-batch", suite.killed_dispatcher),
            ("duplicates", "50 concurrent deliveries of one order", suite.concurrent_duplicates),
            ("bad", "bad inputs at every inbound endpoint", suite.bad_inputs),
            ("fuzz", "generated hostile requests at every inbound route", suite.fuzz_routes),
            (
                "takeover",
                "account takeover and cross-company paths",
                suite.takeover_and_cross_company,
            ),
            ("secrets", "secrets never in the log or an answer", suite.secrets_stay_secret),
        ]
        only = {key.strip() for key in args.only.split(",") if key.strip()}
        for key, name, function in scenarios:
            if not only or key in only:
                suite.scenario(name, function)
    passed = sum(1 for _name, ok, _detail in suite.results if ok)
    print("\nsummary")
    for name, ok, detail in suite.results:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")
    print(f"faults: {passed} passed, {len(suite.results) - passed} failed")
    sys.exit(0 if passed == len(suite.results) else 1)


if __name__ == "__main__":
    main()
