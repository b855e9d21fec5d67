"""Rules of the endpoint family (MS1xx): hosts, base URLs, paths and protocols.

The key idea: a base URL is never right or wrong on its own. The request a client sends is
``base + what the client appends`` (the catalogue's ``clients``), and that request must be a
path the host serves for the protocol the client speaks. The same
``…/apps/anthropic`` is right for Claude Code (appends ``/v1/messages``) and wrong for
OpenCode's ``@ai-sdk/anthropic`` (appends ``/messages``); claude-code-router appends nothing,
so it needs the full ``…/chat/completions`` URL.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.model import Hit, Severity, Target, TargetKind

from ._common import (
    Endpoint,
    declared,
    describe,
    endpoint,
    is_default,
    is_template,
    key_shape,
    notes_of,
    region_label,
    resolved,
    rewrite,
    split,
    text_of,
    with_host,
    with_path,
)
from .registry import rule

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable

    from validator.catalogue.index import Catalogue

# The client whose joining rule defines a protocol's canonical base (what the docs give).
REFERENCE_CLIENT = {"openai": "openai-sdk", "anthropic": "anthropic-sdk", "dashscope": "dashscope-sdk"}
PROTOCOL_NAMES = {"openai": "OpenAI-compatible", "anthropic": "Anthropic-compatible",
                  "dashscope": "DashScope native", "responses": "OpenAI Responses"}
_MS_LIKE = lazy(r"(?i)(aliyuncs\.com|aliyun\.com|alibabacloud\.com|dashscope|bailian|maas|qwencloud)")
_WORKSPACE_HOST = lazy(r"(?i)^(?P<ws>[^.]+)\.(?P<region>[a-z0-9-]+)\.maas\.aliyuncs\.com$")
_WORKSPACE_ID = lazy(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# Linear in the URL: a bracket's contents exclude its own opener (``{{{…`` never rescans the
# rest of the line from every ``{``; the same matches are found), and the word test inside
# ``[…]`` is a lookahead over one bracket's span rather than two ambiguous ``[^\]]*`` runs.
_URL_PLACEHOLDER = lazy(
    r"(?i)(\{[^{}/]*\}|\[(?=[^\[\]/]*(?:workspace|region|id))[^\[\]/]*\]|<[^<>/]*>"
    r"|\$\{?[A-Z_]*WORKSPACE[A-Z_]*\}?"
    r"|(?<![a-z0-9])(llm|ws)-x{2,}(?![a-z0-9])|your[-_]?workspace[-_]?id|workspace[-_]id(?=\.))")
# Each alternative of _URL_PLACEHOLDER needs one of these (case-folded: ``ſ`` matches ``s`` under
# IGNORECASE and folds to it); most URLs hold none, so the pattern is neither compiled nor run for
# them (compiling it is ~1 ms of a pre-commit run).
_PLACEHOLDER_CLUES = ("{", "[", "<", "$", "-xx", "workspace")


def _placeholder(text: str) -> "re.Match[str] | None":
    """``_URL_PLACEHOLDER.search(text)``, skipped when no alternative can match."""
    folded = text.casefold()
    if not any(clue in folded for clue in _PLACEHOLDER_CLUES):
        return None
    return _URL_PLACEHOLDER.search(text)


def _workspace_host(host: str) -> "re.Match[str] | None":
    """``_WORKSPACE_HOST.match(host)``, skipped (and not compiled) for a host that is no maas host.

    The test is on ``maas`` alone, case-folded, because IGNORECASE also matches ``ı``/``İ`` to ``i``
    (which casefold keeps apart) but nothing but ``ſ`` to ``m``, ``a`` or ``s`` (which it folds).
    """
    return _WORKSPACE_HOST.match(host) if "maas" in host.casefold() else None


_RESERVED_LABELS = {"trial", "trail", "token-plan", "coding", "coding-intl"}
_CLIENT_FREE = ("http", "whitespace", "quotes", "newline", "no-scheme", "port", "query", "double-slash",
                "path-case", "userinfo", "scheme")


def _client_name(ep: Endpoint) -> str:
    return ep.client.name if ep.client else "this client"


def _proto(p: str | None) -> str:
    return PROTOCOL_NAMES.get(p or "", p or "unknown")


def _origin(url: str) -> str:
    scheme, netloc, _ = split(url)
    return f"{scheme or 'https'}://{netloc}"


def _norm(path: str) -> str:
    return path.rstrip("/")


def _usage(target: Target, ep: Endpoint | None) -> str | None:
    """backend | interactive | None: declared usage, else what the client is known to be."""
    used = declared(target.usage)
    if used:
        return used
    if ep is not None and ep.client is not None and ep.client.usage:
        return ep.client.usage
    return None


# --------------------------------------------------------------------------- joining rules


def expected_path(ep: Endpoint, cat: "Catalogue") -> str | None:
    """The base path this client needs on this host so that base + appends is a served request.

    None when msv cannot tell: unknown client, unknown joining rule, protocol not on this host.
    """
    if not ep.known or ep.client is None or ep.protocol is None or ep.client.appends is None:
        return None
    host_base = ep.res.host_entry.protocols.get(ep.protocol)  # type: ignore[union-attr]
    if host_base is None:
        return None
    ref = cat.client(REFERENCE_CLIENT.get(ep.protocol, ""))
    if ref is None or ref.appends is None:
        return None
    host_base = _norm(host_base)
    canonical = host_base + ref.appends
    appends = ep.client.appends
    if appends == "":
        return canonical
    if canonical.endswith(appends):
        return _norm(canonical[: -len(appends)]) if len(canonical) > len(appends) else ""
    served = resolved(cat, _origin(ep.url) + host_base + appends)
    if served.known and served.endpoint and served.protocol == ep.protocol:
        return host_base
    return None


def _served(ep: Endpoint, cat: "Catalogue", path: str) -> bool:
    """Does the host serve ``path`` as a request of the client's protocol?"""
    res = resolved(cat, _origin(ep.url) + path)
    return bool(res.known and res.endpoint and res.protocol == ep.protocol
                and not any(p.kind in ("unknown-path", "repeated-base", "double-v1", "missing-v1")
                            for p in res.problems))


