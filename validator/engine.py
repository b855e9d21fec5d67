"""The engine: the pipeline only — collect, apply context, run rules, dedupe, suppressions.

What the user chose (:class:`Options`, :class:`Context`, rule selection, path patterns, the
finding a hit becomes) lives in :mod:`validator.selection`, which everyone below the engine
imports instead of the engine; the names are re-exported here for callers of the old spelling.
It knows rules only through the registry and sources only through
:func:`validator.sources.collect`. Everything here is pure apart from what ``collect`` reads.
"""

from __future__ import annotations

from validator.model import Finding, Hit, Location, Origin, Severity, Target, Value
from validator.record import field, record, replace
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

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable, Sequence

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
    catalogue_origin: str = "bundled"    # or "downloaded (path)": the verified `msv catalogue update` copy

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


# Rules about how a target's definitions compete, not about one value: a losing definition
# run through them alone would only repeat (or contradict) what the whole target says.
_RESOLUTION_RULES = frozenset({"conflicting-credentials", "missing-key"})


def _losing(target: Target) -> Iterable[tuple[Target, Value, Value]]:
    """(target with one losing definition in place of the winner, that definition, the winner).

    Every definition is checked where it is written, even when another wins at run time: a typo
    host in the ``.env`` a shell export shadows still breaks the day the export goes away.
    """
    for name in ("base_url", "key"):
        winner = getattr(target, name)
        if winner is None:
            continue
        for lost in winner.overridden:
            if lost.loc is None or not lost.loc.is_file or lost.value is None or lost.loc == winner.loc:
                continue
            yield replace(target, **{name: replace(lost, overridden=(), via=None)}), lost, winner
    for i, winner in enumerate(target.models):
        for lost in winner.overridden:
            if lost.loc is None or not lost.loc.is_file or lost.value is None or lost.loc == winner.loc:
                continue
            models = list(target.models)
            models[i] = replace(lost, overridden=(), via=None)
            yield replace(target, models=models), lost, winner


def _wins(winner: Value) -> str:
    name = f"`{winner.variable}`" if winner.variable else "another definition"
    where = f" at {winner.loc}" if winner.loc is not None and winner.loc.is_file else \
        " (the client's default)" if winner.origin is Origin.DEFAULT else ""
    return f" (this definition loses at run time: {name}{where} wins)"


def _blank(v: Value | None, path: str) -> bool:
    raw = v.text if v is not None else None
    return v is not None and v.loc is not None and v.loc.path == path and isinstance(raw, str) and not raw.strip()


def mark_blank_templates(targets: Sequence[Target]) -> None:
    """A file listing several providers, every key left blank, is a template to fill in
    (``providers: {openai: {api_key: ""}, dashscope: {api_key: ""}}``): note it on its targets."""
    from validator.notes import Note
    from validator.rules._common import TEMPLATE_NOTE

    by_file: dict[str, list[Target]] = {}
    for t in targets:
        if t.key is not None and t.key.loc is not None and t.key.loc.path == t.origin.path:
            by_file.setdefault(t.origin.path, []).append(t)
    for path, group in by_file.items():
        if len(group) >= 2 and all(_blank(t.key, path) for t in group):
            for t in group:
                if not any(n.startswith(TEMPLATE_NOTE + ":") for n in t.notes):
                    t.notes.append(Note(TEMPLATE_NOTE, f"every key in {path} is blank"))


def _applies(rule: "Rule", target: Target, template: bool) -> bool:
    """Templates (.env.example, a provider list with every key blank) get only the rules that
    make sense there (``Rule.templates``: typos and real keys); empty values are expected."""
    return (rule.check is not None and str(target.kind) in rule.kinds
            and (rule.templates or not template))


def run_rules(targets: Sequence[Target], catalogue: "Catalogue", rules: Sequence["Rule"],
              options: Options) -> list[Finding]:
    from validator.rules._common import is_template_target

    findings: list[Finding] = []
    shadowed: list[Finding] = []
    mark_blank_templates(targets)
    # the rules that apply to a kind of target, worked out once per kind (not per target and rule)
    applicable: dict[tuple[str, bool], list["Rule"]] = {}
    for target in targets:
        template = is_template_target(target)
        shape = (str(target.kind), template)
        these = applicable.get(shape)
        if these is None:
            these = applicable[shape] = [r for r in rules if _applies(r, target, template)]
        for rule in these:
            for hit in rule.check(target, catalogue):  # type: ignore[misc]
                f = to_finding(rule, hit, target, options)
                if not ignored_for_path(f.loc.path, rule, options):
                    findings.append(f)
        for shadow, lost, winner in _losing(target):
            for rule in these:
                if rule.name in _RESOLUTION_RULES or rule.observes:
                    continue
                for hit in rule.check(shadow, catalogue):  # type: ignore[misc]
                    f = to_finding(rule, hit, shadow, options)
                    if f.loc == lost.loc and not ignored_for_path(f.loc.path, rule, options):
                        shadowed.append(replace(f, message=f.message + _wins(winner)))
    primary = {(f.rule, f.loc) for f in findings}
    findings.extend(f for f in shadowed if (f.rule, f.loc) not in primary)
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


def unknown_declared_regions(targets: Sequence[Target], catalogue: "Catalogue", options: Options) -> list[Finding]:
    """A ``key.region`` written in a file that names no catalogue region: the same error as
    ``--key-region`` on the command line, as a finding at the value (else the region checks
    would be silently off)."""
    from validator.rules import get

    rule = get("parse-error")
    out: list[Finding] = []
    for target in targets:
        value = target.key_region
        if rule is None or value is None or value.loc is None or not value.loc.is_file:
            continue
        if not isinstance(value.value, str) or catalogue.region(value.value) is not None:
            continue
        import difflib

        ids = [r.id for r in catalogue.regions()]
        close = difflib.get_close_matches(value.value, ids, n=1, cutoff=0.8)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        message = f"key.region: unknown region `{value.value}`{hint} (known: {', '.join(ids)})"
        if not ignored_for_path(value.loc.path, rule, options):
            out.append(to_finding(rule, Hit(message, value), target, options))
    return out


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
            findings.append(to_finding(rule, Hit(problem.message, problem.loc, severity=problem.severity), None, options))
    if "parse-error" in enabled:
        findings += unknown_declared_regions(targets, cat, options)
    findings = dedupe(findings)
    suppressed = 0
    # the same cheap test ``suppressions.parse`` starts with: no directive, nothing to import
    if options.respect_suppressions and any("msv:" in t or "MSV:" in t.upper() for t in collected.texts.values()):
        from validator.suppressions import apply_suppressions

        findings, suppressed = apply_suppressions(findings, collected.texts, rules, options)
    return Report(findings, targets, collected.files, cat.version, cat.as_of, suppressed,
                  dict(collected.texts), getattr(cat, "origin", "bundled"))
