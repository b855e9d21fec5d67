"""Walking and reading in parallel gives one process's result, byte for byte.

Above the pool threshold the walk streams chunks of candidates to worker processes while it
goes on (``validator.sources.iter_walk_outcomes``); the outcomes come back in walk order. The
tree comes from the benchmarks' own generator (every reader, broken and correct files, binaries), checked with the pool forced (``jobs=2``, and a chunk small enough to make many tasks)
and without it (``jobs=1``).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

import validator.sources as sources
from validator.api import run_check
from validator.report import render
from validator.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[3]


def _generate(out: Path, files: int) -> None:
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "bench" / "generate_corpus.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    gen.generate(out, files=files, seed=7, relevant=0.2)


_REAL_CHUNK = sources._process_chunk
SPY_DIR: list[Path] = []


def _spy(chunk, max_size):
    """Runs in a worker: leaves a mark, so the test knows the pool really read the files."""
    display = chunk[0][1]   # the candidates come as tuples of their fields (sources._packed)
    (SPY_DIR[0] / f"{os.getpid()}-{display.replace('/', '_')}").write_text("", encoding="utf-8")
    return _REAL_CHUNK(chunk, max_size)


def _outputs(tree: Path, jobs: int) -> dict[str, str]:
    report = run_check(["."], isolated=True, jobs=jobs, use_environment=False)
    rules = {r.name: r for r in all_rules()}
    return {fmt: render(fmt, report, rules, root=".", sources=report.texts, baselined=0)
            for fmt in ("text", "json", "sarif")}


@pytest.mark.slow
def test_the_pool_gives_the_serial_output_byte_for_byte(tmp_path: Path, monkeypatch) -> None:
    tree = tmp_path / "tree"
    _generate(tree, 600)
    monkeypatch.chdir(tree)
    monkeypatch.setattr(sources, "CHUNK", 16)
    serial = _outputs(tree, 1)
    marks = tmp_path / "marks"
    marks.mkdir()
    SPY_DIR.append(marks)
    monkeypatch.setattr(sources, "_process_chunk", _spy)
    parallel = _outputs(tree, 2)
    SPY_DIR.clear()
    pids = {m.name.split("-")[0] for m in marks.iterdir()}
    # the workers read a real share of the tree (this process reads the rest: sources.SHARE)
    assert len(list(marks.iterdir())) > 5 and str(os.getpid()) not in pids
    assert '"ruleId"' in serial["sarif"] and serial["text"].count("\n") > 50
    for fmt in serial:
        assert parallel[fmt] == serial[fmt], fmt


def test_a_pool_that_cannot_start_is_finished_in_one_process(tmp_path: Path, monkeypatch) -> None:
    tree = tmp_path / "tree"
    _generate(tree, 60)
    monkeypatch.chdir(tree)
    serial = _outputs(tree, 1)

    class Refused:
        def __init__(self, *a, **k) -> None:
            pass

        def submit(self, *a, **k):
            raise OSError("no /dev/shm")

        def shutdown(self, *a, **k) -> None:
            pass

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Refused)
    assert _outputs(tree, 2) == serial


def test_the_bundled_examples_give_the_serial_output_with_the_pool(monkeypatch) -> None:
    """``examples/`` (every reader's broken and good files) through the pool, chunks of 4 so
    that both the workers and this process read some: text, JSON and SARIF byte for byte."""
    monkeypatch.chdir(ROOT / "examples")
    monkeypatch.setattr(sources, "CHUNK", 4)
    serial = _outputs(ROOT / "examples", 1)
    assert serial["text"].count("\n") > 50
    assert _outputs(ROOT / "examples", 2) == serial
    assert _outputs(ROOT / "examples", 3) == serial
