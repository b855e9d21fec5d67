"""What a pasted error shows besides the error itself: hosts, paths, keys, clients, variables.

Users paste log lines and terminal output, not bare bodies. ``POST https://coding-intl…/apps/
anthropic/v1/messages`` says the region, the plan family and the protocol; an ``sk-sp-`` token
says a plan key was sent; ``Qwen Code: 0.14.0`` or ``ANTHROPIC_BASE_URL`` name the client. This
module reads that context so ``msv diagnose`` can rank causes by it. Pure: the catalogue in,
plain data out. Keys are read only for their *shape*; the key text never leaves this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from validator.lazyre import lazy

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

    from validator.catalogue.index import Catalogue
    from validator.catalogue.records import Client, Resolution

MAX_URLS = 8
_URL = lazy(r"\bhttps?://[^\s\"'<>()\[\]{}`,]+", re.I)
_KEY = lazy(r"(?<![\w-])(sk-[A-Za-z0-9_\-.*…]{3,200})")
_VARIABLE = lazy(r"\b((?:ANTHROPIC|OPENAI|DASHSCOPE|QWEN|BAILIAN)_[A-Z][A-Z0-9_]*)\b")
_VARIABLE_PROTOCOL = {"ANTHROPIC": "anthropic", "OPENAI": "openai"}
# Names too common as words to say a client was used ("To continue using…").
_AMBIGUOUS_NAMES = frozenset({"continue", "crush", "codex", "aider", "opencode", "dashscope", "anthropic", "openai"})
_GENERIC_CLIENTS = frozenset({"openai-compatible", "anthropic-compatible", "dashscope", "unknown"})


@dataclass(frozen=True, slots=True)
class PastedUrl:
    """A URL the paste names, as the catalogue reads it (no query string, never a key)."""

    url: str
    host: str | None
    known: bool
    region: str | None
    region_name: str | None
    plan: str | None
    family: str | None
    protocol: str | None
    provider: str | None
    base_url: str | None
    problems: tuple[str, ...]          # path problems other than "the request path is included"

    def where(self) -> str:
        """``dashscope.aliyuncs.com (China (Beijing), pay-as-you-go)``."""
        bits = [b for b in (self.region_name or self.region, _PLAN_NAMES.get(self.plan or "", self.plan)) if b]
        if self.provider and not self.known:
            bits = [f"{self.provider}, not Model Studio"]
        return f"{self.host} ({', '.join(bits)})" if bits else str(self.host)

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "host": self.host, "known": self.known, "region": self.region, "plan": self.plan,
                "family": self.family, "protocol": self.protocol, "provider": self.provider,
                "problems": list(self.problems)}


_PLAN_NAMES = {"payg": "pay-as-you-go", "coding-plan": "Coding Plan", "token-plan": "Token Plan"}


@dataclass(frozen=True, slots=True)
class PasteContext:
    urls: tuple[PastedUrl, ...] = ()
    key_kinds: tuple[tuple[str, str | None], ...] = ()     # (kind, provider) of key-shaped tokens
    clients: tuple[str, ...] = ()                          # catalogue client ids named in the paste
    variables: tuple[str, ...] = ()                        # ANTHROPIC_* / OPENAI_* / DASHSCOPE_* named
    client_names: dict[str, str] = field(default_factory=dict)

    @property
    def model_studio_urls(self) -> list[PastedUrl]:
        return [u for u in self.urls if u.known]

    def variable_protocols(self) -> set[str]:
        return {_VARIABLE_PROTOCOL[v.split("_")[0]] for v in self.variables if v.split("_")[0] in _VARIABLE_PROTOCOL}

    def to_dict(self) -> dict[str, Any]:
        return {"urls": [u.to_dict() for u in self.urls], "keys": [k for k, _ in self.key_kinds],
                "clients": list(self.clients), "variables": list(self.variables)}


def _pasted_url(catalogue: "Catalogue", url: str) -> PastedUrl | None:
    url = url.rstrip(".;:!?")
    clean = url.split("?")[0].split("#")[0]
    scheme, _, rest = clean.partition("://")
    authority, slash, path = rest.partition("/")
    clean = f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"      # never user:password@ (or a key)
    try:
        res: Resolution = catalogue.resolve(clean)
    except Exception:  # noqa: BLE001 - a URL msv cannot read is no evidence
        return None
    if not res.host:
        return None
    region = catalogue.region(res.region) if res.region else None
    problems = tuple(p.message for p in res.problems if p.kind != "request-path")
    return PastedUrl(clean, res.host, res.known, res.region, region.name if region else None, res.plan, res.family,
                     res.protocol, res.provider, res.base_url, problems)


def _client_patterns(catalogue: "Catalogue") -> list[tuple[re.Pattern[str], "Client"]]:
    out: list[tuple[re.Pattern[str], Client]] = []
    for c in catalogue.clients():
        if c.id in _GENERIC_CLIENTS:
            continue
        name = re.sub(r"\s*\(.*\)$", "", c.name).strip()
        words = {w for w in (name, c.id, *c.aliases) if w and w.lower() not in _AMBIGUOUS_NAMES and len(w) > 3}
        for w in sorted(words, key=len, reverse=True):
            spaced = re.escape(w).replace(r"\ ", r"[\s_-]?").replace(r"\-", r"[\s_-]?")
            out.append((re.compile(r"(?<![\w-])" + spaced + r"(?![\w-])", re.I), c))
    return out


def read_context(text: str, catalogue: "Catalogue") -> PasteContext:
    """Hosts, key shapes, clients and variables named in ``text`` (the raw paste).

    Only the key *shapes* are read from the raw text; everything that can reach the output
    (URLs, names) is read from the redacted paste, so no spelling of a key is ever shown.
    """
    from validator.redact import redact_pasted

    raw = text or ""
    text = redact_pasted(raw)
    urls: list[PastedUrl] = []
    seen: set[str] = set()
    for m in _URL.finditer(text):
        if len(urls) >= MAX_URLS:
            break
        pu = _pasted_url(catalogue, m.group(0))
        if pu is not None and pu.url not in seen:
            seen.add(pu.url)
            urls.append(pu)
    kinds: list[tuple[str, str | None]] = []
    for m in _KEY.finditer(raw):
        shape = catalogue.key_shape(m.group(1))
        pair = (shape.kind, shape.provider)
        if pair not in kinds:
            kinds.append(pair)
    for m in re.finditer(r"\bBearer\s+([^\s\"',]{8,})", raw):
        if not m.group(1).startswith("sk-"):
            shape = catalogue.key_shape(m.group(1))
            if (shape.kind, shape.provider) not in kinds and shape.kind == "foreign":
                kinds.append((shape.kind, shape.provider))
    clients: list[str] = []
    names: dict[str, str] = {}
    taken: set[str] = set()
    for rx, client in _client_patterns(catalogue):
        m = rx.search(text)
        if m and client.id not in clients and m.group(0).lower() not in taken:
            clients.append(client.id)
            names[client.id] = re.sub(r"\s*\(.*\)$", "", client.name).strip()
            taken.add(m.group(0).lower())
    variables = tuple(dict.fromkeys(_VARIABLE.findall(text)))[:12]
    return PasteContext(tuple(urls), tuple(kinds), tuple(clients), variables, names)
