"""Helpers shared by the per-format reader tests (importable: ``pythonpath`` in pyproject).

Each format's tests keep their fixtures in ``tests/sources/<format>/fixtures``;
:class:`Fixtures` reads one through a reader exactly as the walk would hand it over, and
finds the 1-based (line, column) of a snippet so tests assert positions against the file
itself rather than hard-coded numbers.
"""

from __future__ import annotations

from pathlib import Path

from validator.sources.base import Document, ReadResult


class Fixtures:
    def __init__(self, test_file: str, reader: object) -> None:
        self.folder = Path(test_file).parent / "fixtures"
        self.reader = reader

    def text(self, rel: str) -> str:
        return (self.folder / rel).read_text(encoding="utf-8")

    def read(self, rel: str) -> ReadResult:
        """The reader's result for fixture ``rel`` (displayed as ``rel``)."""
        return self.reader.read(Document(self.folder / rel, rel, self.text(rel)))  # type: ignore[attr-defined]

    def where(self, rel: str, needle: str, nth: int = 0) -> tuple[int, int]:
        """1-based (line, column) of the ``nth`` occurrence of ``needle`` in fixture ``rel``."""
        return position(self.text(rel), needle, nth)


def position(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
