"""``msv diagnose``: the 401 doctor.

Shows each client's effective configuration (environment, the working directory, and the
user-level configs of Claude Code, Codex, Qwen Code…), runs the static rules, optionally
probes live (``--probe``; on a terminal it asks, never otherwise), and with ``--error TEXT``
(``-`` reads standard input) ranks the likely causes of a pasted error.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 bad usage or
configuration; 3 the live probe was inconclusive and nothing at or above ``--fail-on`` was found.
"""

from __future__ import annotations

import json
import os
import sys

import click

from validator.cli import UsageError
from validator.cli.probe import config_errors, exit_code, probe_options, settings_from

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

MAX_ERROR_TEXT = 64 * 1024


def _read_error(error: str | None) -> str | None:
    if error is None:
        return None
    if error == "-":
        data = sys.stdin.read(MAX_ERROR_TEXT + 1)
        if len(data) > MAX_ERROR_TEXT:
            data = data[:MAX_ERROR_TEXT]
        return data
    return error


def _should_probe(flag: bool | None, targets: list[Any], stdin_used: bool) -> bool:
    """--probe/--no-probe decide; otherwise ask, but only on an interactive terminal."""
    if flag is not None:
        return flag
    if stdin_used or not targets or not sys.stdin.isatty() or not sys.stdout.isatty():
        return False
    if not any(t.key is not None and t.key.value is not None for t in targets):
        return False
    return click.confirm("Probe live? (token-free requests; keys go only to hosts the catalogue names)",
                         default=False, err=True)


def _finding_lines(findings: list[Any]) -> list[str]:
    lines = []
    for f in findings:
        kind = " (observed)" if f.observed else ""
        lines.append(f"{f.loc}: {f.severity} {f.code} [{f.rule}]{kind} {f.message}")
        if f.fix is not None:
            lines.append(f"  fix: {f.fix.description}")
    return lines


@click.command("diagnose")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--error", "error", metavar="TEXT", default=None,
              help="A pasted error (status line, JSON body, SDK exception…); '-' reads standard input.")
@click.option("--probe/--no-probe", "do_probe", default=None,
              help="Probe live (default: ask on a terminal, never otherwise).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--catalogue", "catalogues", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Catalogue extension merged over the bundled one (repeatable).")
@click.option("--key-region", metavar="REGION", help="Region the key was created in.")
@click.option("--key-plan", metavar="PLAN", help="Plan of the key: payg, coding-plan or token-plan.")
@click.option("--key-workspace", metavar="ID", help="Workspace the key belongs to.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--no-user-configs", is_flag=True, help="Do not read the user-level configs of known tools.")
@probe_options
def diagnose(paths: tuple[str, ...], error: str | None, do_probe: bool | None, fmt: str,
             catalogues: tuple[str, ...], key_region: str | None, key_plan: str | None,
             key_workspace: str | None, fail_on: str | None, no_user_configs: bool, timeout: float,
             total_timeout: float, concurrency: int, include_plan_hosts: bool, no_cache: bool,
             no_models: bool, candidate_hosts: tuple[str, ...], candidate_regions: tuple[str, ...]) -> None:
    """Explain a 401 (or any Model Studio error): effective configuration, findings, live probe, causes.

    Reads PATHS (default: the current folder), the environment and the user-level configs of
    known tools (~/.claude/settings.json, ~/.codex/config.toml, ~/.qwen/settings.json…).
    --error takes a pasted error (status line, JSON body, SDK exception, log lines; '-' reads
    stdin); each cause is printed with its evidence ("because: …"), one diagnosis per error.

    \b
    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
    2 bad usage or configuration; 3 the live probe could not decide and nothing else failed.
    """
    for p in paths:
        if not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or folder")
    error_text = _read_error(error)
    if error is not None and not (error_text or "").strip():
        raise UsageError("--error: the error text is empty")

    from validator import diagnose as doctor
    from validator.api import build_options, load_catalogue, resolve_context
    from validator.engine import apply_context

    scan = list(paths or (".",))
    try:
        options = build_options(scan, catalogues=catalogues, fail_on=fail_on, key_region=key_region,
                                key_plan=key_plan, key_workspace=key_workspace, use_environment=True)
        catalogue = load_catalogue(options)
        resolve_context(options, catalogue)
        if no_user_configs:
            from validator.engine import check

            report = check(scan, options, catalogue)
        else:
            report = doctor.gather(scan, options, catalogue)
    except config_errors() as exc:
        raise UsageError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None

    targets = [apply_context(t, options.context) for t in report.targets]
    findings = list(report.findings)
    run = None
    if _should_probe(do_probe, targets, error == "-"):
        from validator.engine import observed_findings
        from validator.probe.runner import probe as run_probe

        settings = settings_from(catalogue, timeout=timeout, total_timeout=total_timeout, concurrency=concurrency,
                                 include_plan_hosts=include_plan_hosts, no_cache=no_cache, no_models=no_models,
                                 candidate_hosts=candidate_hosts, candidate_regions=candidate_regions)
        run = run_probe(targets, catalogue, settings)
        findings += observed_findings(targets, catalogue, options)
    findings.sort(key=lambda f: f.sort_key())
    diagnosis = doctor.rank(error_text, catalogue, findings, targets) if error_text is not None else None
    clients = doctor.effective(targets)

    if fmt == "json":
        from validator import __version__
        from validator.probe.render import to_json

        doc: dict[str, Any] = {
            "version": 1,
            "tool": {"name": "msv", "version": __version__},
            "clients": clients,
            "findings": [f.to_dict() for f in findings],
            "probe": to_json(run, [f for f in findings if f.observed]) if run is not None else None,
            "error": diagnosis.to_dict() if diagnosis is not None else None,
            "summary": {s: sum(1 for f in findings if str(f.severity) == s) for s in ("error", "warning", "info")},
        }
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        lines = ["Clients (effective configuration):"]
        lines += ["  " + ln for ln in doctor.render_effective(clients)] or ["  none found"]
        if len(lines) == 1:
            lines.append("  none found")
        lines += ["", "Findings:"] + (["  " + ln for ln in _finding_lines(findings)] or ["  none"])
        if run is not None:
            from validator.probe.render import render_text

            # the probe's own summary line counts the observed findings listed above (never "0 error(s)"
            # under an error): the same counts as the JSON ``probe.summary``
            observed = [f for f in findings if f.observed]
            probe_text = render_text(run, observed, list_findings=False)
            lines += ["", "Probe:"] + ["  " + ln for ln in probe_text.splitlines() if ln]
        elif do_probe is None:
            lines += ["", "Probe: not run (use --probe to test the keys live, token-free)"]
        if diagnosis is not None:
            sure = diagnosis.recognised or any(o.recognised for o in diagnosis.others)
            lines += ["", "Likely causes of the error, most likely first:" if sure else
                      "Possible causes of the error (msv does not recognise it):"]
            lines += ["  " + ln for ln in doctor.render_diagnosis(diagnosis)]
        from validator.redact import printable

        # values, messages and the pasted error may hold escape sequences: one line at a time, inert
        click.echo("\n".join(printable(line) for line in lines))
    raise click.exceptions.Exit(exit_code(findings, options.fail_on))
