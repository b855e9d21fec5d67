"""``--format github``: GitHub Actions workflow commands, shown as annotations on the PR.

One line per finding::

    ::error file=.env,line=3,col=17,endLine=3,endColumn=80,title=MS102 malformed-base-url::message%0Afix: …

``error``/``warning``/``notice`` follow the finding's severity. Escaping follows the runner's
rules (actions/toolkit ``command.ts``): in the message ``%``, ``\\r`` and ``\\n`` become
``%25``, ``%0D`` and ``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and
``%2C``. So no value, however crafted, can end the command early or start another one.
Every other control character (ESC, BEL, C1…) is neutralised first, as in the text report
(:func:`validator.redact.printable`), so a value cannot drive the log viewer either.
The last line is the plain-text summary (the runner prints it as log output).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from validator.model import Finding, Severity
from validator.redact import printable

from ._common import Redactor, rule_for, sorted_findings
from .text import summary_line

if TYPE_CHECKING:
    from validator.engine import Report
    from validator.rules.registry import Rule

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _inert(text: str) -> str:
    """No control character but CR and LF, which :func:`escape_data` encodes."""
    return printable(text, keep="\r\n")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding, rules: Mapping[str, "Rule"], redact: Redactor) -> str:
    props: list[tuple[str, str]] = []
    loc = f.loc
    if loc.is_file:
        props.append(("file", loc.path.replace("\\", "/")))
        if loc.line > 0:
            props.append(("line", str(loc.line)))
            if loc.column > 0:
                props.append(("col", str(loc.column)))
            if loc.end_line >= loc.line:
                props.append(("endLine", str(loc.end_line)))
                # The runner accepts a column range only on a single line.
                if loc.end_line == loc.line and loc.column > 0 and loc.end_column > loc.column:
                    props.append(("endColumn", str(loc.end_column)))
    rule = rule_for(f, rules)
    props.append(("title", f"{f.code} {rule.name if rule else f.rule}"))
    message = _inert(redact(f.message))
    if not loc.is_file:
        message = f"{_inert(redact(loc.path))}: {message}"
    if f.fix is not None:   # the line break is escaped to %0A below
        message += f"\nfix: {_inert(redact(f.fix.description))}"
    joined = ",".join(f"{k}={escape_property(_inert(redact(v)))}" for k, v in props)
    return f"::{COMMAND[f.severity]} {joined}::{escape_data(message)}"


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           baselined: int = 0, **_: Any) -> str:
    redact = Redactor.for_report(report)
    lines = [command(f, rules, redact) for f in sorted_findings(report.findings)]
    lines.append(summary_line(report, color=False, baselined=baselined))
    return "\n".join(lines) + "\n"