def _path_problem(ep: Endpoint, cat: "Catalogue") -> tuple[str, str | None] | None:
    """(message, corrected path) when the client's request on this base will miss, else None."""
    expected = expected_path(ep, cat)
    if expected is None:
        return None
    client = ep.client
    assert client is not None
    path = _norm(ep.res.path or split(ep.url)[2])
    appends = client.appends or ""
    if path == expected:
        return None
    if client.append_unless_present and appends and path == expected + appends:
        return None
    name = client.name
    request = _origin(ep.url) + path + appends
    if appends == "":
        if _served(ep, cat, path):
            return None   # a full URL of another request this host serves
        return (f"{name} sends requests to the URL exactly as written, so it needs the full request URL "
                f"`…{expected}`, not `…{path or '/'}`", expected)
    if path == expected + "/v1":
        if any("do not flag /v1" in note for note in client.notes):
            return None   # the catalogue records this client's handling of /v1 as unverified
        return (f"`/v1` at the end of the base: {name} appends `{appends}`, so requests go to "
                f"`{request}` (404); use `…{expected}`", expected)
    if expected == path + "/v1":
        return (f"`/v1` is missing: {name} appends `{appends}`, so requests go to `{request}` (404); "
                f"use `…{expected}`", expected)
    if path.startswith(expected + "/") and ep.res.endpoint:
        return (f"a full request path (`{path[len(expected):]}`) pasted as the base: {name} appends "
                f"`{appends}` itself, so requests go to `{request}`; use `…{expected}`", expected)
    host_base = _norm(ep.res.host_entry.protocols.get(ep.protocol or "", "") or "")  # type: ignore[union-attr]
    if host_base and path.count(host_base) > 1:
        return (f"the base path is repeated (`{path}`): requests go to `{request}`; use `…{expected}`", expected)
    if ep.res.protocol in (None, ep.protocol):
        return (f"`{path or '/'}` is not a base {name} can use on {ep.host}: requests go to `{request}`; "
                f"use `…{expected}`", expected)
    return None


# --------------------------------------------------------------------------- rules


