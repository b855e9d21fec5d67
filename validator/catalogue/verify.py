"""Is a downloaded catalogue usable? Pure checks shared by ``msv catalogue update`` (before it
stores a file) and the index (each time it loads the stored copy).

Nothing here imports the index: the caller passes the bundled data (the shape to match) and the
class that indexes it, so the index can use these checks without an import cycle.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from validator.userdirs import (
    CATALOGUE_DIR,
    CATALOGUE_FILE,
    CATALOGUE_INFO,
    user_cache_dir,
    version_key,
)

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Callable

MAX_BYTES = 8 * 1024 * 1024


class UpdateError(Exception):
    """Why a catalogue was not stored or is not used: one line, safe to print."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_shape(data: Any, base: dict[str, Any], build: Callable[[dict[str, Any]], Any]) -> None:
    """The download has what the runtime reads: the sections and fields of ``base`` (the bundled
    data), a dated YEAR.MONTH.N version, no plain-HTTP host, and ``build`` can index it."""
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
        raise UpdateError("not a compiled msv catalogue (no meta section)")
    meta = data["meta"]
    if not isinstance(meta.get("version"), str) or version_key(meta["version"]) == (-1,):
        raise UpdateError("the catalogue's meta.version is not YEAR.MONTH.N")
    if not isinstance(meta.get("as_of"), str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", meta["as_of"]):
        raise UpdateError("the catalogue's meta.as_of is not a date")
    for section, entries in base.items():
        if section == "meta":
            continue
        theirs = data.get(section)
        if not isinstance(theirs, list) or not all(isinstance(e, dict) for e in theirs):
            raise UpdateError(f"section '{section}' is missing or is not a list of entries")
        if entries and theirs:
            need = set.intersection(*(set(e) for e in entries))
            for e in theirs:
                missing = need - set(e)
                if missing:
                    raise UpdateError(f"an entry of '{section}' lacks {', '.join(sorted(missing))}")
    for h in data["hosts"]:
        if h.get("allow_http"):
            raise UpdateError(f"host '{h.get('pattern')}' allows plain HTTP: not accepted from a download")
    try:
        build(data).resolve("https://dashscope.aliyuncs.com/compatible-mode/v1")
    except Exception as exc:  # noqa: BLE001 - any failure to index means "not a usable catalogue"
        raise UpdateError(f"the catalogue cannot be indexed ({type(exc).__name__})") from None


def stored(base: dict[str, Any], build: Callable[[dict[str, Any]], Any]) -> tuple[dict[str, Any], Path] | None:
    """The downloaded catalogue, verified again (recorded hash, shape, newer than ``base``), or None."""
    d = user_cache_dir() / CATALOGUE_DIR
    path, info_path = d / CATALOGUE_FILE, d / CATALOGUE_INFO
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        info = json.loads(info_path.read_text("utf-8"))
        body = path.read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or info.get("sha256") != sha256(body):
        return None
    try:
        data = json.loads(body)
        check_shape(data, base, build)
    except (ValueError, UpdateError):
        return None
    if version_key(data["meta"]["version"]) <= version_key(base["meta"]["version"]):
        return None       # msv was upgraded since: its own catalogue is as new
    return data, path
