"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

What consumers rely on, and how msv provides it (GitHub's ingestion rules in brackets):

* ``tool.driver.rules``: one reportingDescriptor per rule (``id`` = code, ``name`` = kebab
  name, short/full description, the doc page as ``help`` (plain ``text`` and ``markdown``),
  ``helpUri``, ``defaultConfiguration.level``, ``properties.tags``/``precision`` and, for rules
  about keys and data residency, ``security-severity`` plus the ``security`` tag [so the alert
  gets Critical/High/Medium]); results point at them by ``ruleIndex``.
* precise regions: ``startLine``/``startColumn``/``endLine``/``endColumn`` whenever the finding
  knows them. Columns count Unicode code points (``columnKind``), like msv's locations, and
  ``endColumn`` is exclusive in both.
* ``fixes`` (``artifactChanges``/``replacements``) when the finding carries a textual
  replacement for a precise span.
* ``partialFingerprints`` from :attr:`Finding.fingerprint`, which hashes rule, file, logical key
  and value and never the line: alerts survive code moving around. A second finding with the
  same fingerprint in the same run gets an occurrence suffix (``-2``) [GitHub merges results
  with equal fingerprints into one alert].
* relative URIs only, against ``uriBaseId: %SRCROOT%`` [GitHub maps them to the checkout]:
  the source root is the git work tree holding ``root`` (else ``root``), widened to the common
  folder of every reported file, so ``cd sub && msv check .`` still says ``sub/.env`` and
  ``msv check ../x`` never writes an absolute ``file://`` URI. ``run.originalUriBaseIds``
  defines ``%SRCROOT%`` (by description, not by the absolute path, which would leak the
  runner's or the user's folders into a shared artefact).
* GitHub's upload limits: at most 25,000 results and 10 MB gzipped per run. Beyond them the
  most severe findings are kept, and a ``toolExecutionNotifications`` warning plus
  ``properties.truncated`` say how many were left out.

The log is streamed: each result is serialised on its own (the C JSON encoder, one result per
line) and written at once, so memory stays flat with the number of findings. ``pretty=True``
(a terminal) indents every result instead.

Pseudo-locations (``<environment>``, ``<cli>``) are not files: they become logical locations.
"""

from __future__ import annotations

import json
import os
import zlib
from collections import Counter
from urllib.parse import quote

from validator.model import Finding, Location, Severity

from ._common import (
    INFORMATION_URI,
    TOOL_NAME,
    Redactor,
    collect,
    finding_fingerprint,
    first_paragraph,
    report_meta,
    rule_for,
    sorted_findings,
    source_root,
    tool_version,
)

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Mapping

    from validator.engine import Report
    from validator.rules.registry import Rule

    from ._common import Write

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "msvFingerprint/v1"
SRCROOT = "%SRCROOT%"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
MAX_RESULTS = 25_000              # GitHub code scanning rejects a run with more
MAX_GZIP_BYTES = 9_000_000        # GitHub: 10 MB gzipped per file; the rest is head room
_RESULTS = "\0msv-results\0"     # where the streamed results go in the serialised skeleton


def plain_text(doc: str) -> str:
    """A rule doc page without Markdown marks (``help.text`` is shown verbatim by some viewers)."""
    out = []
    for line in doc.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("#"):
            line = stripped.lstrip("#").strip()
        elif stripped.startswith("```"):
            continue
        out.append(line.replace("`", ""))
    return "\n".join(out).strip()


def rule_descriptor(rule: "Rule") -> dict[str, Any]:
    meta = report_meta(rule.name, rule.family)
    tags = [rule.family]
    props: dict[str, Any] = {"tags": tags, "precision": meta.precision, "fixable": rule.fixable or "no"}
    if meta.security_severity is not None:
        tags.append("security")
        props["security-severity"] = meta.security_severity
    doc = rule.doc or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": first_paragraph(rule.doc) or rule.summary},
        "help": {"text": plain_text(doc), "markdown": doc},
        "helpUri": rule.doc_url,
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": props,
    }


def _unknown_descriptor(f: Finding) -> dict[str, Any]:
    """A finding of a rule the caller did not pass: still a valid, self-describing result."""
    return {
        "id": f.code,
        "name": f.rule,
        "shortDescription": {"text": f.rule},
        "defaultConfiguration": {"level": LEVEL[f.severity]},
    }


def artifact_uri(path: str, root: str = ".", base: str | None = None) -> tuple[str, str | None]:
    """A URI reference for ``path`` and its base id: relative to the source root ``base``
    (default: ``root``), where ``path`` is relative to ``root`` or absolute."""
    full = os.path.abspath(os.path.join(os.path.abspath(root), path))
    try:
        rel = os.path.relpath(full, base or os.path.abspath(root))
    except ValueError:  # another drive on Windows
        rel = None
    if rel is None or rel.startswith(".."):
        return "file://" + quote(full.replace(os.sep, "/") if full.startswith("/")
                                 else "/" + full.replace(os.sep, "/")), None
    return quote(rel.replace(os.sep, "/")), SRCROOT


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


class _Uris:
    """Artifact locations, computed once per path."""

    __slots__ = ("root", "base", "redact", "_cache")

    def __init__(self, root: str, base: str, redact: Redactor) -> None:
        self.root, self.base, self.redact = root, base, redact
        self._cache: dict[str, dict[str, str]] = {}

    def __call__(self, path: str) -> dict[str, str]:
        found = self._cache.get(path)
        if found is None:
            uri, base = artifact_uri(self.redact(path), self.root, self.base)
            found = {"uri": uri}
            if base:
                found["uriBaseId"] = base
            self._cache[path] = found
        return dict(found)


def _location(f: Finding, uris: _Uris, redact: Redactor) -> dict[str, Any]:
    location: dict[str, Any] = {}
    logical = []
    if f.loc.is_file:
        physical: dict[str, Any] = {"artifactLocation": uris(f.loc.path)}
        reg = region(f.loc)
        if reg:
            physical["region"] = reg
        location["physicalLocation"] = physical
    else:
        logical.append({"name": redact(f.loc.path), "kind": "resource"})
    if f.key:
        logical.append({"fullyQualifiedName": redact(f.key), "kind": "property"})
    if logical:
        location["logicalLocations"] = logical
    return location


def _fixes(f: Finding, uris: _Uris, redact: Redactor) -> list[dict[str, Any]] | None:
    """A SARIF fix when the replacement has a precise span to replace; None otherwise."""
    fix = f.fix
    if fix is None or fix.replacement is None:
        return None
    loc = fix.loc or f.loc
    reg = region(loc)
    if not loc.is_file or reg is None or "startColumn" not in reg or "endColumn" not in reg:
        return None
    return [{
        "description": {"text": redact(fix.description)},
        "artifactChanges": [{
            "artifactLocation": uris(loc.path),
            "replacements": [{"deletedRegion": reg, "insertedContent": {"text": redact(fix.replacement)}}],
        }],
    }]


def _result(f: Finding, rule_id: str, index: int, fingerprint: str, uris: _Uris,
            redact: Redactor) -> dict[str, Any]:
    text = redact(f.message)
    if f.fix is not None:
        text += f"\nFix: {redact(f.fix.description)}"
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": index,
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": [_location(f, uris, redact)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    fixes = _fixes(f, uris, redact)
    if fixes:
        result["fixes"] = fixes
    props: dict[str, Any] = {"rule": f.rule, "kind": "observed" if f.observed else "static"}
    if f.target:
        props["target"] = redact(f.target)
    result["properties"] = props
    return result


def _kept(findings: list[Finding], limit: int) -> list[Finding]:
    """At most ``limit`` findings, the most severe first, back in report order."""
    if len(findings) <= limit:
        return findings
    order = sorted(range(len(findings)), key=lambda i: (-int(findings[i].severity), i))[:limit]
    return [findings[i] for i in sorted(order)]


def stream(report: "Report", rules: Mapping[str, "Rule"], write: Write, *, color: bool = False,
           root: str = ".", pretty: bool = False, max_results: int = MAX_RESULTS,
           max_gzip_bytes: int = MAX_GZIP_BYTES, **_: Any) -> None:
    """Write the SARIF log to ``write`` piece by piece (see the module docstring)."""
    if pretty:   # a person at a terminal: small enough to indent as a whole
        text = collect(stream, report, rules, root=root, max_results=max_results, max_gzip_bytes=max_gzip_bytes)
        write(json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n")
        return
    redact = Redactor.for_report(report)
    findings = sorted_findings(report.findings)
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in sorted({r.code: r for r in rules.values()}.values(), key=lambda r: r.code):
        index[rule.code] = len(descriptors)
        descriptors.append(rule_descriptor(rule))
    ids = []
    for f in findings:
        rule = rule_for(f, rules)
        code = rule.code if rule is not None else f.code
        if code not in index:
            index[code] = len(descriptors)
            descriptors.append(_unknown_descriptor(f))
        ids.append(code)
    base = source_root(root, (f.loc.path for f in findings if f.loc.is_file))
    uris = _Uris(root, base, redact)
    version = tool_version()
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": TOOL_NAME,
            "fullName": "modelstudio-validator",
            "version": version,
            "semanticVersion": version,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The repository root (the git work tree msv ran in)."}}},
        "columnKind": "unicodeCodePoints",
        "results": _RESULTS,
    }
    indent = None
    skeleton = json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, indent=indent,
                          ensure_ascii=False)
    marker = json.dumps(_RESULTS)
    head, tail = skeleton.split(marker)
    tail = tail.rstrip("]}\n ")   # what follows "results" is closed below, after the summary
    write(head + "[")

    keep = {id(f) for f in _kept(findings, max_results)}
    seen: Counter[str] = Counter()
    gzip = zlib.compressobj(1)
    packed = len(gzip.compress(head.encode("utf-8")))
    written = pending = 0
    flush_every = max(4096, max_gzip_bytes // 16)
    sep = "\n"
    for f, code in zip(findings, ids):
        if id(f) not in keep:
            continue
        fp = finding_fingerprint(f)
        seen[fp] += 1
        if seen[fp] > 1:
            fp = f"{fp}-{seen[fp]}"
        item = json.dumps(_result(f, code, index[code], fp, uris, redact), ensure_ascii=False)
        chunk = sep + item
        data = chunk.encode("utf-8")
        packed += len(gzip.compress(data))
        pending += len(data)
        if pending > flush_every:   # what zlib still buffers is unknown: flush now and then
            packed += len(gzip.flush(zlib.Z_SYNC_FLUSH))
            pending = 0
        if packed + pending > max_gzip_bytes:
            break
        write(chunk)
        written += 1
        sep = ",\n"
    write("\n]")
    left_out = len(findings) - written
    notifications = []
    if left_out:
        notifications.append({
            "level": "warning",
            "message": {"text": f"{left_out} of {len(findings)} results left out: GitHub code scanning accepts "
                                f"at most {max_results:,} results and 10 MB (gzipped) per run; the most "
                                "severe findings were kept. Use --format json or text for all of them."},
            "descriptor": {"id": "msv-truncated"},
        })
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    properties: dict[str, Any] = {
        "catalogue": {"version": report.catalogue_version, "as_of": report.catalogue_as_of},
        "summary": report.summary(),
    }
    if left_out:
        properties["truncated"] = {"results": written, "left_out": left_out}
    rest = {"invocations": [invocation], "properties": properties}
    body = json.dumps(rest, ensure_ascii=False)
    write(tail + ", " + body[1:-1] + "}]}\n")


def document(report: "Report", rules: Mapping[str, "Rule"], root: str = ".") -> dict[str, Any]:
    """The SARIF log as a dict (parsed from what :func:`stream` writes)."""
    return json.loads(render(report, rules, root=root))


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           **kwargs: Any) -> str:
    return collect(stream, report, rules, color=color, root=root, **kwargs)
