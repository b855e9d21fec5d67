"""Fixtures for the probe tests: the catalogue and fake Model Studio hosts.

The network guard and the private cache (``cache_dir``) apply to every test: see ``tests/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from fakems import FakeHost, catalogue_extension, fake  # noqa: F401  (fake: the shared fixture)


@pytest.fixture(scope="session")
def catalogue():  # type: ignore[no-untyped-def]
    from validator.catalogue import load

    return load()


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
