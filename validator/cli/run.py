"""The body of ``msv check``, without click: what the click command and the fast path share.

``msv check FILE…`` is what a pre-commit hook runs on every commit, and importing click costs
~17 ms of a ~90 ms run (``inspect``, ``uuid``/``platform``, ``gettext``…). So :func:`fast_args`
recognises the plain spellings a hook uses (paths, ``--select``/``--ignore`` with a value,
``--no-color``, ``--quiet``, ``--exit-zero``) and :func:`validator.cli.main` runs them here
directly; anything else (``--help``, any other option, a missing path, ``FORCE_COLOR``, a
non-UTF-8 terminal, shell completion) goes through click, which owns every message about usage.
The same :func:`run_check` runs in both cases, so output and exit codes are the same
(``tests/cli/test_fast_path.py`` compares them byte for byte).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Sequence

    Echo = Callable[..., None]   # echo(text, nl=True, err=False), like click.echo

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FIX_ROUNDS = 4   # fixes can enable others (a host fix, then the path on it): re-check a few times


class CheckUsageError(Exception):
    """Bad usage or configuration: the caller prints ``Error: MESSAGE`` and exits 2."""


def plain_echo(message: str = "", nl: bool = True, err: bool = False) -> None:
    """``click.echo`` for the fast path: str to the stream, a newline, flush (no ANSI stripping
    needed: the fast path is refused when colour could be forced on a pipe)."""
    stream = sys.stderr if err else sys.stdout
    stream.write(message + "\n" if nl else message)
    stream.flush()


# --------------------------------------------------------------------------- fast path


_VALUE_OPTIONS = {"--select": "select", "--ignore": "ignore"}
_FLAGS = {"--no-color": "no_color", "--quiet": "quiet", "-q": "quiet", "--exit-zero": "exit_zero",
          "--force-exclude": "force_exclude"}   # the hooks' entry: `msv check --force-exclude FILES`


def fast_args(args: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments of :func:`run_check` for ``check …`` spelt only with what the fast
    path knows, or ``None`` (let click parse it)."""
    if not args or args[0] != "check" or "_MSV_COMPLETE" in os.environ or "FORCE_COLOR" in os.environ:
        return None
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8":   # click re-wraps misconfigured streams: let it
            return None
    kw: dict[str, Any] = {"paths": [], "select": [], "ignore": []}
    rest = list(args[1:])
    while rest:
        arg = rest.pop(0)
        if not arg.startswith("-") or arg == "-":
            if not os.path.lexists(arg):
                return None   # click's command says so
            kw["paths"].append(arg)
            continue
        name, eq, value = arg.partition("=")
        if name in _VALUE_OPTIONS:
            if not eq:
                if not rest or rest[0].startswith("-"):
                    return None
                value = rest.pop(0)
            kw[_VALUE_OPTIONS[name]].append(value)
        elif arg in _FLAGS:
            kw[_FLAGS[arg]] = True
        else:
            return None
    return {key: tuple(v) if isinstance(v, list) else v for key, v in kw.items()}


