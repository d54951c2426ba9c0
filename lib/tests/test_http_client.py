"""The HTTP client against a real local server (no mocked requests)."""

import socket
import time

import pytest

from lib import http_client
from sandbox.common import FakeServer, Reply


class Scripted(FakeServer):
    """Answers whatever the test scripted for the next request."""

    def __init__(self):
        super().__init__()
        self.reply = Reply(200, {"ok": True})

    def route(self, request):
        return self.reply


@pytest.fixture(scope="module")
def server():
    with Scripted() as fake:
        yield fake


def client_for(server, **kwargs):
    return http_client.PeerHttpClient(
        server.url, headers={"x-odoo-api-key": "super-secret-key"}, **kwargs
    )


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (200, "success"),
        (202, "success"),
        (204, "success"),
        (400, "invalid"),
        (422, "invalid"),
        (401, "unauthorized"),
        (403, "unauthorized"),
        (404, "not_found"),
        (409, "conflict"),
        (413, "too_large"),
        (408, "retryable"),
        (429, "retryable"),
        (500, "retryable"),
        (503, "retryable"),
    ],
)
def test_classification(server, status, kind):
    server.reply = Reply(
        status, None if status == 204 else {"error": {"code": "X", "message": "m"}}
    )
    outcome = client_for(server).request("POST", "/x", json_body={"a": 1})
    assert (outcome.kind, outcome.status) == (kind, status)
    assert outcome.ok is (kind == "success")


def test_retry_after_seconds_and_http_date(server):
    server.reply = Reply(429, {"error": "slow down"}, {"Retry-After": "120"})
    assert client_for(server).request("GET", "/x").retry_after == 120
    server.reply = Reply(503, None, {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
    assert client_for(server).request("GET", "/x").retry_after > 10**9
    assert http_client.parse_retry_after("soon") is None


def test_error_text_reads_each_peer_shape(server):
    server.reply = Reply(
        400, {"success": False, "error": {"code": "VALIDATION_ERROR", "message": "bad sku"}}
    )
    assert client_for(server).request("POST", "/x").error == "HTTP 400: VALIDATION_ERROR: bad sku"
    server.reply = Reply(401, {"error": "Unauthorized", "message": "Missing or invalid API key"})
    assert "Unauthorized" in client_for(server).request("POST", "/x").error


def test_secrets_never_in_error_texts(server):
    server.reply = Reply(500, {"error": "echo super-secret-key"})
    outcome = client_for(server, secret_values=["super-secret-key"]).request("POST", "/x")
    assert "super-secret-key" not in outcome.error
    assert "super-secret-key" not in repr(outcome.error)


def test_timeout_is_retryable(server):
    server.reply = Reply(200, {})
    server.set_delay(1.0)
    try:
        outcome = client_for(server, timeout=(1, 0.2)).request("GET", "/slow")
    finally:
        server.set_delay(0)
    assert outcome.kind == "retryable" and outcome.status is None
    assert "timeout" in outcome.error


def test_refused_connection_is_retryable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    outcome = http_client.PeerHttpClient(f"http://127.0.0.1:{port}").request("GET", "/")
    assert outcome.kind == "retryable" and outcome.error == "connection refused"
    assert time.monotonic() - started < 5


def test_non_json_body_is_kept_as_text(server):
    server.reply = Reply(200, None)
    assert client_for(server).request("GET", "/x").body is None


def test_probe_messages(server):
    server.reply = Reply(200, {"orders": []})
    assert client_for(server).request("GET", "/x").ok
    assert http_client.probe(client_for(server), "GET", "/x")["message"] == "Connected: HTTP 200"
    server.reply = Reply(401, {})
    assert "refused" in http_client.probe(client_for(server), "GET", "/x")["message"]
    assert http_client.probe(http_client.PeerHttpClient(""), "GET", "/")["ok"] is False
