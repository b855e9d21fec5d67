"""``bench/harness.py``: paired runs, and the untimed step before each run of the measured command."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType
from typing import Callable


def test_before_runs_ahead_of_every_run_of_the_command_and_never_of_the_reference(
        bench: Callable[[str], ModuleType], tmp_path: Path) -> None:
    harness = bench("harness")
    log = tmp_path / "log"
    log.write_text("", encoding="utf-8")
    append = "import sys; open(sys.argv[1], 'a').write(sys.argv[2])"
    cmd = [sys.executable, "-c", append, str(log), "c"]
    ref = [sys.executable, "-c", append, str(log), "r"]

    def before() -> None:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write("b")

    res = harness.paired("x", cmd, ref, runs=3, warmup=1, before=before)
    order = log.read_text(encoding="utf-8")
    assert order.count("b") == order.count("c") == 4 and order.count("r") == 4
    assert "b" not in order.replace("bc", "")   # each b is followed at once by its run of the command
    assert len(res.codes) == 3 and res.ratio > 0
