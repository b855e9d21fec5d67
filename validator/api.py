"""The Python API behind ``msv check``: options in, :class:`validator.engine.Report` out.

``run_check(paths, **options)`` is what :func:`validator.check` and the CLI call. Keyword
options mirror the CLI flags (``select``, ``ignore``, ``key_region``…); settings discovered
from the checked paths (``[tool.msv]``, ``.msv.toml``, ``msv.toml``) fill what the caller did
not give. Explicit options win: ``select`` replaces the settings' list, ``ignore``,
``extend_select``, ``exclude``, ``per_path_ignores`` and ``catalogues`` add to them, ``severity``
overrides merge. Bad options raise :class:`validator.settings.SettingsError` (one line).
"""

from __future__ import annotations

import os

from validator.engine import Report
from validator.model import Severity
from validator.selection import Context, Options, unknown_selectors
from validator.settings import Settings, SettingsError, discover
from validator.vocab import RESIDENCIES, USAGES

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable, Mapping, Sequence

    from validator.catalogue.index import Catalogue

PLANS = {"payg": "payg", "pay-as-you-go": "payg", "general": "payg",
         "coding-plan": "coding-plan", "coding": "coding-plan",
         "token-plan": "token-plan", "token": "token-plan"}

_LIST_OPTIONS = ("ignore", "extend_select", "exclude", "catalogues")
_SCALARS = ("fail_on", "include_ignored", "max_file_size", "key_region", "key_plan", "key_workspace",
            "usage", "residency")
KNOWN = {"select", "severity", "per_path_ignores", "use_environment", "respect_suppressions", "jobs", "force_exclude",
         "git_state",
         "config", "isolated", "catalogue", *_LIST_OPTIONS, *_SCALARS}


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def _severity(value: Any, what: str) -> Severity:
    if isinstance(value, Severity):
        return value
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise SettingsError(f"{what}: {exc}") from None


def _expand_severity(overrides: Mapping[str, Any], where: str) -> dict[str, Severity]:
    """Selector (name, code, prefix) -> level, expanded to rule names."""
    from validator.rules import all_rules
    from validator.selection import _matches

    out: dict[str, Severity] = {}
    for selector, level in overrides.items():
        matched = [r for r in all_rules() if _matches(r, (selector,))]
        if not matched:
            raise SettingsError(f"{where}: severity: unknown rule `{selector}` (see `msv rules`)")
        for r in matched:
            out[r.name] = _severity(level, f"{where}: severity {selector}")
    return out


def _relative(root: str, values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v if os.path.isabs(v) else os.path.normpath(os.path.join(root, v)) for v in values)


