"""``--format json``: the machine-readable report (public API: keys are stable).

Shape::

    {"version": "<msv version>",
     "catalogue": {"version": "...", "as_of": "YYYY-MM-DD"},
     "findings": [Finding.to_dict(), ...],
     "summary": {"error": n, "warning": n, "info": n, "files": n, "targets": n, "suppressed": n}}

The findings are :meth:`validator.model.Finding.to_dict` verbatim, with every string passed
through the redactor (a rule that echoed a key must not leak it into CI artefacts).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Mapping

from ._common import Redactor, sorted_findings, tool_version

if TYPE_CHECKING:
    from validator.engine import Report
    from validator.rules.registry import Rule


def document(report: "Report") -> dict[str, Any]:
    """The report as a JSON-ready dict (what :func:`render` serialises)."""
    redact = Redactor.for_report(report)
    return {
        "version": tool_version(),
        "catalogue": {"version": report.catalogue_version, "as_of": report.catalogue_as_of},
        "findings": [redact.deep(f.to_dict()) for f in sorted_findings(report.findings)],
        "summary": report.summary(),
    }


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           **_: Any) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
