"""A small threaded HTTP server with the fault knobs and journal every fake peer shares.

Control API (no auth, loopback only), so that another process can drive a fake:
  GET  /__sandbox__/journal            every request received (method, path, query, headers, body)
  GET  /__sandbox__/state              the peer's state (peer-specific)
  POST /__sandbox__/reset              clear state, faults and journal
  POST /__sandbox__/faults             {"fail_next": {"count", "status", "retry_after", "body"},
                                        "delay": seconds}
  POST /__sandbox__/seed               peer-specific seeding
"""

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CONTROL_PREFIX = "/__sandbox__/"
MAX_BODY = 10 * 1024 * 1024


class Reply:
    """What a route answers: status, JSON body (or None for an empty body), headers."""

    def __init__(self, status, body=None, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sandbox/1.0"

    def log_message(self, *_args):  # keep test output quiet
        return

    def setup(self):
        super().setup()
        self.server.fake._connections.add(self.connection)

    def finish(self):
        self.server.fake._connections.discard(self.connection)
        super().finish()

    def _serve(self):
        fake = self.server.fake
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(Reply(413, {"error": "Payload Too Large"}))
            self.close_connection = True
            return
        raw = self.rfile.read(length) if length else b""
        request = {
            "method": self.command,
            "path": split.path,
            "query": {key: values[-1] for key, values in parse_qs(split.query).items()},
            "headers": {key.lower(): value for key, value in self.headers.items()},
            "body": raw.decode("utf-8", "replace"),
            "json": _loads(raw),
            "time": time.time(),
        }
        self._send(fake.handle(request))

    def _send(self, reply):
        payload = b"" if reply.body is None else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        if reply.body is not None:
            self.send_header("Content-Type", "application/json")
        for key, value in reply.headers.items():
            self.send_header(key, str(value))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve


def _loads(raw):
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (timeout test, refuse()) is not the fake's problem.
        return


class FakeServer:
    """Subclasses implement ``route(request) -> Reply``, ``state()``, ``reset_state()``,
    ``seed(data)`` and ``fault_body(status)`` (the peer's own error shape)."""

    def __init__(self, host="127.0.0.1", port=0):
        self.host = host
        self.port = port
        self._lock = threading.RLock()
        self._server = None
        self._thread = None
        self.journal = []
        self._failures = []  # pending (status, body, retry_after)
        self._connections = set()  # open keep-alive connections, closed by stop()
        self.delay = 0.0

    # --- lifecycle -------------------------------------------------------------------------
    def start(self):
        server = _Server((self.host, self.port), _Handler)
        server.fake = self
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        # Keep-alive connections would otherwise go on being served by their threads.
        for connection in list(self._connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._connections.clear()

    def refuse(self):
        """Close the listening socket: clients get 'connection refused' until accept()."""
        self.stop()

    def accept(self):
        """Listen again, on the same port."""
        if not self._server:
            self.start()

    def __enter__(self):
        return self.start() if not self._server else self

    def __exit__(self, *_exc):
        self.stop()

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    # --- fault knobs ---------------------------------------------------------------------
    def fail_next(self, count, status, body=None, retry_after=None):
        with self._lock:
            self._failures.extend([(status, body, retry_after)] * int(count))

    def set_delay(self, seconds):
        self.delay = float(seconds)

    def reset(self):
        with self._lock:
            self.journal.clear()
            self._failures.clear()
            self.delay = 0.0
            self.reset_state()

    # --- request handling ----------------------------------------------------------------
    def handle(self, request):
        if request["path"].startswith(CONTROL_PREFIX):
            return self._control(request)
        with self._lock:
            self.journal.append(request)
            failure = self._failures.pop(0) if self._failures else None
        if self.delay:
            time.sleep(self.delay)
        if failure:
            status, body, retry_after = failure
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            return Reply(status, body if body is not None else self.fault_body(status), headers)
        with self._lock:
            return self.route(request)

    def _control(self, request):
        action = request["path"][len(CONTROL_PREFIX) :].strip("/")
        data = request["json"] or {}
        if action == "journal":
            with self._lock:
                return Reply(200, {"journal": list(self.journal)})
        if action == "state":
            with self._lock:
                return Reply(200, self.state())
        if action == "reset":
            self.reset()
            return Reply(200, {"ok": True})
        if action == "faults":
            fail = data.get("fail_next")
            if fail:
                self.fail_next(
                    fail.get("count", 1), fail["status"], fail.get("body"), fail.get("retry_after")
                )
            if "delay" in data:
                self.set_delay(data["delay"])
            return Reply(200, {"ok": True})
        if action == "seed":
            with self._lock:
                self.seed(data)
            return Reply(200, {"ok": True})
        return Reply(404, {"error": f"unknown control action {action!r}"})

    # --- for subclasses ------------------------------------------------------------------
    def route(self, request):  # pragma: no cover - abstract
        raise NotImplementedError

    def state(self):
        return {}

    def reset_state(self):
        return None

    def seed(self, data):
        return None

    def fault_body(self, status):
        return {"error": f"HTTP {status}"}


def serve_forever(fake):
    """CLI helper: start a fake and block until interrupted."""
    fake.start()
    print(f"{type(fake).__name__} listening on {fake.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()
