"""The catalogue index: the only code that knows how catalogue data is laid out.

Rules, sources, the probe and the CLI ask questions through these methods; nothing else reads
the YAML or the compiled JSON. Every method is pure and cheap after construction.

SKELETON: the method signatures below are the contract other layers code against.
"""

from __future__ import annotations

from typing import Any, Iterable

from .records import (
    Client,
    ErrorSignature,
    Host,
    KeyShape,
    Model,
    Parameter,
    ProbeSpec,
    Region,
    Resolution,
    Scope,
)


class Catalogue:
    """Fast lookups over one merged body of catalogue data (bundled + user extensions)."""

    version: str
    as_of: str  # ISO date: "not in our catalogue as of {as_of}"

    def __init__(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    # -- regions and scopes
    def region(self, id_or_alias: str) -> Region | None: ...
    def regions(self) -> list[Region]: ...
    def scope(self, id: str) -> Scope | None: ...

    # -- hosts and URLs
    def hosts(self, *, region: str | None = None, plan: str | None = None,
              protocol: str | None = None) -> list[Host]: ...
    def resolve(self, url: str) -> Resolution: ...
    def base_url(self, *, region: str, plan: str = "payg", protocol: str = "openai",
                 family: str | None = None, workspace: str | None = None) -> str | None:
        """The canonical base URL for that combination (None if the catalogue has none)."""
    def known_host(self, hostname: str) -> bool: ...

    # -- plans and keys
    def key_shape(self, key: str) -> KeyShape: ...

    # -- models, parameters, features
    def model(self, name: str) -> Model | None: ...
    def models(self, *, region: str | None = None, protocol: str | None = None,
               plan: str | None = None) -> list[Model]: ...
    def suggest_model(self, name: str) -> str | None:
        """The nearest real name (case, typo) or None."""
    def parameters(self, protocol: str) -> dict[str, Parameter]: ...
    def feature(self, region: str, name: str) -> bool | None:
        """True/False as documented, None when the catalogue does not know."""
    def features(self) -> list[str]: ...

    # -- errors, clients, probes
    def errors(self) -> list[ErrorSignature]: ...
    def match_error(self, status: int | None, body: str) -> list[tuple[ErrorSignature, float]]: ...
    def client(self, id: str) -> Client | None: ...
    def clients(self) -> list[Client]: ...
    def probe_spec(self, protocol: str, family: str) -> ProbeSpec | None: ...
    def probe_candidates(self, key: KeyShape, *, protocol: str, workspace: str | None = None,
                         include_plan_hosts: bool = False) -> list[tuple[Host, str]]:
        """(host, base URL) pairs worth probing for a key rejected where it was used."""


def load(extensions: Iterable[str] = ()) -> Catalogue:
    raise NotImplementedError