def build_options(paths: Sequence[str], **kw: Any) -> Options:
    """Merge settings discovered for ``paths`` with explicit options (see module doc)."""
    unknown = set(kw) - KNOWN
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    settings: Settings = discover(paths, kw.get("config"), bool(kw.get("isolated")))
    sv = settings.values
    where = str(settings.path) if settings.path else "options"
    root = settings.folder

    select = _tuple(kw["select"]) if kw.get("select") is not None else _tuple(sv.get("select"))
    lists = {name: _tuple(sv.get(name)) + _tuple(kw.get(name)) for name in _LIST_OPTIONS}
    # The trust boundary (validator.trust): extensions named by the repository's settings are
    # untrusted and kept apart; the caller's and the user config's are trusted.
    from validator.trust import user_catalogues

    lists["catalogues"] = user_catalogues() + _tuple(kw.get("catalogues"))
    repo_catalogues = _relative(root, _tuple(sv.get("catalogues"))) if settings.path is not None else ()
    for name, selectors in (("select", select), ("ignore", lists["ignore"]),
                            ("extend-select", lists["extend_select"])):
        bad = unknown_selectors(selectors)
        if bad:
            raise SettingsError(f"{_origin(settings, sv, kw, name)}{name}: unknown rule `{bad[0]}`"
                                f"{_rule_hint(bad[0])} (see `msv rules`)")

    severity = _expand_severity(sv.get("severity") or {}, where)
    severity.update(_expand_severity(kw.get("severity") or {}, "--severity"))

    per_path: dict[str, tuple[str, ...]] = {}
    for pattern, selectors in {**(sv.get("per_path_ignores") or {}), **(kw.get("per_path_ignores") or {})}.items():
        sel = _tuple(selectors)
        bad = unknown_selectors(sel)
        if bad:
            raise SettingsError(f"{where}: per-path-ignores {pattern}: unknown rule `{bad[0]}`")
        per_path[pattern] = per_path.get(pattern, ()) + sel

    def pick(name: str) -> Any:
        return kw[name] if kw.get(name) is not None else sv.get(name)

    fail_on = _severity(pick("fail_on"), "fail-on") if pick("fail_on") is not None else Severity.ERROR
    context = Context(
        key_region=pick("key_region"),
        key_plan=_plan(pick("key_plan")),
        key_workspace=pick("key_workspace"),
        usage=_choice(pick("usage"), USAGES, "usage"),
        residency=_choice(pick("residency"), RESIDENCIES, "residency"),
    )
    options = Options(
        select=select, ignore=lists["ignore"], extend_select=lists["extend_select"], severity=severity,
        per_path_ignores=per_path, fail_on=fail_on, context=context, catalogues=lists["catalogues"],
        include_ignored=bool(pick("include_ignored")), exclude=lists["exclude"],
        settings_root=root if settings.path is not None else None, repo_catalogues=repo_catalogues,
        settings_file=str(settings.path) if settings.path is not None else None,
    )
    if pick("max_file_size") is not None:
        size = int(pick("max_file_size"))
        if size <= 0:
            raise SettingsError("max-file-size: must be a positive number of bytes")
        options.max_file_size = size
    for name in ("use_environment", "respect_suppressions", "jobs", "force_exclude", "git_state"):
        if kw.get(name) is not None:
            setattr(options, name, kw[name])
    return options


def _origin(settings: Settings, sv: dict[str, Any], kw: dict[str, Any], name: str) -> str:
    """``pyproject.toml:3: `` when the bad value came from the settings file, else ""."""
    key = name.replace("-", "_")
    given = kw.get(key)
    if settings.path is None or (given is not None and not sv.get(key)):
        return ""
    from validator.settings import _line_of, _show

    line = _line_of(settings.path, name)
    return f"{_show(settings.path)}{':' + str(line) if line else ''}: "


def _rule_hint(word: str) -> str:
    from validator.rules import all_rules
    from validator.settings import did_you_mean

    rules = all_rules()
    return did_you_mean(word, [r.name for r in rules])


def _plan(value: str | None) -> str | None:
    if value is None:
        return None
    plan = PLANS.get(str(value).strip().lower())
    if plan is None:
        raise SettingsError(f"key-plan: unknown plan `{value}` (expected payg, coding-plan or token-plan)")
    return plan


def _choice(value: str | None, allowed: tuple[str, ...], name: str) -> str | None:
    if value is None:
        return None
    v = str(value).strip().lower()
    if v not in allowed:
        raise SettingsError(f"{name}: `{value}` is not one of {', '.join(allowed)}")
    return v


def resolve_context(options: Options, catalogue: "Catalogue") -> None:
    """Check the declared key region against the catalogue and spell it as a region id."""
    region = options.context.key_region
    if region is None:
        return
    found = catalogue.region(region)
    if found is None:
        known = ", ".join(r.id for r in catalogue.regions())
        raise SettingsError(f"key-region: unknown region `{region}` (known: {known})")
    if found.id != region:
        from dataclasses import replace

        options.context = replace(options.context, key_region=found.id)


def load_catalogue(options: Options) -> "Catalogue":
    from validator.catalogue import load

    root = options.settings_root or "."
    return load(options.catalogues, [(p, root) for p in options.repo_catalogues])


def run_check(paths: Sequence[str] = (".",), **kw: Any) -> Report:
    """Check ``paths``; return the report (never prints, never exits)."""
    from validator.engine import check

    catalogue = kw.pop("catalogue", None)
    options = build_options(list(paths), **kw)
    cat = catalogue if catalogue is not None else load_catalogue(options)
    resolve_context(options, cat)
    return check(list(paths), options, cat)
