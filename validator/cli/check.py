"""``msv check``: read configuration files, report what will fail, optionally fix it.

Only the flags live here: the check itself is :func:`validator.cli.run.run_check`, which the
click-free fast path for ``msv check FILE…`` runs too. Exit codes: 0 nothing at or above
``--fail-on``; 1 findings at or above it (with ``--diff``: changes to show); 2 bad usage, bad
settings or catalogue extension.
"""

from __future__ import annotations

import click

from validator.cli import UsageError
from validator.cli.run import CheckUsageError, run_check
from validator.cli.run import config_errors as _CONFIG_ERRORS  # noqa: F401 - probe.py imports it from here
from validator.report import FORMATS
from validator.vocab import RESIDENCIES


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--output-format", "output_format", type=click.Choice(sorted({*FORMATS, "full"})), default=None,
              help="Same as --format (ruff's spelling); `full` is text, `concise` one line per finding.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--force-exclude", is_flag=True,
              help="Apply `exclude` settings and --exclude to paths given by name too (for pre-commit).")
@click.option("--step-summary", "step_summary", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Also append a Markdown summary (counts per rule, first findings with links) to FILE, "
                   "e.g. $GITHUB_STEP_SUMMARY.")
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
@click.option("--color", "color_mode", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colours in text output: on a terminal only (auto), always (CI logs "
                                      "that render ANSI), or never. NO_COLOR and FORCE_COLOR count in auto.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when there is nothing to report.")
def check(paths: tuple[str, ...], fmt: str, output_format: str | None, statistics: bool, force_exclude: bool,
          step_summary: str | None, output: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], extend_select: tuple[str, ...], severity: tuple[str, ...],
          fail_on: str | None, exit_zero: bool, key_region: str | None, key_plan: str | None,
          key_workspace: str | None, usage: str | None, residency: str | None,
          catalogues: tuple[str, ...], config: str | None, isolated: bool, fix: bool, diff: bool,
          unsafe_fixes: bool, list_targets: bool, include_ignored: bool | None, exclude: tuple[str, ...],
          max_file_size: int | None, baseline: str | None, write_baseline: str | None,
          no_color: bool, color_mode: str, quiet: bool) -> None:
    """Check files and folders (default: the current folder) for Model Studio mistakes."""
    kw = dict(locals())
    try:
        code = run_check(**kw, echo=click.echo)
    except CheckUsageError as exc:
        raise UsageError(str(exc)) from None
    raise click.exceptions.Exit(code)
