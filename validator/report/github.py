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

from validator.model import Finding, Severity
from validator.redact import printable

from ._common import Redactor, rule_for, sorted_findings
from .text import summary_line

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Mapping

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


# --------------------------------------------------------------------------- job summary

ANNOTATIONS_PER_STEP = 10     # GitHub keeps 10 error, 10 warning and 10 notice annotations per step
SUMMARY_FINDINGS = 30         # findings listed in the job summary


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (no pipes, no line breaks, no HTML)."""
    text = printable(text).replace("\r", " ").replace("\n", " ")
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def step_summary(report: "Report", rules: Mapping[str, "Rule"], *, root: str = ".", link_base: str = "",
                 limit: int = SUMMARY_FINDINGS, baselined: int = 0) -> str:
    """A Markdown job summary (``$GITHUB_STEP_SUMMARY``): counts per rule, the first ``limit``
    findings with links to the file and line (``link_base``: ``{server}/{repo}/blob/{sha}``),
    and a note when GitHub drops annotations beyond its per-step limit."""
    from urllib.parse import quote

    from ._common import plural, project_path, source_root

    redact = Redactor.for_report(report)
    findings = sorted_findings(report.findings)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    out = [f"### msv: {plural(len(findings), 'finding')}"
           + (f" ({', '.join(plural(n, str(s)) for s, n in counts.items() if n)})" if findings else ""), ""]
    if not findings:
        out.append("No findings. " + summary_line(report, baselined=baselined))
        return "\n".join(out) + "\n"
    per_rule: dict[tuple[str, str], int] = {}
    for f in findings:
        rule = rule_for(f, rules)
        key = (f.code, rule.name if rule else f.rule)
        per_rule[key] = per_rule.get(key, 0) + 1
    out += ["| Rule | Findings |", "|---|---:|"]
    for (code, name), n in sorted(per_rule.items(), key=lambda item: (-item[1], item[0])):
        out.append(f"| `{code}` {_cell(name)} | {n} |")
    out += ["", "| Where | Rule | Message |", "|---|---|---|"]
    base = source_root(root)
    for f in findings[:limit]:
        rule = rule_for(f, rules)
        where = _cell(redact(str(f.loc)))
        if link_base and f.loc.is_file:
            path = project_path(f.loc.path, root, base)
            anchor = f"#L{f.loc.line}" if f.loc.line > 0 else ""
            where = f"[{where}]({link_base}/{quote(redact(path))}{anchor})"
        out.append(f"| {where} | `{f.code}` {_cell(rule.name if rule else f.rule)} | {_cell(redact(f.message))} |")
    if len(findings) > limit:
        out += ["", f"… and {len(findings) - limit} more: every finding is in the job log."]
    dropped = {s: n - ANNOTATIONS_PER_STEP for s, n in counts.items() if n > ANNOTATIONS_PER_STEP}
    if dropped:
        parts = ", ".join(plural(n, str(s)) for s, n in dropped.items())
        out += ["", f"> [!NOTE]\n> GitHub shows at most {ANNOTATIONS_PER_STEP} annotations of each level per step: "
                    f"{parts} are not annotated on the pull request. They are all in the job log and counted above."]
    out += ["", summary_line(report, baselined=baselined)]
    return "\n".join(out) + "\n"
