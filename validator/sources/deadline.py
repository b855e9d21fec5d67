"""A time limit per file: the last bound on a reader that takes too long.

Every regex and lexer msv runs over file content is linear (``bench/hostile.py``),
and files over ``max-file-size`` are never read, so a file's reading is bounded already. This is
the belt to those braces: a file that still takes longer than :data:`validator.limits.FILE_SECONDS`
is abandoned and reported as ``file-too-slow`` (info), and the walk goes on.

How: a real-time interval timer (``SIGALRM``) whose handler raises :class:`FileTooSlow`. Python's
regex engine checks for signals while it matches, so even a regex stuck in backtracking is
interrupted. Signals reach only the main thread of a process: the serial walk and each forked
worker qualify; anywhere else (msv used from a thread), or where another SIGALRM handler is
installed, or on Windows, the limit is not enforced and files are read to the end.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class FileTooSlow(BaseException):
    """Raised inside a file's reading when its time is up (a BaseException: the readers' own
    ``except Exception`` must not swallow it)."""


def _raise(signum: int, frame: object) -> None:
    raise FileTooSlow()


def _usable() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    current = signal.getsignal(signal.SIGALRM)
    return current in (signal.SIG_DFL, signal.SIG_IGN, None) or current is _raise


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`FileTooSlow` in the block after ``seconds`` (when enforceable, see module doc)."""
    if seconds <= 0 or not _usable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
