"""Takes the README screenshots (docs/screenshots/*.png) with headless Chromium.

    $ODOO_PY scripts/screenshots.py [--also ar_001:settings] [--only settings] [--keep]

Builds a throw-away stack (bench/stack.py: a private PostgreSQL, a fresh database with the
addon, Odoo started through odoo-bin), points the company at the sandbox Medusa and Nonito
(started in this process), imports a few orders over real HTTP (signed Medusa webhooks and
Omnitron order events), delivers the resulting messages once, adds a dead outbound message
and a failed inbound event, then logs in as admin and photographs each page with Debian's
`chromium` over the DevTools protocol (websocket-client): the session cookie is set with
Network.setCookie, the page opened with Page.navigate, and Page.captureScreenshot taken once
the page's own content is there.

Pages (an XML id that does not exist yet falls back to the next one):
  settings    Settings > Commerce Bridge
  dashboard   the action of the menu Commerce Bridge > Overview (the dashboard)
  order_sync  an imported order, on its Commerce Bridge tab

Then, for each --also LANG:PAGES (default ar_001:settings), the administrator installs the
language (Settings > Languages, i18n/<lang>.po) and switches to it, and those pages are taken
again as <page>_<LANG>.png (Arabic: right to left; Odoo mirrors its CSS with rtlcss, which
must be installed on the machine: `npm install -g rtlcss`). --also none takes no extra one.
--only picks pages, --out another folder, --keep keeps the stack's folder.
"""

import argparse
import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import Stack, free_port  # noqa: E402
from sandbox import medusa as fake_medusa  # noqa: E402
from sandbox import omnitron as fake_omnitron  # noqa: E402
from sandbox.medusa import FakeMedusa  # noqa: E402
from sandbox.nonito import FakeNonito  # noqa: E402

MEDUSA_KEY = "screenshots-medusa-key"
MEDUSA_SECRET = "whsec_" + base64.b64encode(b"screenshots-webhook-secret").decode()
NONITO_KEY = "screenshots-nonito-key"
OMNITRON_TOKEN = "screenshots-omnitron-token"
WIDTH, HEIGHT = 1400, 900

# page -> (XML ids of the action to open, in order of preference; CSS selector that says the
# page is rendered). The dashboard's action is read from its menu first.
PAGES = {
    "settings": (
        ["commerce_bridge.action_commerce_bridge_settings"],
        ".o-settings-form-view .app_settings_block[data-key='commerce_bridge'] h2",
    ),
    "dashboard": (
        [
            "menu:commerce_bridge.menu_commerce_bridge_overview",
            "commerce_bridge.action_commerce_bridge_dashboard",
            "commerce_bridge.action_commerce_bridge_outbox_health",
        ],
        ".o_action_manager .o_view_controller .o_content",
    ),
    "order_sync": (
        ["sale.action_orders", "sale.action_quotations_with_onboarding"],
        ".o_form_view .o_notebook .tab-pane.active",
    ),
}

# Runs inside `odoo shell` (CB_PARAMS) after bench/setup_company.py has pointed the company at
# the sandbox peers: the retailer's name, the pushes shown in the screenshots, its products.
SETUP = r"""
import json, os
P = json.loads(os.environ["CB_PARAMS"])
company = env.company
company.write({
    "name": "MarqaSouq Retail",
    "cb_medusa_pull_enabled": True,
    "cb_medusa_product_push_enabled": True,
    "cb_medusa_inventory_push_enabled": True,
    "cb_omnitron_rate_limit": 120,
    "cb_http_timeout": 5,
})
Product = env["product.product"]
for sku, name, price in P["products"]:
    if not Product.search([("default_code", "=", sku)]):
        Product.create({"name": name, "default_code": sku, "list_price": price,
                        "is_storable": True})
env.cr.commit()
print(json.dumps({"company": company.id}))
"""

