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

``_signal`` is the C module behind ``signal``: the same functions, without the enum classes
``signal`` builds at import (~1 ms, and ``threading`` another ~1.5 ms, of a ``.env`` check). A
thread other than the main one is told apart the way ``signal.signal`` documents: it raises
``ValueError``.
"""

from __future__ import annotations

import _signal


class FileTooSlow(BaseException):
    """Raised inside a file's reading when its time is up (a BaseException: the readers' own
    ``except Exception`` must not swallow it)."""


def _raise(signum: int, frame: object) -> None:
    raise FileTooSlow()


def _claim() -> object:
    """Install the handler and return the one it replaces, or ``None`` where the limit cannot be
    enforced (no ``setitimer``, another handler installed, not the main thread)."""
    if not hasattr(_signal, "setitimer"):
        return None
    current = _signal.getsignal(_signal.SIGALRM)
    if current not in (_signal.SIG_DFL, _signal.SIG_IGN, None) and current is not _raise:
        return None
    try:
        _signal.signal(_signal.SIGALRM, _raise)
    except ValueError:   # "signal only works in main thread of the main interpreter"
        return None
    return _signal.SIG_DFL if current is None else current


class deadline:
    """``with deadline(seconds):`` raises :class:`FileTooSlow` in the block after ``seconds``
    (when enforceable, see module doc). A class rather than ``@contextmanager``: ``contextlib``
    is not imported for it (~0.7 ms of a pre-commit run), and it is entered once per file."""

    __slots__ = ("_seconds", "_previous")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._previous: object = None

    def __enter__(self) -> None:
        self._previous = _claim() if self._seconds > 0 else None
        if self._previous is not None:
            _signal.setitimer(_signal.ITIMER_REAL, self._seconds)

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            _signal.setitimer(_signal.ITIMER_REAL, 0)
            _signal.signal(_signal.SIGALRM, self._previous)
