"""The tests' hang guard (tests/hangguard.py) ends a block that would run on, whatever it waits on."""

from __future__ import annotations

import re
import signal
import threading

import pytest

from hangguard import Hang, hang_guard

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="POSIX signals")


def test_a_block_waiting_without_the_gil_is_ended() -> None:
    with pytest.raises(Hang, match="a wait: still running after 0.3 s"):
        with hang_guard("a wait", 0.3):
            threading.Event().wait(30)        # not interrupted: returns after 30 s, no Hang


def test_c_code_holding_the_gil_is_ended() -> None:
    """A backtracking regex never lets a timer thread run: the CPU-time alarm stops it."""
    with pytest.raises(Hang):
        with hang_guard("a backtracking regex", 0.3):
            re.match(r"(a|aa)+$", "a" * 38 + "b")   # not interrupted: about 10 s, then no match


def test_swallowing_the_hang_does_not_hide_it() -> None:
    with pytest.raises(Hang):
        with hang_guard("a block that catches everything", 0.3):
            try:
                threading.Event().wait(30)
            except BaseException:  # noqa: BLE001 - the code under test might
                pass


def test_a_quick_block_leaves_no_alarm_behind() -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGUSR1, signal.SIGPROF)}
    with hang_guard("a quick block", 0.2):
        pass
    threading.Event().wait(0.4)               # a stray alarm would raise here
    assert {s: signal.getsignal(s) for s in before} == before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