# Runs inside `odoo shell`: what an operator meets on a normal day besides the imports.
INCIDENTS = r"""
import json, os
P = json.loads(os.environ["CB_PARAMS"])
company = env.company
Outbox = env["commerce.bridge.outbox"]
Outbox._cb_enqueue([{
    "channel": "nonito.events",
    "payload": {"event_id": "cb-demo-dead", "user_id": "+96560001234",
                "event_name": "customer_created", "timestamp": "2026-11-24T10:00:00Z",
                "properties": {"first_name": "Huda", "last_name": "Al-Mutairi",
                               "phone": "+96560001234"}},
    "company": company,
    "message_id": "cb-demo-dead",
    "aggregate_key": "cb-demo-dead",
    "dead_reason": "Refused by the peer: 422 user_id is not a known customer",
}])
env["commerce.bridge.inbound.event"].create({
    "peer": "medusa",
    "event_type": "customer.created",
    "external_id": "msg_demo_failed",
    "payload": json.dumps({"customer": {"id": "cus_demo_failed", "email": "not-an-email"}}),
    "state": "failed",
    "error": "could not serialize access due to concurrent update (retried 5 times)",
    "http_status": 500,
    "attempts": 1,
    "company_id": company.id,
})
# A stock change that is still waiting for the dispatcher.
product = env["product.product"].search([("default_code", "=", P["restock_sku"])], limit=1)
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 12)
env.cr.commit()
# Presentable addresses on the settings page (the sandbox's ports mean nothing to a reader).
company.write({"cb_medusa_base_url": "https://admin.marqasouq.example",
               "cb_nonito_base_url": "https://api.nonito.example"})
env.cr.commit()
Order = env["sale.order"]
order = (Order.search([("x_cb_source", "=", "medusa")], order="id", limit=1)
         or Order.search([("x_cb_source", "!=", False)], order="id", limit=1))
print(json.dumps({"order": order.id}))
"""

# Runs inside `odoo shell`: the action behind each page, by XML id with fallbacks.
RESOLVE = r"""
import json, os
P = json.loads(os.environ["CB_PARAMS"])
found = {}
for page, candidates in P["pages"].items():
    for candidate in candidates:
        if candidate.startswith("menu:"):
            menu = env.ref(candidate[5:], raise_if_not_found=False)
            action = menu.action if menu else False
        else:
            action = env.ref(candidate, raise_if_not_found=False)
        if action:
            xmlid = action.get_external_id().get(action.id)
            found[page] = xmlid or str(action.id)
            break
print(json.dumps(found))
"""

PRODUCTS = [
    ("CASE-IP15PRO-001", "iPhone 15 Pro Case", 5.0),
    ("PB-20000-BLK", "Power Bank 20000mAh", 5.0),
    ("EARBUDS-PRO-WHT", "Wireless Earbuds Pro", 19.5),
    ("CHARGER-65W", "65W USB-C Charger", 8.75),
    ("3169177", "Lacoste Polo Shirt", 89.9),
]


def _write(stack, name, code):
    path = stack.work / name
    path.write_text(code)
    return path


def import_orders(stack, medusa):
    """Orders over real HTTP, as the peers send them."""
    url = stack.url + "/api/medusa/webhooks"
    customers = [
        ("Ahmed", "Al-Rashid", "+96512345678"),
        ("Fatima", "Al-Sabah", "+96599887766"),
        ("Yousef", "Al-Kandari", "+96566554433"),
    ]
    lines = [
        (("CASE-IP15PRO-001", 2, 5000), ("PB-20000-BLK", 1, 5000)),
        (("EARBUDS-PRO-WHT", 1, 19500),),
        (("CHARGER-65W", 2, 8750), ("CASE-IP15PRO-001", 1, 5000)),
    ]
    for index, ((first, last, phone), items) in enumerate(zip(customers, lines, strict=True)):
        customer = fake_medusa.make_customer(
            customer_id=f"cus_demo_{index}",
            email=f"{first.lower()}.{last.lower().replace('-', '')}@example.com",
            first_name=first,
            last_name=last,
            phone=phone,
        )
        order = fake_medusa.make_order(1101 + index, lines=items, customer=customer)
        medusa.add_order(order)  # the store knows its orders: status pushes find them
        response = fake_medusa.send_webhook(
            url, "order.created", {"order": order}, secret=MEDUSA_SECRET, timeout=120
        )
        print(f"  Medusa order #{1101 + index}: HTTP {response.status_code}")
    body = fake_omnitron.make_order_event(
        number="202611270001", pk=41001, cargo_company=fake_omnitron.CARGO_COMPANIES[0]
    )
    # The seed's customer is scrubbed (no phone, a mangled email): give it a real one.
    payload = body["payload"]
    person = {
        "email": "elif.yilmaz@example.com",
        "first_name": "Elif",
        "last_name": "Yılmaz",
        "phone_number": "+905551234567",
    }
    for part in ("customer", "shipping_address", "billing_address"):
        if isinstance(payload.get(part), dict):
            payload[part].update(person)
    response = fake_omnitron.send_order_event(
        stack.url + "/api/v1/oms/orders_omnitron/", body, OMNITRON_TOKEN, timeout=120
    )
    print(f"  Omnitron order 202611270001: HTTP {response.status_code}")


