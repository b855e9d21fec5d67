"""``msv check --list-targets``: what msv thinks your configuration is, field by field.

The user's first question after a surprising finding is "what does it think my config is?".
This prints every target: which client reads it, and for every field its value, where it was
written (file:line:col), how it got there (literal, variable, client default, declared), the
variable it went through, which definition won and which lost, and why.

Secrets appear only as fingerprints (``sk-…1a2b3c4d``); every other string goes through
:func:`validator.redact.redact_text` as well, so a key pasted into a URL or a model name cannot
slip out. ``raw`` texts are never printed (they may hold a key). Each line of the text view
goes through :func:`validator.redact.printable`: a value's escape sequences never reach the
terminal.
"""

from __future__ import annotations

import json

from validator.model import Location, Secret, Target, Value, location_dict
from validator.redact import printable, redact_text

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable

    from validator.catalogue.index import Catalogue


def _loc(loc: Location | None) -> str:
    return str(loc) if loc is not None else "-"


def _safe(v: Value) -> str:
    if isinstance(v.value, Secret):
        return v.value.fingerprint
    if v.value is None:
        return "(unset)" if v.variable else "(unknown)"
    return redact_text(str(v.value))


def _client_name(catalogue: "Catalogue | None", client_id: str) -> str | None:
    if catalogue is None:
        return None
    c = catalogue.client(client_id)
    return c.name if c is not None else None


def value_dict(v: Value) -> dict[str, Any]:
    """The JSON shape of one field value (API: keep stable)."""
    return {
        "value": _safe(v) if v.value is not None else None,
        "secret": isinstance(v.value, Secret),
        "origin": str(v.origin),
        "variable": v.variable,
        "location": location_dict(v.loc) if v.loc is not None else None,
        "via": redact_text(v.via) if v.via else None,
        "fallback": value_dict(v.fallback) if v.fallback is not None else None,
        "overridden": [value_dict(o) for o in v.overridden],
    }


def target_dict(t: Target, catalogue: "Catalogue | None" = None) -> dict[str, Any]:
    """The JSON shape of one target (API: keep stable)."""
    return {
        "name": redact_text(t.name),
        "client": t.client,
        "client_name": _client_name(catalogue, t.client),
        "kind": str(t.kind),
        "protocol": t.protocol,
        "location": location_dict(t.origin),
        "committed": t.committed,
        "key_variable": t.key_variable,
        "fields": [{"field": name, **value_dict(v)} for name, v in t.fields()],
        "notes": [redact_text(n) for n in t.notes],
    }


def _text(targets: list[Target], catalogue: "Catalogue | None") -> str:
    if not targets:
        return "No targets found: no file in the checked paths configures a Model Studio client.\n"
    lines: list[str] = []
    for t in targets:
        cname = _client_name(catalogue, t.client)
        reader = f"{t.client} ({cname})" if cname and cname != t.client else t.client
        facts = [str(t.kind)]
        if t.protocol:
            facts.append(f"protocol {t.protocol}")
        if t.committed is not None:
            facts.append("committed" if t.committed else "not committed")
        lines.append(f"{_loc(t.origin)}  {redact_text(t.name)}")
        lines.append(f"    read by: {reader}   [{', '.join(facts)}]")
        if t.key_variable:
            lines.append(f"    key variable: {t.key_variable}")
        fields = list(t.fields())
        if not fields:
            lines.append("    (no fields)")
        width = max((len(n) for n, _ in fields), default=8)
        for name, v in fields:
            how = str(v.origin) + (f" via {v.variable}" if v.variable else "")
            lines.append(f"    {name.ljust(width)}  {_safe(v)}")
            lines.append(f"    {' ' * width}  at {_loc(v.loc)}  ({how})")
            if v.via:
                lines.append(f"    {' ' * width}  why: {redact_text(v.via)}")
            if v.fallback is not None and v.value is not v.fallback.value:
                lines.append(f"    {' ' * width}  default: {_safe(v.fallback)} at {_loc(v.fallback.loc)}")
            for o in v.overridden:
                lost = f"{o.variable} " if o.variable else ""
                lines.append(f"    {' ' * width}  lost: {lost}{_safe(o)} at {_loc(o.loc)}")
        for note in t.notes:
            lines.append(f"    note: {redact_text(note)}")
        lines.append("")
    lines.append(f"{len(targets)} target{'s' if len(targets) != 1 else ''}.")
    return "\n".join(printable(line) for line in lines) + "\n"


def render_targets(targets: Iterable[Target], fmt: str = "text", *, catalogue: "Catalogue | None" = None) -> str:
    """Every target, field by field with its location, origin, variable, winner and losers."""
    items = list(targets)
    if fmt == "json":
        return json.dumps({"targets": [target_dict(t, catalogue) for t in items]}, indent=2, ensure_ascii=False) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r} for --list-targets (text or json)")
    return _text(items, catalogue)
