"""Plan the probe: which token-free request goes to which host for a target.

The catalogue names, per protocol and host family, the cheapest request that tells an accepted
key from a rejected one without generating tokens (``Catalogue.probe_spec``), and the other
hosts worth trying for a key (``Catalogue.probe_candidates``). This module only assembles
:class:`ProbeRequest` records from those answers and marks those the safety rules refuse.
No I/O.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .observation import CANDIDATE, CONFIGURED, KEY, MODEL
from .safety import host_of, refusal

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

    from validator.catalogue.index import Catalogue
    from validator.catalogue.records import Host, ProbeSpec

PROTOCOL_ORDER = ("openai", "dashscope", "anthropic")

# With an accepted key, "may this key use model M here?" is asked with a request the server
# authenticates and resolves the model for, then refuses as invalid: no messages and
# ``max_tokens`` 0, so nothing can be generated whatever the server's validation order.
# Answers: 403 Model.AccessDenied (not granted), 404 model_not_found (unknown here), 400 (the
# model resolved; the request was refused as intended).
# Plan hosts are never sent model checks (plans count every call). Source: catalogue-facts §9
# and §6 — the validation order is *inferred*; the catalogue's probe schema has no per-model
# request yet, so these live here.
MODEL_CHECKS: dict[str, tuple[str, str, Any]] = {
    # protocol: (method, path after the base URL, body)
    "openai": ("POST", "/chat/completions", {"model": "{model}", "messages": [], "max_tokens": 0}),
    "anthropic": ("POST", "/v1/messages", {"model": "{model}", "messages": [], "max_tokens": 0}),
    "dashscope": ("POST", "/services/aigc/text-generation/generation",
                  {"model": "{model}", "input": {"messages": []}, "parameters": {"max_tokens": 0}}),
}


@dataclass(frozen=True, slots=True)
class ProbeRequest:
    """One request the probe may send (``refused`` says why it must not)."""

    url: str
    method: str
    host: str
    base_url: str
    spec_id: str
    purpose: str = KEY
    role: str = CONFIGURED
    auth: str = "bearer"
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = None
    region: str | None = None
    plan: str | None = None
    family: str | None = None
    model: str | None = None
    refused: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def identity(self) -> str:
        """What makes two requests the same (for de-duplication and the cache)."""
        body = json.dumps(self.body, sort_keys=True, ensure_ascii=False) if self.body is not None else ""
        raw = "\0".join((self.method, self.url, self.auth, body))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL (never raises: the safety check refuses bad URLs first)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        scheme, _, rest = url.strip().partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"
    return f"{parts.scheme}://{parts.netloc}"


def _fill(value: Any, model: str) -> Any:
    if isinstance(value, str):
        return value.replace("{model}", model)
    if isinstance(value, list):
        return [_fill(v, model) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, model) for k, v in value.items()}
    return value


def _spec(catalogue: "Catalogue", protocol: str, family: str) -> "ProbeSpec | None":
    try:
        return catalogue.probe_spec(protocol, family)
    except (KeyError, ValueError):
        return None


def key_spec(catalogue: "Catalogue", protocol: str | None, family: str | None,
             host: "Host | None") -> "ProbeSpec | None":
    """The key probe for a host: the target's protocol first, then any protocol the host serves.

    A key is valid or not per host, whatever protocol asks, so an Anthropic-only client's key
    can be checked with the host's OpenAI-compatible listing when Anthropic has no free request.
    """
    family = family or (host.family if host else None) or "shared"
    order = [p for p in (protocol, *PROTOCOL_ORDER) if p]
    served = set(host.protocols) if host is not None and host.protocols else None
    seen: set[str] = set()
    for p in order:
        if p in seen or (served is not None and p not in served and p != protocol):
            continue
        seen.add(p)
        spec = _spec(catalogue, p, family)
        if spec is not None:
            return spec
    return None


def _request(catalogue: "Catalogue", *, url: str, method: str, spec_id: str, base_url: str,
             purpose: str, role: str, auth: str, headers: dict[str, str] | None, body: Any,
             host: "Host | None", region: str | None, plan: str | None, family: str | None,
             model: str | None = None) -> ProbeRequest:
    return ProbeRequest(
        url=url, method=method.upper(), host=host_of(url), base_url=base_url, spec_id=spec_id,
        purpose=purpose, role=role, auth=auth, headers=tuple(sorted((headers or {}).items())),
        body=body, region=region or (host.region if host else None),
        plan=plan or (host.plan if host else None), family=family or (host.family if host else None),
        model=model, refused=refusal(url, catalogue),
    )


def key_request(catalogue: "Catalogue", base_url: str, protocol: str | None, *,
                role: str = CONFIGURED, host: "Host | None" = None) -> ProbeRequest:
    """The key probe for the host of ``base_url`` (refused when unsafe or when none is known)."""
    res = catalogue.resolve(base_url)
    host = host or res.host_entry
    family = res.family or (host.family if host else None)
    spec = key_spec(catalogue, protocol or res.protocol, family, host)
    canonical = res.base_url or base_url
    if spec is None:
        reason = ("no token-free request is known for this host and protocol"
                  if res.known else f"{host_of(base_url)} is not a host the catalogue names")
        return ProbeRequest(url=origin(base_url), method="GET", host=host_of(base_url), base_url=canonical,
                            spec_id="", role=role, region=res.region, plan=res.plan, family=family,
                            refused=refusal(base_url, catalogue) or reason)
    return _request(catalogue, url=origin(base_url) + spec.path, method=spec.method, spec_id=spec.id,
                    base_url=canonical, purpose=KEY, role=role, auth=spec.auth, headers=dict(spec.headers),
                    body=spec.body, host=host, region=res.region, plan=res.plan, family=family)


def model_request(catalogue: "Catalogue", base_url: str, protocol: str | None, model: str, *,
                  role: str = CONFIGURED) -> ProbeRequest | None:
    """The token-free model check on ``base_url``'s host, or None where none is safe (plan hosts)."""
    res = catalogue.resolve(base_url)
    host = res.host_entry
    family = res.family or (host.family if host else None)
    protocol = protocol or res.protocol
    if family == "plan" or (res.plan not in (None, "payg")) or not protocol:
        return None
    if protocol not in MODEL_CHECKS:
        return None
    method, suffix, body = MODEL_CHECKS[protocol]
    base = (res.base_url or base_url).rstrip("/")
    url, body, spec_id = base + suffix, _fill(body, model), f"builtin-{protocol}-model-check"
    auth = "x-api-key" if protocol == "anthropic" else "bearer"
    headers = {"anthropic-version": "2023-06-01"} if protocol == "anthropic" else {}
    return _request(catalogue, url=url, method=method, spec_id=spec_id, base_url=res.base_url or base_url,
                    purpose=MODEL, role=role, auth=auth, headers=headers, body=body, host=host,
                    region=res.region, plan=res.plan, family=family, model=model)


def candidate_requests(catalogue: "Catalogue", key: str, protocol: str | None, *, workspace: str | None,
                       include_plan_hosts: bool, exclude: set[str]) -> list[ProbeRequest]:
    """Key probes for every other host the catalogue knows for a key of this shape."""
    shape = catalogue.key_shape(key)
    pairs = catalogue.probe_candidates(shape, protocol=protocol or "openai", workspace=workspace,
                                       include_plan_hosts=include_plan_hosts)
    out: list[ProbeRequest] = []
    seen = set(exclude)
    for host, base_url in pairs:
        if not include_plan_hosts and (host.family == "plan" or host.plan != "payg"):
            continue
        name = host_of(base_url)
        if name in seen:
            continue
        seen.add(name)
        out.append(key_request(catalogue, base_url, protocol, role=CANDIDATE, host=host))
    return out
