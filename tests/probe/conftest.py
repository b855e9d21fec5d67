"""Fixtures for the probe tests: the catalogue, fake Model Studio hosts, and a network guard.

The guard makes any name lookup that is not loopback fail *and* records it, so a test fails
if the probe ever tries to reach a real host (tests must never touch the internet).
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Callable, Iterator

import pytest

from fakems import Behaviour, FakeHost, catalogue_extension


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

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    yield attempts
    assert attempts == [], f"the probe tried to reach non-loopback hosts: {attempts}"


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("MSV_CACHE_DIR", str(d))
    return d


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
