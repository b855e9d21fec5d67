"""Fixtures for the probe tests: the catalogue and fake Model Studio hosts.

The network guard and the private cache (``cache_dir``) apply to every test: see ``tests/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest
from fakems import Behaviour, FakeHost, catalogue_extension


@pytest.fixture(scope="session")
def catalogue():  # type: ignore[no-untyped-def]
    from validator.catalogue import load

    return load()


@pytest.fixture
def fake() -> Iterator[Callable[..., FakeHost]]:
    hosts: list[FakeHost] = []

    def start(**kw: object) -> FakeHost:
        h = FakeHost(Behaviour(**kw))  # type: ignore[arg-type]
        hosts.append(h)
        return h

    yield start
    for h in hosts:
        h.close()


@pytest.fixture
def extension(tmp_path: Path) -> Callable[..., str]:
    """Write a user catalogue extension naming fake hosts; returns its path."""
    counter = [0]

    def write(hosts: dict[str, tuple[FakeHost, str]], **kw: object) -> str:
        counter[0] += 1
        path = tmp_path / f"fake-catalogue-{counter[0]}.yaml"
        path.write_text(catalogue_extension(hosts, **kw), encoding="utf-8")  # type: ignore[arg-type]
        return str(path)

    return write
