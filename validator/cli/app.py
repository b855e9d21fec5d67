"""The click group behind ``msv``: subcommands imported only when invoked.

Kept apart from :mod:`validator.cli` so that the click-free fast path for ``msv check FILE…``
(:mod:`validator.cli.run`) never imports click.
"""

from __future__ import annotations

import importlib
import os

import click

from validator import __version__
from validator.cli.run import EXIT_ERROR

# name -> "module:attribute"
COMMANDS = {
    "check": "validator.cli.check:check",
    "diagnose": "validator.cli.diagnose:diagnose",
    "probe": "validator.cli.probe:probe",
    "catalogue": "validator.cli.catalogue:catalogue",
    "rules": "validator.cli.rules:rules",
    "explain": "validator.cli.rules:explain",
    "rule": "validator.cli.rules:explain",
    "init": "validator.cli.init:init",
}
HIDDEN = {"rule"}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in COMMANDS if n not in HIDDEN)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except ImportError:  # a subcommand not built yet must not break the others
            if os.environ.get("MSV_DEBUG"):
                raise
            return None


class UsageError(click.ClickException):
    """Bad usage or configuration: exit 2 with a one-line message."""

    exit_code = EXIT_ERROR


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``msv --version``: msv's version and the catalogue a run would use (read cheaply: the head
    of the bundled file and the downloaded copy's record, no catalogue load)."""
    if not value or ctx.resilient_parsing:
        return
    from validator.userdirs import catalogue_in_use

    info = catalogue_in_use()
    click.echo(f"msv, version {__version__}\ncatalogue {info['version']} (as of {info['as_of']}, {info['origin']})")
    ctx.exit(0)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", "-V", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show msv's version and the catalogue in use, and exit.")
def cli() -> None:
    """Validate how code and AI tools talk to Alibaba Cloud Model Studio (Bailian / DashScope)."""
