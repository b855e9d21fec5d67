"""``--format junit``: JUnit XML for CI systems that show test reports (Jenkins, GitLab, Azure).

One ``testcase`` per checked file that holds a target or a finding (``classname="msv"``,
``name`` = the path); a file with findings fails with one ``failure`` whose ``message``
counts its findings by severity and whose body lists them (``path:line:col: CODE [name]
message``). ``tests``/``failures`` on the suite and the root add up. When nothing at all was
found, one passing ``msv`` testcase keeps the report non-empty (some CI parsers reject an
empty suite). Every finding fails its testcase, whatever its severity: the report shows what
was found, the exit code says what ``--fail-on`` makes fatal.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Mapping

from validator.model import Finding, Severity

from ._common import Redactor, plural, rule_for, sorted_findings

if TYPE_CHECKING:
    from validator.engine import Report
    from validator.rules.registry import Rule


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


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           **_: Any) -> str:
    redact = Redactor.for_report(report)
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted_findings(report.findings):
        by_path[f.loc.path].append(f)
    paths = _case_paths(report) or ["msv"]
    failures = sum(1 for p in paths if by_path.get(p))

    root_el = ET.Element("testsuites", name="msv", tests=str(len(paths)), failures=str(failures),
                         errors="0", time="0")
    suite = ET.SubElement(root_el, "testsuite", name="msv", tests=str(len(paths)),
                          failures=str(failures), errors="0", skipped="0", time="0")
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="catalogue.version", value=_clean(report.catalogue_version))
    ET.SubElement(props, "property", name="catalogue.as_of", value=_clean(report.catalogue_as_of))
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="msv", name=_clean(redact(path)), time="0")
        found = by_path.get(path)
        if found:
            worst = max(f.severity for f in found)
            failure = ET.SubElement(case, "failure", message=_failure_message(found), type=str(worst))
            failure.text = _clean("\n".join(_finding_line(f, rules, redact) for f in found))
    ET.indent(root_el)
    body = ET.tostring(root_el, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
