"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

What consumers rely on, and how msv provides it:

* ``tool.driver.rules``: one reportingDescriptor per rule (``id`` = code, ``name`` = kebab
  name, short/full description, the rule's doc page as ``help`` markdown, ``helpUri`` to the
  rules reference, ``defaultConfiguration.level``); results point at them by ``ruleIndex``.
* precise regions: ``startLine``/``startColumn``/``endLine``/``endColumn`` whenever the finding
  knows them. Columns count Unicode code points (``columnKind``), like msv's locations, and
  ``endColumn`` is exclusive in both.
* ``fixes`` (``artifactChanges``/``replacements``) when the finding carries a textual
  replacement for a precise span.
* ``partialFingerprints`` from :attr:`Finding.fingerprint`, which hashes rule, file, logical key
  and value and never the line: alerts survive code moving around.

Pseudo-locations (``<environment>``, ``<cli>``) are not files: they become logical locations.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, Mapping
from urllib.parse import quote

from validator.model import Finding, Location, Severity

from ._common import (INFORMATION_URI, TOOL_NAME, Redactor, finding_fingerprint, first_paragraph,
                      rule_for, sorted_findings, tool_version)

if TYPE_CHECKING:
    from validator.engine import Report
    from validator.rules.registry import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "msvFingerprint/v1"
SRCROOT = "%SRCROOT%"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_descriptor(rule: "Rule") -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": first_paragraph(rule.doc) or rule.summary},
        "help": {"text": rule.doc or rule.summary, "markdown": rule.doc or rule.summary},
        "helpUri": rule.doc_url,
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": [rule.family], "fixable": rule.fixable or "no"},
    }


def _unknown_descriptor(f: Finding) -> dict[str, Any]:
    """A finding of a rule the caller did not pass: still a valid, self-describing result."""
    return {
        "id": f.code,
        "name": f.rule,
        "shortDescription": {"text": f.rule},
        "defaultConfiguration": {"level": LEVEL[f.severity]},
    }


def artifact_uri(path: str, root: str = ".") -> tuple[str, str | None]:
    """A URI reference for ``path`` and its base id: relative to the source root when possible."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path, os.path.abspath(root))
        except ValueError:  # another drive on Windows
            rel = None
        if rel is None or rel.startswith(".."):
            return "file://" + quote(path.replace(os.sep, "/") if path.startswith("/")
                                     else "/" + path.replace(os.sep, "/")), None
        path = rel
    return quote(path.replace(os.sep, "/").removeprefix("./")), SRCROOT


def region(loc: Location) -> dict[str, int] | None:
    """The SARIF region of ``loc``; None for a whole-file location (line 0)."""
    if loc.line <= 0:
        return None
    out = {"startLine": loc.line}
    if loc.column > 0:
        out["startColumn"] = loc.column
    end_line = loc.end_line if loc.end_line >= loc.line else loc.line
    if loc.end_line > 0:
        out["endLine"] = end_line
    if loc.column > 0 and loc.end_column > 0:
        if end_line > loc.line or loc.end_column >= loc.column:
            out["endColumn"] = loc.end_column
    return out


def _physical(loc: Location, root: str, redact: Redactor) -> dict[str, Any]:
    uri, base = artifact_uri(redact(loc.path), root)
    artifact: dict[str, Any] = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    physical: dict[str, Any] = {"artifactLocation": artifact}
    reg = region(loc)
    if reg:
        physical["region"] = reg
    return physical


def _location(f: Finding, root: str, redact: Redactor) -> dict[str, Any]:
    location: dict[str, Any] = {}
    logical = []
    if f.loc.is_file:
        location["physicalLocation"] = _physical(f.loc, root, redact)
    else:
        logical.append({"name": redact(f.loc.path), "kind": "resource"})
    if f.key:
        logical.append({"fullyQualifiedName": redact(f.key), "kind": "property"})
    if logical:
        location["logicalLocations"] = logical
    return location


def _fixes(f: Finding, root: str, redact: Redactor) -> list[dict[str, Any]] | None:
    """A SARIF fix when the replacement has a precise span to replace; None otherwise."""
    fix = f.fix
    if fix is None or fix.replacement is None:
        return None
    loc = fix.loc or f.loc
    reg = region(loc)
    if not loc.is_file or reg is None or "startColumn" not in reg or "endColumn" not in reg:
        return None
    uri, base = artifact_uri(redact(loc.path), root)
    artifact: dict[str, Any] = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    return [{
        "description": {"text": redact(fix.description)},
        "artifactChanges": [{
            "artifactLocation": artifact,
            "replacements": [{"deletedRegion": reg, "insertedContent": {"text": redact(fix.replacement)}}],
        }],
    }]


def _result(f: Finding, rule_id: str, index: int, root: str, redact: Redactor) -> dict[str, Any]:
    text = redact(f.message)
    if f.fix is not None:
        text += f"\nFix: {redact(f.fix.description)}"
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": index,
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": [_location(f, root, redact)],
        "partialFingerprints": {FINGERPRINT_KEY: finding_fingerprint(f)},
    }
    fixes = _fixes(f, root, redact)
    if fixes:
        result["fixes"] = fixes
    props: dict[str, Any] = {"rule": f.rule, "kind": "observed" if f.observed else "static"}
    if f.target:
        props["target"] = redact(f.target)
    result["properties"] = props
    return result


def document(report: "Report", rules: Mapping[str, "Rule"], root: str = ".") -> dict[str, Any]:
    """The SARIF log as a dict (what :func:`render` serialises)."""
    redact = Redactor.for_report(report)
    findings = sorted_findings(report.findings)
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in sorted({r.code: r for r in rules.values()}.values(), key=lambda r: r.code):
        index[rule.code] = len(descriptors)
        descriptors.append(rule_descriptor(rule))
    results = []
    for f in findings:
        rule = rule_for(f, rules)
        code = rule.code if rule is not None else f.code
        if code not in index:
            index[code] = len(descriptors)
            descriptors.append(_unknown_descriptor(f))
        results.append(_result(f, code, index[code], root, redact))
    version = tool_version()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "fullName": "modelstudio-validator",
                "version": version,
                "semanticVersion": version,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }},
            "invocations": [{"executionSuccessful": True}],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "catalogue": {"version": report.catalogue_version, "as_of": report.catalogue_as_of},
                "summary": report.summary(),
            },
        }],
    }


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           **_: Any) -> str:
    return json.dumps(document(report, rules, root), indent=2, ensure_ascii=False) + "\n"
