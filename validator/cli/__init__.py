"""The ``msv`` command: a thin click layer over the Python API.

Subcommands live in their own modules and are imported only when invoked, so that
``msv --version`` or ``msv explain`` do not pay for the catalogue, the readers or httpx; the
click group itself is in :mod:`validator.cli.app`, and ``msv check FILE…`` spelt as a
pre-commit hook spells it does not import click at all (:mod:`validator.cli.run`).
Exit codes (API): 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 bad usage, bad tool configuration or catalogue extension, or an internal error.
"""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Callable

# Start-up allocates some 40,000 long-lived objects (modules, click, the catalogue), and the
# default collector (a young-generation sweep every 700 allocations) would sweep them ~40 times
# for nothing: about 5 ms of a 70 ms run. With a larger young generation a small run never
# sweeps, and a large one sweeps less often while cyclic garbage (msv makes little) stays bounded.
gc.set_threshold(50_000, *gc.get_threshold()[1:])

from validator.cli.run import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK  # noqa: E402,F401 - the codes are API: cli.EXIT_*


def __getattr__(name: str) -> object:
    """``cli``, ``LazyGroup`` and ``UsageError`` are click objects: imported on first use."""
    if name in ("cli", "LazyGroup", "UsageError"):
        from validator.cli import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the group; turn unexpected errors into exit 2 with one line.

    A traceback is printed only with ``--debug`` (anywhere on the command line) or MSV_DEBUG=1,
    redacted like everything else msv prints; the exit code is 2 either way.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get("MSV_DEBUG"))
    if "--debug" in args:
        args.remove("--debug")
    elif not debug:
        from validator.cli.run import fast_args, run_fast

        fast = fast_args(args)
        if fast is not None:
            _guarded(lambda: run_fast(fast), debug)
    _guarded(lambda: _click_main(args), debug)


def _click_main(args: list[str]) -> None:
    import click

    from validator.cli.app import cli

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
    sys.exit(EXIT_OK)


def _guarded(run: "Callable[[], None]", debug: bool) -> None:
    """Run ``run`` (which exits); an unexpected error becomes exit 2 and one line on stderr."""
    try:
        run()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - the promise is "never a traceback"
        from validator.redact import clean

        if "click" in sys.modules:
            from click import echo
        else:   # the fast path: click was never imported
            from validator.cli.run import plain_echo as echo

        if debug:
            # The traceback is what --debug is for, but an exception message may quote a value
            # (int('sk-…'), a reader echoing the line): redacted like every other text msv prints.
            import traceback

            echo(clean("".join(traceback.format_exception(exc)).rstrip("\n")), err=True)
        else:
            echo(f"msv: internal error: {type(exc).__name__}: {clean(str(exc))} "
                       "(run with --debug for a traceback)", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)


def console() -> None:
    """The installed ``msv`` command: :func:`main`, then the end of CPython's finalization
    without its teardown.

    Why: finalization frees every module, class, catalogue entry and finding one by one, ~10 ms
    of a ~70 ms pre-commit run and ~6 % of a 10,000-file scan, for a process that is over
    (docs/architecture.md, "Start-up"). So this does what finalization does before the teardown,
    in its order: ``threading``'s exit hooks (a process pool's) and the wait for non-daemon
    threads, the ``atexit`` callbacks (logging's, multiprocessing's, any other), flush stdout
    and stderr; then it ends the process with the same status. Files msv writes are closed by
    ``with`` blocks before :func:`main` returns. Where one of those steps is not available (not
    CPython) or the flush fails (a closed pipe), or the status is not an int, the ``SystemExit``
    goes on as before and finalization runs. :func:`main` itself (what tests call) never ends
    the process.
    """
    try:
        main()
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if isinstance(code, int) and _finalized_but_teardown():
            os._exit(code if os.name == "nt" else code & 0xFF)   # what a POSIX status keeps, as with sys.exit
        raise


def _finalized_but_teardown() -> bool:
    """Run what CPython's finalization runs before it frees objects; ``False`` (the caller then
    exits normally) where a step is missing or the flush fails. Each step is one finalization
    would run anyway, and running it twice (after a ``False``) does nothing more."""
    import atexit

    threading = sys.modules.get("threading")
    shutdown = getattr(threading, "_shutdown", None) if threading is not None else (lambda: None)
    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if shutdown is None or run_exitfuncs is None:
        return False
    shutdown()        # threading's own exit hooks, then the wait for non-daemon threads
    run_exitfuncs()   # then atexit's, newest first; they are cleared once run
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):   # a closed pipe: finalization reports or ignores it, as before
            return False
    return True
