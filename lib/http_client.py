"""The outbound HTTP client: one requests.Session per peer, outcomes instead of exceptions.

Every call returns an HttpOutcome classified for the outbox (success, invalid, unauthorized,
not found, conflict, too large, retryable). Network failures are outcomes too. Error texts are
short and never contain a header value or any configured secret.
"""

import email.utils
import threading
import time
from dataclasses import dataclass

import requests

SUCCESS = "success"
INVALID = "invalid"
UNAUTHORIZED = "unauthorized"
NOT_FOUND = "not_found"
CONFLICT = "conflict"
TOO_LARGE = "too_large"
RETRYABLE = "retryable"

RETRYABLE_STATUSES = {408, 425, 429}
MAX_ERROR_TEXT = 500

_sessions = {}
_sessions_lock = threading.Lock()


def shared_session(base_url):
    """One pooled session per base URL and process (keep-alive across dispatcher runs)."""
    with _sessions_lock:
        session = _sessions.get(base_url)
        if session is None:
            session = _sessions[base_url] = requests.Session()
        return session


@dataclass(frozen=True)
class HttpOutcome:
    kind: str
    status: int | None
    body: object = None
    retry_after: float | None = None
    error: str | None = None
    elapsed: float = 0.0

    @property
    def ok(self):
        return self.kind == SUCCESS

    @property
    def retryable(self):
        return self.kind == RETRYABLE


def classify(status):
    if 200 <= status < 300:
        return SUCCESS
    if status in (401, 403):
        return UNAUTHORIZED
    if status == 404:
        return NOT_FOUND
    if status == 409:
        return CONFLICT
    if status == 413:
        return TOO_LARGE
    if status in RETRYABLE_STATUSES or status >= 500:
        return RETRYABLE
    return INVALID


def parse_retry_after(value, now=None):
    """Seconds from a Retry-After header (seconds or an HTTP date), None when absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class PeerHttpClient:
    def __init__(self, base_url, headers=None, timeout=(5, 30), session=None, secret_values=()):
        self.base_url = (base_url or "").rstrip("/")
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.session = session or shared_session(self.base_url)
        self._secrets = [s for s in (*secret_values, *self.headers.values()) if s and len(s) >= 4]

    def __repr__(self):
        return f"PeerHttpClient({self.base_url!r})"

    def scrub(self, text):
        text = str(text)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text[:MAX_ERROR_TEXT]

    def request(self, method, path, *, json_body=None, params=None, extra_headers=None):
        headers = {**self.headers, **(extra_headers or {})}
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                json=json_body,
                params=params,
                headers=headers,
                timeout=self.timeout,
            )
        except requests.Timeout:
            return self._failure(f"timeout after {self._read_timeout()}s", started)
        except requests.ConnectionError as error:
            reason = (
                "connection refused" if "refused" in str(error).lower() else "connection failed"
            )
            return self._failure(reason, started)
        except requests.RequestException as error:
            return self._failure(f"request failed: {self.scrub(error.__class__.__name__)}", started)
        elapsed = time.monotonic() - started
        body = _body(response)
        kind = classify(response.status_code)
        error = None if kind == SUCCESS else self._error_text(response.status_code, body)
        return HttpOutcome(
            kind,
            response.status_code,
            body,
            parse_retry_after(response.headers.get("Retry-After")),
            error,
            elapsed,
        )

    def _read_timeout(self):
        return self.timeout[1] if isinstance(self.timeout, tuple) else self.timeout

    def _failure(self, error, started):
        return HttpOutcome(RETRYABLE, None, None, None, error, time.monotonic() - started)

    def _error_text(self, status, body):
        detail = ""
        if isinstance(body, dict):
            error = body.get("error")
            if isinstance(error, dict):  # {"error": {"code", "message"}}
                detail = f"{error.get('code', '')}: {error.get('message', '')}"
            elif error:  # {"error": "...", "message": "..."}
                detail = f"{error}: {body.get('message', '')}"
            elif body.get("detail"):
                detail = str(body["detail"])
        elif body:
            detail = str(body)
        return self.scrub(f"HTTP {status}" + (f": {detail}" if detail else ""))


def _body(response):
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text[: MAX_ERROR_TEXT * 8]


def probe(client, method, path, params=None, json_body=None):
    """What a 'Test connection' button shows: {ok, kind, status, message}."""
    if not client.base_url.startswith(("http://", "https://")):
        return {"ok": False, "kind": INVALID, "status": None, "message": "The base URL is not set."}
    outcome = client.request(method, path, params=params, json_body=json_body)
    if outcome.ok:
        message = f"Connected: HTTP {outcome.status}"
    elif outcome.kind == UNAUTHORIZED:
        message = f"Authentication refused (HTTP {outcome.status})"
    elif outcome.status is None:
        message = f"Unreachable: {outcome.error}"
    else:
        message = f"The peer answered {outcome.error}"
    return {"ok": outcome.ok, "kind": outcome.kind, "status": outcome.status, "message": message}
