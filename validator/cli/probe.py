"""``msv probe``: test keys live, token-free, and find where a rejected key does work.

Two ways to say what to probe: the client configurations found in PATHS (default ``.``, with
the process environment, since keys usually live there), or one ad-hoc target with
``--base-url URL --key-env VAR [--model M]``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 bad usage or
configuration; 3 the probe was inconclusive for at least one target (unreachable host, 5xx,
unreadable answer, whole-run timeout), or nothing was probed at all (no configuration, every
target skipped), and nothing at or above ``--fail-on`` was found — CI can treat 3 as "could not
verify" rather than "broken".
"""

from __future__ import annotations

import os

import click

from validator.cli import EXIT_FINDINGS, EXIT_OK, UsageError

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Sequence

EXIT_INCONCLUSIVE = 3
INCONCLUSIVE_RULES = frozenset({"probe-inconclusive", "probe-unreachable"})


def probe_options(func: Any) -> Any:
    """Options shared by ``msv probe`` and ``msv diagnose``."""
    opts = [
        click.option("--timeout", type=click.FloatRange(min=0.1, max=120), default=5.0, show_default=True,
                     help="Seconds per request."),
        click.option("--total-timeout", type=click.FloatRange(min=0.5, max=600), default=30.0, show_default=True,
                     help="Seconds for the whole probe run."),
        click.option("--concurrency", type=click.IntRange(min=1, max=64), default=16, show_default=True,
                     help="Requests in flight at once."),
        click.option("--include-plan-hosts", is_flag=True,
                     help="Also probe Coding Plan / Token Plan keys and hosts (interactive-use plans: opt-in)."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the short-lived verdict cache."),
        click.option("--no-models", is_flag=True, help="Do not check the configured models."),
        click.option("--candidate-host", "candidate_hosts", multiple=True, metavar="GLOB",
                     help="Only probe candidate hosts matching GLOB (repeatable), e.g. '*.aliyuncs.com'."),
        click.option("--candidate-region", "candidate_regions", multiple=True, metavar="REGION",
                     help="Only probe candidate hosts in REGION (repeatable): keep a key inside a jurisdiction."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def settings_from(catalogue: Any, *, timeout: float, total_timeout: float, concurrency: int,
                  include_plan_hosts: bool, no_cache: bool, no_models: bool, candidate_hosts: Sequence[str],
                  candidate_regions: Sequence[str], regions: bool = False) -> Any:
    """ProbeSettings from the shared flags (region names checked against the catalogue)."""
    from validator.probe.runner import ProbeSettings

    ids = []
    for name in candidate_regions:
        region = catalogue.region(name)
        if region is None:
            known = ", ".join(r.id for r in catalogue.regions())
            raise UsageError(f"--candidate-region {name}: unknown region (known: {known})")
        ids.append(region.id)
    return ProbeSettings(timeout=timeout, total=total_timeout, concurrency=concurrency,
                         include_plan_hosts=include_plan_hosts, regions=regions, check_models=not no_models,
                         cache=not no_cache, candidate_hosts=tuple(h.lower() for h in candidate_hosts),
                         candidate_regions=tuple(ids))


def exit_code(findings: Sequence[Any], fail_on: Any) -> int:
    if any(f.severity >= fail_on for f in findings):
        return EXIT_FINDINGS
    from validator.model import Severity

    if any(f.rule in INCONCLUSIVE_RULES and f.severity >= Severity.WARNING for f in findings):
        return EXIT_INCONCLUSIVE
    return EXIT_OK


def config_errors() -> tuple[type[BaseException], ...]:
    from validator.cli.check import _CONFIG_ERRORS
    from validator.settings import SettingsError

    return (SettingsError, *_CONFIG_ERRORS())


def _default_client(catalogue: Any, protocol: str) -> str:
    clients = catalogue.clients()
    same = [c for c in clients if c.protocol == protocol]
    sdk = [c for c in same if "sdk" in c.id]
    chosen = (sdk or same)[:1]
    return chosen[0].id if chosen else "unknown"


def adhoc_target(catalogue: Any, base_url: str, key_env: str, models: Sequence[str], client: str | None,
                 protocol: str | None, workspace: str | None) -> Any:
    """The one target ``--base-url/--key-env`` describes."""
    from validator.model import (
        CLI,
        ENVIRONMENT,
        Location,
        Origin,
        Secret,
        Target,
        Value,
    )
    from validator.probe.safety import parse_error

    bad = parse_error(base_url)
    if bad:
        raise UsageError(f"--base-url {base_url!r}: {bad}")
    key = os.environ.get(key_env)
    if key is None or not key.strip():
        raise UsageError(f"--key-env {key_env}: the variable is not set or empty")
    res = catalogue.resolve(base_url)
    protocol = protocol or res.protocol or "openai"
    if client is not None and catalogue.client(client) is None:
        raise UsageError(f"--client {client}: not a client the catalogue knows (see `msv catalogue clients`)")
    cli = Location(CLI)
    return Target(
        name="--base-url", client=client or _default_client(catalogue, protocol), origin=cli, protocol=protocol,
        base_url=Value(base_url.strip(), cli, Origin.DECLARED),
        key=Value(Secret(key.strip()), Location(ENVIRONMENT), Origin.VARIABLE, variable=key_env),
        key_variable=key_env,
        models=[Value(m, cli, Origin.DECLARED) for m in models if m.strip()],
        key_workspace=Value(workspace, cli, Origin.DECLARED) if workspace else None,
    )


@click.command("probe")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--base-url", metavar="URL", help="Probe this base URL instead of configurations in PATHS.")
@click.option("--key-env", metavar="VAR", help="With --base-url: the environment variable holding the key.")
@click.option("--model", "models", multiple=True, metavar="MODEL", help="With --base-url: model(s) to check.")
@click.option("--client", metavar="ID", help="With --base-url: the client (decides the variables named in fixes).")
@click.option("--protocol", type=click.Choice(["openai", "anthropic", "dashscope"]), default=None,
              help="With --base-url: the protocol when the URL does not say.")
@click.option("--key-workspace", metavar="ID", help="Workspace the key belongs to (adds its dedicated host).")
@click.option("--regions", is_flag=True, help="Probe every region's host for each key and recommend the nearest.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--catalogue", "catalogues", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Catalogue extension merged over the bundled one (repeatable); its hosts may be probed.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--no-environment", is_flag=True, help="Do not read the process environment (files only).")
@probe_options
def probe(paths: tuple[str, ...], base_url: str | None, key_env: str | None, models: tuple[str, ...],
          client: str | None, protocol: str | None, key_workspace: str | None, regions: bool, fmt: str,
          catalogues: tuple[str, ...], fail_on: str | None, no_environment: bool, timeout: float,
          total_timeout: float, concurrency: int, include_plan_hosts: bool, no_cache: bool,
          no_models: bool, candidate_hosts: tuple[str, ...], candidate_regions: tuple[str, ...]) -> None:
    """Test keys live with token-free requests; locate the host a rejected key belongs to.

    Probes the client configurations found in PATHS (default: the current folder and the
    environment), or one --base-url/--key-env pair. Keys go only to hosts the catalogue names,
    over HTTPS (plain HTTP to loopback only), never with redirects, retries or billed calls.

    \b
    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
    2 bad usage or configuration; 3 the probe could not decide (unreachable host,
    5xx, unreadable answer, timeout) or probed nothing, and nothing else failed.
    """
    if base_url and paths:
        raise UsageError("give PATHS or --base-url, not both")
    if base_url and not key_env:
        raise UsageError("--base-url needs --key-env VAR (the variable that holds the key)")
    if (key_env or models or client or protocol) and not base_url:
        raise UsageError("--key-env, --model, --client and --protocol go with --base-url")
    for p in paths:
        if not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or folder")

    from validator.api import build_options, load_catalogue, resolve_context
    from validator.engine import check as engine_check

    scan = list(paths or (".",))
    try:
        options = build_options(scan, catalogues=catalogues, fail_on=fail_on, key_workspace=key_workspace,
                                use_environment=not no_environment)
        catalogue = load_catalogue(options)
        resolve_context(options, catalogue)
        from validator.redact import clean

        for skipped in catalogue.skipped:   # the repository's extensions msv refused (validator.trust)
            click.echo(f"msv: catalogue extension skipped: {clean(str(skipped))}", err=True)
        if base_url:
            targets = [adhoc_target(catalogue, base_url, key_env or "", models, client, protocol, key_workspace)]
        else:
            from validator.engine import apply_context

            report = engine_check(scan, options, catalogue)
            targets = [apply_context(t, options.context) for t in report.targets]
    except config_errors() as exc:
        raise UsageError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None

    from validator.engine import observed_findings
    from validator.probe.render import render_json, render_text
    from validator.probe.runner import probe as run_probe

    settings = settings_from(catalogue, timeout=timeout, total_timeout=total_timeout, concurrency=concurrency,
                             include_plan_hosts=include_plan_hosts, no_cache=no_cache, no_models=no_models,
                             candidate_hosts=candidate_hosts, candidate_regions=candidate_regions,
                             regions=regions)
    run = run_probe(targets, catalogue, settings)
    findings = observed_findings(targets, catalogue, options) + skipped_findings(run, options, catalogue)
    findings.sort(key=lambda f: f.sort_key())
    probed = any(r.observations for r in run.results)
    if fmt == "json":
        click.echo(render_json(run, findings, regions=regions), nl=False)
    else:
        if not targets:
            click.echo("msv: no client configuration found to probe", err=True)
        click.echo(render_text(run, findings, regions=regions), nl=False)
    if not probed:
        click.echo("msv: nothing was probed (see `skipped` above): exit 3, the keys could not be verified", err=True)
    code = exit_code(findings, options.fail_on)
    raise click.exceptions.Exit(EXIT_INCONCLUSIVE if code == EXIT_OK and not probed else code)


# Static rules whose answer the probe would otherwise leave unsaid: the probe does not send a
# Coding/Token Plan key (opt-in), so a plan key on a pay-as-you-go host would go unreported.
SKIPPED_RULES = ("plan-endpoint-mismatch",)


def skipped_findings(run: Any, options: Any, catalogue: Any) -> list[Any]:
    """Findings of :data:`SKIPPED_RULES` for the targets the probe did not send anything for."""
    from validator.engine import run_rules, selected_rules

    enabled = [r for r in selected_rules(options) if r.name in SKIPPED_RULES]
    targets = [r.target for r in run.results if r.skipped and not r.observations]
    return run_rules(targets, catalogue, enabled, options) if enabled and targets else []


__all__ = ["probe", "EXIT_INCONCLUSIVE"]
