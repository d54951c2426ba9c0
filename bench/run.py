"""Benchmarks: the figures a retailer's IT team will ask for.

    python3 bench/run.py [--runs 15] [--events 10000] [--skus 10000] [--orders 200] [--bulk 10000]

Needs Odoo 18 importable and PostgreSQL's server binaries. Builds a throw-away stack (private
PostgreSQL, a fresh database with the addon), runs the in-process scenarios inside `odoo shell`,
then starts Odoo with 2 workers and posts real webhooks over loopback HTTP to it, with the sandbox
Medusa and Nonito as peers. Every figure is printed last, one per line, with the floor it is
compared with (same run, same database) and the ratio, because machines here are noisy.
"""

import argparse
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.bootstrap import run_under_odoo_python  # noqa: E402

run_under_odoo_python()

import requests  # noqa: E402

from bench import scale  # noqa: E402
from bench.stack import Stack, machine, percentile  # noqa: E402
from sandbox import medusa as fake_medusa  # noqa: E402
from sandbox.medusa import FakeMedusa  # noqa: E402
from sandbox.nonito import FakeNonito  # noqa: E402

SECRET = "bench-webhook-secret"


def post_order(url, lines, order_id=None):
    order = scale.bench_order(lines, order_id)
    started = time.perf_counter()
    response = fake_medusa.send_webhook(
        url, "order.created", {"order": order}, secret=SECRET, timeout=120
    )
    return time.perf_counter() - started, response


def http_scenarios(stack, args, peers):
    medusa, nonito = peers
    stack.shell(
        HERE / "setup_company.py",
        medusa_url=medusa.url,
        medusa_key="bench-medusa",
        medusa_secret=SECRET,
        nonito_url=nonito.url,
        nonito_key="bench-nonito",
        omnitron_token="bench-token",
    )
    stack.serve(workers=2)
    url = stack.url + "/api/medusa/webhooks"
    figures = {}
    for lines in (2, 50):
        post_order(url, lines)
        latencies = []
        for _ in range(args.runs):
            elapsed, response = post_order(url, lines)
            assert response.status_code == 200, response.text
            latencies.append(elapsed)
        figures[f"http_medusa_{lines}_lines"] = {
            "p50_ms": percentile(latencies, 0.5) * 1000,
            "p95_ms": percentile(latencies, 0.95) * 1000,
        }
    # The HTTP floor: the same 2-line order posted to a bare route that creates and confirms
    # it with the plain ORM (bench/addons/cb_bench_floor; bench/scale.py has more).
    session = requests.Session()
    floor = [scale.post(session, stack.url, scale.FLOOR_ROUTE)[0] for _ in range(args.runs + 1)]
    figures["http_floor_2_lines"] = {
        "p50_ms": percentile(floor[1:], 0.5) * 1000,
        "p95_ms": percentile(floor[1:], 0.95) * 1000,
    }

    errors = []
    lock = threading.Lock()

    def send(index):
        elapsed, response = post_order(url, 2, order_id=f"load_{index:04d}")
        if response.status_code != 200:
            with lock:
                errors.append(response.status_code)
        return elapsed

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(send, range(args.orders)))
    wall = time.perf_counter() - started
    floor_load = scale.concurrent(stack, scale.FLOOR_ROUTE, args.orders, "load_floor_")
    counts = stack.shell(HERE / "count_records.py", medusa_prefix="load_")
    figures["concurrent_orders"] = {
        "orders": args.orders,
        "senders": 4,
        "workers": 2,
        "seconds": wall,
        "orders_per_s": args.orders / wall,
        "errors": len(errors),
        "orders_in_odoo": counts["medusa_orders"],
        "exactly_once": counts["medusa_orders"] == counts["medusa_distinct_ids"] == args.orders,
        "floor_orders_per_s": floor_load["orders_per_s"],
        "share_of_floor": args.orders / wall / floor_load["orders_per_s"],
    }
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--skus", type=int, default=10000)
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument(
        "--bulk", type=int, default=10000, help="products for the bulk price and CSV import"
    )
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    with Stack("bench") as stack:
        print("installing the addon into a fresh database ...", flush=True)
        stack.install()
        print("in-process scenarios (odoo shell) ...", flush=True)
        inside = stack.shell(
            HERE / "inside_odoo.py",
            runs=args.runs,
            events=args.events,
            skus=max(args.skus, args.bulk),
            bulk=args.bulk,
        )
        print("HTTP scenarios (Odoo with 2 workers) ...", flush=True)
        with (
            FakeMedusa(api_key="bench-medusa") as medusa,
            FakeNonito(api_key="bench-nonito") as nonito,
        ):
            over_http = http_scenarios(stack, args, (medusa, nonito))
    report(inside, over_http)


