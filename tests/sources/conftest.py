"""Shared helpers for the sources tests (walk, readers, envgroup, link, listing).

``catalogue`` is the real bundled catalogue when it loads; while the catalogue index is being
built it falls back to a minimal stand-in that reads the same ``clients.yaml`` (the sources
layer only asks ``clients()`` and ``client(id)``), so these tests exercise the real client data
either way.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

CLIENTS_YAML = Path(__file__).resolve().parents[2] / "validator" / "catalogue" / "data" / "clients.yaml"


class ClientsOnly:
    """The part of :class:`validator.catalogue.index.Catalogue` the sources layer uses."""

    version = "test"
    as_of = "2026-01-01"

    def __init__(self) -> None:
        import yaml

        from validator.catalogue.records import Client

        fields = set(Client.__dataclass_fields__)
        data = yaml.safe_load(CLIENTS_YAML.read_text(encoding="utf-8"))["clients"]
        self._clients = [
            Client(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in item.items() if k in fields})
            for item in data
        ]

    def clients(self):
        return list(self._clients)

    def client(self, id: str):
        return next((c for c in self._clients if c.id == id), None)


@pytest.fixture(scope="session")
def catalogue():
    try:
        from validator.catalogue import load

        return load()
    except Exception:  # noqa: BLE001 - the index is not finished yet: use the clients data directly
        return ClientsOnly()


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
