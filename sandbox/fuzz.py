"""Hostile-input generators for the inbound routes (Medusa, Omnitron, product images).

Plain Python (no ``odoo``, no ``lib``): the Odoo fuzz test (tests/test_fuzz_routes.py, driven by
hypothesis) and the fault suite (bench/faults.py, thousands of cases against a multi-worker
server) draw their cases here. Every generator takes a ``random.Random``, so hypothesis can
drive it through ``st.randoms()`` and a bench run is reproducible from its seed.

A case is a dict: ``method``, ``path``, ``headers`` (latin-1 safe: any value requests can
send), ``body`` (bytes or None) and ``kind`` (what was generated, for the report).
"""

import copy
import json
import random
import string
import time
import uuid
from pathlib import Path

from .medusa import signature

FIXTURES = Path(__file__).parent / "fixtures"
MEDUSA_PATHS = ("/api/medusa/webhooks", "/api/medusa/order-created")
OMNITRON_PATH = "/api/v1/oms/orders_omnitron/"
IMAGE_PATH = "/commerce_bridge/image/{id}/{token}"

CONTENT_TYPES = (
    "application/json",
    "application/json",
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xYzZY",
    "application/xml",
    "",
    "application/json; charset=latin-1",
    "*/*",
)
ACCEPTS = ("application/json", "*/*", "", "text/html", "application/*", "text/html;q=0.9")
ODD_TEXT = (
    "",
    " ",
    "null",
    "0",
    "-1",
    "أحمد 🚀",
    "\u0000",
    "\ud800",
    "Robert'); DROP TABLE sale_order;--",
    "%s%s%n",
    "${jndi:ldap://x}",
    "İ" * 300,
    "🚀" * 2000,
    "x" * 10_000,
    "9" * 400,
    "1e400",
    "NaN",
    "ZZZ",
    "xts",
    "kwd",
)


def _load(name):
    with open(FIXTURES / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


SEEDS = {
    "medusa": [
        _load("medusa_order_created"),
        _load("medusa_customer_created"),
        _load("medusa_order_status_updated"),
    ],
    "omnitron": [_load("omnitron_order_31999")],
}


# --- values ---------------------------------------------------------------------------------
def random_text(rng, max_length=40):
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(ODD_TEXT)
    alphabet = (
        string.printable
        if roll < 0.7
        else "".join(chr(c) for c in (0xE9, 0x130, 0x627, 0x4E2D, 0x1F680, 0xFFFD, 0x202E))
    )
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, max_length)))


def random_scalar(rng):
    return rng.choice(
        (
            lambda: None,
            lambda: rng.choice((True, False)),
            lambda: rng.randint(-(2**31), 2**31),
            lambda: rng.choice((0, -1, 2**31, 2**63, 10**30, -(10**20))),
            lambda: rng.uniform(-1e6, 1e6),
            lambda: rng.choice((1e308, -1e308, 5e-324, 0.1)),
            lambda: random_text(rng),
        )
    )()


def random_json(rng, depth=0, max_depth=6):
    roll = rng.random()
    if depth >= max_depth or roll < 0.45:
        return random_scalar(rng)
    if roll < 0.7:
        return [random_json(rng, depth + 1, max_depth) for _ in range(rng.randint(0, 5))]
    return {
        random_text(rng, 12): random_json(rng, depth + 1, max_depth)
        for _ in range(rng.randint(0, 5))
    }


def deep_nesting(rng):
    depth = rng.choice((33, 64, 1000, 10_000, 50_000))
    opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
    inner = opener * depth + "1" + closer * depth
    return inner if rng.random() < 0.5 else '{"event": "order.created", "data": ' + inner + "}"


