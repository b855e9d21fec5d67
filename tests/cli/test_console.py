"""The installed ``msv`` command (:func:`validator.cli.console`): :func:`main`, then what CPython's
finalization does before its teardown, and an exit without the teardown.

Each case runs a real interpreter: the output, the exit status, every ``atexit`` callback and
non-daemon thread must be what a normal exit gives; only the freeing of objects is skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import validator.cli as cli

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "examples" / "broken"
# PYTHONUNBUFFERED off: stdout on a pipe is block-buffered, as a user's is
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}, "HOME": str(BROKEN),
       "PYTHONIOENCODING": "utf-8"}

# A module-level object whose finalizer writes to stderr: a normal exit runs it (finalization
# clears module globals), the fast exit does not. It stands for "the teardown was skipped".
_MARK = ("import sys\nclass _Mark:\n    def __del__(self):\n        sys.stderr.write('finalized\\n')\n"
         "mark = _Mark()\n")


def _run(prelude: str, entry: str, argv: list[str], **popen) -> subprocess.CompletedProcess[str]:
    code = (f"{_MARK}{prelude}\nimport sys\nsys.argv = ['msv', *{argv!r}]\n"
            f"from validator.cli import {entry}\n{entry}()\n")
    return subprocess.run([sys.executable, "-c", code], cwd=BROKEN, capture_output=True, text=True,
                          timeout=120, env=ENV, **popen)


@pytest.mark.parametrize("argv", [
    ["check", "dotenv/.env", "python-app"],       # the fast path (no click), findings: exit 1
    ["check", "--format", "json", "dotenv"],      # through click
    ["check", "--select", "no-such-rule", "."],   # a usage error: exit 2
    ["--version"],
])
def test_console_prints_and_exits_as_main_does_without_the_teardown(argv: list[str]) -> None:
    fast, normal = _run("", "console", argv), _run("", "main", argv)
    assert (fast.returncode, fast.stdout) == (normal.returncode, normal.stdout)
    assert normal.stderr.endswith("finalized\n")
    assert fast.stderr == normal.stderr.removesuffix("finalized\n")   # the only difference
    assert fast.stdout or fast.stderr


def test_a_large_report_on_a_pipe_arrives_whole() -> None:
    # stdout on a pipe is block-buffered: the fast exit must flush it
    fast, normal = _run("", "console", ["check", "."]), _run("", "main", ["check", "."])
    assert fast.returncode == normal.returncode == 1
    assert len(fast.stdout) > 4096 and fast.stdout == normal.stdout


def test_atexit_callbacks_and_threads_run_as_at_a_normal_exit() -> None:
    prelude = ("import atexit, threading, time\n"
               "atexit.register(lambda: print('atexit 1'))\natexit.register(lambda: print('atexit 2'))\n"
               "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()")
    fast, normal = (_run(prelude, entry, ["check", "dotenv/.env"]) for entry in ("console", "main"))
    assert (fast.returncode, fast.stdout) == (normal.returncode, normal.stdout)
    assert fast.returncode == 1
    assert fast.stdout.endswith("thread done\natexit 2\natexit 1\n")   # threads, then atexit, newest first
    assert "finalized" in normal.stderr and "finalized" not in fast.stderr


def test_an_atexit_error_is_reported_as_at_a_normal_exit() -> None:
    prelude = "import atexit\natexit.register(lambda: 1 / 0)"
    fast, normal = (_run(prelude, entry, ["check", "dotenv/.env"]) for entry in ("console", "main"))
    assert fast.returncode == normal.returncode == 1
    assert "ZeroDivisionError" in fast.stderr and "ZeroDivisionError" in normal.stderr


def test_a_scan_with_a_process_pool_ends_the_same() -> None:
    # a pool from the third file on: multiprocessing and logging register atexit callbacks
    prelude = "import validator.sources\nvalidator.sources.PARALLEL_MIN_FILES = 3"
    fast, normal = (_run(prelude, entry, ["check", "."]) for entry in ("console", "main"))
    assert (fast.returncode, fast.stdout) == (normal.returncode, normal.stdout)
    assert fast.returncode == 1 and fast.stdout.count("\n") > 20
    assert "finalized" not in fast.stderr and fast.stderr == normal.stderr.replace("finalized\n", "")


def test_a_closed_pipe_exits_as_before() -> None:
    results = []
    for entry in ("console", "main"):
        code = (f"import sys\nsys.argv = ['msv', 'check', '.']\nfrom validator.cli import {entry}\n{entry}()\n")
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=BROKEN, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=ENV)
        proc.stdout.close()   # the reader went away (`msv check . | head -0`)
        _, err = proc.communicate(timeout=120)
        results.append((proc.returncode, b"Traceback" in err))
    assert results[0] == results[1]
    assert results[0][1] is False


class _Exited(Exception):
    pass


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (2, 2), (True, 1), (256, 0), (-1, 255)])
def test_exit_status_is_what_sys_exit_gives(monkeypatch, code: object, status: int) -> None:
    def fake_exit(n: int) -> None:
        raise _Exited(n)

    monkeypatch.setattr(cli, "main", lambda: sys.exit(code))
    monkeypatch.setattr(cli, "_finalized_but_teardown", lambda: True)
    monkeypatch.setattr(os, "_exit", fake_exit)
    with pytest.raises(_Exited) as exited:
        cli.console()
    assert exited.value.args == (status,)


def test_a_message_status_exits_normally(monkeypatch) -> None:
    monkeypatch.setattr(cli, "main", lambda: sys.exit("msv: gone"))
    monkeypatch.setattr(os, "_exit", lambda n: pytest.fail("os._exit called for a message status"))
    with pytest.raises(SystemExit) as exit_:
        cli.console()
    assert exit_.value.code == "msv: gone"


def test_python_dash_m_validator_uses_console() -> None:
    code = f"{_MARK}import runpy, sys\nsys.argv = ['msv', 'check', 'dotenv/.env']\nrunpy.run_module('validator', run_name='__main__')\n"
    res = subprocess.run([sys.executable, "-c", code], cwd=BROKEN, capture_output=True, text=True, timeout=120, env=ENV)
    assert res.returncode == 1 and "MS" in res.stdout
    assert "finalized" not in res.stderr


def test_the_installed_command_is_console() -> None:
    from importlib.metadata import entry_points

    (msv,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "msv"]
    assert msv.value == "validator.cli:console"
