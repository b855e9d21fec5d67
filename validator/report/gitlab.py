"""``--format gitlab``: GitLab Code Quality JSON (``artifacts:reports:codequality``).

A JSON array of issues with the fields GitLab reads: ``description``, ``check_name``,
``fingerprint``, ``severity`` and ``location.path`` + ``location.lines.begin`` (plus the Code
Climate ``type``/``categories`` that other consumers require). Severities map
info → ``info``, warning → ``major``, error → ``critical``.

GitLab keeps one issue per fingerprint and compares fingerprints between the merge request and
its base, so fingerprints must be unique and must not depend on line numbers. msv's finding
fingerprint (rule, file, logical key, value hash) is used; the rare second finding with the
same fingerprint in a file gets an occurrence suffix (``-2``) instead of being dropped.
"""

from __future__ import annotations

import json
from collections import Counter

from validator.model import Finding, Severity

from ._common import (
    Redactor,
    collect,
    finding_fingerprint,
    project_path,
    report_meta,
    rule_for,
    sorted_findings,
    source_root,
)

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Mapping

    from validator.engine import Report
    from validator.rules.registry import Rule

    from ._common import Write

SEVERITY = {Severity.INFO: "info", Severity.WARNING: "major", Severity.ERROR: "critical"}


def severity(f: Finding, rule: "Rule | None") -> str:
    """The Code Quality severity of ``f`` (its effective severity, refined per rule)."""
    meta = report_meta(f.rule, rule.family if rule is not None else "")
    if f.severity == Severity.ERROR and meta.security_severity and float(meta.security_severity) >= 9.0:
        return "blocker"
    if f.severity == Severity.WARNING and meta.categories == ("Style",):
        return "minor"
    return SEVERITY[f.severity]


def _issue(f: Finding, fingerprint: str, rules: Mapping[str, "Rule"], redact: Redactor,
           root: str = ".", base: str | None = None) -> dict[str, Any]:
    rule = rule_for(f, rules)
    description = redact(f.message)
    if f.fix is not None:
        description += f" Fix: {redact(f.fix.description)}"
    lines: dict[str, int] = {"begin": max(f.loc.line, 1)}
    if f.loc.end_line > f.loc.line:
        lines["end"] = f.loc.end_line
    meta = report_meta(f.rule, rule.family if rule is not None else "")
    path = f.loc.path if base is None else project_path(f.loc.path, root, base)
    return {
        "type": "issue",
        "engine_name": "msv",
        "description": description,
        "check_name": f"{f.code} {rule.name if rule else f.rule}",
        "fingerprint": fingerprint,
        "severity": severity(f, rule),
        "categories": list(meta.categories),
        "location": {"path": redact(path.replace("\\", "/").removeprefix("./")), "lines": lines},
    }


def stream(report: "Report", rules: Mapping[str, "Rule"], write: Write, *, color: bool = False,
           root: str = ".", **_: Any) -> None:
    redact = Redactor.for_report(report)
    base = source_root(root)
    seen: Counter[str] = Counter()
    sep = "[\n"
    for f in sorted_findings(report.findings):
        fp = finding_fingerprint(f)
        seen[fp] += 1
        issue = _issue(f, fp if seen[fp] == 1 else f"{fp}-{seen[fp]}", rules, redact, root, base)
        write(sep + json.dumps(issue, ensure_ascii=False))
        sep = ",\n"
    write("[]\n" if sep == "[\n" else "\n]\n")


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           **kwargs: Any) -> str:
    return collect(stream, report, rules, color=color, root=root, **kwargs)
