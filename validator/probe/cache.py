"""A short-lived cache of probe verdicts, so repeated runs do not re-probe.

Entries are keyed by a hash of the key (:func:`validator.probe.transport.key_id`) and of the
request, and hold only the :class:`Observation` (fingerprint, host, outcome…): never the key.
Only conclusive answers are stored (an unreachable host is asked again next time). The file is
private to the user (mode 0600), written atomically, and a damaged file is simply ignored.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from validator.record import replace
from validator.userdirs import user_cache_dir  # noqa: F401 - one place for the path; re-exported

from .observation import Observation

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

DEFAULT_TTL = 300.0          # seconds: long enough for "run it again", short enough for a rotated key
FILENAME = "probe-verdicts.json"
MAX_ENTRIES = 2000


class VerdictCache:
    def __init__(self, directory: Path | None = None, ttl: float = DEFAULT_TTL,
                 clock: Any = time.time) -> None:
        self.path = (directory or user_cache_dir()) / FILENAME
        self.ttl = ttl
        self.clock = clock
        self._entries: dict[str, dict[str, Any]] | None = None
        self._dirty = False

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            entries: dict[str, dict[str, Any]] = {}
            try:
                if self.path.stat().st_size < 4 * 1024 * 1024:
                    data = json.loads(self.path.read_text("utf-8"))
                    if isinstance(data, dict) and isinstance(data.get("entries"), dict):
                        entries = data["entries"]
            except (OSError, ValueError):
                entries = {}
            self._entries = entries
        return self._entries

    def get(self, key_id: str, request_id: str) -> Observation | None:
        entry = self._load().get(f"{key_id}:{request_id}")
        if not isinstance(entry, dict):
            return None
        stored = entry.get("at")
        if not isinstance(stored, (int, float)) or self.clock() - stored > self.ttl or stored > self.clock() + 60:
            return None
        try:
            return replace(Observation.from_dict(entry["observation"]), cached=True)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, key_id: str, request_id: str, obs: Observation) -> None:
        if obs.inconclusive:
            return
        entries = self._load()
        entries[f"{key_id}:{request_id}"] = {"at": self.clock(), "observation": obs.to_cache()}
        self._dirty = True

    def save(self) -> None:
        """Write back (expired entries dropped). Failure to write is not an error: it is a cache."""
        if not self._dirty or self._entries is None:
            return
        now = self.clock()
        live = {k: v for k, v in self._entries.items()
                if isinstance(v, dict) and isinstance(v.get("at"), (int, float)) and now - v["at"] <= self.ttl}
        if len(live) > MAX_ENTRIES:
            live = dict(sorted(live.items(), key=lambda kv: kv[1]["at"])[-MAX_ENTRIES:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".probe-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"version": 1, "entries": live}, fh)
                os.chmod(tmp, 0o600)
                os.replace(tmp, self.path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            return
        self._dirty = False
