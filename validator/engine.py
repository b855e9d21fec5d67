"""The engine: selection, context, running rules, suppressions, ordering, exit code.

It knows rules only through the registry and sources only through
:func:`validator.sources.collect`. Everything here is pure apart from what ``collect`` reads.
"""

from __future__ import annotations

import fnmatch
from dataclasses import field, replace
from typing import TYPE_CHECKING, Iterable, Sequence

from validator.model import Finding, Hit, Location, Origin, Severity, Target, Value, value_hash
from validator.record import record

if TYPE_CHECKING:
    from validator.catalogue.index import Catalogue
    from validator.rules.registry import Rule
    from validator.sources import Collected


@record(frozen=True)
class Context:
    """What the user declares about the key and its use (CLI flags, config, modelstudio.yaml)."""

    key_region: str | None = None
    key_plan: str | None = None
    key_workspace: str | None = None
    usage: str | None = None
    residency: str | None = None


@record
class Options:
    """Everything that shapes a check. The CLI, ``[tool.msv]`` and the Python API fill it."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    context: Context = field(default_factory=Context)
    catalogues: tuple[str, ...] = ()
    include_ignored: bool = False
    exclude: tuple[str, ...] = ()
    max_file_size: int = 2 * 1024 * 1024
    use_environment: bool = False       # read the process environment (diagnose does)
    jobs: int = 0                        # 0: as many as pays
    respect_suppressions: bool = True
    settings_root: str | None = None     # folder of the settings file: per-path-ignores are relative to it


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


# --------------------------------------------------------------------------- selection


def _matches(rule: "Rule", selectors: Iterable[str]) -> bool:
    for s in selectors:
        s = s.strip()
        if not s:
            continue
        if s.upper() == "ALL" or rule.name == s or rule.code.startswith(s.upper()):
            return True
    return False


def selected_rules(options: Options) -> list["Rule"]:
    """The rules this run enables: ``--select`` (default all), plus ``--extend-select``, minus ``--ignore``."""
    from validator.rules import all_rules

    rules = all_rules()
    chosen = [r for r in rules if not options.select or _matches(r, options.select)]
    chosen += [r for r in rules if r not in chosen and _matches(r, options.extend_select)]
    return [r for r in chosen if not _matches(r, options.ignore)]


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    """The selectors that name no rule (a typo in ``--ignore`` must not pass silently)."""
    selectors = [s for s in selectors if s.strip()]
    if not selectors:   # the usual case: nothing to resolve (the rules are resolved once, by selected_rules)
        return []
    from validator.rules import all_rules

    rules = all_rules()
    return [s for s in selectors if not any(_matches(r, (s,)) for r in rules)]


def _path_forms(path: str, root: str | None) -> list[str]:
    """``path`` as displayed, and relative to the settings folder when it lies below it."""
    import os

    forms = [path]
    if root and not path.startswith("<"):
        try:
            rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
        except ValueError:
            rel = ""
        if rel and not rel.startswith(".."):
            forms.append(rel)
    return forms


def path_matches(path: str, pattern: str, root: str | None = None) -> bool:
    """Glob match; ``dir/`` matches everything below ``dir``; ``*`` crosses folders."""
    pattern = pattern.replace("\\", "/")
    for form in _path_forms(path, root):
        if pattern.endswith("/"):
            if form.startswith(pattern) or ("/" + pattern) in ("/" + form):
                return True
        elif fnmatch.fnmatch(form, pattern) or fnmatch.fnmatch(form, pattern.rstrip("/") + "/*"):
            return True
    return False


def ignored_for_path(path: str, rule: "Rule", options: Options) -> bool:
    return any(
        _matches(rule, selectors) and path_matches(path, pattern, options.settings_root)
        for pattern, selectors in options.per_path_ignores.items()
    )


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


def to_finding(rule: "Rule", hit: Hit, target: Target | None, options: Options) -> Finding:
    at = hit.at
    if isinstance(at, Value):
        loc = at.loc or (target.origin if target else Location("<unknown>"))
        raw = at.raw if at.raw is not None else at.value
    else:
        loc = at or (target.origin if target else Location("<unknown>"))
        raw = None
    severity = options.severity.get(rule.name) or options.severity.get(rule.code) or hit.severity or rule.severity
    key = hit.key or ""
    fp = value_hash(f"{rule.name}\0{loc.path}\0{key}\0{value_hash(raw)}\0{'' if raw is not None else hit.message}")
    return Finding(rule.name, rule.code, severity, hit.message, loc, hit.fix, hit.observed,
                   target.name if target else None, key or None, fp)


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


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (rule, location, message): the same value seen by two targets reports once."""
    seen: dict[tuple, Finding] = {}
    for f in findings:
        seen.setdefault((f.rule, f.loc, f.message), f)
    return sorted(seen.values(), key=Finding.sort_key)


def check(paths: Sequence[str], options: Options | None = None, catalogue: "Catalogue | None" = None) -> Report:
    """Read ``paths``, run the selected rules, return the report (no output, no exit)."""
    from validator import catalogue as catalogue_mod
    from validator.rules import get
    from validator.sources import collect

    options = options or Options()
    cat = catalogue or catalogue_mod.load(options.catalogues)
    collected: "Collected" = collect(paths, options, cat)
    rules = selected_rules(options)
    enabled = {r.name for r in rules}
    targets = [apply_context(t, options.context) for t in collected.targets]
    findings = run_rules(targets, cat, rules, options)
    for problem in collected.problems:
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
