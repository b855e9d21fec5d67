"""Shared helpers for the sources tests (walk, readers, envgroup, link, listing).

``catalogue`` is the real bundled catalogue (the sources layer asks it about clients: which
variables they read, what they append to a base URL, their defaults and precedence).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

@pytest.fixture(scope="session")
def catalogue():
    from validator.catalogue import load

    return load()


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create ``files`` (relative path -> text or bytes) below ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh folder that is also the working directory (display paths are relative to it)."""
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str | bytes]) -> Path:
        return write_tree(tmp_path, files)

    return make


def where(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle`` in ``text``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


@pytest.fixture
def no_git(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make git unavailable (PATH without git) so the .gitignore fallback is used."""
    monkeypatch.setenv("PATH", os.devnull)
    yield


@pytest.fixture
def locate():
    """The :func:`where` helper as a fixture (conftest modules are not importable)."""
    return where
