"""bench/hostile.py runs every case (at a tiny size: no figure is asserted) and measures what it says."""

from __future__ import annotations

import re
from pathlib import Path

from validator import limits
from validator.sources.registry import READERS, by_name
from validator.sources.walk import pick_reader


def test_every_case_runs_at_a_tiny_size(bench, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hostile = bench("hostile")
    monkeypatch.setattr(limits, "FILE_SECONDS", limits.FILE_SECONDS)   # main() switches the limit off
    code = hostile.main(["--tiny"])
    out = capsys.readouterr().out
    names = [c.name for c in hostile.cases(Path("/nonexistent"))]
    assert len(names) == len(set(names)) > 60
    for name in names:   # one line each: the ratio and its target (tiny sizes: the figures mean nothing)
        assert re.search(rf"^{re.escape(name)}\s+\d+\.\d\dx\s+\(target < [\d.]+x\)", out, re.M), name
    assert f"of {len(names)} cases met their target" in out
    assert code in (0, 1)


def test_only_and_list_choose_cases(bench, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hostile = bench("hostile")
    monkeypatch.setattr(limits, "FILE_SECONDS", limits.FILE_SECONDS)
    assert hostile.main(["--list", "--only", "reader:dotenv:"]) == 0
    listed = capsys.readouterr().out.split("\n", 2)[2].split()
    assert listed == [f"reader:dotenv:{p}" for p in sorted(hostile.PATHOLOGICAL)]


def test_the_readers_it_measures_exist(bench) -> None:  # type: ignore[no-untyped-def]
    hostile = bench("hostile")
    for reader, home in hostile.HOMES.items():   # each file is named as the walk would give it to that reader
        assert by_name(reader) is not None and pick_reader(Path(home), READERS) == reader, (reader, home)


def test_a_growth_case_compares_the_same_work_at_n_and_4n(bench) -> None:  # type: ignore[no-untyped-def]
    hostile = bench("hostile")
    sizes: list[int] = []

    def make(n: int):
        sizes.append(n)
        return lambda: sum(range(n))

    case = hostile.Case("sum", 8.0, make, start=1000, limit=1 << 16)
    ratio, against = hostile.measure(case, pairs=3, min_seconds=1.0)   # never reached: grows to the limit
    assert sizes[-1] == 4 * sizes[-2] and sizes[-2] * 2 * 4 > 1 << 16
    assert ratio > 0 and f"n={sizes[-2]:,}" in against
