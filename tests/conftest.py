"""Fixtures for the whole suite: no test reaches the internet, and none touches the user's cache.

The network guard refuses (and records) every name lookup and every connection that is not
loopback, so a test that tries to reach a real host fails, naming the host. Tests that exercise
that very refusal read the recorded attempts through the ``no_internet`` fixture.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Iterator

import pytest


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
            raise socket.gaierror(socket.EAI_NONAME, "blocked by the test network guard")
        return real(host, *args, **kwargs)

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def _check(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) \
                and not _loopback(address[0]):
            attempts.append(f"connect {address[0]}")
            raise OSError(101, "blocked by the test network guard")

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




@pytest.fixture
def cache_dir(private_cache: Path) -> Path:
    """The probe's verdict cache folder for this test (the name the probe tests use)."""
    return private_cache
