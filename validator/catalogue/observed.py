"""Models observed live: what a key's region actually listed (``msv probe``, token-free ``/models``).

The probe stores each listing in the user cache (``observed-models.json`` beside the verdict
cache and the downloaded catalogue) with its region, plan, host and date. Static checks read it
so that a model the key's region actually serves is never reported as missing there; ``msv
catalogue diff-observed`` shows where the bundled data disagrees.

Only model *names* are stored (no key, no fingerprint). The file is private (0600), written
atomically, capped in size, and a damaged file is ignored: a cache must never break a check.
"""

from __future__ import annotations

import json
from pathlib import Path

from validator.lazyre import lazy

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable

FILENAME = "observed-models.json"
MAX_BYTES = 4 * 1024 * 1024
MAX_MODELS = 5000
_NAME = lazy(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$")


def cache_dir() -> Path:
    from validator.userdirs import user_cache_dir

    return user_cache_dir()


def _path(directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / FILENAME


def _slot(region: str, plan: str | None) -> str:
    return f"{region}/{plan or 'payg'}"


def load(directory: Path | None = None) -> dict[str, dict[str, Any]]:
    """``{"region/plan": {"region", "plan", "host", "date", "models": [...]}}``; {} when absent or damaged."""
    path = _path(directory)
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    slots = data.get("observed") if isinstance(data, dict) else None
    if not isinstance(slots, dict):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for key, slot in slots.items():
        if not (isinstance(slot, dict) and isinstance(slot.get("models"), list) and isinstance(slot.get("region"), str)):
            continue
        names = [m for m in slot["models"] if isinstance(m, str) and _NAME.match(m)]
        out[str(key)] = {"region": slot["region"], "plan": slot.get("plan") or "payg",
                         "host": str(slot.get("host") or ""), "date": str(slot.get("date") or ""), "models": names}
    return out


def record(region: str, plan: str | None, host: str, models: Iterable[str], *,
           directory: Path | None = None, today: str | None = None) -> Path:
    """Store one listing (replacing the previous one of that region and plan)."""
    names = sorted({m for m in models if isinstance(m, str) and _NAME.match(m)})[:MAX_MODELS]
    slots = load(directory)
    import datetime as _dt  # only a probe writes

    slots[_slot(region, plan)] = {"region": region, "plan": plan or "payg", "host": host,
                                  "date": today or _dt.date.today().isoformat(), "models": names}
    path = _path(directory)
    from validator.userdirs import write_private

    write_private(path, json.dumps({"version": 1, "observed": slots}, ensure_ascii=False, indent=1).encode())
    return path


def diff(catalogue: Any, slots: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Per observed listing: models served there that the catalogue lacks or does not place there,
    and catalogue models for that region and plan that the listing did not have."""
    out = []
    for slot in slots.values():
        region, plan = slot["region"], slot["plan"]
        seen = set(slot["models"])
        known_here = {m.name for m in catalogue.models(region=region, plan=plan) if m.alias_of is None}
        unknown = sorted(m for m in seen if catalogue.model(m) is None)
        elsewhere = sorted(m for m in seen if catalogue.model(m) is not None and m not in known_here
                           and catalogue.model(m).alias_of is None)
        missing = sorted(known_here - seen)
        out.append({"region": region, "plan": plan, "host": slot["host"], "date": slot["date"],
                    "observed": len(seen), "not_in_catalogue": unknown, "not_listed_for_region": elsewhere,
                    "listed_but_not_observed": missing})
    return out