# --- Chromium over the DevTools protocol -----------------------------------------------------
class Chromium:
    def __init__(self, work):
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise SystemExit("chromium not found (apt-get install chromium)")
        self.port = free_port()
        self.profile = Path(tempfile.mkdtemp(prefix="chromium.", dir=work))
        self.log = open(Path(work) / "chromium.log", "w")  # noqa: SIM115 - for its life
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--no-first-run",
                "--no-default-browser-check",
                f"--remote-debugging-port={self.port}",
                "--remote-allow-origins=*",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.ws = None
        self._id = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException, ValueError):
                targets = requests.get(f"http://127.0.0.1:{self.port}/json/list", timeout=2).json()
                pages = [target for target in targets if target.get("type") == "page"]
                if pages:
                    self.ws = websocket.create_connection(
                        pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
                    )
                    break
            time.sleep(0.3)
        if not self.ws:
            self.close()
            raise RuntimeError("chromium's DevTools endpoint did not answer")
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Network.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self._id += 1
        message_id = self._id
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.3)
        return False

    def close(self):
        with contextlib.suppress(Exception):
            if self.ws:
                self.ws.close()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _settled(selector):
    """The page shows `selector`, no RPC is running and no block-UI is up."""
    return (
        "!!document.querySelector(" + json.dumps(selector) + ") && "
        "!document.querySelector('.o_loading_indicator, .o_blockUI') && "
        "document.readyState === 'complete'"
    )


def login(stack, login="admin", password="admin"):
    """(session id, uid) of a JSON-RPC login."""
    response = requests.post(
        stack.url + "/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": stack.db, "login": login, "password": password},
        },
        timeout=60,
    )
    response.raise_for_status()
    if response.json().get("error"):
        raise RuntimeError(f"login failed: {response.json()['error']}")
    return response.cookies["session_id"], response.json()["result"]["uid"]


def rpc(stack, session, model, method, *args, **kwargs):
    response = requests.post(
        f"{stack.url}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
        },
        cookies={"session_id": session},
        timeout=600,
    )
    response.raise_for_status()
    if response.json().get("error"):
        raise RuntimeError(f"{model}.{method}: {response.json()['error']}")
    return response.json()["result"]


def switch_language(stack, session, uid, lang):
    """What an administrator does: Settings > Languages > Add (loads i18n/<lang>.po), then
    Preferences > Language."""
    lang_ids = rpc(
        stack, session, "res.lang", "search", [("code", "=", lang)], context={"active_test": False}
    )
    if not lang_ids:
        raise RuntimeError(f"Odoo knows no language {lang}")
    wizard = rpc(
        stack, session, "base.language.install", "create", {"lang_ids": [(6, 0, lang_ids)]}
    )
    rpc(stack, session, "base.language.install", "lang_install", [wizard])
    rpc(stack, session, "res.users", "write", [uid], {"lang": lang})


