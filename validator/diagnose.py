"""The 401 doctor: which configuration does each client really use, and why did the call fail?

``msv diagnose`` gathers every client configuration it can see (the working directory, the
process environment, the user-level configs of known AI tools), shows each client's effective
settings (which value won, from which file, over which others), runs the static rules, and —
given a pasted error — ranks the likely causes.

Ranking a pasted error is :mod:`validator.ranking`: each cause's score is made of named
evidence (status, code, wording, the hosts/keys/clients in the paste, the configuration's
findings), printed under the cause.

No I/O except :func:`gather`, which reads files and the environment through the engine.
"""

from __future__ import annotations

import os
from pathlib import Path

from validator.redact import redact_text

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable, Mapping, Sequence

    from validator.catalogue.index import Catalogue
    from validator.engine import Report
    from validator.model import Target, Value
    from validator.selection import Options

# --------------------------------------------------------------------------- user-level configs

def home_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$HOME`` (``%USERPROFILE%`` on Windows), so tests and users can point it elsewhere."""
    env = os.environ if environ is None else environ
    home = env.get("HOME") or env.get("USERPROFILE")
    return Path(home) if home else Path.home()


def user_config_paths(home: Path | None = None, environ: Mapping[str, str] | None = None,
                      catalogue: "Catalogue | None" = None) -> list[Path]:
    """The user-level configs of known tools that exist under ``home``: each client record's
    ``user_files`` (``home_var`` such as ``$CODEX_HOME`` moves them), the bundled catalogue's
    by default."""
    from validator.sources.clientfiles import user_config_paths as from_records

    env = os.environ if environ is None else environ
    if catalogue is None:
        from validator.catalogue import load

        catalogue = load()
    return from_records(catalogue, home or home_dir(env), env)


def gather(paths: Sequence[str], options: "Options", catalogue: "Catalogue",
           home: Path | None = None, environ: Mapping[str, str] | None = None) -> "Report":
    """Run the static check over ``paths``, the user-level configs and the environment."""
    from dataclasses import replace

    from validator.engine import check

    extra = [str(p) for p in user_config_paths(home, environ, catalogue)]
    opts = replace(options, use_environment=True)
    return check(list(paths) + extra, opts, catalogue)


# --------------------------------------------------------------------------- effective configuration

def _value_dict(v: "Value") -> dict[str, Any]:
    return {
        "value": redact_text(v.display()),
        "from": str(v.loc) if v.loc is not None else None,
        "origin": str(v.origin),
        "variable": v.variable,
        "via": v.via,
        "overridden": [
            {"value": redact_text(o.display()), "from": str(o.loc) if o.loc is not None else None,
             "variable": o.variable}
            for o in v.overridden
        ],
    }


def effective(targets: Iterable["Target"]) -> list[dict[str, Any]]:
    """Each client's effective configuration: every field, where it came from, what it beat."""
    out = []
    for t in targets:
        entry: dict[str, Any] = {
            "name": t.name,
            "client": t.client,
            "kind": str(t.kind),
            "protocol": t.protocol,
            "origin": str(t.origin),
            "key_variable": t.key_variable,
            "fields": {name: _value_dict(v) for name, v in t.fields()},
        }
        out.append(entry)
    return out


def render_effective(entries: Sequence[Mapping[str, Any]]) -> list[str]:
    lines: list[str] = []
    for e in entries:
        proto = f", {e['protocol']}" if e.get("protocol") else ""
        lines.append(f"{e['name']} [{e['client']}{proto}] {e['origin']}")
        for name, f in e["fields"].items():
            where = f["from"] or f["origin"]
            var = f" ({f['variable']})" if f.get("variable") else ""
            via = f"; {f['via']}" if f.get("via") else ""
            shown = f["value"] if f["value"] != "" else "(unset)"
            lines.append(f"  {name:<14} {shown}  from {where}{var}{via}")
            for o in f["overridden"]:
                ovar = f" ({o['variable']})" if o.get("variable") else ""
                lines.append(f"  {'':<14}   overrides {o['value'] or '(unset)'} from {o['from'] or '?'}{ovar}")
        if not e["fields"]:
            lines.append("  (no fields)")
    return lines


# --------------------------------------------------------------------------- ranking causes

# The ranking of a pasted error lives in :mod:`validator.ranking` (evidence-based); these names
# stay importable from here.
from validator.ranking import (  # noqa: E402
    RULE_EVIDENCE,
    Cause,
    Diagnosis,
    Evidence,
    rank,
    render_diagnosis,
)

__all__ = ["Cause", "Diagnosis", "Evidence", "RULE_EVIDENCE", "effective", "gather", "rank", "render_diagnosis",
           "render_effective", "user_config_paths"]
