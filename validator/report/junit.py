"""``--format junit``: JUnit XML for CI systems that show test reports (Jenkins, GitLab, Azure).

One ``testcase`` per checked file that holds a target or a finding (``classname="msv"``,
``name`` = the path); a file with findings fails with one ``failure`` whose ``message``
counts its findings by severity and whose body lists them (``path:line:col: CODE [name]
message``). ``tests``/``failures`` on the suite and the root add up. When nothing at all was
found, one passing ``msv`` testcase keeps the report non-empty (some CI parsers reject an
empty suite). Only findings at or above ``fail_on`` (``--fail-on``, default error) make a
``failure``, so the test widget agrees with the exit code; lower ones are listed in the
testcase's ``system-out`` and counted in its ``properties`` (``msv.warning``, ``msv.info``).
Each testcase carries ``file`` (GitLab links it). Findings are rendered per file as they are
written (the XML is streamed, one testcase at a time).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from validator.model import Finding, Severity

from ._common import Redactor, collect, plural, rule_for, sorted_findings

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Mapping

    from validator.engine import Report
    from validator.rules.registry import Rule

    from ._common import Write


def _case_paths(report: "Report") -> list[str]:
    paths = {f.loc.path for f in report.findings}
    for target in report.targets:
        paths.add(target.origin.path)
    return sorted(paths)


def _failure_message(findings: list[Finding]) -> str:
    counts = {s: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    for f in findings:
        counts[f.severity] += 1
    parts = [plural(n, str(s)) for s, n in counts.items() if n]
    return f"{plural(len(findings), 'finding')} ({', '.join(parts)})"


def _finding_line(f: Finding, rules: Mapping[str, "Rule"], redact: Redactor) -> str:
    rule = rule_for(f, rules)
    line = redact(f"{f.loc}: {f.code} [{rule.name if rule else f.rule}] {f.message}")
    if f.fix is not None:
        line += f"\n    fix: {redact(f.fix.description)}"
    return line


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: replace them."""
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else "\N{REPLACEMENT CHARACTER}" for ch in text)


def _testcase(path: str, found: list[Finding], rules: Mapping[str, "Rule"], redact: Redactor,
              fail_on: Severity) -> ET.Element:
    name = _clean(redact(path))
    case = ET.Element("testcase", classname="msv", name=name, time="0")
    if not path.startswith("<"):
        case.set("file", name)
    fatal = [f for f in found if f.severity >= fail_on]
    below = [f for f in found if f.severity < fail_on]
    if below:
        props = ET.SubElement(case, "properties")
        for sev in (Severity.WARNING, Severity.INFO):
            n = sum(1 for f in below if f.severity == sev)
            if n:
                ET.SubElement(props, "property", name=f"msv.{sev}", value=str(n))
    if fatal:
        worst = max(f.severity for f in fatal)
        failure = ET.SubElement(case, "failure", message=_failure_message(fatal), type=str(worst))
        failure.text = _clean("\n".join(_finding_line(f, rules, redact) for f in fatal))
    if below:
        out = ET.SubElement(case, "system-out")
        out.text = _clean("\n".join(_finding_line(f, rules, redact) for f in below))
    return case


def stream(report: "Report", rules: Mapping[str, "Rule"], write: Write, *, color: bool = False,
           root: str = ".", fail_on: Severity | str = Severity.ERROR, **_: Any) -> None:
    fail_on = Severity.parse(fail_on) if isinstance(fail_on, str) else fail_on
    redact = Redactor.for_report(report)
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted_findings(report.findings):
        by_path[f.loc.path].append(f)
    paths = _case_paths(report) or ["msv"]
    failures = sum(1 for p in paths if any(f.severity >= fail_on for f in by_path.get(p, ())))
    counts = dict(tests=str(len(paths)), failures=str(failures), errors="0")
    write('<?xml version="1.0" encoding="UTF-8"?>\n')
    write(f'<testsuites name="msv" tests="{counts["tests"]}" failures="{counts["failures"]}" errors="0" time="0">\n')
    write(f'  <testsuite name="msv" tests="{counts["tests"]}" failures="{counts["failures"]}" errors="0" '
          'skipped="0" time="0">\n')
    props = ET.Element("properties")
    ET.SubElement(props, "property", name="catalogue.version", value=_clean(report.catalogue_version))
    ET.SubElement(props, "property", name="catalogue.as_of", value=_clean(report.catalogue_as_of))
    for element in (props, *(_testcase(p, by_path.get(p, []), rules, redact, fail_on) for p in paths)):
        ET.indent(element, space="  ", level=2)
        write("    " + ET.tostring(element, encoding="unicode").rstrip() + "\n")
    write("  </testsuite>\n</testsuites>\n")


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           **kwargs: Any) -> str:
    return collect(stream, report, rules, color=color, root=root, **kwargs)
