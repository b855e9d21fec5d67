"""Read-only records handed out by the catalogue index.

These are what rules, sources, the probe and the CLI see of the catalogue. They are plain
frozen dataclasses (cheap to build from the compiled JSON at start-up); the strict pydantic
models that *validate* the YAML live in ``validator.schemas.catalogue``.
"""

from __future__ import annotations

from validator.record import field, record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any


@record(frozen=True)
class Claim:
    """What one source says where sources disagree (the catalogue records each side)."""

    claim: str
    source: str
    confidence: str = "seed"


@record(frozen=True)
class Cited:
    """Where a fact comes from: a seed file name or a documentation URL, and how sure it is.

    ``confidence`` is ``seed``, ``official``, ``third-party`` or ``inferred``. ``disputed``
    lists what each source says when they disagree about this entry.
    """

    source: str
    confidence: str = "seed"
    disputed: tuple[Claim, ...] = ()


@record(frozen=True)
class Scope:
    id: str                 # global | international | mainland | china-elastic | us | eu | japan | hk
    name: str
    name_zh: str
    residency: str | None   # the residency code this scope guarantees (cn, us, eu, jp, hk) or None
    cited: Cited
    default_since: str | None = None   # default scope of models launched on or after this date


@record(frozen=True)
class Region:
    id: str                 # cn-beijing, ap-southeast-1, us-east-1, eu-central-1, ap-northeast-1, cn-hongkong…
    name: str
    name_zh: str
    scopes: tuple[str, ...]
    residency: str          # cn | intl | us | eu | jp | hk | finance…: what ``--residency`` matches
    aliases: tuple[str, ...]
    cited: Cited
    models_as_of: str | None = None    # date of the newest model list read for it; None: no full list
    scope_chosen_by: str | None = None # workspace | model | None (unknown): who picks the scope


@record(frozen=True)
class Host:
    """A host or host family, e.g. ``dashscope-intl.aliyuncs.com`` or ``{workspace}.cn-beijing.maas.aliyuncs.com``.

    ``protocols`` maps a protocol id (``openai``, ``anthropic``, ``dashscope``) to the base
    path a client is given on this host (``/compatible-mode/v1``, ``/apps/anthropic``, ``/api/v1``).
    """

    id: str
    pattern: str
    family: str             # shared | workspace | trial | plan
    region: str
    plan: str               # payg | token-plan | coding-plan
    status: str             # recommended | supported | legacy | deprecated
    callers: str            # any-workspace | own-workspace | plan-subscriber
    usage: str              # any | interactive
    protocols: dict[str, str]
    replacement: str | None = None     # id of the recommended host for a legacy one
    rate_limit: str | None = None
    timeout_s: int | None = None
    sla: str | None = None
    notes: tuple[str, ...] = ()
    cited: Cited = Cited("")
    allow_http: bool = False           # loopback test hosts added by an extension
    untrusted: str | None = None       # the repository extension that added it: never a probe destination


@record(frozen=True)
class UrlProblem:
    """One thing wrong with how a URL is spelled. ``kind`` is a stable id:

    ``request-path`` (a full request path pasted as a base), ``repeated-base``, ``missing-v1``,
    ``double-v1``, ``http``, ``whitespace``, ``quotes``, ``newline``, ``placeholder``,
    ``typo-host``, ``unknown-path``, ``legacy-path``, ``no-scheme``, ``port``, ``query``.
    Also: ``trailing-v1`` (an Anthropic base ending in ``/v1``: right only for clients that
    append ``/messages``), ``unsupported-protocol`` (the path's protocol is not served on this
    host, e.g. ``/api/v1`` on a Coding Plan host), ``double-slash``, ``path-case``,
    ``userinfo``, ``scheme``, ``foreign-host`` (another provider's host), ``empty``,
    ``missing-endpoint`` and ``protocol-mismatch`` (only with ``resolve(url, client=…)``), ``too-long``.
    """

    kind: str
    message: str
    suggestion: str | None = None


@record(frozen=True)
class Resolution:
    """What ``catalogue.resolve(url)`` says a URL is (the JSON of ``msv catalogue resolve``)."""

    url: str
    known: bool
    host: str | None = None            # the host name as written (lower-cased)
    host_entry: Host | None = None
    region: str | None = None
    plan: str | None = None
    protocol: str | None = None        # openai | anthropic | dashscope (from the path)
    family: str | None = None          # shared | workspace | trial | plan
    workspace: str | None = None
    base_url: str | None = None        # canonical base URL for that host and protocol
    path: str = ""                     # the path as written (normalised: no trailing slash)
    endpoint: str | None = None        # request path after the base when one was pasted
    suggestion: str | None = None      # for unknown hosts: the host it most likely meant
    problems: tuple[UrlProblem, ...] = ()
    provider: str | None = None        # another provider's host (api.openai.com -> "openai")
    path_status: str | None = None     # legacy / deprecated when the *path* is (old proxy paths)
    client: str | None = None          # the client the URL was checked for (resolve(url, client=…))

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "known": self.known,
            "host": self.host,
            "region": self.region,
            "plan": self.plan,
            "protocol": self.protocol,
            "family": self.family,
            "workspace": self.workspace,
            "base_url": self.base_url,
            "path": self.path,
            "endpoint": self.endpoint,
            "status": self.path_status or (self.host_entry.status if self.host_entry else None),
            "suggestion": self.suggestion,
            "provider": self.provider,
            "problems": [
                {"kind": p.kind, "message": p.message, "suggestion": p.suggestion} for p in self.problems
            ],
        }


