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
from typing import TYPE_CHECKING, Any, Mapping

from validator.model import Finding, Severity

from ._common import Redactor, finding_fingerprint, rule_for, sorted_findings

if TYPE_CHECKING:
    from validator.engine import Report
    from validator.rules.registry import Rule

SEVERITY = {Severity.INFO: "info", Severity.WARNING: "major", Severity.ERROR: "critical"}


def _issue(f: Finding, fingerprint: str, rules: Mapping[str, "Rule"], redact: Redactor) -> dict[str, Any]:
    rule = rule_for(f, rules)
    description = redact(f.message)
    if f.fix is not None:
        description += f" Fix: {redact(f.fix.description)}"
    lines: dict[str, int] = {"begin": max(f.loc.line, 1)}
    if f.loc.end_line > f.loc.line:
        lines["end"] = f.loc.end_line
    family = rule.family if rule is not None else ""
    return {
        "type": "issue",
        "description": description,
        "check_name": f"{f.code} {rule.name if rule else f.rule}",
        "fingerprint": fingerprint,
        "severity": SEVERITY[f.severity],
        "categories": ["Security"] if family == "credentials" else ["Bug Risk"],
        "location": {"path": redact(f.loc.path.replace("\\", "/").removeprefix("./")), "lines": lines},
    }


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           **_: Any) -> str:
    redact = Redactor.for_report(report)
    seen: Counter[str] = Counter()
    issues = []
    for f in sorted_findings(report.findings):
        fp = finding_fingerprint(f)
        seen[fp] += 1
        issues.append(_issue(f, fp if seen[fp] == 1 else f"{fp}-{seen[fp]}", rules, redact))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
