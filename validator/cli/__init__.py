"""The ``msv`` command: a thin click layer over the Python API.

Subcommands live in their own modules and are imported only when invoked, so that
``msv --version`` or ``msv explain`` do not pay for the catalogue, the readers or httpx.
Exit codes (API): 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 bad usage, bad tool configuration or catalogue extension, or an internal error.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

# Start-up allocates some 40,000 long-lived objects (modules, click, the catalogue), and the
# default collector (a young-generation sweep every 700 allocations) would sweep them ~40 times
# for nothing: about 5 ms of a 70 ms run. With a larger young generation a small run never
# sweeps, and a large one sweeps less often while cyclic garbage (msv makes little) stays bounded.
gc.set_threshold(50_000, *gc.get_threshold()[1:])

import click  # noqa: E402

from validator import __version__  # noqa: E402

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="msv")
def cli() -> None:
    """Validate how code and AI tools talk to Alibaba Cloud Model Studio (Bailian / DashScope)."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the group; turn unexpected errors into exit 2 with one line.

    A traceback is printed only with ``--debug`` (anywhere on the command line) or MSV_DEBUG=1,
    redacted like everything else msv prints; the exit code is 2 either way.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get("MSV_DEBUG"))
    if "--debug" in args:
        args.remove("--debug")
    try:
        rc = cli.main(args=args, prog_name="msv", standalone_mode=False)
        if isinstance(rc, int) and not isinstance(rc, bool) and rc != EXIT_OK:
            # standalone_mode=False makes click *return* the code of ``click.exceptions.Exit``.
            sys.exit(rc)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        if isinstance(exc, click.UsageError):   # click's own: text from the command line, with usage
            exc.show()
        else:   # msv's: may quote a settings file or catalogue extension (untrusted): redacted, neutralised
            from validator.redact import clean

            click.echo(f"Error: {clean(exc.format_message())}", err=True)
        sys.exit(EXIT_ERROR if exc.exit_code == 1 else exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - the promise is "never a traceback"
        from validator.redact import clean

        if debug:
            # The traceback is what --debug is for, but an exception message may quote a value
            # (int('sk-…'), a reader echoing the line): redacted like every other text msv prints.
            import traceback

            click.echo(clean("".join(traceback.format_exception(exc)).rstrip("\n")), err=True)
        else:
            click.echo(f"msv: internal error: {type(exc).__name__}: {clean(str(exc))} "
                       "(run with --debug for a traceback)", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)