def report(inside, http):
    lines = []
    for lines_count in (2, 50):
        core = inside[f"medusa_{lines_count}_lines"]
        wire = http[f"http_medusa_{lines_count}_lines"]
        lines.append(
            f"medusa order webhook -> confirmed sale.order, {lines_count} lines: HTTP p50 {wire['p50_ms']:.0f} ms, "
            f"p95 {wire['p95_ms']:.0f} ms; processing p50 {core['p50_ms']:.0f} ms vs bare ORM create+confirm "
            f"{core['floor_p50_ms']:.0f} ms = x{core['ratio_p50']:.2f} (HTTP x{wire['p50_ms'] / core['floor_p50_ms']:.2f})"
        )
    queries, bare = inside["medusa_queries_per_order"], inside["bare_queries_per_order"]
    sizes = ("1", "10", "50")
    lines.append(
        "SQL queries per imported Medusa order (1/10/50 lines): "
        + " / ".join(str(queries[k]) for k in sizes)
        + "; bare ORM create+confirm: "
        + " / ".join(str(bare[k]) for k in sizes)
        + "; the addon's own share: "
        + " / ".join(str(queries[k] - bare[k]) for k in sizes)
    )
    omni = inside["omnitron_seed_order"]
    lines.append(
        f"omnitron seed order import: p50 {omni['p50_ms']:.0f} ms, p95 {omni['p95_ms']:.0f} ms vs bare ORM "
        f"{omni['floor_p50_ms']:.0f} ms = x{omni['ratio_p50']:.2f}"
    )
    floor, wire = http["http_floor_2_lines"], http["http_medusa_2_lines"]
    lines.append(
        f"medusa order webhook over HTTP, 2 lines: p50 {wire['p50_ms']:.0f} ms vs bare route create+confirm "
        f"(bench/addons/cb_bench_floor) p50 {floor['p50_ms']:.0f} ms, p95 {floor['p95_ms']:.0f} ms = "
        f"x{wire['p50_ms'] / floor['p50_ms']:.2f} (p95 x{wire['p95_ms'] / floor['p95_ms']:.2f})"
    )
    load = http["concurrent_orders"]
    lines.append(
        f"{load['orders']} medusa orders, {load['senders']} concurrent senders, {load['workers']} workers: "
        f"{load['orders_per_s']:.1f} orders/s vs bare route {load['floor_orders_per_s']:.1f} orders/s = "
        f"{load['share_of_floor']:.0%} of the floor, {load['errors']} errors, {load['orders_in_odoo']} orders in Odoo, "
        f"exactly once: {load['exactly_once']}"
    )
    events = inside["nonito_events"]
    lines.append(
        f"nonito: {events['events']} events delivered in {events['dispatch_s']:.1f} s ({events['events_per_s']:.0f}/s), "
        f"{events['requests']} requests, {events['sql_queries']} SQL queries, {events['duplicates']} duplicates"
    )
    stock = inside["inventory_sync"]
    lines.append(
        f"inventory reconciliation: {stock['skus']} SKUs in {stock['seconds']:.1f} s, {stock['requests']} requests, "
        f"{stock['sql_queries_read_and_queue']} SQL queries to read and queue, {stock['sql_queries_total']} in all"
    )
    cost = inside["user_cost"]
    lines.append(
        f"saving a product: {cost['save_product_ms']:.1f} ms with the addon's rules vs {cost['save_product_without_ms']:.1f} ms "
        f"without = x{cost['save_product_ratio']:.2f}"
    )
    lines.append(
        f"validating a delivery: {cost['validate_delivery_ms']:.0f} ms with vs {cost['validate_delivery_without_ms']:.0f} ms "
        f"without = x{cost['validate_delivery_ratio']:.2f}"
    )
    bulk = inside["bulk"]
    lines.append(
        f"a price written on {bulk['products']} products in one call: {bulk['price_write_s']:.1f} s with the addon's rules "
        f"vs {bulk['price_write_without_s']:.1f} s without = x{bulk['price_write_ratio']:.2f}; SQL queries per 1,000 "
        f"products {bulk['price_write_queries_per_1000']:.0f} vs {bulk['price_write_without_queries_per_1000']:.0f} "
        f"({bulk['product_messages_queued']} product messages queued)"
    )
    lines.append(
        f"importing {bulk['products']} products from CSV (base_import): {bulk['csv_import_s']:.1f} s with the rules vs "
        f"{bulk['csv_import_without_s']:.1f} s without = x{bulk['csv_import_ratio']:.2f}; SQL queries per 1,000 products "
        f"{bulk['csv_import_queries_per_1000']:.0f} vs {bulk['csv_import_without_queries_per_1000']:.0f} "
        f"({bulk['imported_product_messages']} product messages queued)"
    )
    flow = inside.get("prepaid_workflow")
    if flow:
        lines.append(
            f"prepaid workflow per imported order (import + invoice + payment, {flow['runs']} runs): "
            f"p50 {flow['import_and_workflow_p50_ms']:.0f} ms, of which the workflow step "
            f"{flow['workflow_step_p50_ms']:.0f} ms, vs bare ORM order+invoice+payment "
            f"{flow['floor_p50_ms']:.0f} ms = x{flow['ratio_p50']:.2f}"
        )
    print(json.dumps({"inside": inside, "http": http}), flush=True)
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
