"""``--format json``: the machine-readable report (public API: keys are stable).

Shape::

    {"version": "<msv version>",
     "catalogue": {"version": "...", "as_of": "YYYY-MM-DD"},
     "findings": [Finding.to_dict(), ...],
     "summary": {"error": n, "warning": n, "info": n, "files": n, "targets": n, "suppressed": n}}

The findings are :meth:`validator.model.Finding.to_dict` verbatim, with every free-text field
(message, path, target, fix description, replacement and location) passed through the redactor
(a rule that echoed a key must not leak it into CI artefacts); the other fields are codes,
numbers and hashes msv itself wrote.

The document is streamed: one finding per line through the C JSON encoder, so memory stays
flat and large reports are fast; ``pretty=True`` (a terminal) indents it as a whole instead.
"""

from __future__ import annotations

import json

from ._common import Redactor, collect, sorted_findings, tool_version

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Mapping

    from validator.engine import Report
    from validator.rules.registry import Rule

    from ._common import Write


def finding_dict(finding: Any, redact: Redactor) -> dict[str, Any]:
    """``finding.to_dict()`` with its free-text fields redacted."""
    data = finding.to_dict()
    for key in ("message", "path", "target"):
        if data.get(key) is not None:
            data[key] = redact(data[key])
    fix = data.get("fix")
    if fix:
        fix["description"] = redact(fix["description"])
        if fix.get("replacement") is not None:
            fix["replacement"] = redact(fix["replacement"])
        if "location" in fix:
            fix["location"]["path"] = redact(fix["location"]["path"])
    return data


def document(report: "Report") -> dict[str, Any]:
    """The report as a JSON-ready dict (what :func:`stream` writes)."""
    redact = Redactor.for_report(report)
    return {
        "version": tool_version(),
        "catalogue": {"version": report.catalogue_version, "as_of": report.catalogue_as_of},
        "findings": [finding_dict(f, redact) for f in sorted_findings(report.findings)],
        "summary": report.summary(),
    }


def stream(report: "Report", rules: Mapping[str, "Rule"], write: Write, *, color: bool = False,
           root: str = ".", pretty: bool = False, **_: Any) -> None:
    if pretty:
        write(json.dumps(document(report), indent=2, ensure_ascii=False) + "\n")
        return
    redact = Redactor.for_report(report)
    dumps = json.dumps
    write(dumps({"version": tool_version(),
                 "catalogue": {"version": report.catalogue_version, "as_of": report.catalogue_as_of}},
                ensure_ascii=False)[:-1] + ', "findings": [')
    sep = "\n"
    for f in sorted_findings(report.findings):
        write(sep + dumps(finding_dict(f, redact), ensure_ascii=False))
        sep = ",\n"
    write(("\n" if sep != "\n" else "") + '], "summary": ' + dumps(report.summary()) + "}\n")


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           **kwargs: Any) -> str:
    return collect(stream, report, rules, color=color, root=root, **kwargs)
