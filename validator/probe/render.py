"""Text and JSON views of a probe run (``msv probe``, the probe section of ``msv diagnose``).

Pure functions of the run and its findings. Only fingerprints and redacted causes are shown;
nothing here can see a key. The text view passes each line through
:func:`validator.redact.printable`: a server (or a proxy on the path) writes the error messages
it shows, and its escape sequences must not reach the terminal.
"""

from __future__ import annotations

import json

from validator.redact import printable

from .observation import MODEL, Observation
from .runner import ProbeRun, TargetResult, best

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Sequence

    from validator.model import Finding

JSON_VERSION = 1


def _latency(o: Observation) -> str:
    if o.cached:
        return "cached"
    return "-" if o.latency_ms is None else f"{o.latency_ms:.0f} ms"


def _status(o: Observation) -> str:
    return "" if o.status is None else str(o.status)


def _place(o: Observation) -> str:
    bits = [b for b in (o.region, o.plan if o.plan and o.plan != "payg" else None, o.family) if b]
    return f"{o.host} ({', '.join(bits)})" if bits else o.host


def region_rows(result: TargetResult) -> list[dict[str, Any]]:
    """One row per host probed for the key, nearest first."""
    rows = []
    for o in result.key_observations:
        rows.append({"host": o.host, "region": o.region, "plan": o.plan, "family": o.family,
                     "outcome": o.outcome, "meaning": o.meaning,
                     "latency_ms": None if o.latency_ms is None else round(o.latency_ms, 1),
                     "base_url": o.base_url})
    return sorted(rows, key=lambda r: (r["latency_ms"] is None, r["latency_ms"] or 0.0, r["host"]))


def recommendation(result: TargetResult) -> Observation | None:
    """Nearest host that accepts the key (fastest answer among the accepting ones)."""
    accepted = [o for o in result.key_observations if o.accepted and o.latency_ms is not None]
    if not accepted:
        return best(result.key_observations)
    return min(accepted, key=lambda o: (o.latency_ms, o.host))


def _target_header(result: TargetResult) -> str:
    t = result.target
    key = "-"
    if result.observations:
        key = next((o.key for o in result.observations if o.key), "-")
    elif t.key is not None:
        key = t.key.display() or "-"
    var = t.key_variable or (t.key.variable if t.key is not None else None)
    via = f" via {var}" if var else ""
    return f"{t.name} [{t.client}] {t.origin} key {key}{via}"


def render_text(run: ProbeRun, findings: Sequence["Finding"], *, regions: bool = False,
                list_findings: bool = True) -> str:
    """The run as text; the last line counts ``findings`` (listed unless ``list_findings`` is off,
    for ``msv diagnose``, which lists them under its own heading)."""
    lines: list[str] = []
    for w in run.warnings:
        lines.append(w)
    for result in run.results:
        lines.append(_target_header(result))
        if result.skipped:
            lines.append(f"  skipped: {result.skipped}")
        for o in result.observations:
            what, place = ("model", f"{o.model} @ {_place(o)}") if o.purpose == MODEL else (o.role, _place(o))
            detail = f"  {o.cause}" if o.cause else ""
            lines.append(f"  {what:<10} {place:<46} {o.outcome:<12} {_status(o):>3} {_latency(o):>8}{detail}".rstrip())
        if regions and result.key_observations:
            rec = recommendation(result)
            if rec is not None and rec.accepted:
                lines.append(f"  nearest host that accepts the key: {_place(rec)} {_latency(rec)} -> {rec.base_url}")
            else:
                lines.append("  no probed host accepts the key")
    if findings and list_findings:
        lines.append("")
        for f in findings:
            lines.append(f"{f.loc}: {f.severity} {f.code} [{f.rule}] {f.message}")
            if f.fix is not None:
                lines.append(f"  fix: {f.fix.description}")
    counts = summary(run, findings)
    lines.append("")
    lines.append(f"probed {counts['targets_probed']} target(s), {counts['requests']} request(s) in "
                 f"{run.elapsed_ms / 1000:.2f} s: {counts['error']} error(s), {counts['warning']} warning(s), "
                 f"{counts['inconclusive']} inconclusive")
    return "\n".join(printable(line) for line in lines) + "\n"


def summary(run: ProbeRun, findings: Sequence["Finding"]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[str(f.severity)] += 1
    counts["targets"] = len(run.results)
    counts["targets_probed"] = sum(1 for r in run.results if r.observations)
    counts["requests"] = run.sent
    counts["inconclusive"] = sum(1 for f in findings if f.rule in ("probe-inconclusive", "probe-unreachable"))
    return counts


def to_json(run: ProbeRun, findings: Sequence["Finding"], *, regions: bool = False) -> dict[str, Any]:
    from validator import __version__

    targets = []
    for result in run.results:
        t = result.target
        entry: dict[str, Any] = {
            "name": t.name,
            "client": t.client,
            "path": t.origin.path,
            "line": t.origin.line,
            "key": next((o.key for o in result.observations if o.key), None),
            "key_variable": t.key_variable,
            "skipped": result.skipped,
            "observations": [o.to_dict() for o in result.observations],
        }
        if regions:
            rec = recommendation(result)
            entry["regions"] = region_rows(result)
            entry["recommended"] = None if rec is None or not rec.accepted else {
                "host": rec.host, "region": rec.region, "base_url": rec.base_url,
                "latency_ms": None if rec.latency_ms is None else round(rec.latency_ms, 1)}
        targets.append(entry)
    return {
        "version": JSON_VERSION,
        "tool": {"name": "msv", "version": __version__},
        "warnings": list(run.warnings),
        "targets": targets,
        "findings": [f.to_dict() for f in findings],
        "summary": {**summary(run, findings), "elapsed_ms": round(run.elapsed_ms, 1)},
    }


def render_json(run: ProbeRun, findings: Sequence["Finding"], *, regions: bool = False) -> str:
    return json.dumps(to_json(run, findings, regions=regions), indent=2, ensure_ascii=False) + "\n"
