"""What the user chose: options, declared context, which rules run, path patterns, findings.

The CLI, ``[tool.msv]`` settings and the Python API fill :class:`Options`; the engine, the
walk (``--exclude``), suppressions and the probe read it. Keeping it apart from the engine
means nothing below the engine imports the engine (no import cycle, and no arrow pointing back
up): :mod:`validator.engine` is the pipeline only.
"""

from __future__ import annotations

from validator.model import (
    Finding,
    Hit,
    Location,
    Origin,
    Severity,
    Target,
    Value,
    value_hash,
)
from validator.record import field, record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable

    from validator.rules.registry import Rule


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
    catalogues: tuple[str, ...] = ()     # trusted extensions: --catalogue, the API, the user config
    repo_catalogues: tuple[str, ...] = ()   # named by the repository's settings: untrusted (validator.trust)
    include_ignored: bool = False
    exclude: tuple[str, ...] = ()
    force_exclude: bool = False          # exclude applies to files given by name too (pre-commit)
    max_file_size: int = 2 * 1024 * 1024
    use_environment: bool = False       # read the process environment (diagnose does)
    jobs: int = 0                        # 0: as many as pays
    # Ask git about files named on the command line even when no key was found (the one thing
    # that needs it: hardcoded-secret). ``--list-targets`` shows it, so it asks.
    git_state: bool = False
    respect_suppressions: bool = True
    settings_root: str | None = None     # folder of the settings file: per-path-ignores are relative to it
    settings_file: str | None = None     # the settings file itself (where a refused setting is reported)


# --------------------------------------------------------------------------- selection


def _matches(rule: "Rule", selectors: Iterable[str]) -> bool:
    from validator.rules.registry import redirected

    for s in selectors:
        s = s.strip()
        if not s:
            continue
        if s.upper() == "ALL" or rule.name == s or rule.code.startswith(s.upper()) or rule.name in redirected(s):
            return True
    return False


def selected_rules(options: Options) -> list["Rule"]:
    """The rules this run enables: ``--select`` (default: every rule not opt-in), plus
    ``--extend-select``, minus ``--ignore``."""
    from validator.rules import all_rules

    rules = all_rules()
    chosen = [r for r in rules if (_matches(r, options.select) if options.select else r.default)]
    names = {r.name for r in chosen}   # names are unique: a set, not ``r not in chosen`` (a record == per pair)
    chosen += [r for r in rules if r.name not in names and _matches(r, options.extend_select)]
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
    import fnmatch   # only a run with exclude or per-path-ignores patterns matches paths

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


# --------------------------------------------------------------------------- findings


def to_finding(rule: "Rule", hit: Hit, target: Target | None, options: Options) -> Finding:
    at = hit.at
    if isinstance(at, Value) and at.loc is None and at.origin is Origin.DEFAULT and target is not None \
            and target.key is not None and target.key.loc is not None and target.key.loc.is_file:
        # a client default (the DashScope SDK's host) is used because of the key written there
        loc = target.key.loc
        raw = at.raw if at.raw is not None else at.value
    elif isinstance(at, Value):
        loc = at.loc or (target.origin if target else Location("<unknown>"))
        raw = at.raw if at.raw is not None else at.value
    else:
        loc = at or (target.origin if target else Location("<unknown>"))
        raw = None
    severity = (options.severity.get(rule.name) or options.severity.get(rule.code)
                or next((sev for sel, sev in options.severity.items() if rule.name in _redirects(sel)), None)
                or hit.severity or rule.severity)
    if target is not None and severity > Severity.WARNING and _documentation(target.origin.path):
        severity = Severity.WARNING   # an example in a README is about documentation: never an error
    key = hit.key or ""
    fp = value_hash(f"{rule.name}\0{loc.path}\0{key}\0{value_hash(raw)}\0{'' if raw is not None else hit.message}")
    return Finding(rule.name, rule.code, severity, hit.message, loc, hit.fix, hit.observed,
                   target.name if target else None, key or None, fp)


def _redirects(selector: str) -> tuple[str, ...]:
    from validator.rules.registry import redirected

    return redirected(selector)


def _documentation(path: str) -> bool:
    return path.lower().endswith((".md", ".mdx", ".markdown"))