def run_fast(kw: dict[str, Any]) -> None:
    """Run a fast-path ``check`` and exit like the click command would."""
    try:
        code = run_check(**kw, echo=plain_echo)
    except CheckUsageError as exc:   # may quote a settings file (untrusted): redacted, neutralised, as click's path does
        from validator.redact import clean

        plain_echo(f"Error: {clean(str(exc))}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(code)


# --------------------------------------------------------------------------- the check itself


def _severity_overrides(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        rule, sep, level = item.partition("=")
        if not sep or not rule.strip() or not level.strip():
            raise CheckUsageError(f"--severity {item!r}: expected RULE=LEVEL (e.g. trial-endpoint=error)")
        out[rule.strip()] = level.strip()
    return out


def _split(values: Sequence[str]) -> tuple[str, ...] | None:
    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    return items or None


def _use_color(no_color: bool, stream: Any, mode: str = "auto") -> bool:
    """One colour rule for the whole CLI: :func:`validator.report.text.should_color`, unless
    ``--color always``/``never`` says otherwise."""
    if no_color or mode == "never":
        return False
    if mode == "always":
        return True
    from validator.report.text import should_color

    return should_color(stream)


def run_check(paths: Sequence[str] = (), fmt: str = "text", output: str | None = None,
              select: Sequence[str] = (), ignore: Sequence[str] = (), extend_select: Sequence[str] = (),
              severity: Sequence[str] = (), fail_on: str | None = None, exit_zero: bool = False,
              key_region: str | None = None, key_plan: str | None = None, key_workspace: str | None = None,
              usage: str | None = None, residency: str | None = None, catalogues: Sequence[str] = (),
              config: str | None = None, isolated: bool = False, fix: bool = False, diff: bool = False,
              unsafe_fixes: bool = False, list_targets: bool = False, include_ignored: bool | None = None,
              exclude: Sequence[str] = (), max_file_size: int | None = None, baseline: str | None = None,
              write_baseline: str | None = None, no_color: bool = False, quiet: bool = False,
              output_format: str | None = None, statistics: bool = False, force_exclude: bool = False,
              step_summary: str | None = None, color_mode: str = "auto", echo: Echo = plain_echo) -> int:
    """``msv check`` with its flags as arguments; prints with ``echo``, returns the exit code,
    raises :class:`CheckUsageError` for bad usage or configuration."""
    from validator.settings import SettingsError

    if output_format is not None:
        fmt = "text" if output_format == "full" else output_format
    paths = tuple(paths) or (".",)
    for p in paths:
        if not os.path.lexists(p):
            raise CheckUsageError(f"{p}: no such file or folder")
    options: dict[str, Any] = dict(
        select=_split(select), ignore=_split(ignore), extend_select=_split(extend_select),
        severity=_severity_overrides(severity), fail_on=fail_on, key_region=key_region, key_plan=key_plan,
        key_workspace=key_workspace, usage=usage, residency=residency, catalogues=tuple(catalogues),
        config=config, isolated=isolated, include_ignored=include_ignored, exclude=_split(exclude),
        max_file_size=max_file_size,
        # pre-commit passes every staged file by name: settings `exclude` must still apply
        force_exclude=force_exclude or os.environ.get("PRE_COMMIT") == "1",
        git_state=list_targets or None,   # the listing shows whether each file is committed
    )
    progress = _progress(quiet)
    fixed = 0
    try:
        report, opts, cat = _run(paths, options)
        if list_targets:
            from validator.listing import render_targets

            if fmt not in ("text", "json"):
                raise CheckUsageError(f"--list-targets supports --format text or json, not {fmt}")
            progress.stop()
            _emit(render_targets(report.targets, fmt, catalogue=cat), output, echo)
            return EXIT_OK
        if fix or diff:
            progress.stop()
            code, fixed = _fix(paths, options, report, opts, cat, write=fix and not diff, unsafe=unsafe_fixes,
                               show_diff=diff, quiet=quiet, echo=echo)
            if diff:
                return code
            report, opts, cat = _run(paths, options, cat)
        baselined = 0
        if baseline:
            from validator.baseline import filter_findings, load_baseline

            report.findings, baselined = filter_findings(report.findings, load_baseline(baseline))
        if write_baseline:
            from validator.baseline import write_baseline as write

            write(write_baseline, report.findings)
            progress.stop()
            if not quiet:
                echo(f"msv: wrote {len(report.findings)} finding(s) to {write_baseline}; "
                     f"`--baseline {write_baseline}` now accepts them.", err=True)
            # like ruff --add-noqa and detect-secrets scan: writing the baseline is the job done
            return EXIT_OK
    except SettingsError as exc:
        raise CheckUsageError(str(exc)) from None
    except config_errors() as exc:  # bad catalogue extension and the like: exit 2, one line
        raise CheckUsageError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    finally:
        progress.stop()

    if step_summary:
        _write_step_summary(step_summary, report, baselined)
    if statistics:
        from validator.report.text import statistics as stats_text

        if fmt not in ("text", "concise"):
            raise CheckUsageError(f"--statistics prints a text table; it does not combine with --format {fmt}")
        _emit(stats_text(report, _rules(), color=not output and _use_color(no_color, sys.stdout, color_mode)),
              output, echo)
    elif not (quiet and not report.findings):
        _stream(fmt, report, output, color=not output and _use_color(no_color, sys.stdout, color_mode),
                baselined=baselined, fixed=fixed, fail_on=opts.fail_on, pretty=not output and _isatty(sys.stdout))
        if output and not quiet:
            from validator.report.text import summary_line

            echo(summary_line(report, color=_use_color(no_color, sys.stderr, color_mode), baselined=baselined,
                              fixed=fixed), err=True)
    if exit_zero:
        return EXIT_OK
    return report.exit_code(opts.fail_on)


def _rules() -> dict[str, Any]:
    from validator.rules.registry import all_rules

    return {r.name: r for r in all_rules()}


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _stream(fmt: str, report: Any, output: str | None, **extra: Any) -> None:
    """Write the report for ``fmt`` piece by piece to ``output`` or standard output, giving the
    reporter the file texts (for context lines) and the run's counts (every reporter accepts them)."""
    from validator.report import stream

    def run(write: Any) -> None:
        stream(fmt, report, _rules(), write, root=".", sources=report.texts, **extra)

    if output:
        from validator.outfile import OutputError, open_text

        try:
            with open_text(output, what="the report") as fh:
                run(fh.write)
        except OutputError as exc:
            raise CheckUsageError(str(exc)) from None
    else:
        out = sys.stdout
        run(out.write)
        out.flush()


def _write_step_summary(path: str, report: Any, baselined: int) -> None:
    """Append the Markdown job summary; links use the GitHub run's server, repository and commit."""
    from validator.report.github import step_summary

    env = os.environ
    link = ""
    if env.get("GITHUB_REPOSITORY") and env.get("GITHUB_SHA"):
        server = env.get("GITHUB_SERVER_URL") or "https://github.com"
        link = f"{server}/{env['GITHUB_REPOSITORY']}/blob/{env['GITHUB_SHA']}"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(step_summary(report, _rules(), root=".", link_base=link, baselined=baselined))


class _Progress:
    """``msv: checking… 3 s`` on standard error, for runs over a second, on a terminal only.

    A daemon thread redraws the line every half second and :meth:`stop` erases it, so the
    report itself never mixes with it (and pipes, CI logs and pre-commit never see it).
    """

    DELAY = 1.0

    def __init__(self) -> None:
        import threading
        import time

        self._time = time
        self._start = time.monotonic()
        self._done = threading.Event()
        self._shown = False
        self._thread = threading.Thread(target=self._run, name="msv-progress", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        if self._done.wait(self.DELAY):
            return
        while not self._done.is_set():
            elapsed = self._time.monotonic() - self._start
            sys.stderr.write(f"\rmsv: checking… {elapsed:.0f} s")
            sys.stderr.flush()
            self._shown = True
            self._done.wait(0.5)

    def stop(self) -> None:
        if not self._done.is_set():
            self._done.set()
            self._thread.join()
            if self._shown:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()


class _NoProgress:
    def stop(self) -> None:
        pass


def _progress(quiet: bool) -> Any:
    if quiet or not _isatty(sys.stderr) or os.environ.get("TERM") == "dumb":
        return _NoProgress()
    return _Progress()


def config_errors() -> tuple[type[BaseException], ...]:
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


def _emit(text: str, output: str | None, echo: Echo) -> None:
    if output:
        from validator.outfile import OutputError, write_text

        try:
            write_text(output, text, what="the report")
        except OutputError as exc:
            raise CheckUsageError(str(exc)) from None
    elif text:
        echo(text, nl=not text.endswith("\n"))


def _secrets(report: Any) -> tuple[str, ...]:
    from validator.model import Secret

    found: list[str] = []
    for t in report.targets:
        for v in (t.key, *(o for o in (t.key.overridden if t.key else ()))):
            if v is not None and isinstance(v.value, Secret):
                found.append(v.value.reveal())
    return tuple(found)


def _fix(paths: Sequence[str], options: dict[str, Any], report: Any, opts: Any, cat: Any, *, write: bool,
         unsafe: bool, show_diff: bool, quiet: bool, echo: Echo) -> tuple[int, int]:
    """Apply (or show) fixes; with ``write``, re-check and fix again until nothing changes."""
    from validator.fix import fix_files, fixable, unified_diff

    applied = 0
    files: set[str] = set()
    results = []
    for _ in range(FIX_ROUNDS if write else 1):
        results = fix_files(report.findings, report.texts, unsafe=unsafe, write=write)
        for r in results:
            if r.error and not quiet:
                echo(f"msv: {r.path}: {r.error}", err=True)
        changed = [r for r in results if r.changed and (r.written or not write)]
        if show_diff:
            text = unified_diff(results, _secrets(report))
            if text:
                echo(text, nl=False)
            if not quiet:
                n = sum(len(r.applied) for r in changed)
                echo(f"msv: would fix {n} finding(s) in {len(changed)} file(s)", err=True)
            return (EXIT_FINDINGS if changed else EXIT_OK), 0
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
        echo(msg, err=True)
    return EXIT_OK, applied
