"""Fixtures for the hardening tests: the probe's fake Model Studio, a canary key.

The network guard and the private probe cache apply to every test: see ``tests/conftest.py``.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROBE_TESTS = HERE.parent / "probe"
for p in (str(HERE), str(PROBE_TESTS)):   # hardkit, and the probe helper's fakems (reused, not copied)
    if p not in sys.path:
        sys.path.insert(0, p)

from fakems import fake  # noqa: E402,F401  (the probe tests' fixture, shared)


@pytest.fixture(scope="session")
def canary_key() -> str:
    """A key unique to this test run: ``sk-`` + 32 random hex (a Model Studio pay-as-you-go shape)."""
    return "sk-" + secrets.token_hex(16)


@pytest.fixture
def servers():
    """``servers(script, host=..., name=...)`` starts a scripted loopback server; all are closed after the test."""
    from hardkit import Scripted

    started: list[Scripted] = []

    def start(script, host: str = "127.0.0.1", name: str | None = None) -> Scripted:   # type: ignore[no-untyped-def]
        s = Scripted(script, host, name)
        started.append(s)
        return s

    yield start
    for s in started:
        s.close()