def shoot(stack, actions, order_id, out, passes):
    """passes: [(lang or None, file suffix, pages)]."""
    browser = Chromium(stack.work)
    session, uid = login(stack)
    taken = []
    try:
        for lang, suffix, pages in passes:
            if lang:
                print(f"  switching the administrator to {lang} ...")
                switch_language(stack, session, uid, lang)
                # A new session: its context (the language Odoo picks the stylesheet by, the
                # mirrored one for a right-to-left language) is read from the user at login.
                session, uid = login(stack)
            browser.call(
                "Network.setCookie",
                name="session_id",
                value=session,
                domain="127.0.0.1",
                path="/",
                httpOnly=True,
            )
            for page in pages:
                path = _shoot_page(
                    browser, stack, actions, order_id, page, out / f"{page}{suffix}.png"
                )
                if path:
                    taken.append(path)
    finally:
        browser.close()
    return taken


def _shoot_page(browser, stack, actions, order_id, page, path):
    _candidates, ready = PAGES[page]
    action = actions.get(page)
    if not action:
        print(f"  {page}: no action found, skipped")
        return None
    url = f"{stack.url}/odoo/action-{action}"
    if page == "order_sync":
        url += f"/{order_id}"
    browser.call("Page.navigate", url=url)
    # The first page in a right-to-left language waits for rtlcss to mirror the stylesheet.
    if not browser.wait_for(_settled(ready), timeout=180):
        print(f"  {page}: {ready} did not appear at {url}; taking the page as it is")
    if page == "order_sync":
        browser.evaluate(
            "document.querySelector(\".o_notebook a.nav-link[name='commerce_bridge']\")?.click()"
        )
        browser.wait_for(
            _settled(".o_notebook a.nav-link.active[name='commerce_bridge']"), timeout=30
        )
    time.sleep(1.5)  # fonts, images and transitions
    shot = browser.call("Page.captureScreenshot", format="png")
    path.write_bytes(base64.b64decode(shot["data"]))
    print(f"  {page}: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--also",
        action="append",
        help="LANG:PAGES taken again in another language (default ar_001:settings; none: no)",
    )
    parser.add_argument("--only", help="comma-separated pages: " + ", ".join(PAGES))
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--keep", action="store_true", help="keep the stack's folder")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    only = set(args.only.split(",")) if args.only else set()
    passes = [(None, "", [page for page in PAGES if not only or page in only])]
    for item in args.also or ["ar_001:settings"]:
        if item == "none":
            continue
        lang, _, pages = item.partition(":")
        passes.append((lang, f"_{lang}", [p for p in (pages or "settings").split(",") if p]))
    unknown = {page for _lang, _suffix, pages in passes for page in pages} - set(PAGES)
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
    if args.keep:
        os.environ["CB_KEEP"] = "1"

    started = time.monotonic()
    medusa = FakeMedusa(api_key=MEDUSA_KEY).start()
    nonito = FakeNonito(api_key=NONITO_KEY).start()
    stack = Stack("screenshots")
    try:
        stack.start_postgres()
        print(f"installing commerce_bridge into a throw-away database ({stack.work}) ...")
        stack.install("commerce_bridge", bench_floor=False)
        stack.shell(
            ROOT / "bench" / "setup_company.py",
            medusa_url=medusa.url,
            medusa_key=MEDUSA_KEY,
            medusa_secret=MEDUSA_SECRET,
            nonito_url=nonito.url,
            nonito_key=NONITO_KEY,
            omnitron_token=OMNITRON_TOKEN,
        )
        stack.shell(_write(stack, "setup.py", SETUP), products=PRODUCTS)
        stack.serve(workers=0, cron_threads=0)
        print(f"Odoo answers on {stack.url}; importing orders over HTTP ...")
        import_orders(stack, medusa)
        sent = stack.shell(ROOT / "bench" / "dispatch_once.py", budget=60)
        print(f"  dispatcher delivered: {sent}")
        order_id = stack.shell(_write(stack, "incidents.py", INCIDENTS), restock_sku="CHARGER-65W")[
            "order"
        ]
        actions = stack.shell(
            _write(stack, "resolve.py", RESOLVE),
            pages={page: candidates for page, (candidates, _ready) in PAGES.items()},
        )
        print(f"pages: {actions}")
        taken = shoot(stack, actions, order_id, out, passes)
    finally:
        stack.stop()
        medusa.stop()
        nonito.stop()
    print(f"{len(taken)} screenshot(s) in {time.monotonic() - started:.0f} s")
    return 0 if taken else 1


if __name__ == "__main__":
    sys.exit(main())
