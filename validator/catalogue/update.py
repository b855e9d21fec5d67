"""``msv catalogue update``: fetch the newest published catalogue, verify it, keep it in the user cache.

Models move monthly and a catalogue released with msv goes stale within weeks, so (like
``cfn-lint -u`` for its specs) msv can fetch the catalogue the project publishes: one JSON file,
the compiled catalogue, at :data:`DEFAULT_URL` (override with ``--url`` or ``$MSV_CATALOGUE_URL``),
and its SHA-256 beside it (the same URL + ``.sha256``, as ``sha256sum`` prints it).

A download is used only when all of this holds, else nothing is stored:

- the SHA-256 published beside it matches the bytes received;
- it has the shape of the compiled catalogue (every section, every field the runtime reads) and
  the index can be built from it;
- its version is newer than the catalogue in use (bundled or downloaded before);
- it names no plain-HTTP host (only user extensions on loopback may, for tests).

Trust: the verified download replaces the *bundled* catalogue, so it is trusted like it (its
hosts are probe destinations). It lives in the user's cache directory, which only the user can
write; a repository's files can never put one there. On every load the stored copy is checked
again against its recorded hash and version, and a damaged or older copy is ignored (the bundled
one is used).

Network: one GET for each file, a deadline of :data:`TIMEOUT` seconds in all, at most
:data:`MAX_BYTES`; HTTPS only (plain HTTP only to loopback, for tests). ``--offline`` or
``$MSV_OFFLINE`` never opens a socket.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from validator.lazyre import lazy
from validator.userdirs import (
    CATALOGUE_DIR as DIRNAME,
)
from validator.userdirs import (
    CATALOGUE_FILE as FILE,
)
from validator.userdirs import (
    CATALOGUE_INFO as INFO,
)
from validator.userdirs import (
    catalogue_in_use,
    user_cache_dir,
    version_key,
    write_private,
)

from . import verify
from .error import CatalogueError
from .verify import MAX_BYTES, UpdateError
from .verify import sha256 as _sha256

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

DEFAULT_URL = ("https://raw.githubusercontent.com/modelstudio-validator/modelstudio-validator/main/"
               "validator/catalogue/compiled.json")
URL_ENV = "MSV_CATALOGUE_URL"
OFFLINE_ENV = "MSV_OFFLINE"
TIMEOUT = 20.0
_HEX = lazy(r"\b([0-9a-fA-F]{64})\b")


def cache_dir() -> Path:
    return user_cache_dir() / DIRNAME


def in_use() -> dict[str, str]:
    """Which catalogue a run uses (version, as_of, origin), without loading it."""
    return catalogue_in_use()


def check_shape(data: Any) -> None:
    """The download has the bundled catalogue's shape and can be indexed (raises UpdateError)."""
    from .index import Catalogue, _bundled

    verify.check_shape(data, _bundled().data, Catalogue)


def _allowed(url: str) -> None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and (host in ("localhost", "::1") or host.startswith("127.")):
        return
    raise UpdateError(f"the catalogue URL must be https:// (plain http only to loopback): {url}")


def _get(client: Any, url: str, deadline: float) -> bytes:
    import httpx

    left = deadline - time.monotonic()
    if left <= 0:
        raise UpdateError(f"timed out after {TIMEOUT:.0f}s")
    try:
        with client.stream("GET", url, timeout=httpx.Timeout(min(left, 10.0), connect=min(left, 5.0))) as resp:
            if resp.status_code != 200:
                raise UpdateError(f"{url} answered HTTP {resp.status_code}")
            declared = resp.headers.get("content-length")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise UpdateError(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB")
                if time.monotonic() > deadline:
                    raise UpdateError(f"timed out after {TIMEOUT:.0f}s")
                chunks.append(chunk)
            body = b"".join(chunks)
            if declared and declared.isdigit() and int(declared) != len(body):
                raise UpdateError(f"{url} was cut short ({len(body)} of {declared} bytes)")
            return body
    except httpx.RemoteProtocolError:
        raise UpdateError(f"{url} was cut short (the connection closed before the end of the file)") from None
    except httpx.TimeoutException:
        raise UpdateError(f"{url} did not answer in time (no network?)") from None
    except httpx.HTTPError as exc:
        raise UpdateError(f"cannot reach {url} ({type(exc).__name__}: no network?)") from None


def update(url: str | None = None, *, offline: bool = False) -> dict[str, str]:
    """Download, verify and store the newest catalogue. Returns what happened:
    ``{"status": "updated" | "current", "version", "as_of", "url", "path"}``.

    Raises :class:`UpdateError` (one line) when nothing could be stored.
    """
    url = url or os.environ.get(URL_ENV) or DEFAULT_URL
    if offline or os.environ.get(OFFLINE_ENV):
        raise UpdateError("offline (--offline or MSV_OFFLINE): nothing downloaded")
    _allowed(url)
    import httpx

    deadline = time.monotonic() + TIMEOUT
    loopback = urlsplit(url).scheme == "http"      # _allowed: plain http is loopback only
    with httpx.Client(follow_redirects=True, max_redirects=3, trust_env=not loopback,
                      headers={"User-Agent": "msv-catalogue-update"}) as client:
        body = _get(client, url, deadline)
        digest_text = _get(client, url + ".sha256", deadline)
    m = _HEX.search(digest_text.decode("ascii", "replace"))
    if not m:
        raise UpdateError(f"{url}.sha256 holds no SHA-256")
    if m.group(1).lower() != _sha256(body):
        raise UpdateError("the downloaded catalogue does not match its published SHA-256 (damaged or tampered)")
    try:
        data = json.loads(body)
    except ValueError:
        raise UpdateError("the downloaded catalogue is not valid JSON (truncated?)") from None
    check_shape(data)
    current = in_use()
    version = data["meta"]["version"]
    if version_key(version) <= version_key(current["version"]):
        return {"status": "current", "version": current["version"], "as_of": current["as_of"], "url": url,
                "published": version, "path": str(cache_dir() / FILE) if current["origin"] != "bundled" else ""}
    d = cache_dir()
    write_private(d / FILE, body)
    info = {"version": version, "as_of": data["meta"]["as_of"], "url": url, "sha256": _sha256(body),
            "fetched": _dt.date.today().isoformat()}
    write_private(d / INFO, (json.dumps(info, indent=1) + "\n").encode())
    return {"status": "updated", "version": version, "as_of": data["meta"]["as_of"], "url": url,
            "path": str(d / FILE)}


def remove() -> bool:
    """Forget the downloaded catalogue (the bundled one is used again)."""
    gone = False
    for name in (FILE, INFO):
        try:
            (cache_dir() / name).unlink()
            gone = True
        except OSError:
            pass
    return gone


__all__ = ["DEFAULT_URL", "CatalogueError", "UpdateError", "check_shape", "in_use", "remove", "update"]