@record(frozen=True)
class Model:
    name: str
    family: str
    scopes: tuple[str, ...]            # deployment scopes that offer it
    protocols: tuple[str, ...]         # openai | anthropic | dashscope | responses
    plans: tuple[str, ...]             # payg | token-plan | coding-plan
    capabilities: frozenset[str]       # thinking | tools | n | stream-only | vision …
    alias_of: str | None = None        # for -latest / dated snapshots: the stable name
    cited: Cited = Cited("")
    same_as: str | None = None         # for -MMDD short forms: the full dated name
    notes: tuple[str, ...] = ()
    since: str | None = None           # first seen in the sources read (YYYY[-MM[-DD]])
    field_sources: tuple[tuple[str, Cited], ...] = ()   # (field, citation) where a field has its own source

    def cited_for(self, field_name: str) -> Cited:
        """The citation of one field: its own source when it has one, else the entry's."""
        for name, cited in self.field_sources:
            if name == field_name:
                return cited
        return self.cited


@record(frozen=True)
class Parameter:
    protocol: str
    name: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    models: tuple[str, ...] | None = None    # only these models accept it (None: all)
    requires: dict[str, Any] = field(default_factory=dict)  # e.g. {"stream": True}
    notes: str = ""
    cited: Cited = Cited("")
    supported: bool = True             # False: listed by the docs as not supported (ignored or rejected)


@record(frozen=True)
class Client:
    """A client library or tool: which variables it reads, what it appends to a base URL.

    ``appends`` is the path the client adds to the base URL for its main request
    (``/chat/completions``, ``/v1/messages``, ``/responses``, ``""`` for clients that take a
    full URL). ``precedence`` lists binding scopes, strongest first (``settings`` before
    ``process`` for Claude Code; ``process`` before ``dotenv`` for python-dotenv apps).
    """

    id: str
    name: str
    protocol: str | None               # None for the ``unknown`` client
    appends: str | None                # None: unknown (the ``unknown`` client)
    append_unless_present: bool = False
    base_vars: tuple[str, ...] = ()
    key_vars: tuple[str, ...] = ()
    model_vars: tuple[str, ...] = ()
    default_base_url: str | None = None
    precedence: tuple[str, ...] = ("process", "shell", "settings", "dotenv", "compose", "actions")
    usage: str | None = None           # interactive for AI coding tools, None when unknown
    cited: Cited = Cited("")
    aliases: tuple[str, ...] = ()
    key_headers: dict[str, str] = field(default_factory=dict)  # key variable -> bearer | x-api-key
    notes: tuple[str, ...] = ()
    # The client's own files: the walk, ``diagnose``'s user-level list and launcher detection
    # all derive from these (validator/sources/clientfiles.py), nothing else lists them.
    files: tuple[str, ...] = ()        # project file patterns (trailing path components, * and **)
    user_files: tuple[str, ...] = ()   # ``~/``-relative user-level configs
    home_var: str | None = None        # moves the first folder of user_files (CODEX_HOME)
    launchers: tuple[str, ...] = ()    # command words that start the tool
    reader: str | None = None          # registry name of the reader of ``files``
    settings: dict[str, Any] | None = None   # the json-settings mapping (schemas/catalogue.SettingsMap)
    # dotenv files loaded together, strongest first (Next.js: `.env.production.local` … `.env`);
    # () means the python-dotenv default: only files named `.env` (a `prod.env` is nobody's)
    env_files: tuple[str, ...] = ()


@record(frozen=True)
class ErrorSignature:
    """HTTP status + body code/type/message pattern → meaning, with causes and the fix."""

    id: str
    status: int | None
    codes: tuple[str, ...]
    patterns: tuple[str, ...]          # case-insensitive regular expressions on the message
    protocol: str | None
    meaning: str                       # invalid-key | wrong-region | plan-mismatch | …
    causes: tuple[str, ...]
    fix: str
    cited: Cited = Cited("")
    family: str | None = None          # host family where this body appears (plan gateways)
    context: tuple[str, ...] = ()      # patterns on the whole paste that support it (diagnose)
    needs_context: bool = False        # a candidate only when a context pattern matches


@record(frozen=True)
class KeyShape:
    """What a key string looks like (never the key itself).

    ``kind``: ``payg`` (sk- + 32 hex), ``subscription`` (sk-sp-: Coding or Token Plan),
    ``workspace`` (sk-ws-…), ``generic`` (sk-…, other length), ``foreign`` (another provider:
    ``provider`` says which), ``placeholder``, ``masked``, ``empty``, ``unknown``.
    ``problems`` lists spelling issues (``bearer-prefix``, ``whitespace``, ``quotes``, ``truncated``).
    """

    kind: str
    plans: tuple[str, ...] = ()
    provider: str | None = None
    problems: tuple[str, ...] = ()


@record(frozen=True)
class ProbeSpec:
    """The token-free request that tells an accepted key from a rejected one."""

    id: str
    protocol: str
    families: tuple[str, ...]
    method: str
    path: str                          # appended to the host (not the base)
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    auth: str = "bearer"               # bearer | x-api-key
    cited: Cited = Cited("")
    notes: tuple[str, ...] = ()


@record(frozen=True)
class Plan:
    """A billing plan: who may use it (``usage``) and which key shapes belong to it."""

    id: str                            # payg | token-plan | coding-plan | free-quota
    name: str
    name_zh: str
    usage: str                         # any | interactive
    key_kinds: tuple[str, ...]
    has_hosts: bool = True
    notes: tuple[str, ...] = ()
    cited: Cited = Cited("")


@record(frozen=True)
class Feature:
    """A platform feature and where it is documented as available (True) or not (False)."""

    id: str
    name: str
    name_zh: str
    regions: dict[str, bool]           # regions left out are unknown
    notes: tuple[str, ...] = ()
    cited: Cited = Cited("")
