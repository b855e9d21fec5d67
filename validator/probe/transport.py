"""Send probe requests: concurrently, bounded, once, and never leaking the key.

The only module that imports httpx (and it does so when an :class:`Executor` is built, not at
import time of :mod:`validator.probe`). Every request:

- goes only where :mod:`validator.probe.plan` allowed (``ProbeRequest.refused`` is honoured
  here as a last check);
- never follows a redirect (``follow_redirects=False``): a 3xx is read as inconclusive;
- is sent once — no retries (httpx's transport retries only failed *connects* and is set to 0);
- is bounded by the per-request timeout *and* by what is left of the whole-run deadline,
  including the time spent waiting for a concurrency slot;
- reads at most 64 KiB of body;
- goes through the proxy the environment names (``HTTPS_PROXY``/``ALL_PROXY``, ``NO_PROXY``
  honoured, as httpx reads them), except to loopback (127.0.0.0/8, ``::1``, ``localhost``),
  which is always reached directly: a local gateway or test server is never proxied.

Identical requests with the same key (several targets sharing a key and host) are sent once and
their observation shared; conclusive answers may come from / go to the verdict cache.
"""

from __future__ import annotations

import asyncio
import hashlib
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from .classify import Verdict, classify, classify_error
from .observation import INCONCLUSIVE, Observation
from .plan import ProbeRequest
from .safety import host_of, is_loopback, scrub

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

    from validator.catalogue.index import Catalogue

    from .cache import VerdictCache

MAX_BODY = 64 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float = 5.0           # seconds per request
    total: float = 20.0            # seconds for the whole run
    concurrency: int = 16          # requests in flight at once


def key_id(secret: str) -> str:
    """The cache's name for a key: a truncated SHA-256, not reversible, never the key."""
    return hashlib.sha256(("msv-probe\0" + secret).encode("utf-8", "surrogatepass")).hexdigest()[:20]


class ProxyUnusable(Exception):
    """The environment names a proxy httpx cannot use: nothing but loopback can be reached."""


def _cause_of(exc: BaseException, host: str, timeout: float) -> Verdict:
    """Name a transport failure precisely (DNS, TLS, refused, reset, timeout)."""
    import httpx

    if isinstance(exc, ProxyUnusable):
        return classify_error("network", f"not sent to {host}: {exc}")
    if isinstance(exc, (asyncio.TimeoutError, httpx.TimeoutException)):
        return classify_error("timeout", f"no answer from {host} within {timeout:.1f} s")
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 8:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service not known" in text \
            or "nodename nor servname" in text or "name resolution" in text or "getaddrinfo" in text:
        return classify_error("network", f"DNS lookup failed for {host}")
    if any(isinstance(e, ssl.SSLError) for e in chain) or "certificate" in text or "ssl" in text:
        return classify_error("network", f"TLS handshake with {host} failed (certificate or interception proxy?)")
    if isinstance(exc, httpx.ProxyError):
        return classify_error("network", f"the proxy refused the connection to {host}")
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
        return classify_error("network", f"connection to {host} refused")
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)) or "reset" in text:
        return classify_error("network", f"connection to {host} reset or closed before an answer")
    if isinstance(exc, httpx.ConnectError):
        return classify_error("network", f"could not connect to {host}")
    return classify_error("network", f"request to {host} failed ({type(exc).__name__})")


def key_may_have_left(exc: BaseException) -> bool:
    """Could the request (and so the key) have reached the host before ``exc``?

    Only failures before the connection was open - DNS, refused, TLS handshake, an unusable
    proxy, a connect timeout - prove the key stayed here. A read timeout or a reset after the
    request was written is counted as sent: the request count is the number of times the key
    may have left this machine, so it errs on the side of counting.
    """
    import httpx

    if isinstance(exc, (ProxyUnusable, httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError,
                        httpx.PoolTimeout)):
        return False
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 8:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    if any(isinstance(e, (socket.gaierror, ConnectionRefusedError, ssl.SSLError)) for e in chain):
        return False
    return True


def observation(req: ProbeRequest, verdict: Verdict, *, fingerprint: str, status: int | None = None,
                latency_ms: float | None = None, secret: str | None = None) -> Observation:
    return Observation(
        host=req.host, base_url=req.base_url, outcome=verdict.outcome, meaning=verdict.meaning,
        purpose=req.purpose, role=req.role, status=status, signature=verdict.signature,
        latency_ms=latency_ms, cause=scrub(verdict.cause, secret), region=req.region, plan=req.plan,
        family=req.family, model=req.model, key=fingerprint, models_listed=verdict.models_listed,
    )


