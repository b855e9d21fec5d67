"""``msv check``: read configuration files, report what will fail, optionally fix it.

A thin layer over :func:`validator.api.run_check`: parse flags, run, render, pick the exit
code. Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it (with
``--diff``: changes to show); 2 bad usage, bad settings or catalogue extension.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Sequence

import click

from validator.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from validator.report import FORMATS
from validator.vocab import RESIDENCIES

FIX_ROUNDS = 4   # fixes can enable others (a host fix, then the path on it): re-check a few times


def _severity_overrides(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        rule, sep, level = item.partition("=")
        if not sep or not rule.strip() or not level.strip():
            raise UsageError(f"--severity {item!r}: expected RULE=LEVEL (e.g. trial-endpoint=error)")
        out[rule.strip()] = level.strip()
    return out


def _split(values: Sequence[str]) -> tuple[str, ...] | None:
    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    return items or None


def _use_color(no_color: bool, stream: Any) -> bool:
    """One colour rule for the whole CLI: :func:`validator.report.text.should_color`."""
    from validator.report.text import should_color

    return not no_color and should_color(stream)


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to FILE instead of standard output.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules (names, codes or code prefixes; comma-separated; repeatable).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
@click.option("--extend-select", multiple=True, metavar="RULES", help="Enable these rules on top of --select.")
@click.option("--severity", "severity", multiple=True, metavar="RULE=LEVEL",
              help="Override a rule's severity (error, warning, info).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--key-region", metavar="REGION", help="Region the key was created in (cn-beijing, ap-southeast-1…).")
@click.option("--key-plan", metavar="PLAN", help="Plan of the key: payg, coding-plan or token-plan.")
@click.option("--key-workspace", metavar="ID", help="Workspace the key belongs to.")
@click.option("--usage", type=click.Choice(["backend", "interactive"]), default=None,
              help="How the configuration is used.")
@click.option("--residency", type=click.Choice(RESIDENCIES), default=None,
              help="Where inference must stay.")
@click.option("--catalogue", "catalogues", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Catalogue extension file merged over the bundled catalogue (repeatable).")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Settings file to use instead of discovering one.")
@click.option("--isolated", is_flag=True, help="Ignore every settings file.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--diff", is_flag=True, help="Show the fixes as a diff; change nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe.")
@click.option("--list-targets", is_flag=True, help="List the client configurations found; run no rule.")
@click.option("--include-ignored/--no-include-ignored", default=None,
              help="Also check files .gitignore ignores.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Paths or globs not to walk (repeatable).")
@click.option("--max-file-size", type=click.IntRange(min=1), default=None, metavar="BYTES",
              help="Skip files larger than this.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Write the current findings to this baseline file.")
@click.option("--no-color", is_flag=True, help="No colours in text output.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when there is nothing to report.")
def check(paths: tuple[str, ...], fmt: str, output: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], extend_select: tuple[str, ...], severity: tuple[str, ...],
          fail_on: str | None, exit_zero: bool, key_region: str | None, key_plan: str | None,
          key_workspace: str | None, usage: str | None, residency: str | None,
          catalogues: tuple[str, ...], config: str | None, isolated: bool, fix: bool, diff: bool,
          unsafe_fixes: bool, list_targets: bool, include_ignored: bool | None, exclude: tuple[str, ...],
          max_file_size: int | None, baseline: str | None, write_baseline: str | None,
          no_color: bool, quiet: bool) -> None:
    """Check files and folders (default: the current folder) for Model Studio mistakes."""
    from validator.settings import SettingsError

    paths = paths or (".",)
    for p in paths:
        if not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or folder")
    options: dict[str, Any] = dict(
        select=_split(select), ignore=_split(ignore), extend_select=_split(extend_select),
        severity=_severity_overrides(severity), fail_on=fail_on, key_region=key_region, key_plan=key_plan,
        key_workspace=key_workspace, usage=usage, residency=residency, catalogues=catalogues,
        config=config, isolated=isolated, include_ignored=include_ignored, exclude=_split(exclude),
        max_file_size=max_file_size,
    )
    try:
        report, opts, cat = _run(paths, options)
        if list_targets:
            from validator.listing import render_targets

            if fmt not in ("text", "json"):
                raise UsageError(f"--list-targets supports --format text or json, not {fmt}")
            _emit(render_targets(report.targets, fmt, catalogue=cat), output)
            raise click.exceptions.Exit(EXIT_OK)
        if fix or diff:
            code = _fix(paths, options, report, opts, cat, write=fix and not diff, unsafe=unsafe_fixes,
                        show_diff=diff, quiet=quiet)
            if diff:
                raise click.exceptions.Exit(code)
            report, opts, cat = _run(paths, options, cat)
        baselined = 0
        if baseline:
            from validator.baseline import filter_findings, load_baseline

            report.findings, baselined = filter_findings(report.findings, load_baseline(baseline))
        if write_baseline:
            from validator.baseline import write_baseline as write

            write(write_baseline, report.findings)
            if not quiet:
                click.echo(f"msv: wrote {len(report.findings)} finding(s) to {write_baseline}", err=True)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None
    except _CONFIG_ERRORS() as exc:  # bad catalogue extension and the like: exit 2, one line
        raise UsageError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None

    if not (quiet and not report.findings):
        _emit(_render(fmt, report, color=not output and _use_color(no_color, sys.stdout), baselined=baselined), output)
        if output and not quiet:
            from validator.report.text import summary_line

            click.echo(summary_line(report, color=_use_color(no_color, sys.stderr), baselined=baselined), err=True)
    if exit_zero:
        raise click.exceptions.Exit(EXIT_OK)
    raise click.exceptions.Exit(report.exit_code(opts.fail_on))


def _render(fmt: str, report: Any, *, color: bool, baselined: int) -> str:
    """Render with the reporter for ``fmt``, giving it the file texts (for context lines) and
    the number of baselined findings (every reporter accepts both)."""
    from validator.report import render
    from validator.rules.registry import all_rules

    rules = {r.name: r for r in all_rules()}
    return render(fmt, report, rules, color=color, root=".", sources=report.texts, baselined=baselined)


def _CONFIG_ERRORS() -> tuple[type[BaseException], ...]:
    """Exception types that mean bad input to msv itself (catalogue extensions, baselines)."""
    from validator.baseline import BaselineError
    from validator.catalogue.error import CatalogueError

    return (CatalogueError, BaselineError)




def _run(paths: Sequence[str], options: dict[str, Any], cat: Any = None):
    from validator.api import build_options, load_catalogue, resolve_context
    from validator.engine import check as engine_check

    opts = build_options(list(paths), **options)
    cat = cat if cat is not None else load_catalogue(opts)
    resolve_context(opts, cat)
    return engine_check(list(paths), opts, cat), opts, cat


def _emit(text: str, output: str | None) -> None:
    if output:
        from validator.outfile import OutputError, write_text

        try:
            write_text(output, text, what="the report")
        except OutputError as exc:
            raise UsageError(str(exc)) from None
    elif text:
        click.echo(text, nl=not text.endswith("\n"))


def _secrets(report: Any) -> tuple[str, ...]:
    from validator.model import Secret

    found: list[str] = []
    for t in report.targets:
        for v in (t.key, *(o for o in (t.key.overridden if t.key else ()))):
            if v is not None and isinstance(v.value, Secret):
                found.append(v.value.reveal())
    return tuple(found)


def _fix(paths: Sequence[str], options: dict[str, Any], report: Any, opts: Any, cat: Any, *, write: bool,
         unsafe: bool, show_diff: bool, quiet: bool) -> int:
    """Apply (or show) fixes; with ``write``, re-check and fix again until nothing changes."""
    from validator.fix import fix_files, fixable, unified_diff

    applied = 0
    files: set[str] = set()
    results = []
    for _ in range(FIX_ROUNDS if write else 1):
        results = fix_files(report.findings, report.texts, unsafe=unsafe, write=write)
        for r in results:
            if r.error and not quiet:
                click.echo(f"msv: {r.path}: {r.error}", err=True)
        changed = [r for r in results if r.changed and (r.written or not write)]
        if show_diff:
            text = unified_diff(results, _secrets(report))
            if text:
                click.echo(text, nl=False)
            return EXIT_FINDINGS if changed else EXIT_OK
        if not changed:
            break
        applied += sum(len(r.applied) for r in changed)
        files.update(r.path for r in changed)
        report, opts, cat = _run(paths, options, cat)
    if not quiet:
        left_unsafe = sum(1 for f in report.findings if fixable(f, True) and not fixable(f, False))
        msg = f"msv: fixed {applied} finding(s) in {len(files)} file(s)"
        if left_unsafe and not unsafe:
            msg += f"; {left_unsafe} more with --unsafe-fixes"
        click.echo(msg, err=True)
    return EXIT_OK
