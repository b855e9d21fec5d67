"""The per-file time limit: enforced in the main thread, left alone where it cannot be."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from validator.sources.deadline import FileTooSlow, deadline


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_block_over_its_time_is_interrupted_and_the_handler_restored() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(FileTooSlow):
        with deadline(0.05):
            _spin(5)
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_block_within_its_time_runs_to_the_end() -> None:
    with deadline(5):
        _spin(0.01)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_another_handler_is_left_in_place() -> None:
    seen: list[int] = []

    def theirs(signum: int, frame: object) -> None:
        seen.append(signum)

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        with deadline(0.01):
            _spin(0.05)
        assert signal.getsignal(signal.SIGALRM) is theirs
        assert seen == []   # msv set no timer: the other handler was never called
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_off_the_main_thread_the_limit_is_not_enforced() -> None:
    done: list[bool] = []

    def work() -> None:
        with deadline(0.01):
            _spin(0.05)
        done.append(True)

    t = threading.Thread(target=work)
    t.start()
    t.join(30)
    assert done == [True]
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)


def test_an_error_in_the_block_still_restores_the_handler_and_stops_the_timer() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(KeyError):
        with deadline(5):
            raise KeyError("x")
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_zero_limit_sets_no_timer_and_the_block_runs() -> None:
    ran = []
    with deadline(0):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        ran.append(True)
    assert ran == [True]
