"""Fixtures for the hardening tests: a network guard on every test, the probe's fake Model Studio.

The guard refuses (and records) every name lookup and every connection that is not loopback, so
no hardening test can reach the internet — and one that tries fails, naming the host.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

HERE = Path(__file__).resolve().parent
PROBE_TESTS = HERE.parent / "probe"
for p in (str(HERE), str(PROBE_TESTS)):   # hardkit, and the probe helper's fakems (reused, not copied)
    if p not in sys.path:
        sys.path.insert(0, p)


def _loopback(host: object) -> bool:
    if host is None:
        return True
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not _loopback(host):
            attempts.append(host.decode() if isinstance(host, bytes) else str(host))
            raise socket.gaierror(socket.EAI_NONAME, "blocked by the hardening network guard")
        return real(host, *args, **kwargs)

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def _check(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) \
                and not _loopback(address[0]):
            attempts.append(f"connect {address[0]}")
            raise OSError(101, "blocked by the hardening network guard")

    def connect(self, address):  # type: ignore[no-untyped-def]
        _check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):  # type: ignore[no-untyped-def]
        _check(self, address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    monkeypatch.setattr(socket.socket, "connect", connect)       # IP literals need no lookup
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield attempts
    assert attempts == [], f"a test tried to reach non-loopback hosts: {attempts}"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The probe's verdict cache goes to the test's folder, never to the user's."""
    d = tmp_path / "msv-cache"
    monkeypatch.setenv("MSV_CACHE_DIR", str(d))
    monkeypatch.delenv("MSV_DEBUG", raising=False)
    return d


@pytest.fixture(scope="session")
def canary_key() -> str:
    """A key unique to this test run: ``sk-`` + 32 random hex (a Model Studio pay-as-you-go shape)."""
    return "sk-" + secrets.token_hex(16)


@pytest.fixture
def fake() -> Iterator[Callable[..., object]]:
    """Start fake Model Studio hosts on 127.0.0.1 (tests/probe/fakems.py); closed after the test."""
    from fakems import Behaviour, FakeHost

    hosts: list[FakeHost] = []

    def start(**kw: object) -> FakeHost:
        h = FakeHost(Behaviour(**kw))  # type: ignore[arg-type]
        hosts.append(h)
        return h

    yield start
    for h in hosts:
        h.close()