def nested_lists(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def _paths(value, prefix=()):
    """Every (path) of a JSON document, containers included."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def _set(document, path, value):
    if not path:
        return value
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return document


def _get(document, path):
    for part in path:
        document = document[part]
    return document


def hostile_value(rng, original=None):
    """A replacement for ``original``: wrong type, huge, deep, long, empty, or odd text."""
    choices = [
        lambda: random_json(rng),
        lambda: random_scalar(rng),
        lambda: "x" * rng.choice((256, 1000, 10_000, 100_000)),
        lambda: "🚀" * rng.choice((129, 700, 5000)),
        lambda: [{}] * rng.choice((501, 5000, 100_000)),
        lambda: [original] * rng.choice((2, 501)) if original is not None else [],
        lambda: nested_lists(rng.choice((5, 33, 100, 500))),
        lambda: rng.choice(("XYZ", "QQQ", "xts", "kwd", "try", "EUR", "usd", "AAA")),
        lambda: rng.choice((10**12, 10**30, -(2**31) - 1, 2**31, 4.5, "4.5", "-")),
        lambda: rng.choice(("9" * 30 + ".5", "1e9", "0.0000001", "-0", "12.3456789")),
        lambda: rng.choice(("2026-13-45", "9999-12-31T23:59:59-12:00", "0001-01-01", 1e20)),
        lambda: rng.choice(({}, [], "", None)),
    ]
    return rng.choice(choices)()


def mutate(rng, document, mutations=None):
    """A deep copy of ``document`` with 1-3 values replaced by hostile ones (or removed)."""
    document = copy.deepcopy(document)
    for _ in range(mutations or rng.randint(1, 3)):
        paths = list(_paths(document))
        path = rng.choice(paths[1:] or paths)
        if path and rng.random() < 0.15:
            parent = _get(document, path[:-1])
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
                continue
        document = _set(document, path, hostile_value(rng, _get(document, path)))
    return document


def _dumps(rng, value):
    text = json.dumps(value, ensure_ascii=rng.random() < 0.5)
    return text.encode("utf-8", "surrogatepass")


def body_for(rng, peer):
    """(kind, raw body bytes) for a peer ("medusa" or "omnitron")."""
    seeds = SEEDS[peer]
    roll = rng.random()
    if roll < 0.45:
        return "mutated seed", _dumps(rng, mutate(rng, rng.choice(seeds)))
    if roll < 0.55:
        return "seed", _dumps(rng, copy.deepcopy(rng.choice(seeds)))
    if roll < 0.65:
        return "random JSON", _dumps(rng, random_json(rng))
    if roll < 0.72:
        return "deep nesting", deep_nesting(rng).encode()
    if roll < 0.77:
        items = b",".join([b"{}"] * 100_000)
        return "100k empty items", (
            b'{"event": "order.created", "data": {"order": {"items": ['
            + items
            + b']}}, "payload": {"orderitem_set": ['
            + items
            + b"]}}"
        )
    if roll < 0.82:
        return "huge string", b'{"event": "' + b"x" * rng.choice((300_000, 900_000)) + b'"}'
    return "odd bytes", rng.choice(
        (
            b"",
            b"{",
            b"null",
            b"[]",
            b'"text"',
            b"\xff\xfe\x00",
            b'{"a": NaN}',
            b'{"a": Infinity}',
            b'{"a": ' + b"1" * 5000 + b"}",
            b"a=1&b=2",
            b"--xYzZY\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--xYzZY--\r\n",
            b'{"a": "\\ud800"}',
            b'{"event": "order.created", "data": {"order": {"currency_code": "XYZ"}}}',
            bytes(rng.randrange(256) for _ in range(64)),
        )
    )


def header_text(rng, max_length=60):
    """A value requests can put in a header (latin-1, no CR/LF, no edge whitespace)."""
    text = "".join(
        chr(rng.choice((rng.randint(0x21, 0x7E), rng.randint(0xA1, 0xFF))))
        for _ in range(rng.randint(1, max_length))
    )
    return text


# --- cases per route ----------------------------------------------------------------------------
def medusa_case(rng, secret, now=None):
    kind, body = body_for(rng, "medusa")
    now = int(time.time() if now is None else now)
    msg_id = f"msg_{uuid.UUID(int=rng.getrandbits(128)).hex}"
    timestamp = str(now)
    headers = {"Content-Type": rng.choice(CONTENT_TYPES)}
    roll = rng.random()
    if roll < 0.12:
        msg_id = rng.choice(("x" * rng.choice((256, 10_000)), header_text(rng, 300)))
        kind += ", odd webhook-id"
    elif roll < 0.24:
        timestamp = rng.choice(
            (
                "9" * 400,
                "-" + "9" * 400,
                str(now) + ".5",
                "1e10",
                "",
                "¹²³",
                str(now - 3600),
                str(now + 10**9),
                header_text(rng, 20),
                "0x10",
            )
        )
        kind += ", odd timestamp"
    if not headers["Content-Type"]:
        del headers["Content-Type"]
    mode = rng.random()
    if mode < 0.75:
        try:
            stamp = int(timestamp)
        except ValueError:
            stamp = now
        try:
            signed = signature(secret, msg_id, stamp, body)
        except (OverflowError, ValueError):
            signed = "v1,AAAA"
        headers.update({"webhook-id": msg_id, "webhook-timestamp": timestamp})
        headers["webhook-signature"] = (
            signed
            if rng.random() < 0.85
            else rng.choice(
                (
                    "v1," + header_text(rng, 44),
                    "v2," + signed[3:],
                    " ".join([signed[:-2] + "AA"] * 50),
                    header_text(rng, 300),
                    "v1," + "A" * 10_000,
                )
            )
        )
    elif mode < 0.85:
        headers["X-Medusa-Webhook-Secret"] = rng.choice((secret, header_text(rng), "é" * 40))
    elif mode < 0.95:
        headers.update(
            {
                "webhook-id": msg_id,
                "webhook-timestamp": timestamp,
                "webhook-signature": header_text(rng, 100),
            }
        )
    return {
        "method": "POST",
        "path": rng.choice(MEDUSA_PATHS),
        "headers": headers,
        "body": body,
        "kind": kind,
    }


def omnitron_case(rng, token):
    kind, body = body_for(rng, "omnitron")
    headers = {"Content-Type": rng.choice(CONTENT_TYPES)}
    if not headers["Content-Type"]:
        del headers["Content-Type"]
    accept = rng.choice(ACCEPTS)
    if accept:
        headers["Accept"] = accept
    roll = rng.random()
    if roll < 0.8:
        headers["Authorization"] = f"Token {token}"
    elif roll < 0.95:
        headers["Authorization"] = rng.choice(
            (
                f"Bearer {token}",
                "Token",
                "Token " + header_text(rng),
                "Token " + "é" * 50,
                header_text(rng, 200),
                f"token  {token}",
            )
        )
    return {"method": "POST", "path": OMNITRON_PATH, "headers": headers, "body": body, "kind": kind}


def image_case(rng, product_ids=(), valid_tokens=None):
    """A GET of the image route: real or absurd ids, tokens of any (percent-encoded) bytes."""
    valid_tokens = valid_tokens or {}
    product_id = rng.choice(
        (
            *(product_ids or (1,)),
            0,
            2**31,
            10**30,
            "9" * 400,
            "-1",
            "abc",
            "1.5",
        )
    )
    roll = rng.random()
    if roll < 0.15 and str(product_id) in {str(key) for key in valid_tokens}:
        token, kind = valid_tokens[product_id], "valid token"
    elif roll < 0.5:
        # Any byte but "/" (a token with slashes is a different path shape: the odd cases
        # below send "%2F" on its own).
        raw = bytes(
            rng.choice([b for b in range(256) if b != 0x2F]) for _ in range(rng.randint(1, 40))
        )
        token, kind = "".join(f"%{byte:02X}" for byte in raw), "percent-encoded bytes"
    elif roll < 0.7:
        token = rng.choice(
            (
                "%C3%A9" * 20,
                "%ff",
                "%E2%80%AE",
                "%F0%9F%9A%80",
                "%00",
                "%zz",
                "%",
                "a%2Fb%00",
            )
        )
        kind = "odd percent-encoding"
    elif roll < 0.85:
        token, kind = "a" * rng.choice((64, 65, 257, 5000)), "long token"
    else:
        token, kind = "".join(rng.choice(string.hexdigits) for _ in range(64)), "hex token"
    headers = {}
    if rng.random() < 0.1:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return {
        "method": "GET",
        "path": IMAGE_PATH.format(id=product_id, token=token),
        "headers": headers,
        "body": b"a=1" * rng.choice((0, 1, 1000)) if headers else None,
        "kind": kind,
    }


def cases(generator, count, seed=0, **kwargs):
    """``count`` cases of ``generator`` from a seeded Random (reproducible)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield generator(rng, **kwargs)


def send(session, base_url, case, timeout=60):
    """Send a case with a requests.Session; the response."""
    return session.request(
        case["method"],
        base_url + case["path"],
        data=case["body"],
        headers=case["headers"],
        timeout=timeout,
        allow_redirects=False,
    )
