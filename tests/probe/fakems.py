"""A fake Model Studio for the probe tests: real HTTP on 127.0.0.1, one server per "host".

Each :class:`FakeHost` plays one region or plan host and answers like the real service
(catalogue-facts §6, §9): the OpenAI-compatible model listing, the token-free model check
(an invalid chat request), per-protocol rejection bodies, quota and billing refusals, and
injected faults (slow answers, connection resets, 5xx, malformed JSON, HTML, redirects).
Every request is recorded (method, path, the credential it carried) so tests can prove where
a key went — and where it did not.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator

import pytest

REJECTIONS: dict[str, tuple[int, Any]] = {
    # style: (status, body)
    "openai": (401, {"error": {"message": "Incorrect API key provided. ", "type": "invalid_request_error",
                               "param": None, "code": "invalid_api_key"},
                     "request_id": "649b2bbc-c541-9e16-9845-db7fe4fe5b2d"}),
    "dashscope": (401, {"code": "InvalidApiKey", "message": "Invalid API-key provided.",
                        "request_id": "649b2bbc-c541-9e16-9845-db7fe4fe5b2d"}),
    "anthropic": (401, {"type": "error", "error": {"type": "authentication_error",
                                                   "message": "invalid x-api-key"}}),
    "plan": (401, {"error": {"message": "invalid access token or token expired", "type": "invalid_request_error"}}),
    "workspace": (401, {"code": "NOT AUTHORIZED", "message": "Access denied: Either you are not authorized to "
                                                             "access this workspace, or the workspace does not exist."}),
    "plan-key": (403, {"error": {"message": "invalid api-key", "type": "invalid_request_error"}}),
}

REFUSALS: dict[str, tuple[int, Any]] = {
    "rate": (429, {"error": {"message": "Requests rate limit exceeded, please try again later.",
                             "type": "limit_requests", "code": "limit_requests"}}),
    "quota": (429, {"error": {"message": "You exceeded your current quota, please check your plan and billing "
                                         "details.", "type": "insufficient_quota", "code": "insufficient_quota"}}),
    "arrears": (400, {"error": {"code": "Arrearage", "param": None, "type": "Arrearage",
                                "message": "Access denied, please make sure your account is in good standing."}}),
    "free-tier": (403, {"code": "AllocationQuota.FreeTierOnly",
                        "message": "The free tier of the model has been exhausted. If you wish to continue access "
                                   "the model on a paid basis, please disable the \"use free tier only\" mode in "
                                   "the management console."}),
}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:  # resets are on purpose
        pass


class LoopbackServer:
    """A threaded HTTP server on a free loopback port, serving as soon as it is built.

    Subclasses build the request handler; this holds what every fake server shares: the port,
    the serving thread, the URL to reach it and a clean shutdown (``stop`` wakes slow answers).
    """

    def __init__(self, handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1",
                 name: str | None = None) -> None:
        self.stop = threading.Event()
        self.name = name or host
        self.server = _QuietServer((host, 0), handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    @property
    def netloc(self) -> str:
        return f"{self.name}:{self.port}"

    def url(self, path: str = "") -> str:
        return f"http://{self.netloc}{path}"

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Recorded:
    method: str
    path: str
    credential: str | None
    body: Any


@dataclass
class Behaviour:
    keys: set[str] = field(default_factory=set)            # keys this host accepts
    style: str = "openai"                                  # how it rejects (REJECTIONS key)
    models: list[str] = field(default_factory=lambda: ["qwen-plus", "qwen-max", "qwen3-max"])
    denied: set[str] = field(default_factory=set)          # models the key's workspace is not granted
    refusal: str | None = None                             # REFUSALS key, for accepted keys
    fault: str | None = None   # slow | reset | 500 | 503 | malformed | html | redirect | echo-key
    delay: float = 0.0         # seconds before every answer (latency)
    slow: float = 30.0         # seconds a "slow" fault waits
    redirect_to: str = ""      # Location for the "redirect" fault
    check_fault: bool = False  # model checks (POST) answer 500; the listing still works
    serve_checks: bool = False  # model checks (POST) are served (200), as a gateway that does not validate might
    # Hosts sharing one barrier answer only once *all* of them hold a request: proof, without a
    # clock, that the prober asked them at the same time (a sequential one breaks the barrier
    # after ``gate_seconds``, a hang guard; the host then records ``gate_broken``).
    gate: threading.Barrier | None = None
    gate_seconds: float = 60.0


class FakeHost(LoopbackServer):
    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: list[Recorded] = []
        self.gate_broken = False
        self._lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                host._handle(self)

            def do_POST(self) -> None:
                host._handle(self)

        super().__init__(Handler)

    def close(self) -> None:
        if self.behaviour.gate is not None:
            self.behaviour.gate.abort()      # wake a host still waiting for the others
        super().close()

    # ------------------------------------------------------------------ answering

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        auth = h.headers.get("Authorization") or ""
        key = auth[7:] if auth.lower().startswith("bearer ") else (h.headers.get("x-api-key") or None)
        with self._lock:
            self.requests.append(Recorded(h.command, h.path, key, body))
        b = self.behaviour
        if b.gate is not None:
            try:
                b.gate.wait(b.gate_seconds)
            except threading.BrokenBarrierError:
                self.gate_broken = True
        if b.delay:
            self.stop.wait(b.delay)
        fault = b.fault
        if fault == "slow":
            self.stop.wait(b.slow)
        elif fault == "reset":
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.connection.close()
            h.close_connection = True
            return
        elif fault in ("500", "503"):
            code = "InternalError" if fault == "500" else "ModelServingError"
            return self._send(h, int(fault), {"code": code, "message": "Internal error, try again later."})
        elif fault == "malformed":
            return self._send_raw(h, 401, b'{"error": {"message": "Incorrect API key', "application/json")
        elif fault == "html":
            return self._send_raw(h, 200, b"<html><body>Sign in to the Wi-Fi</body></html>", "text/html")
        elif fault == "redirect":
            return self._send_raw(h, 307, b"", "text/plain", {"Location": b.redirect_to})

        if key is None or key not in b.keys:
            status, payload = REJECTIONS[b.style]
            if fault == "echo-key" and key:
                payload = {"error": {"message": f"Incorrect API key provided: {key}. You can find your key "
                                                "in the console.", "type": "invalid_request_error",
                                     "code": "invalid_api_key"}}
            return self._send(h, status, payload)
        if b.refusal:
            status, payload = REFUSALS[b.refusal]
            return self._send(h, status, payload)
        path = h.path.split("?")[0]
        if h.command == "GET" and path.endswith("/models"):
            return self._send(h, 200, {"object": "list",
                                       "data": [{"id": m, "object": "model"} for m in b.models]})
        if h.command == "POST" and (path.endswith("/chat/completions") or path.endswith("/v1/messages")
                                    or path.endswith("/generation")):
            model = (body or {}).get("model")
            if b.check_fault:
                return self._send(h, 500, {"code": "InternalError", "message": "Internal error."})
            if b.serve_checks:
                return self._send(h, 200, {"id": "chatcmpl-1", "object": "chat.completion", "model": model,
                                           "choices": [{"index": 0, "message": {"role": "assistant",
                                                                                "content": "hi"}}]})
            if model in b.denied:
                return self._send(h, 403, {"code": "Model.AccessDenied", "message": "Model access denied."})
            if model not in b.models:
                return self._send(h, 404, {"error": {"message": f"The model `{model}` does not exist or you "
                                                                "do not have access to it.",
                                                     "type": "invalid_request_error", "code": "model_not_found"}})
            # The model resolved; the deliberately invalid request is refused — nothing generated.
            return self._send(h, 400, {"error": {"message": "<400> InternalError.Algo.InvalidParameter: "
                                                            "messages must not be empty",
                                                 "type": "invalid_request_error", "code": "invalid_parameter_error"}})
        return self._send(h, 404, {"code": "NotFound", "message": "Not found!"})

    def _send(self, h: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
        self._send_raw(h, status, json.dumps(payload).encode(), "application/json")

    def _send_raw(self, h: BaseHTTPRequestHandler, status: int, data: bytes, ctype: str,
                  headers: dict[str, str] | None = None) -> None:
        try:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
        except OSError:
            pass


def catalogue_extension(hosts: dict[str, tuple[FakeHost, str]], *, family: str = "shared",
                        plan: str = "payg", families: dict[str, tuple[str, str]] | None = None) -> str:
    """YAML of a user catalogue extension naming each fake host.

    ``hosts`` maps an id to (server, region). ``families`` optionally maps an id to
    (family, plan) for plan hosts.
    """
    lines = ["hosts:"]
    for ident, (server, region) in hosts.items():
        fam, pl = (families or {}).get(ident, (family, plan))
        protocols = ("{openai: /compatible-mode/v1, anthropic: /apps/anthropic, dashscope: /api/v1}"
                     if fam != "plan" else "{openai: /v1, anthropic: /apps/anthropic}")
        usage = "interactive" if fam == "plan" else "any"
        callers = "plan-subscriber" if fam == "plan" else "any-workspace"
        lines += [
            f"  - id: {ident}",
            f"    pattern: \"{server.netloc}\"",
            f"    family: {fam}",
            f"    region: {region}",
            f"    plan: {pl}",
            "    status: supported",
            f"    callers: {callers}",
            f"    usage: {usage}",
            f"    protocols: {protocols}",
            "    allow_http: true",
            "    source: inferred",
            "    confidence: inferred",
        ]
    return "\n".join(lines) + "\n"


def wait_until(predicate: Any, timeout: float = 2.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@pytest.fixture
def fake() -> Iterator[Callable[..., FakeHost]]:
    """Start fake Model Studio hosts on 127.0.0.1; each is closed after the test.

    Conftests import this fixture (``from fakems import fake``) rather than redefining it.
    """
    hosts: list[FakeHost] = []

    def start(**kw: object) -> FakeHost:
        h = FakeHost(Behaviour(**kw))  # type: ignore[arg-type]
        hosts.append(h)
        return h

    yield start
    for h in hosts:
        h.close()
