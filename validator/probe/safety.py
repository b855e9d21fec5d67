"""Where a key may be sent, and how to keep it out of everything else.

A key leaves the machine only:
- to a host the *trusted* catalogue names (bundled, ``--catalogue``, the user config — never a
  host a repository's settings add: see :mod:`validator.trust`);
- over HTTPS, or plain HTTP to a loopback address (a local gateway, the tests' fake server);
- in one request per (key, URL, body), with redirects never followed, no retries, and a timeout.

Everything the probe prints or stores goes through :func:`scrub`, which removes the key itself
and anything key-shaped (a server that echoes the key back, an exception message).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from validator.redact import redact_text

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from validator.catalogue.index import Catalogue


def is_loopback(hostname: str | None) -> bool:
    if not hostname:
        return False
    name = hostname.strip("[]").lower()
    if name == "localhost":
        # only the bare name: ``*.localhost`` would go to the resolver (and perhaps DNS), so it
        # is not a loopback address msv may send plain HTTP to or bypass the proxy for (F12)
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_of(url: str) -> str:
    """``host[:port]`` of a URL, lower-cased (the port only when one is written)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def parse_error(url: str) -> str | None:
    """Why ``url`` is not an http(s) URL with a host and a valid port (None when it is)."""
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "not an http(s) URL"
    if not hostname:
        return "the URL has no host"
    return None


def refusal(url: str, catalogue: "Catalogue") -> str | None:
    """Why a key must not be sent to ``url`` (None when it may).

    The host must be one the catalogue knows; the scheme HTTPS, or HTTP to loopback only.
    """
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "the URL cannot be parsed"
    if not hostname:
        return "the URL has no host"
    if parts.username or parts.password:
        return "the URL carries credentials"
    if parts.scheme == "http":
        if not is_loopback(hostname):
            return "plain HTTP to a non-loopback host (a key is sent over HTTPS only)"
    elif parts.scheme != "https":
        return f"scheme {parts.scheme or '(none)'!r} is not HTTPS"
    try:
        res = catalogue.resolve(url)
    except Exception:  # noqa: BLE001 - an unresolvable URL is simply not allowed
        res = None
    if res is None or not (res.known and res.host_entry is not None):
        return f"{host_of(url)} is not a host the catalogue names (add it with --catalogue to allow it)"
    if res.host_entry.untrusted:
        # the trust boundary (validator.trust): a repository may not choose where a key goes
        return (f"{host_of(url)} is added by {res.host_entry.untrusted}, a catalogue extension the "
                "repository's settings name: not a probe destination (pass it with --catalogue to trust it)")
    return None


def scrub(text: str | None, secret: str | None = None) -> str:
    """Safe to print or store: the secret and anything key-shaped become fingerprints."""
    if not text:
        return ""
    return redact_text(text, (secret,) if secret else ())
