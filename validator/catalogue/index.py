"""The catalogue index: the only code that knows how catalogue data is laid out.

Rules, sources, the probe and the CLI ask questions through these methods; nothing else reads
the YAML or the compiled JSON. Construction builds small lookup tables from the compiled data
(a few milliseconds); every method afterwards is pure and cheap.

The bundled catalogue is loaded from ``compiled.marshal`` (the same data as ``compiled.json``,
which is read instead when the marshal copy is missing or stale): no pydantic, no YAML, not
even ``json``. Only user extensions (``load(extensions=[…])``) pay for validation, and only then.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from validator.lazyre import lazy

from .error import CatalogueError
from .records import (
    Cited,
    Claim,
    Client,
    ErrorSignature,
    Feature,
    Host,
    KeyShape,
    Model,
    Parameter,
    Plan,
    ProbeSpec,
    Region,
    Scope,
)
from .urls import _QUOTES, _REFERENCE, _WS_LABEL, UrlResolver

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable

__all__ = ["Catalogue", "CatalogueError", "load"]

# A string, like every path on the checks' way (docs/architecture.md): no pathlib import.
COMPILED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "compiled.json")
_VARIABLE_NAME = lazy(r"^[A-Z][A-Z0-9_]{2,}$")

def _cited(entry: dict[str, Any]) -> Cited:
    claims = tuple(Claim(c["claim"], c["source"], c.get("confidence") or "seed") for c in entry.get("disputed", ()))
    return Cited(entry.get("source", ""), entry.get("confidence") or "seed", claims)


class Catalogue(UrlResolver):
    """Fast lookups over one merged body of catalogue data (bundled + user extensions)."""

    version: str
    as_of: str  # ISO date: "not in our catalogue as of {as_of}"
    skipped: tuple[CatalogueError, ...] = ()   # a repository's extensions refused (validator.trust)

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        meta = data["meta"]
        self.version = meta["version"]
        self.as_of = meta["as_of"]
        self.models_as_of = meta.get("models_as_of") or self.as_of
        # where this body of data comes from: "bundled", or the verified download in the user cache
        self.origin = "bundled"
        self._scopes = {e["id"]: Scope(e["id"], e["name"], e["name_zh"], e["residency"], _cited(e),
                                      e.get("default_since"))
                        for e in data["scopes"]}
        self._regions: dict[str, Region] = {}
        self._region_names: dict[str, str] = {}
        for e in data["regions"]:
            self._regions[e["id"]] = Region(e["id"], e["name"], e["name_zh"], tuple(e["scopes"]), e["residency"],
                                            tuple(e["aliases"]), _cited(e), e.get("models_as_of"),
                                            e.get("scope_chosen_by"))
            for name in (e["id"], *e["aliases"], e["name"]):
                self._region_names.setdefault(name.lower(), e["id"])
        self._hosts = [self._host(e) for e in data["hosts"]]
        self._host_by_id = {h.id: h for h in self._hosts}
        self._exact: dict[str, Host] = {}
        self._workspace_hosts: list[tuple[str, Host]] = []   # (suffix after {workspace}, host)
        self._patterns_cache: list[tuple[re.Pattern[str], str, Host]] | None = None
        for h in self._hosts:
            if "{workspace}" in h.pattern:
                self._workspace_hosts.append((h.pattern.split("{workspace}", 1)[1], h))
            else:
                self._exact[h.pattern] = h
        self._typos = {e["host"]: e["meant"] for e in data["typos"]}
        self._foreign = {e["host"]: e["provider"] for e in data["foreign"]}
        self._protocols = {e["id"]: e for e in data["protocols"]}
        self._alt_paths = data["paths"]
        self._plans = {e["id"]: Plan(e["id"], e["name"], e["name_zh"], e["usage"], tuple(e["key_kinds"]), e["hosts"],
                                     tuple(e["notes"]), _cited(e)) for e in data["plans"]}
        self._clients: dict[str, Client] = {}
        self._client_names: dict[str, str] = {}
        for e in data["clients"]:
            c = Client(id=e["id"], name=e["name"], protocol=e["protocol"], appends=e["appends"],
                       append_unless_present=e["append_unless_present"], base_vars=tuple(e["base_vars"]),
                       key_vars=tuple(e["key_vars"]), model_vars=tuple(e["model_vars"]),
                       default_base_url=e["default_base_url"], precedence=tuple(e["precedence"]), usage=e["usage"],
                       cited=_cited(e), aliases=tuple(e["aliases"]), key_headers=dict(e["key_headers"]),
                       notes=tuple(e["notes"]), files=tuple(e.get("files", ())),
                       user_files=tuple(e.get("user_files", ())), home_var=e.get("home_var"),
                       launchers=tuple(e.get("launchers", ())), reader=e.get("reader"), settings=e.get("settings"),
                       env_files=tuple(e.get("env_files") or ()))
            self._clients[c.id] = c
            for name in (c.id, *c.aliases):
                self._client_names.setdefault(name.lower(), c.id)
        # Built on first use: most runs ask only a few kinds of question.
        self._models_cache: dict[str, Model] | None = None
        self._models_made: dict[str, Model] = {}                   # what model() built before that
        self._model_entries: dict[str, dict[str, Any]] | None = None
        self._errors_cache: list[tuple[ErrorSignature, list[re.Pattern[str]]]] | None = None
        self._keys_cache: tuple[Any, ...] | None = None
        self._endpoint_cache: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}

    @property
    def _patterns(self) -> list[tuple[re.Pattern[str], str, Host]]:
        """(regex, suffix, host) of the ``{workspace}`` hosts, compiled on first use: a URL on
        an exact host (most of them) never needs them."""
        if self._patterns_cache is None:
            self._patterns_cache = [(re.compile("^(" + _WS_LABEL + ")" + re.escape(suffix) + "$"), suffix, h)
                                    for suffix, h in self._workspace_hosts]
        return self._patterns_cache

    @staticmethod
    def _host(e: dict[str, Any]) -> Host:
        return Host(e["id"], e["pattern"], e["family"], e["region"], e["plan"], e["status"], e["callers"], e["usage"],
                    dict(e["protocols"]), e["replacement"], e["rate_limit"], e["timeout_s"], e["sla"],
                    tuple(e["notes"]), _cited(e), e.get("allow_http", False), e.get("untrusted"))

    # ------------------------------------------------------------------ regions and scopes

    def region(self, id_or_alias: str) -> Region | None:
        """A region by id (``cn-beijing``), alias (``beijing``, ``intl``) or English name."""
        rid = self._region_names.get(str(id_or_alias).strip().lower())
        return self._regions.get(rid) if rid else None

    def regions(self) -> list[Region]:
        return list(self._regions.values())

    def scope(self, id: str) -> Scope | None:
        return self._scopes.get(id)

    def scopes(self) -> list[Scope]:
        return list(self._scopes.values())

    def plan(self, id: str) -> Plan | None:
        return self._plans.get(id)

    def plans(self) -> list[Plan]:
        return list(self._plans.values())

    # ------------------------------------------------------------------ hosts and URLs

    def hosts(self, *, region: str | None = None, plan: str | None = None,
              protocol: str | None = None, family: str | None = None) -> list[Host]:
        rid = self._region_id(region) if region else None
        return [h for h in self._hosts
                if (region is None or h.region == rid)
                and (plan is None or h.plan == plan)
                and (protocol is None or protocol in h.protocols)
                and (family is None or h.family == family)]

    def host(self, id: str) -> Host | None:
        return self._host_by_id.get(id)

    def known_host(self, hostname: str) -> bool:
        """Whether a host name (optionally ``host:port``) is a catalogue host, typos excluded."""
        name = str(hostname).strip().lower().rstrip(".")
        return self._lookup(name)[0] is not None

    def _region_id(self, region: str) -> str | None:
        r = self.region(region)
        return r.id if r else str(region)

    def base_url(self, *, region: str, plan: str = "payg", protocol: str = "openai",
                 family: str | None = None, workspace: str | None = None) -> str | None:
        """The canonical base URL for that combination (None if the catalogue has none).

        Without ``family``: the workspace-dedicated host when a workspace id is given, else the
        shared DashScope domain, else (Tokyo, Frankfurt) the workspace host with a
        ``{WorkspaceId}`` placeholder.
        """
        candidates = [h for h in self.hosts(region=region, plan=plan, protocol=protocol)
                      if h.status != "deprecated" and (family is None or h.family == family)]
        if not candidates:
            return None
        order = (["workspace", "shared", "plan", "trial"] if workspace else ["shared", "plan", "workspace", "trial"])
        candidates.sort(key=lambda h: order.index(h.family) if h.family in order else len(order))
        return self._canonical(candidates[0], protocol, workspace)

    # ------------------------------------------------------------------ plans and keys

    def _key_tables(self) -> tuple[Any, ...]:
        if self._keys_cache is None:
            d = self.data
            self._keys_cache = (
                [re.compile(e["pattern"], re.I) for e in d["placeholders"]],
                [re.compile(e["pattern"]) for e in d["masked"]],
                [(re.compile(e["pattern"]), e) for e in d["key_shapes"]],
            )
        return self._keys_cache

    def key_shape(self, key: Any) -> KeyShape:
        """What a key string looks like: kind, plans, provider and spelling problems (never the key)."""
        if key is None:
            return KeyShape("empty")
        reveal = getattr(key, "reveal", None)
        text = reveal() if callable(reveal) else str(key)
        problems: list[str] = []
        if len(text) > 4096:  # no key is this long; do not scan megabytes
            return KeyShape("unknown", problems=("too-long",))
        if text != text.strip():
            problems.append("newline" if "\n" in text or "\r" in text else "whitespace")
        text = text.strip()
        if re.search(r"\\[nr]$", text):
            problems.append("newline")
            text = re.sub(r"(\\[nr])+$", "", text)
        if text and (text[0] in _QUOTES or text[-1] in _QUOTES):
            problems.append("quotes")
            text = text.strip(_QUOTES).strip()
        if text.lower().startswith("bearer "):
            problems.append("bearer-prefix")
            text = text[7:].strip()
        if not text:
            return KeyShape("empty", problems=tuple(problems))
        if re.search(r"\s", text):
            problems.append("whitespace")
        placeholders, masked, shapes = self._key_tables()
        if _REFERENCE.match(text):
            return KeyShape("placeholder", problems=tuple(problems + ["reference"]))
        if any(p.search(text) for p in placeholders):
            return KeyShape("placeholder", problems=tuple(problems))
        if any(p.search(text) for p in masked):
            return KeyShape("masked", problems=tuple(problems))
        for regex, e in shapes:
            if regex.search(text):
                if e["kind"] == "generic" and re.fullmatch(r"sk-[0-9a-f]{8,31}", text):
                    problems.append("truncated")
                return KeyShape(e["kind"], tuple(e["plans"]), e["provider"], tuple(problems))
        if _VARIABLE_NAME.match(text):
            return KeyShape("unknown", problems=tuple(problems + ["variable-name"]))
        return KeyShape("unknown", problems=tuple(problems))

    def mismatch(self, key_kind: str, host_plan: str) -> dict[str, Any] | None:
        """The documented outcome of a key of ``key_kind`` on a host of ``host_plan`` (None: it matches)."""
        plan = self._plans.get(host_plan)
        if plan is not None and key_kind in plan.key_kinds:
            return None
        for e in self.data["mismatches"]:
            if key_kind in e["key"] and e["host_plan"] == host_plan:
                return e
        if key_kind == "subscription" and host_plan in ("token-plan", "coding-plan"):
            return next((e for e in self.data["mismatches"] if e["host_plan"] == "other-plan"), None)
        return None

    # ------------------------------------------------------------------ models, parameters, features

    @staticmethod
    def _model_record(e: dict[str, Any]) -> Model:
        fsrc = tuple((k, _cited(v)) for k, v in sorted((e.get("field_sources") or {}).items()))
        return Model(e["name"], e["family"], tuple(e["scopes"]), tuple(e["protocols"]), tuple(e["plans"]),
                     frozenset(e["capabilities"]), e["alias_of"], _cited(e), e["same_as"], tuple(e["notes"]),
                     e.get("since"), fsrc)

    @property
    def _models(self) -> dict[str, Model]:
        """Every model record (built once; records ``model()`` already built are reused)."""
        if self._models_cache is None:
            made = self._models_made
            self._models_cache = {e["name"]: made.get(e["name"]) or self._model_record(e) for e in self.data["models"]}
        return self._models_cache

    def model(self, name: str) -> Model | None:
        """A model by its exact, case-sensitive name (aliases and snapshots included).

        A check asks about a model or two: only those records are built, not all ~150."""
        if not isinstance(name, str):
            return None
        if self._models_cache is not None:
            return self._models_cache.get(name)
        made = self._models_made.get(name)
        if made is None:
            if self._model_entries is None:
                self._model_entries = {e["name"]: e for e in self.data["models"]}   # the last one wins, as above
            entry = self._model_entries.get(name)
            if entry is None:
                return None
            made = self._models_made[name] = self._model_record(entry)
        return made

    def models(self, *, region: str | None = None, protocol: str | None = None,
               plan: str | None = None) -> list[Model]:
        """Models offered in a region / over a protocol / on a plan.

        Subscription plans serve their models on their own hosts, so with ``plan`` set to a
        plan other than pay-as-you-go the region's deployment scopes are not consulted.
        """
        scopes: set[str] | None = None
        if region is not None:
            r = self.region(region)
            scopes = set(r.scopes) if r else set()
        out = []
        for m in self._models.values():
            if protocol is not None and protocol not in m.protocols:
                continue
            if plan is not None and plan not in m.plans:
                continue
            if scopes is not None and (plan in (None, "payg", "free-quota")) and not scopes.intersection(m.scopes):
                continue
            out.append(m)
        return out

    def model_names(self) -> list[str]:
        """Every callable model name (snapshots and aliases included)."""
        return list(self._models)

    def plan_list_as_of(self, plan: str) -> str | None:
        """The date of the newest model list read for a plan (``plan_lists`` ``as_of``), or None."""
        dates = [e["as_of"] for e in self.data.get("plan_lists", ()) if e.get("plan") == plan]
        return max(dates, key=lambda d: d + "-99" * (2 - d.count("-"))) if dates else None

    # ------------------------------------------------------------------ observed models (probe listings)

    def _observed(self) -> dict[str, dict[str, Any]]:
        """The observed-models cache of the user cache dir, re-read when the file changes."""
        from . import observed

        path = observed._path()
        try:
            stamp: Any = (str(path), path.stat().st_mtime_ns)
        except OSError:
            return {}
        if getattr(self, "_observed_stamp", None) != stamp:
            self._observed_cache = observed.load()
            self._observed_stamp = stamp
        return self._observed_cache

    def observed_in(self, region: str, name: str, *, plan: str | None = None) -> bool:
        """True when a probe listing of ``region`` (and ``plan``, default any) contained ``name``."""
        rid = self._region_id(region) if region else None
        for slot in self._observed().values():
            if slot["region"] == rid and (plan is None or slot["plan"] == plan) and name in slot["models"]:
                return True
        return False

    def observed_anywhere(self, name: str) -> bool:
        return any(name in slot["models"] for slot in self._observed().values())

    def suggest_model(self, name: str) -> str | None:
        """The nearest real name (case, surrounding spaces, a provider prefix, a typo) or None."""
        if not isinstance(name, str) or not name.strip():
            return None
        models = self._models
        text = name.strip()
        if text != name and text in models:
            return text
        if "/" in text and text.rsplit("/", 1)[1] in models:
            return text.rsplit("/", 1)[1]
        lower = {n.lower(): n for n in models}
        if text.lower() in lower and lower[text.lower()] != name:
            return lower[text.lower()]
        import difflib  # only a model name that matched nothing pays for it (~2 ms import)

        close = difflib.get_close_matches(text.lower(), list(lower), n=1, cutoff=0.85)
        if close and lower[close[0]] != name:
            return lower[close[0]]
        return None

    def parameters(self, protocol: str) -> dict[str, Parameter]:
        out = {}
        for e in self.data["parameters"]:
            if e["protocol"] == protocol:
                out[e["name"]] = Parameter(e["protocol"], e["name"], e["minimum"], e["maximum"], e["exclusive_minimum"],
                                           e["exclusive_maximum"], tuple(e["models"]) if e["models"] is not None else None,
                                           dict(e["requires"]), e["notes"], _cited(e), e["supported"])
        return out

    def _feature(self, name: str) -> dict[str, Any] | None:
        key = str(name).strip().lower()
        for e in self.data["features"]:
            if key in (e["id"].lower(), e["name"].lower(), e["name_zh"].lower()) and key:
                return e
        return None

    def feature(self, region: str, name: str) -> bool | None:
        """True/False as documented, None when the catalogue does not know."""
        e = self._feature(name)
        r = self.region(region)
        if e is None or r is None:
            return None
        values = dict(e["regions"])
        for extra in e["extra"]:
            values.update(extra["regions"])
        return values.get(r.id)

    def features(self) -> list[str]:
        return [e["id"] for e in self.data["features"]]

    def feature_entries(self) -> list[Feature]:
        out = []
        for e in self.data["features"]:
            values = dict(e["regions"])
            for extra in e["extra"]:
                values.update(extra["regions"])
            out.append(Feature(e["id"], e["name"], e["name_zh"], values, tuple(e["notes"]), _cited(e)))
        return out

    # ------------------------------------------------------------------ errors, clients, probes

    def _error_table(self) -> list[tuple[ErrorSignature, list[re.Pattern[str]]]]:
        if self._errors_cache is None:
            self._errors_cache = [
                (ErrorSignature(e["id"], e["status"], tuple(e["codes"]), tuple(e["patterns"]), e["protocol"],
                                e["meaning"], tuple(e["causes"]), e["fix"], _cited(e), e["family"],
                                tuple(e.get("context") or ()), bool(e.get("needs_context"))),
                 [re.compile(p, re.I) for p in e["patterns"]])
                for e in self.data["errors"]
            ]
        return self._errors_cache

    def errors(self) -> list[ErrorSignature]:
        return [sig for sig, _ in self._error_table()]

    def match_error(self, status: int | None, body: str) -> list[tuple[ErrorSignature, float]]:
        """Signatures that explain a response, best first, with a score in (0, 1].

        ``body`` may be the JSON of any protocol's error shape (OpenAI envelope, DashScope flat,
        Anthropic) or free text (an SDK exception message). A signature must match a code or a
        message pattern; a matching HTTP status adds to the score, a different one subtracts.
        """
        body = (body or "")[:65536]  # error bodies are short; a huge one is not worth scanning whole
        codes, message, shape = _parse_error_body(body)
        haystack = message if message else (body or "")
        lowered = {c.lower() for c in codes}
        scored: list[tuple[ErrorSignature, float]] = []
        for sig, patterns in self._error_table():
            if sig.needs_context:
                continue          # needs the paste's context (msv diagnose), not a server body alone
            score = 0.0
            code_hit = any(c.lower() in lowered for c in sig.codes)
            if not code_hit and not message and sig.codes:
                code_hit = any(re.search(r"(?<![\w.])" + re.escape(c) + r"(?![\w.])", haystack) for c in sig.codes)
            pattern_hit = any(p.search(haystack) for p in patterns)
            if not code_hit and not pattern_hit:
                continue
            score += 3.0 if code_hit else 0.0
            score += 3.0 if pattern_hit else 0.0
            if sig.status is not None and status is not None:
                score += 2.0 if sig.status == status else -2.5
            if sig.protocol is not None and shape is not None:
                score += 0.5 if sig.protocol == shape else -0.5
            if score > 0:
                scored.append((sig, round(min(score / 8.5, 1.0), 3)))
        if not scored and status is not None:
            scored = [(sig, 0.1) for sig, _ in self._error_table()
                      if sig.status == status and not sig.needs_context
                      and (shape is None or sig.protocol in (None, shape))]
        scored.sort(key=lambda pair: -pair[1])
        return scored

    def shapes(self) -> list[dict[str, Any]]:
        return list(self.data["shapes"])

    def client(self, id: str) -> Client | None:
        """A client by id or alias (case-insensitive)."""
        cid = self._client_names.get(str(id).strip().lower())
        return self._clients.get(cid) if cid else None

    def clients(self) -> list[Client]:
        return list(self._clients.values())

    def _no_probe(self, host: Host) -> bool:
        return any(e["host"] == host.id or e["family"] == host.family for e in self.data["no_probe"])

    def probe_spec(self, protocol: str, family: str) -> ProbeSpec | None:
        if any(e["family"] == family for e in self.data["no_probe"]):
            return None
        for e in self.data["probes"]:
            if e["protocol"] == protocol and family in e["families"]:
                return ProbeSpec(e["id"], e["protocol"], tuple(e["families"]), e["method"], e["path"], e["body"],
                                 dict(e["headers"]), e["auth"], _cited(e), tuple(e["notes"]))
        return None

    def probe_specs(self, protocol: str | None = None) -> list[ProbeSpec]:
        return [ProbeSpec(e["id"], e["protocol"], tuple(e["families"]), e["method"], e["path"], e["body"],
                          dict(e["headers"]), e["auth"], _cited(e), tuple(e["notes"]))
                for e in self.data["probes"] if protocol is None or e["protocol"] == protocol]

    def probe_candidates(self, key: KeyShape, *, protocol: str, workspace: str | None = None,
                         include_plan_hosts: bool = False) -> list[tuple[Host, str]]:
        """(host, base URL) pairs worth probing for a key rejected where it was used.

        One shared host per region tests the key's region; with a workspace id the
        workspace-dedicated hosts are added. A subscription (``sk-sp-``) key is only ever tried on
        plan hosts, and plan hosts only with ``include_plan_hosts`` (they document no token-free
        probe, and automated calls may break the plans' interactive-only terms). Placeholder,
        masked, empty and other providers' keys are never sent anywhere.
        """
        if key.kind in ("placeholder", "masked", "empty", "foreign"):
            return []
        out: list[tuple[Host, str]] = []
        for h in self._hosts:
            if protocol not in h.protocols and not (protocol == "anthropic" and "openai" in h.protocols):
                continue
            if h.family == "plan":
                if not include_plan_hosts or key.kind not in ("subscription", "unknown", "generic"):
                    continue
            elif key.kind == "subscription":
                continue  # a plan key is rejected by every pay-as-you-go host
            if h.family == "trial":
                continue
            if h.family == "workspace" and not workspace:
                continue
            if self.probe_spec(protocol, h.family) is None and h.family != "plan":
                continue
            proto = protocol if protocol in h.protocols else "openai"
            out.append((h, self._canonical(h, proto, workspace, "http" if h.allow_http else "https")))
        return out

    # ------------------------------------------------------------------ provenance

    def sources(self) -> list[dict[str, Any]]:
        return list(self.data["sources"])

    def disputes(self) -> list[tuple[str, str, tuple[Claim, ...]]]:
        """(section, entry id, claims) for every entry whose sources disagree."""
        from .compile import KEYS  # pure-Python table; no pydantic

        out = []
        for section, keys in KEYS.items():
            for e in self.data.get(section, ()):
                if e.get("disputed"):
                    ident = "/".join(str(e.get(k)) for k in keys if e.get(k) is not None) or section
                    out.append((section, ident, _cited(e).disputed))
        return out


def _parse_error_body(body: str) -> tuple[set[str], str, str | None]:
    """(codes and types, message, protocol shape) of an error body of any protocol, or free text."""
    text = body.strip()
    if text.startswith("data:"):
        text = text[5:].strip()
    import json

    try:
        data = json.loads(text) if text[:1] in "{[" else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return set(), "", None
    codes: set[str] = set()
    message = ""
    shape: str | None = None
    inner = data.get("error")
    if isinstance(inner, dict):
        shape = "anthropic" if data.get("type") == "error" else "openai"
        for k in ("code", "type"):
            if isinstance(inner.get(k), str):
                codes.add(inner[k])
        message = str(inner.get("message") or "")
    else:
        if isinstance(data.get("code"), str):
            codes.add(data["code"])
            shape = "dashscope"
        if isinstance(inner, str):
            message = inner
        message = str(data.get("message") or data.get("msg") or message or "")
        if isinstance(data.get("type"), str) and data.get("type") != "error":
            codes.add(data["type"])
    return codes, message, shape


def _marshalled() -> dict[str, Any] | None:
    """The bundled data from ``compiled.marshal`` (written with ``compiled.json`` by
    ``python -m validator.catalogue.compile``), or ``None`` when it is missing, unreadable, of
    another format, or not made from the ``compiled.json`` beside it (its size differs)."""
    import marshal

    try:
        with open(os.path.join(os.path.dirname(COMPILED), "compiled.marshal"), "rb") as fh:
            held = marshal.loads(fh.read())
        size = os.stat(COMPILED).st_size
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(held, tuple) and len(held) == 3 and held[0] == "msv-catalogue-1" and held[1] == size
            and isinstance(held[2], dict)):
        return None
    return held[2]


@lru_cache(maxsize=1)
def _bundled() -> Catalogue:
    data = _marshalled()
    if data is not None:
        return Catalogue(data)
    import json

    try:
        with open(COMPILED, "rb") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"the bundled catalogue cannot be read ({exc}); reinstall modelstudio-validator",
                             str(COMPILED)) from None
    return Catalogue(data)


_DOWNLOADED: dict[Any, Catalogue] = {}


def _current() -> Catalogue:
    """The catalogue a run uses: the verified download in the user cache (``msv catalogue
    update``) when there is one newer than the bundled catalogue, else the bundled one.

    Trust: the download stands in for the bundled catalogue (it is as trusted), because only a
    copy that matches its published SHA-256 and lives in the user's own cache is ever used."""
    from validator.userdirs import CATALOGUE_DIR, CATALOGUE_FILE, cache_folder

    path = os.path.join(cache_folder(), CATALOGUE_DIR, CATALOGUE_FILE)
    try:
        stamp = (path, os.stat(path).st_mtime_ns)
    except OSError:
        return _bundled()       # the usual case: one stat, nothing imported
    if stamp not in _DOWNLOADED:
        from . import verify

        found = verify.stored(_bundled().data, Catalogue)
        if found is None:
            return _bundled()
        cat = Catalogue(found[0])
        cat.origin = f"downloaded ({found[1]})"
        _DOWNLOADED.clear()
        _DOWNLOADED[stamp] = cat
    return _DOWNLOADED[stamp]


def load(extensions: Iterable[str] = (), untrusted: Iterable[tuple[str, str]] = ()) -> Catalogue:
    """The catalogue in use (bundled, or the verified download of ``msv catalogue update``),
    with extension files merged over it (in order).

    ``extensions`` are trusted (``--catalogue``, the API, the user config); ``untrusted`` are
    (file, settings folder) pairs a repository's settings name: restricted as
    :mod:`validator.trust` says (a file also given as trusted is trusted).
    Raises :class:`CatalogueError` (``file:line: message``) for a bad extension.
    """
    paths = [str(p) for p in extensions]
    trusted = {os.path.realpath(p) for p in paths}
    repo = [(str(p), str(r)) for p, r in untrusted if os.path.realpath(p) not in trusted]
    base = _current()
    if not paths and not repo:
        return base
    from .compile import extend

    data = extend(base.data, paths) if paths else base.data
    skipped: list[CatalogueError] = []
    for pair in repo:
        # A repository's extension msv refuses is skipped and reported (rule untrusted-setting),
        # never fatal: a hostile settings file must not stop the rest of the tree being checked.
        try:
            data = extend(data, (), [pair])
        except CatalogueError as exc:
            skipped.append(exc)
    cat = Catalogue(data)
    cat.skipped = tuple(skipped)
    cat.origin = base.origin
    return cat
