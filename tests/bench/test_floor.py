"""bench/floor.py measures the same thing msv's walk does: the same marker words, every file read."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from validator.sources.markers import MARKER_WORDS

ROOT = Path(__file__).resolve().parents[2]


def _floor():
    spec = importlib.util.spec_from_file_location("floor", ROOT / "bench" / "floor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_floor_looks_for_msvs_marker_words() -> None:
    assert _floor().MARKER_WORDS == MARKER_WORDS


def test_the_floor_searches_with_msvs_own_pattern() -> None:
    """The trie msv searches every file with, not a slower plain alternation."""
    from validator.sources.markers import _MARKERS_LOWER

    assert _floor().pattern().pattern == _MARKERS_LOWER.compiled().pattern


def test_the_floor_reads_every_file_and_counts_the_marked_ones(tmp_path: Path) -> None:
    floor = _floor()
    (tmp_path / "a" / "node_modules").mkdir(parents=True)
    (tmp_path / "a" / "node_modules" / "x.js").write_text("dashscope", encoding="utf-8")   # skipped folder
    (tmp_path / "a" / "client.py").write_text("BASE = 'https://DashScope.aliyuncs.com'\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("nothing here\n", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(b"\0\1\2sk-")
    assert floor.scan(str(tmp_path), floor.pattern()) == (3, 2)
    assert floor.scan(str(tmp_path), floor.pattern(naive=True), naive=True) == (3, 2)
