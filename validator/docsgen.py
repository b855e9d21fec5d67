"""Render rule documentation: ``msv rules``, ``msv explain`` and ``docs/rules.md``.

The rule docstrings are the single source; ``docs/rules.md`` is generated from them
(``python -m validator.docsgen --write``) and a test fails when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable

    from validator.rules.registry import Rule

FAMILIES = {
    "endpoint": "Endpoint and URL (MS1xx)",
    "credentials": "Credentials and plans (MS2xx)",
    "models": "Models and features (MS3xx)",
    "features": "Models and features (MS3xx)",
    "probe": "Live probe (MS4xx)",
    "input": "Input and tool problems (MS9xx)",
}


def rule_dict(rule: "Rule") -> dict[str, Any]:
    """The public JSON shape of a rule (``msv rules --format json``, ``msv explain --format json``)."""
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": str(rule.severity),
        "family": rule.family,
        "summary": rule.summary,
        "fixable": rule.fixable,
        "ignorable": rule.ignorable,
        "default": rule.default,
        "kind": "observed" if rule.family == "probe" else "static",
        "url": rule.doc_url,
        "doc": rule.doc,
    }


def table(rules: Iterable["Rule"]) -> str:
    """``msv rules`` as aligned text: code, name, severity, fix, summary."""
    rows = [(r.code, r.name, str(r.severity), r.fixable or "-", r.summary) for r in rules]
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        head = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4]))
        lines.append(f"{head}  {row[4]}")
    return "\n".join(lines) + "\n"


def page(rule: "Rule") -> str:
    """``msv explain NAME``: the rule's documentation page as text (Markdown)."""
    facts = [f"severity: {rule.severity}", f"family: {rule.family}"]
    facts.append(f"fix: {rule.fixable}" if rule.fixable else "fix: manual")
    if not rule.ignorable:
        facts.append("cannot be suppressed inline")
    if not rule.default:
        facts.append(f"opt-in: enable with --extend-select {rule.name}")
    return (f"# {rule.code} {rule.name}\n\n{rule.summary}\n\n({'; '.join(facts)})\n\n"
            f"{rule.doc.strip()}\n\nReference: {rule.doc_url}\n")


def _shift_headings(doc: str) -> str:
    """Rule pages use ``##`` sections; inside docs/rules.md they sit under a ``###`` title."""
    out = []
    fenced = False
    for line in doc.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = "##" + line
        out.append(line)
    return "\n".join(out)


def markdown(rules: Iterable["Rule"]) -> str:
    """The whole of ``docs/rules.md``."""
    rules = list(rules)
    out = [
        "# Rules",
        "",
        "<!-- Generated from the rule docstrings by `python -m validator.docsgen --write`. Do not edit. -->",
        "",
        "Every finding names its rule by code and name. Select or ignore rules by either, or by a code",
        "prefix (`--select MS1`, `--ignore trial-endpoint`); silence one line with a",
        "`msv: ignore[rule-name]` comment; see `msv explain NAME` for any page below.",
        "",
        "Rules marked *opt-in* are not in the default selection (like ruff's non-default rules): enable",
        "them with `--extend-select NAME` or `extend-select = [\"NAME\"]` in `[tool.msv]`. Every finding",
        "line in the text output starts with its severity (`error`, `warning`, `info`); each code has",
        "one severity.",
        "",
        "Old selectors keep working: `deprecated-endpoint` / `MS106` once covered the shared-domain",
        "advice and Codex's removed `wire_api = \"chat\"`, which are now `shared-endpoint` (MS108,",
        "opt-in) and `removed-setting` (MS109); naming the old rule in `--select`, `--extend-select`,",
        "`--ignore`, `per-path-ignores`, `severity` or `msv: ignore[...]` still covers all three.",
        "",
        "| code | name | severity | fix | summary |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        summary = r.summary.replace("|", "\\|")
        opt = " (opt-in)" if not r.default else ""
        out.append(f"| {r.code} | [`{r.name}`](#{r.name}){opt} | {r.severity} | {r.fixable or '-'} | {summary} |")
    current = None
    for r in rules:
        family = FAMILIES.get(r.family, r.family)
        if family != current:
            out += ["", f"## {family}"]
            current = family
        flags = [f"**{r.severity}**", f"fix: {r.fixable}" if r.fixable else "fix: manual"]
        if not r.ignorable:
            flags.append("cannot be suppressed inline")
        if not r.default:
            flags.append(f"opt-in: `--extend-select {r.name}`")
        out += ["", f'<a id="{r.name}"></a>', f"### {r.code} `{r.name}`", "", r.summary, "",
                " · ".join(flags), "", _shift_headings(r.doc.strip())]
    return "\n".join(out) + "\n"


def docs_path() -> Path:
    return Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def main(argv: list[str]) -> int:
    from validator.rules import all_rules

    text = markdown(all_rules())
    if argv[:1] == ["--write"]:
        docs_path().write_text(text, encoding="utf-8")
    elif argv[:1] == ["--check"]:
        current = docs_path().read_text(encoding="utf-8") if docs_path().exists() else ""
        if current != text:
            sys.stderr.write("docs/rules.md is out of date: run python -m validator.docsgen --write\n")
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