@rule("MS101", "unknown-host", Severity.ERROR,
      "The host is not a Model Studio host; a near miss names the host it most likely meant.",
      templates=True, family="endpoint", fixable="safe")
def unknown_host(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    The host of a base URL that looks like it is meant for Model Studio (an Alibaba Cloud,
    DashScope, Bailian or `maas` name) but is not one the catalogue knows. Near misses are named:
    `dashscope.aliyun.com` (missing `cs`), `dashscope-intl.aliyun.com`, `trail.` for `trial.`,
    `cn-hongkong.aliyuncs.com` (missing `dashscope`). Hosts of other providers
    (`api.openai.com`…) and local proxies are left alone.

    It needs evidence that the URL was meant as a Model Studio endpoint: a near miss of a
    catalogue host, or a field a client sends requests to (a client's base URL setting, a
    variable named `*_BASE_URL`/`*_ENDPOINT`). Loose URLs in prose, comments and help strings are
    documentation, and hosts of other Alibaba Cloud services the catalogue lists (OSS buckets,
    CDN, consoles, docs, Function Compute, PAI-EAS) are not Model Studio hosts at all.

    ## Why
    The request never reaches Model Studio: a DNS error, a TLS error, or a "Connection error."
    that looks like a network problem.

    ## Example
    ```dotenv
    OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1
    ```

    ## Fix
    Use the real host (`dashscope.aliyuncs.com`). `msv check --fix` rewrites a near miss.
    """
    ep = endpoint(target, cat)
    if ep is None or ep.known or not ep.host:
        return
    if ep.problems("placeholder") or _placeholder(ep.host):
        return  # unreplaced-placeholder says it better
    suggestion = ep.res.suggestion
    if not suggestion and _workspace_host(ep.host):
        return  # invalid-workspace-domain
    if suggestion:
        new = with_host(ep.url, suggestion)
        fix = rewrite(ep.value, new, f"use the host `{suggestion}`") if new else describe(f"use `{suggestion}`")
        yield Hit(f"`{ep.host}` is not a Model Studio host; did you mean `{suggestion}`?", ep.value, fix,
                  key="base_url")
    elif not _client_field(target):
        return   # a loose URL (prose, a comment, a help string, a home-grown *_URL): documentation
    elif ep.res.provider == "model-studio-console":
        yield Hit(f"`{ep.host}` is the Model Studio console (a web page), not an API host; use the API host "
                  f"of your region (e.g. `dashscope.aliyuncs.com`)", ep.value,
                  describe("use a Model Studio API host"), key="base_url")
    elif ep.res.provider is None and _MS_LIKE.search(ep.host):
        yield Hit(f"`{ep.host}` is not a Model Studio API host; see `msv catalogue hosts` for the real ones",
                  ep.value, describe("use a Model Studio API host such as `dashscope.aliyuncs.com`"),
                  key="base_url")


# Home-grown variable names that say "this is where requests go" (not ``*_URL``/``*_HOST``,
# which also name console links, docs and image buckets).
_BASE_NAMES = lazy(r"(?i)(BASE_?URL|API_?BASE|ENDPOINT|API_URL)$")


def _client_field(target: Target) -> bool:
    """Is the base URL in a field a client sends requests to? A known client's base setting, or a
    home-grown variable named like a base URL; loose literals in text are not."""
    if target.kind is TargetKind.LITERAL:
        return False
    if target.client and target.client != "unknown":
        return True
    name = target.base_url.variable if target.base_url is not None else None
    return name is None or bool(_BASE_NAMES.search(name))


@rule("MS102", "malformed-base-url", Severity.ERROR,
      "The base URL is spelt wrong for the client that uses it (request path pasted, /v1 missing or doubled, http, stray characters).",
      templates=True, family="endpoint", fixable="safe", kinds=("config", "code"))
def malformed_base_url(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    The base URL against the way its client builds requests: every client appends its own path
    (`/chat/completions` for OpenAI SDKs, `/v1/messages` for Claude Code and the Anthropic SDKs,
    `/messages` for `@ai-sdk/anthropic`, `/responses` for Codex, nothing for claude-code-router),
    and `base + appended path` must be a request the host serves. Also: `http://`, no scheme,
    whitespace, quotes or a trailing newline inside the value.

    ## Why
    A wrong join sends every request to a path that does not exist: a 404 (often with no body), or
    `…/chat/completions/chat/completions`. A plain-`http` URL is redirected or refused, and stray
    whitespace or quotes make the URL invalid.

    ## Example
    ```json
    { "env": { "ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic/v1" } }
    ```
    Claude Code appends `/v1/messages`, so this calls `/apps/anthropic/v1/v1/messages`. The same
    value is right for OpenCode's `@ai-sdk/anthropic`, which appends only `/messages`.

    ## Fix
    Use the base the client needs (`https://dashscope.aliyuncs.com/apps/anthropic` for Claude
    Code). `msv check --fix` rewrites request paths pasted as a base, `/v1` doubled or missing,
    `http://` and stray whitespace.
    """
    yield from _ignored_base(target, cat)
    ep = endpoint(target, cat)
    if ep is None or is_default(ep.value):
        return
    url = ep.url
    for problem in ep.problems(*_CLIENT_FREE):
        if problem.kind == "port" and not problem.suggestion:
            continue  # the default port spelled out: harmless
        if problem.kind == "no-scheme" and "." not in url and "/" not in url:
            continue  # `YOUR_API_BASE_URL`, `EMPTY`: a placeholder or a name, not a host missing its scheme
        new = _client_free_fix(problem.kind, url)
        fix = (rewrite(ep.value, new, f"use `{new.strip()}`") if new is not None
               else describe(f"use `{problem.suggestion}`" if problem.suggestion and "://" in problem.suggestion
                             else problem.suggestion or "correct the URL"))
        shown = ep.host if problem.kind == "userinfo" else ep.value.display().strip()
        yield Hit(f"`{shown}`: {problem.message}", ep.value, fix, key="base_url")
    if not ep.known or ep.problems("legacy-path", "placeholder", "path-case"):
        return   # (a wrongly cased path is judged again once its case is fixed)
    if ep.res.protocol not in (None, ep.protocol):
        return  # protocol-mismatch
    found = _path_problem(ep, cat)
    if found is None:
        return
    message, corrected = found
    fix = describe(message)
    if corrected is not None:
        new = with_path(url.strip(), corrected)
        fix = rewrite(ep.value, new, f"use `{new}`")
    yield Hit(message, ep.value, fix, key="base_url")


def _ignored_base(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """A base URL written under a name the client never reads (``ANTHROPIC_API_BASE``, ``apiBase``)."""
    if target.base_url is not None and not is_default(target.base_url):
        return
    client = cat.client(target.client) if target.client and target.client != "unknown" else None
    for detail, value in notes_of(target, "ignored-key"):
        text = text_of(value)
        if value is None or not text or "://" not in text:
            continue
        res = resolved(cat, text)
        if not (res.known or res.suggestion):
            continue
        reads = ", ".join(client.base_vars) if client and client.base_vars else "its own base URL setting"
        default = client.default_base_url if client else None
        name = client.name if client else "the client"
        yield Hit(f"`{detail}` is not read by {name}, so the Model Studio URL in it is never used"
                  + (f" (it calls its default {default})" if default else "") + f"; set {reads} instead",
                  value, describe(f"move the URL to {reads}"), key=f"settings.{detail}")


def _client_free_fix(kind: str, url: str) -> str | None:
    if kind == "http" and url.strip().lower().startswith("http://"):
        s = url.strip()
        return url.replace(s, "https://" + s[len("http://"):], 1)
    if kind in ("whitespace", "newline"):
        return re.sub(r"\s+", "", url)
    if kind == "quotes":
        return url.replace('"', "").replace("'", "")
    if kind == "no-scheme":
        return "https://" + url.strip()
    scheme, netloc, path = split(url)
    if kind == "double-slash" and "//" in path:
        return with_path(url.strip(), re.sub(r"/{2,}", "/", path))
    if kind == "path-case" and path != path.lower():
        return with_path(url.strip(), path.lower())
    return None


@rule("MS103", "protocol-mismatch", Severity.ERROR,
      "The path serves another protocol than the client speaks (an Anthropic client on /compatible-mode/v1…).",
      templates=True, family="endpoint", fixable="unsafe", kinds=("config", "code"))
def protocol_mismatch(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    The protocol the base URL's path serves (`/compatible-mode/v1`: OpenAI-compatible,
    `/apps/anthropic`: Anthropic-compatible, `/api/v1`: DashScope native) against the protocol the
    client speaks: an Anthropic client (Claude Code) on `/compatible-mode/v1`, an OpenAI client on
    `/api/v1` or `/apps/anthropic`, the DashScope SDK on `/compatible-mode/v1`, a protocol the host
    does not offer (DashScope native on a Coding Plan host), or a chat client on the legacy
    Responses-only path.

    ## Why
    Each path understands one request format; the other format gets a 404 or a 400 that does not
    say why.

    ## Example
    ```json
    { "env": { "ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/compatible-mode/v1" } }
    ```

    ## Fix
    Use the host's path for the client's protocol: `https://dashscope.aliyuncs.com/apps/anthropic`
    for Claude Code. `--unsafe-fixes` rewrites it (unsafe: check the models are served there).
    """
    ep = endpoint(target, cat)
    if ep is None or not ep.known or ep.protocol is None or ep.problems("placeholder"):
        return
    host = ep.res.host_entry
    assert host is not None
    name = _client_name(ep)
    if ep.protocol not in host.protocols:
        offered = ", ".join(_proto(p) for p in host.protocols) or "nothing"
        yield Hit(f"{ep.host} does not serve the {_proto(ep.protocol)} protocol that {name} speaks "
                  f"(it offers {offered})", ep.value,
                  describe(f"use a host that serves {_proto(ep.protocol)}, or a client that speaks {offered}"),
                  key="base_url")
        return
    written = ep.res.protocol
    expected = expected_path(ep, cat)
    if written and written != ep.protocol:
        target_path = expected if expected is not None else host.protocols[ep.protocol]
        new = with_path(ep.url.strip(), target_path)
        yield Hit(f"`{ep.res.path or '/'}` serves the {_proto(written)} protocol but {name} speaks "
                  f"{_proto(ep.protocol)}; use `{new}`", ep.value,
                  rewrite(ep.value, new, f"use `{new}`", safe=False), key="base_url")
        return
    legacy = ep.problems("legacy-path")
    if legacy and ep.client is not None and ep.client.appends:
        base_path = _norm(ep.res.path or "")
        if ep.res.endpoint:
            base_path = _norm(base_path[: -len(ep.res.endpoint)]) if base_path.endswith(ep.res.endpoint) else base_path
        if not _served(ep, cat, base_path + ep.client.appends):
            new = with_path(ep.url.strip(), expected or host.protocols[ep.protocol])
            yield Hit(f"`{base_path}` does not serve `{ep.client.appends}` requests, which {name} sends; "
                      f"use `{new}`", ep.value, rewrite(ep.value, new, f"use `{new}`", safe=False),
                      key="base_url")


@rule("MS104", "unreplaced-placeholder", Severity.ERROR,
      "A placeholder ({WorkspaceId}, llm-xxx, sk-xxx, YOUR_DASHSCOPE_API_KEY…) was left in place of a real value.",
      templates=True, family="endpoint", kinds=("config", "code"))
def unreplaced_placeholder(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    Placeholders copied from documentation and never replaced: `{WorkspaceId}`, `[workspace-id]`,
    `llm-xxx` or `<workspace>` in a URL; `sk-xxx`, `YOUR_DASHSCOPE_API_KEY`, `<your-api-key>`,
    `你的API Key` and the like as the key. Template files meant to hold placeholders
    (`.env.example`, `*.sample`, documentation) are left alone.

    ## Why
    A placeholder host does not resolve; a placeholder key gets `401 InvalidApiKey` /
    `invalid_api_key`, which reads like a broken key rather than a missing one.

    ## Example
    ```dotenv
    DASHSCOPE_API_KEY=sk-xxx
    DASHSCOPE_BASE_URL=https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/compatible-mode/v1
    ```

    ## Fix
    Put the real value in: the workspace id from the console's Workspace Management page (API Host
    column), the key from the API-Key page — through an environment variable or secret store.
    """
    ep = endpoint(target, cat)
    if ep is not None and not is_template(ep.value.loc.path if ep.value.loc else None):
        m = _placeholder(ep.url)
        if m is not None or ep.problems("placeholder"):
            shown = m.group(0) if m else ep.problems("placeholder")[0].message
            yield Hit(f"placeholder `{shown}` left in the base URL `{ep.url.strip()}`; put the real "
                      f"workspace id (console: Workspace Management, API Host column)", ep.value,
                      describe("replace the placeholder with the real value"), key="base_url")
    shape = key_shape(cat, target.key)
    if shape is not None and shape.kind == "placeholder" and target.key is not None:
        path = target.key.loc.path if target.key.loc else None
        if not is_template(path):
            what = f"`{target.key.variable or target.key_variable}`" if (
                target.key.variable or target.key_variable) else "the key"
            if "reference" in shape.problems:
                client = cat.client(target.client) if target.client != "unknown" else None
                who = client.name if client else "this client"
                ref = re.search(r"[A-Za-z_][A-Za-z0-9_]*", (text_of(target.key) or "").replace("env:", ""))
                name = f"`${{{ref.group(0)}}}`" if ref else "a variable reference"
                message = (f"{what} is {name} written literally: {who} does not expand variables here, so it "
                           f"sends that text as the key; put the key in the environment instead")
            else:
                message = (f"{what} holds a placeholder, not a key; set the real Model Studio key "
                           f"(through an environment variable or secret store)")
            yield Hit(message, target.key, describe("replace the placeholder with the real key"), key="key")


@rule("MS105", "invalid-workspace-domain", Severity.ERROR,
      "A workspace-dedicated domain for a region that has none, or a workspace id that cannot be one.",
      templates=True, family="endpoint", kinds=("config", "code"))
def invalid_workspace_domain(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    Hosts shaped like a workspace-dedicated domain, `{WorkspaceId}.{region}.maas.aliyuncs.com`,
    whose region has no such domains (or is not a Model Studio region at all), and workspace ids
    that cannot appear in a host name (underscores, such as the `ws_…` form the
    `X-DashScope-WorkSpace` header uses, dots, or more than 63 characters).

    ## Why
    Such a host does not exist: the request fails with a DNS or TLS error before any key is checked.

    ## Example
    ```dotenv
    OPENAI_BASE_URL=https://ws_ik12ab.cn-shanghai.maas.aliyuncs.com/compatible-mode/v1
    ```

    ## Fix
    Copy the host from the console's Workspace Management page (API Host column); regions with
    workspace-dedicated domains: see `msv catalogue hosts`.
    """
    ep = endpoint(target, cat)
    if ep is None or not ep.host or _placeholder(ep.host) or ep.problems("placeholder"):
        return
    host = ep.host.split(":", 1)[0].lower()
    m = _workspace_host(host)
    workspace = ep.res.workspace or (m.group("ws") if m else None)
    if m is None or m.group("ws") in _RESERVED_LABELS:
        return
    region = m.group("region")
    regions = sorted({h.region for h in cat.hosts() if h.family == "workspace"})
    if not ep.known and region not in regions:
        known = cat.region(region)
        what = f"{known.name} ({region}) has" if known else f"`{region}` is not a Model Studio region and has"
        yield Hit(f"{what} no workspace-dedicated domain; regions with one: {', '.join(regions)}",
                  ep.value, describe("use the workspace domain of the region your workspace is in"),
                  key="base_url")
        return
    if workspace and not _WORKSPACE_ID.match(workspace.lower()):
        yield Hit(f"`{workspace}` cannot be a workspace id in a host name (letters, digits and hyphens "
                  f"only, at most 63); copy the API Host from the Workspace Management page",
                  ep.value, describe("copy the host from the console"), key="base_url")


@rule("MS106", "deprecated-endpoint", Severity.WARNING,
      "A legacy path or host that is being retired (the old claude-code-proxy path, a host the catalogue marks legacy).",
      templates=True, family="endpoint", fixable="unsafe", kinds=("config", "code"))
def deprecated_endpoint(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    Endpoints that really are deprecated or removed: the old Claude Code proxy
    `/api/v2/apps/claude-code-proxy` (honours only `qwen3-coder-plus`), the legacy Responses path
    `/api/v2/apps/protocols/compatible-mode/v1`, and hosts the catalogue marks `legacy` or
    `deprecated` (with their replacement).

    The shared DashScope domains (`dashscope.aliyuncs.com`, `dashscope-intl.aliyuncs.com`…) are
    *not* deprecated: they are the documented default and keep working. The recommendation to use
    a workspace-dedicated domain in production is the opt-in rule `shared-endpoint` (MS108), and
    Codex's removed `wire_api = "chat"` is `removed-setting` (MS109). Both were formerly reported
    under this rule; selectors that name `deprecated-endpoint` or `MS106`
    (`--select`, `--extend-select`, `--ignore`, `per-path-ignores`, `severity`, inline
    `msv: ignore[...]`) still cover all three, so existing settings keep working.

    ## Why
    Legacy paths stop working without notice and ignore settings (the old proxy ignores the model
    name).

    ## Example
    ```bash
    export ANTHROPIC_BASE_URL=https://dashscope.aliyuncs.com/api/v2/apps/claude-code-proxy
    ```

    ## Fix
    Use the replacement the finding names (`…/apps/anthropic`). `--unsafe-fixes` rewrites the path.
    """
    ep = endpoint(target, cat)
    if ep is None or not ep.known or is_default(ep.value):
        return
    host = ep.res.host_entry
    assert host is not None
    legacy = ep.problems("legacy-path")
    for problem in legacy:
        new = None
        if problem.suggestion and problem.suggestion.startswith("/"):
            new = with_path(ep.url.strip(), problem.suggestion)
        elif problem.suggestion and "://" in problem.suggestion:
            new = problem.suggestion
        fix = rewrite(ep.value, new, f"use `{new}`", safe=False) if new else describe(problem.message)
        yield Hit(problem.message, ep.value, fix, key="base_url")
    if not legacy and host.status in ("legacy", "deprecated") and host.replacement:
        yield Hit(f"{ep.host} is {host.status}; use the host the catalogue recommends instead "
                  f"(`{host.replacement}`)", ep.value, describe(f"move to `{host.replacement}`"),
                  key="base_url")


@rule("MS108", "shared-endpoint", Severity.INFO,
      "Opt-in advice: a shared DashScope domain where the docs recommend the workspace-dedicated domain for production.",
      family="endpoint", fixable="unsafe", kinds=("config", "code"), default=False)
def shared_endpoint(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    A shared DashScope domain (`dashscope.aliyuncs.com`, `dashscope-intl.aliyuncs.com`…) in a
    configuration, where the documentation recommends the workspace-dedicated domain
    `{WorkspaceId}.{region}.maas.aliyuncs.com` for production.

    This rule is **opt-in** (like ruff's non-default rules): the shared domains are the
    documented default and are correct, so the advice is not in the default selection. Enable it
    with `--extend-select shared-endpoint` or `extend-select = ["shared-endpoint"]` in
    `[tool.msv]`. It was formerly part of `deprecated-endpoint` (MS106); selecting
    `deprecated-endpoint` still enables it.

    ## Why
    Shared domains still work, but the workspace-dedicated domain has a longer request timeout
    (3600 s instead of 600 s), more transports, and is where new features land.

    ## Example
    ```dotenv
    OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1
    ```

    ## Fix
    Use `https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/…` with your workspace id (console:
    Workspace Management, API Host). With `--key-workspace`, `--unsafe-fixes` rewrites the host.
    """
    ep = endpoint(target, cat)
    if ep is None or not ep.known or is_default(ep.value) or ep.problems("legacy-path"):
        return
    host = ep.res.host_entry
    assert host is not None
    if host.family != "shared" or not host.replacement or host.status in ("legacy", "deprecated"):
        return
    replacement = next((h for h in cat.hosts(region=host.region) if h.id == host.replacement), None)
    if replacement is None:
        return
    workspace = declared(target.key_workspace)
    pattern = replacement.pattern
    if workspace and _WORKSPACE_ID.match(workspace):
        new_host = pattern.replace("{workspace}", workspace)
        new = with_host(ep.url, new_host)
        fix = rewrite(ep.value, new, f"use `{new_host}`", safe=False) if new else describe(f"use {new_host}")
    else:
        new_host = pattern.replace("{workspace}", "{WorkspaceId}")
        fix = describe(f"use `{new_host}` with your workspace id (Workspace Management, API Host)")
    yield Hit(f"{ep.host} is the shared DashScope domain (it works); the workspace-dedicated `{new_host}` is "
              f"recommended for production (3600 s timeout, new features first)", ep.value, fix,
              key="base_url")


@rule("MS109", "removed-setting", Severity.ERROR,
      "A client setting its client has removed (Codex `wire_api = \"chat\"`): the client refuses to load the config.",
      templates=True, family="endpoint", fixable="unsafe", kinds=("config", "code"))
def removed_setting(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    Settings the client no longer accepts: a Codex provider with `wire_api = "chat"`
    (deprecated January 2026, a load error since February 2026). This was formerly reported
    under `deprecated-endpoint` (MS106), which still selects it.

    ## Why
    Codex refuses to load the configuration: no request is sent at all.

    ## Example
    ```toml
    [model_providers.bailian]
    base_url = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
    wire_api = "chat"
    ```

    ## Fix
    Use `wire_api = "responses"` with a model Model Studio serves through the Responses API.
    `--unsafe-fixes` rewrites it (unsafe: check the model is Responses-capable).
    """
    for detail, value in notes_of(target, "wire-api-chat"):
        at = value if value is not None and value.loc is not None else target.origin
        yield Hit(f'`wire_api = "chat"` ({detail}) was removed from Codex (deprecated January 2026, a load error '
                  f'since February 2026); use `wire_api = "responses"` with a Responses-capable model', at,
                  rewrite(value, "responses", 'use wire_api = "responses"', safe=False)
                  if value is not None else describe('use wire_api = "responses"'),
                  key=f"settings.{detail}.wire_api")


@rule("MS107", "trial-endpoint", Severity.WARNING,
      "A trial domain (RPM 1000, no SLA) in a configuration marked as production/backend.",
      family="endpoint", kinds=("config", "code"))
def trial_endpoint(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    A trial domain (`trial.{region}.maas.aliyuncs.com`) in a configuration declared as a backend
    (`--usage backend`, `usage: backend` in `modelstudio.yaml`) or built in application code.
    Other configurations without a declared use, and interactive tools, are not reported: a trial
    domain is fine for tests (one severity per code: those were formerly info findings).

    ## Why
    Trial domains exist for temporary tests: a 1000 RPM cap, a 600 s timeout, HTTP and SSE only,
    and no SLA. A production service on one is throttled and unsupported.

    ## Example
    ```yaml
    # modelstudio.yaml
    usage: backend
    base_url: https://trial.cn-beijing.maas.aliyuncs.com/compatible-mode/v1
    ```

    ## Fix
    Use the workspace-dedicated (`{WorkspaceId}.{region}.maas.aliyuncs.com`) or the shared
    DashScope domain of the same region.
    """
    ep = endpoint(target, cat)
    if ep is None or not ep.known or ep.res.family != "trial" or is_default(ep.value):
        return
    usage = _usage(target, ep)
    if usage == "interactive":
        return
    region = ep.res.region or ""
    better = cat.base_url(region=region, plan="payg", protocol=ep.protocol or "openai", family="shared") \
        if region else None
    fix = describe(f"use a production host of {region_label(cat, region)}"
                   + (f", e.g. `{better}`" if better else ""))
    limit = ep.res.host_entry.rate_limit if ep.res.host_entry else None  # type: ignore[union-attr]
    facts = f"{limit.split('(')[0].strip().rstrip(',')}, no SLA" if limit else "low rate limit, no SLA"
    if usage == "backend":
        yield Hit(f"{ep.host} is a trial domain ({facts}) in a backend configuration; use a production host",
                  ep.value, fix, key="base_url")
    elif usage is None and target.kind is TargetKind.CODE:
        yield Hit(f"{ep.host} is a trial domain ({facts}) in application code; use a production host "
                  f"(or declare --usage interactive if this is only a test)", ep.value, fix, key="base_url")