def refused(req: ProbeRequest, fingerprint: str) -> Observation:
    """A request the safety rules kept from being sent."""
    return observation(req, Verdict(INCONCLUSIVE, "not-probed", f"not probed: {req.refused}"),
                       fingerprint=fingerprint)


def _ssl_context() -> ssl.SSLContext:
    """httpx's default TLS context (its CA bundle; ``SSL_CERT_FILE``/``SSL_CERT_DIR`` honoured), built once."""
    import httpx

    maker = getattr(httpx, "create_ssl_context", None)
    if maker is not None:
        try:
            return maker(trust_env=True)
        except TypeError:  # pragma: no cover - older signatures
            return maker()
    from httpx._config import create_ssl_context  # pragma: no cover - httpx < 0.28

    return create_ssl_context(trust_env=True)  # pragma: no cover


class Executor:
    """One probe run's HTTP client, concurrency limit, deadline, de-duplication and cache."""

    def __init__(self, catalogue: "Catalogue", limits: Limits, cache: "VerdictCache | None" = None,
                 *, user_agent: str = "msv-probe", read_cache: bool = True) -> None:
        self.catalogue = catalogue
        self.limits = limits
        self.cache = cache
        self.read_cache = read_cache      # False: measure afresh (latency comparisons), still store
        self.user_agent = user_agent
        self._client: Any = None         # through the environment's proxy, if any
        self._direct: Any = None         # loopback only, never proxied (built on first use)
        self._ssl: ssl.SSLContext | None = None
        self._proxy_problem: str | None = None   # why the environment's proxy cannot be used
        self._sem: asyncio.Semaphore | None = None
        self._deadline = 0.0
        self._inflight: dict[str, asyncio.Task[Observation]] = {}
        self.sent = 0

    async def __aenter__(self) -> "Executor":
        self._sem = asyncio.Semaphore(max(1, self.limits.concurrency))
        self._deadline = asyncio.get_running_loop().time() + self.limits.total
        try:
            self._client = self._new_client(proxies_from_env=True)
        except ImportError:   # httpx builds the proxy transports up front
            self._proxy_problem = ("the SOCKS proxy from the environment (ALL_PROXY/HTTPS_PROXY) needs "
                                   "httpx's SOCKS support: pip install 'httpx[socks]'")
        except ValueError:    # the message would quote the proxy URL, and with it any password
            self._proxy_problem = ("the proxy from the environment (HTTPS_PROXY/ALL_PROXY) is not an "
                                   "http://, https:// or socks5:// URL")
        return self

    def _new_client(self, *, proxies_from_env: bool) -> Any:
        """An httpx client that never follows redirects nor retries (httpx's default transport
        has ``retries=0``; no ``transport=`` is passed, since httpx reads the environment's
        proxies only without one). ``proxies_from_env=False``: always direct (``trust_env`` off;
        the TLS context has already read ``SSL_CERT_FILE``/``SSL_CERT_DIR``)."""
        import httpx

        if self._ssl is None:
            self._ssl = _ssl_context()   # one context for every transport (each would load the CA bundle again)
        limits = httpx.Limits(max_connections=max(1, self.limits.concurrency),
                              max_keepalive_connections=max(1, self.limits.concurrency))
        return httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(self.limits.timeout),
            limits=limits,
            verify=self._ssl,
            trust_env=proxies_from_env,
            headers={"User-Agent": self.user_agent, "Accept": "application/json"},
        )

    def _client_for(self, url: str) -> Any:
        """Loopback is always reached directly (a proxy from the environment would not even
        see a local server); every other host through the environment's proxy, if any."""
        if not is_loopback(urlsplit(url).hostname):
            if self._client is None:
                raise ProxyUnusable(self._proxy_problem or "no HTTP client")
            return self._client
        if self._direct is None:
            self._direct = self._new_client(proxies_from_env=False)
        return self._direct

    async def __aexit__(self, *exc: object) -> None:
        for task in self._inflight.values():
            if not task.done():
                task.cancel()
        for client in (self._client, self._direct):
            if client is not None:
                await client.aclose()

    def remaining(self) -> float:
        return self._deadline - asyncio.get_running_loop().time()

    async def run(self, req: ProbeRequest, secret: str, fingerprint: str) -> Observation:
        """The observation for ``req`` with this key: from the cache, a shared in-flight request, or the wire."""
        if req.refused:
            return refused(req, fingerprint)
        kid = key_id(secret)
        ident = f"{kid}:{req.identity()}"
        if self.cache is not None and self.read_cache:
            hit = self.cache.get(kid, req.identity())
            if hit is not None:
                return hit
        task = self._inflight.get(ident)
        if task is None:
            task = asyncio.ensure_future(self._send(req, secret, fingerprint))
            self._inflight[ident] = task
        obs = await asyncio.shield(task)
        if self.cache is not None and not obs.inconclusive and not obs.cached:
            self.cache.put(kid, req.identity(), obs)
        return obs

    async def _send(self, req: ProbeRequest, secret: str, fingerprint: str) -> Observation:
        assert self._sem is not None
        remaining = self.remaining()
        if remaining <= 0:
            return observation(req, classify_error("timeout", f"not sent: the whole-run timeout "
                                                   f"({self.limits.total:g} s) was reached"),
                               fingerprint=fingerprint)
        try:
            await asyncio.wait_for(self._sem.acquire(), timeout=remaining)
        except asyncio.TimeoutError:
            return observation(req, classify_error("timeout", f"not sent: the whole-run timeout "
                                                   f"({self.limits.total:g} s) was reached"),
                               fingerprint=fingerprint)
        try:
            budget = min(self.limits.timeout, self.remaining())
            if budget <= 0:
                return observation(req, classify_error("timeout", "not sent: the whole-run timeout was reached"),
                                   fingerprint=fingerprint)
            start = time.perf_counter()
            try:
                status, body, location = await asyncio.wait_for(self._exchange(req, secret, budget),
                                                                timeout=budget)
            except BaseException as exc:  # noqa: BLE001 - every failure becomes "inconclusive"
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
                if isinstance(exc, asyncio.CancelledError):
                    raise
                latency = (time.perf_counter() - start) * 1000
                if key_may_have_left(exc):
                    self.sent += 1       # the connection was open: the key may have reached the host
                return observation(req, _cause_of(exc, req.host, budget), fingerprint=fingerprint,
                                   latency_ms=latency, secret=secret)
            latency = (time.perf_counter() - start) * 1000
            self.sent += 1
            verdict = classify(status, body, purpose=req.purpose, catalogue=self.catalogue,
                               location=location)
            return observation(req, verdict, fingerprint=fingerprint, status=status, latency_ms=latency,
                               secret=secret)
        finally:
            self._sem.release()

    async def _exchange(self, req: ProbeRequest, secret: str, budget: float) -> tuple[int, bytes, str | None]:
        import httpx

        headers = dict(req.headers)
        headers["Accept-Encoding"] = "identity"   # and what a server compresses anyway is decoded bounded
        if req.auth == "x-api-key":
            headers["x-api-key"] = secret
        else:
            headers["Authorization"] = f"Bearer {secret}"
        kwargs: dict[str, Any] = {"headers": headers, "timeout": httpx.Timeout(budget)}
        if req.body is not None:
            kwargs["json"] = req.body
        async with self._client_for(req.url).stream(req.method, req.url, **kwargs) as response:
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_raw():   # raw: httpx would inflate a whole chunk first
                chunks.append(chunk)
                size += len(chunk)
                if size >= MAX_BODY:
                    break
            location = response.headers.get("location")
            if location:
                location = host_of(location) or scrub(location, secret)[:80]
            body = decode_body(b"".join(chunks)[:MAX_BODY], response.headers.get("content-encoding"))
            return response.status_code, body, location


def decode_body(raw: bytes, encoding: str | None, limit: int = MAX_BODY) -> bytes:
    """``raw`` with its ``Content-Encoding`` layers undone, every layer cut at ``limit`` bytes.

    A gzip bomb stacked in layers (``Content-Encoding: gzip, gzip``: 1.5 KB on the wire, 800 MiB
    inside) costs at most ``limit`` bytes per layer: each layer is inflated with ``max_length``.
    An encoding msv does not know (``br``, ``zstd``) or a broken stream leaves what could be
    decoded; the classifier then finds the answer unreadable: inconclusive, never "invalid key".
    """
    import zlib

    if not encoding:
        return raw[:limit]
    data = raw[:limit]
    for layer in reversed([e.strip().lower() for e in encoding.split(",") if e.strip()]):
        if layer == "identity":
            continue
        if layer not in ("gzip", "x-gzip", "deflate"):
            return data
        wbits = 47 if layer != "deflate" else (15 if data[:1] == b"\x78" else -15)   # 47: gzip or zlib header
        try:
            data = zlib.decompressobj(wbits).decompress(data, limit)
        except zlib.error:
            return b""
    return data[:limit]
