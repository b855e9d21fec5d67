"""The engine: the pipeline only — collect, apply context, run rules, dedupe, suppressions.

What the user chose (:class:`Options`, :class:`Context`, rule selection, path patterns, the
finding a hit becomes) lives in :mod:`validator.selection`, which everyone below the engine
imports instead of the engine; the names are re-exported here for callers of the old spelling.
It knows rules only through the registry and sources only through
:func:`validator.sources.collect`. Everything here is pure apart from what ``collect`` reads.
"""

from __future__ import annotations

from dataclasses import field, replace
from typing import TYPE_CHECKING, Iterable, Sequence

from validator.model import Finding, Hit, Location, Origin, Severity, Target, Value
from validator.record import record
from validator.selection import (  # noqa: F401  (re-exported: the public spelling since 0.1)
    Context,
    Options,
    _matches,
    ignored_for_path,
    path_matches,
    selected_rules,
    to_finding,
    unknown_selectors,
)

if TYPE_CHECKING:
    from validator.catalogue.index import Catalogue
    from validator.rules.registry import Rule
    from validator.sources import Collected
    from validator.sources.base import Problem


@record
class Report:
    findings: list[Finding]
    targets: list[Target]
    files: int
    catalogue_version: str
    catalogue_as_of: str
    suppressed: int = 0
    texts: dict[str, str] = field(default_factory=dict)   # display path -> text read (fixes, context lines)

    def exit_code(self, fail_on: Severity) -> int:
        return 1 if any(f.severity >= fail_on for f in self.findings) else 0

    def summary(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            counts[str(f.severity)] += 1
        counts["files"] = self.files
        counts["targets"] = len(self.targets)
        counts["suppressed"] = self.suppressed
        return counts


# --------------------------------------------------------------------------- context


def apply_context(target: Target, ctx: Context) -> Target:
    """Fill declared context the target does not state itself (the file wins over flags)."""
    cli = Location("<cli>")
    updates = {}
    for name in ("key_region", "key_plan", "key_workspace", "usage", "residency"):
        given = getattr(ctx, name)
        if given is not None and getattr(target, name) is None:
            updates[name] = Value(given, cli, Origin.DECLARED)
    return replace(target, **updates) if updates else target


# --------------------------------------------------------------------------- findings


def run_rules(targets: Sequence[Target], catalogue: "Catalogue", rules: Sequence["Rule"],
              options: Options) -> list[Finding]:
    findings: list[Finding] = []
    for target in targets:
        for rule in rules:
            if rule.check is None or str(target.kind) not in rule.kinds:
                continue
            for hit in rule.check(target, catalogue):
                f = to_finding(rule, hit, target, options)
                if not ignored_for_path(f.loc.path, rule, options):
                    findings.append(f)
    return findings


def observed_findings(targets: Sequence[Target], catalogue: "Catalogue", options: Options | None = None
                      ) -> list[Finding]:
    """After a probe: the findings of the rules over observations (``Rule.observes``), run by the
    same loop as every other rule, with the same selection and severity overrides."""
    options = options or Options()
    rules = [r for r in selected_rules(options) if r.observes]
    return run_rules(targets, catalogue, rules, options)


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (rule, location, message): the same value seen by two targets reports once."""
    seen: dict[tuple, Finding] = {}
    for f in findings:
        seen.setdefault((f.rule, f.loc, f.message), f)
    return sorted(seen.values(), key=Finding.sort_key)


def _skipped_extensions(cat: "Catalogue", options: Options) -> list["Problem"]:
    """The repository's catalogue extensions msv refused (:mod:`validator.trust`), as findings.

    A refusal inside the extension is reported at its line; one of the file itself (outside the
    repository, a FIFO, too large: ``line`` 0) at the settings file, so no report ever shows a
    line of a file msv refused to read."""
    import os

    from validator.sources.base import Problem

    settings = os.path.relpath(options.settings_file) if options.settings_file else "<settings>"
    out = []
    for e in getattr(cat, "skipped", ()):
        if e.line > 0:
            out.append(Problem("untrusted-setting", f"catalogue extension skipped: {e.message}",
                               Location(e.path, e.line, max(e.column, 1))))
        else:
            out.append(Problem("untrusted-setting", f"catalogue extension {e.path} skipped: {e.message}",
                               Location(settings, 1, 1)))
    return out


def check(paths: Sequence[str], options: Options | None = None, catalogue: "Catalogue | None" = None) -> Report:
    """Read ``paths``, run the selected rules, return the report (no output, no exit)."""
    from validator import catalogue as catalogue_mod
    from validator.rules import get
    from validator.sources import collect

    options = options or Options()
    cat = catalogue or catalogue_mod.load(
        options.catalogues, [(p, options.settings_root or ".") for p in options.repo_catalogues])
    collected: "Collected" = collect(paths, options, cat)
    rules = selected_rules(options)
    enabled = {r.name for r in rules}
    targets = [apply_context(t, options.context) for t in collected.targets]
    findings = run_rules(targets, cat, rules, options)
    for problem in [*_skipped_extensions(cat, options), *collected.problems]:
        rule = get(problem.rule)
        if rule is not None and rule.name in enabled and not ignored_for_path(problem.loc.path, rule, options):
            findings.append(to_finding(rule, Hit(problem.message, problem.loc), None, options))
    findings = dedupe(findings)
    suppressed = 0
    # the same cheap test ``suppressions.parse`` starts with: no directive, nothing to import
    if options.respect_suppressions and any("msv:" in t or "MSV:" in t.upper() for t in collected.texts.values()):
        from validator.suppressions import apply_suppressions

        findings, suppressed = apply_suppressions(findings, collected.texts, rules, options)
    return Report(findings, targets, collected.files, cat.version, cat.as_of, suppressed,
                  dict(collected.texts))
