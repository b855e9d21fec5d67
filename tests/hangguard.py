"""A guard against a hang, for tests: never a speed target.

``with hang_guard("what"):`` fails the test when the block is *still running* after
:data:`HANG_SECONDS` (two minutes by default): an unbounded loop, an ``open()`` of a FIFO that
blocks forever, a timeout that never fires, a regex stuck in exponential backtracking. No
loaded machine comes near the limit on a working build, so it never flakes; how *fast* msv is
(absolute speed, growth ratios, concurrency) is measured by the benchmarks under ``bench/``,
pair by pair in one run, never by a wall-clock bound in a unit test.

How: two alarms, each delivering a real signal to the main thread, whose handler raises
:class:`Hang` (a ``BaseException``, so the code under test's own ``except Exception`` cannot
swallow it). A timer thread sends ``SIGUSR1`` after ``seconds`` of wall time: that ends a block
waiting on a system call (a FIFO, a socket), which releases the GIL the thread needs. A
``SIGPROF`` interval timer fires after ``seconds`` of the process's CPU time: the kernel sends
that one, so it also stops C code that never lets the timer thread run (a regex backtracking,
which does check for signals). ``SIGALRM`` is left alone: msv's own per-file time limit
(``validator/sources/deadline.py``) uses it. Off the main thread, or on Windows, the block runs
unguarded.
"""

from __future__ import annotations

import os
import signal
import threading
from types import TracebackType

HANG_SECONDS = float(os.environ.get("MSV_HANG_SECONDS", "120"))


class Hang(BaseException):
    """The guarded block was still running when the guard's time was up."""


class hang_guard:  # noqa: N801 - used like a function: ``with hang_guard("what"):``
    """Fail with :class:`Hang` when the block runs longer than ``seconds`` (see module doc)."""

    def __init__(self, what: str, seconds: float | None = None) -> None:
        self.what = what
        self.seconds = HANG_SECONDS if seconds is None else seconds
        self.fired = False
        self._timer: threading.Timer | None = None
        self._previous: dict[int, object] = {}

    def _message(self) -> str:
        return (f"{self.what}: still running after {self.seconds:g} s - a hang "
                "(a hang guard, not a speed target: speed is measured in bench/)")

    def _fire(self, signum: int, frame: object) -> None:
        self.fired = True
        raise Hang(self._message())

    def __enter__(self) -> "hang_guard":
        usable = hasattr(signal, "pthread_kill") and hasattr(signal, "setitimer") \
            and threading.current_thread() is threading.main_thread()
        if usable:
            for sig in (signal.SIGUSR1, signal.SIGPROF):
                self._previous[sig] = signal.signal(sig, self._fire)
            signal.setitimer(signal.ITIMER_PROF, self.seconds)
            self._timer = threading.Timer(self.seconds, signal.pthread_kill,
                                          (threading.main_thread().ident, signal.SIGUSR1))
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._timer is not None:
            signal.setitimer(signal.ITIMER_PROF, 0)
            self._timer.cancel()
            self._timer.join()
            for sig, previous in self._previous.items():
                signal.signal(sig, signal.SIG_DFL if previous is None else previous)  # type: ignore[arg-type]
        if self.fired and not isinstance(exc, Hang):    # the code under test caught it: fail anyway
            raise Hang(self._message())
