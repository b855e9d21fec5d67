"""The benchmarks' own tests: each bench script runs (at a tiny size) and measures what it says.

They never assert a timing: the figures belong to the bench, run on purpose (see README
"Performance"); here only that the script still works, so it cannot rot between runs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Callable

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load(name: str) -> ModuleType:
    """Import ``bench/NAME.py`` (its folder on the path, as when run as a script)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module      # dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bench() -> Callable[[str], ModuleType]:
    return load
