"""Measuring whole commands fairly on a shared, noisy machine.

Every figure is a *ratio measured in one run*: each run of the command under test is paired
with a run of the reference command, taken in turn, and the reported ratio is the median of
the pair ratios, so drift of the machine cancels out. Peak memory is the child's own maximum
resident set size, read with ``os.wait4`` (no external ``time`` binary needed).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from typing import Callable, Sequence


@dataclass(frozen=True)
class Run:
    wall: float        # seconds
    peak_mib: float    # maximum resident set size
    code: int


def run(cmd: Sequence[str], cwd: str | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` once, output discarded; return wall time, peak RSS and exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_maxrss / 1024.0, proc.returncode)


@dataclass(frozen=True)
class Paired:
    name: str
    median_wall: float
    ref_median_wall: float
    ratio: float            # median of per-pair ratios
    median_peak_mib: float
    max_peak_mib: float
    codes: tuple[int, ...]

    def line(self, ref_name: str) -> str:
        return (f"{self.name}: median {self.median_wall * 1000:.1f} ms, "
                f"{self.ratio:.2f}x {ref_name} ({self.ref_median_wall * 1000:.1f} ms, paired), "
                f"peak {self.median_peak_mib:.1f} MiB (max {self.max_peak_mib:.1f}), exit {set(self.codes)}")


def paired(name: str, cmd: Sequence[str], ref: Sequence[str], *, runs: int = 15, warmup: int = 2,
           cwd: str | None = None, env: dict[str, str] | None = None,
           before: Callable[[], object] | None = None) -> Paired:
    """Alternate ``cmd`` and ``ref`` ``runs`` times after ``warmup`` rounds; summarise.
    ``before`` (untimed) runs before every run of ``cmd``: e.g. to remove a cache it writes."""
    def mine_once() -> Run:
        if before is not None:
            before()
        return run(cmd, cwd, env)

    for _ in range(warmup):
        mine_once()
        run(ref, cwd, env)
    mine, refs = [], []
    for i in range(runs):
        # Alternate which goes first so neither always gets the warmer cache.
        if i % 2:
            refs.append(run(ref, cwd, env))
            mine.append(mine_once())
        else:
            mine.append(mine_once())
            refs.append(run(ref, cwd, env))
    ratios = [m.wall / r.wall for m, r in zip(mine, refs)]
    peaks = [m.peak_mib for m in mine]
    return Paired(name, statistics.median(m.wall for m in mine), statistics.median(r.wall for r in refs),
                  statistics.median(ratios), statistics.median(peaks), max(peaks),
                  tuple(m.code for m in mine))


# --------------------------------------------------------------------------- in-process calls


def timed(call: Callable[[], object]) -> float:
    """Seconds one call of ``call`` takes."""
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


@dataclass(frozen=True)
class PairedCalls:
    median_a: float       # seconds
    median_b: float
    ratio: float          # median of per-pair ratios a/b


def paired_calls(a: Callable[[], object], b: Callable[[], object], *, pairs: int = 7,
                 warmup: int = 1) -> PairedCalls:
    """Alternate two in-process calls ``pairs`` times (after ``warmup`` rounds; which goes first
    alternates too) and summarise: the median of the per-pair ratios a/b, so drift of a shared
    machine cancels out as in :func:`paired`."""
    for _ in range(warmup):
        a()
        b()
    ta, tb = [], []
    for i in range(pairs):
        if i % 2:
            tb.append(timed(b))
            ta.append(timed(a))
        else:
            ta.append(timed(a))
            tb.append(timed(b))
    ratios = [x / max(y, 1e-9) for x, y in zip(ta, tb)]
    return PairedCalls(statistics.median(ta), statistics.median(tb), statistics.median(ratios))
