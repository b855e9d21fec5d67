"""Rules of the credentials family (MS2xx): keys, plans, regions and workspaces.

A key is region-bound, plan-bound and (on a workspace-dedicated domain) workspace-bound. What
msv knows about a key comes from its shape (``sk-sp-`` is a Coding/Token Plan key) and from what
the user declares (``--key-region``, ``--key-plan``, ``--key-workspace``, ``modelstudio.yaml``);
rules that need a declaration stay silent without one. Keys are never printed: messages show the
fingerprint (``sk-…1a2b3c4d``).
"""

from __future__ import annotations

from validator.lazyre import lazy
from validator.model import Hit, Origin, Secret, Severity, Target, TargetKind, Value

from ._common import (
    declared,
    describe,
    endpoint,
    is_code,
    is_default,
    is_template,
    key_shape,
    modelstudio_endpoint,
    notes_of,
    plan_name,
    region_label,
    rewrite,
    with_host,
)
from .registry import rule

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable

    from validator.catalogue.index import Catalogue

GENERAL_KINDS = ("payg", "workspace")      # shapes that are certainly not plan keys
SUBSCRIPTION = "subscription"
_SCRIPT_SUFFIXES = (".sh", ".bash", ".zsh", ".fish", ".ps1", ".psm1", ".bat", ".cmd")
AUTOMATION_PATHS = (".github/workflows/", ".gitlab-ci", "Jenkinsfile", ".circleci/", "azure-pipelines")


def _key_label(value: Value | None) -> str:
    if value is None:
        return "the key"
    fp = value.display() or "(empty)"
    return f"the key `{fp}`" + (f" from `{value.variable}`" if value.variable else "")


def _plan_base(cat: "Catalogue", region: str | None, plan: str, protocol: str | None) -> str | None:
    if not region:
        return None
    try:
        return cat.base_url(region=region, plan=plan, protocol=protocol or "openai")
    except (KeyError, ValueError):
        return None


# --------------------------------------------------------------------------- plans


@rule("MS201", "plan-endpoint-mismatch", Severity.ERROR,
      "The key's plan does not match the host's plan (a Coding/Token Plan sk-sp- key on a pay-as-you-go host, or the reverse).",
      family="credentials", fixable="unsafe", kinds=("config", "code"))
def plan_endpoint_mismatch(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    The plan of the key against the plan of the host. The key's plan comes from `--key-plan` /
    `modelstudio.yaml` when declared, else from its shape: `sk-sp-…` keys belong to a
    subscription plan (Coding Plan or Token Plan), `sk-` + 32 hex characters and `sk-ws-…` keys
    are general pay-as-you-go keys. Hosts: `coding.dashscope.aliyuncs.com` /
    `coding-intl.dashscope.aliyuncs.com` (Coding Plan), `token-plan.{region}.maas.aliyuncs.com`
    (Token Plan), everything else pay-as-you-go.

    ## Why
    Keys and hosts of different plans never work together: a general key on a plan host gets
    `401 invalid access token or token expired`; a plan key on a general host gets `403 invalid
    api-key` or `401 InvalidApiKey`; a Token Plan key on the Coding Plan host (or the reverse) gets
    401. Worse, a general key on a general host when you meant to use your Token Plan bills
    pay-as-you-go.

    ## Example
    ```dotenv
    OPENAI_API_KEY=sk-sp-…            # Coding Plan key
    OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1
    ```

    ## Fix
    Use the host of the key's plan (`https://coding.dashscope.aliyuncs.com/v1` for a Coding Plan
    key in China), or a key of the host's plan.
    """
    ep = modelstudio_endpoint(target, cat)
    if ep is None or target.key is None:
        return
    host_plan = ep.res.plan or (ep.res.host_entry.plan if ep.res.host_entry else None)
    if host_plan is None:
        return
    shape = key_shape(cat, target.key)
    declared_plan = declared(target.key_plan)
    region = ep.res.region
    if declared_plan:
        if declared_plan == host_plan:
            return
        if shape is not None and shape.kind in GENERAL_KINDS and declared_plan != "payg":
            return  # the declaration contradicts the key itself; malformed-key territory, not a guess here
        where_to = _plan_base(cat, region, declared_plan, ep.protocol)
        yield Hit(f"{_key_label(target.key)} is declared as a {plan_name(declared_plan)} key but {ep.host} is a "
                  f"{plan_name(host_plan)} host (401/403)"
                  + (f"; use `{where_to}`" if where_to else ""), ep.value,
                  _swap_fix(ep, where_to), key="base_url")
        return
    if shape is None:
        return
    if shape.kind == SUBSCRIPTION and host_plan == "payg":
        options = sorted({h.pattern for h in cat.hosts(region=region) if h.plan in ("coding-plan", "token-plan")}) \
            if region else []
        hint = f"; use your plan's host ({' or '.join(options)})" if options else "; use your plan's host"
        yield Hit(f"{_key_label(target.key)} is a Coding/Token Plan key (sk-sp-) but {ep.host} is a "
                  f"pay-as-you-go host (403 invalid api-key / 401 InvalidApiKey){hint}",
                  target.key if target.key.loc else ep.value,
                  describe("point the base URL at your plan's host, or use a pay-as-you-go key"),
                  key="key")
    elif shape.kind in GENERAL_KINDS and host_plan in ("coding-plan", "token-plan"):
        general = _plan_base(cat, region, "payg", ep.protocol)
        yield Hit(f"{_key_label(target.key)} is a general pay-as-you-go key but {ep.host} is a "
                  f"{plan_name(host_plan)} host that accepts only the plan's sk-sp- key "
                  f"(401 invalid access token or token expired)"
                  + (f"; use `{general}` or your plan key" if general else ""),
                  target.key if target.key.loc else ep.value,
                  describe("use the plan's sk-sp- key, or a pay-as-you-go host"), key="key")


def _swap_fix(ep, new_base: str | None):
    if not new_base:
        return describe("use the host of the key's plan")
    return rewrite(ep.value, new_base, f"use `{new_base}`", safe=False)


@rule("MS202", "plan-usage-restricted", Severity.WARNING,
      "A Coding Plan or Token Plan host used by something that is not an interactive AI coding tool.",
      family="credentials", kinds=("config", "code"))
def plan_usage_restricted(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    A subscription-plan host (Coding Plan: `coding(-intl).dashscope.aliyuncs.com`; Token Plan:
    `token-plan.{region}.maas.aliyuncs.com`) used from application code (an SDK client in source
    code), a CI workflow, or a configuration declared as a backend (`--usage backend`).
    Interactive AI coding tools (Claude Code, Qwen Code, Codex, OpenCode…) are what the plans are for.

    ## Why
    The plans' terms allow only interactive coding tools. Automation scripts, application
    backends, batch jobs, workflow platforms (Dify, n8n, Coze) and API testers are forbidden, and
    breaking the rule can suspend the subscription or ban the key.

    ## Example
    ```python
    client = OpenAI(api_key=os.environ["BAILIAN_CODING_PLAN_API_KEY"],
                    base_url="https://coding.dashscope.aliyuncs.com/v1")
    ```

    ## Fix
    Use a pay-as-you-go key and host (`https://dashscope.aliyuncs.com/compatible-mode/v1`) for
    applications and automation; keep the plan for your coding tool.
    """
    ep = modelstudio_endpoint(target, cat)
    if ep is None or ep.res.host_entry is None or ep.res.host_entry.usage != "interactive":
        return
    used = declared(target.usage)
    stated = used if target.usage is not None and target.usage.origin is not Origin.DEFAULT else None
    reason = None
    if stated == "backend":
        reason = "this configuration is declared as a backend"
    elif stated == "interactive":
        return
    elif any(p in target.origin.path for p in AUTOMATION_PATHS):
        reason = "it runs in a CI workflow (non-interactive, even for a coding tool)"
    elif used == "interactive" or (ep.client is not None and ep.client.usage == "interactive"):
        return
    elif target.kind is TargetKind.CONFIG and target.origin.path.lower().endswith(_SCRIPT_SUFFIXES):
        reason = "it is set in a script that starts no interactive coding tool"
    elif target.kind is TargetKind.CODE or is_code(target.origin.path):
        reason = "it is used from application code"
    if reason is None:
        return
    payg = _plan_base(cat, ep.res.region, "payg", ep.protocol)
    yield Hit(f"{ep.host} is a {plan_name(ep.res.plan)} host, for interactive AI coding tools only, but "
              f"{reason}; the plan's terms forbid that (risk: suspension)"
              + (f"; use a pay-as-you-go key with `{payg}`" if payg else ""),
              ep.value, describe("use a pay-as-you-go key and host for applications"), key="base_url")


# --------------------------------------------------------------------------- region and workspace


@rule("MS203", "key-region-mismatch", Severity.ERROR,
      "The key's declared region differs from the host's region.",
      family="credentials", fixable="safe", kinds=("config", "code"))
def key_region_mismatch(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    The region the key was created in — declared with `--key-region`, `key-region` in
    `[tool.msv]`, or `key: {region: …}` in `modelstudio.yaml` — against the region of the host
    the client calls. Without a declared region this rule says nothing (a key's region cannot be
    read from the key).

    ## Why
    Keys, base URLs and model lists are per region and never work across regions: a Beijing key
    on `dashscope-intl.aliyuncs.com` (Singapore) gets `401 InvalidApiKey` exactly like a wrong key.
    This is the most common cause of "my key is valid but I get 401".

    ## Example
    ```bash
    msv check --key-region cn-beijing .
    ```
    with `OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1`.

    ## Fix
    Use the host of the key's region (`https://dashscope.aliyuncs.com/compatible-mode/v1` for
    Beijing) or a key created in the host's region. `msv check --fix` swaps a shared or plan host
    for the same kind of host in the declared region.
    """
    ep = modelstudio_endpoint(target, cat)
    key_region = declared(target.key_region)
    if ep is None or not key_region or not ep.res.region:
        return
    region = cat.region(key_region)
    if region is None or region.id == ep.res.region:
        return
    host = ep.res.host_entry
    assert host is not None
    twin = next((h for h in cat.hosts(region=region.id, plan=host.plan) if h.family == host.family), None)
    fix = describe(f"use a {region.name} host, or a key created in {region_label(cat, ep.res.region)}")
    if twin is not None and "{" not in twin.pattern:
        new = with_host(ep.url, twin.pattern)
        if new:
            fix = rewrite(ep.value, new, f"use `{twin.pattern}` ({region.name})")
    suggestion = f"; use `{twin.pattern}`" if twin is not None and "{" not in twin.pattern else ""
    shown = ep.host
    if is_default(ep.value) and ep.client is not None:
        shown = f"{ep.host} ({ep.client.name} default host)"
    yield Hit(f"the key is from {region_label(cat, region.id)} but {shown} is in "
              f"{region_label(cat, ep.res.region)}: keys are region-bound (401 InvalidApiKey){suggestion}",
              ep.value, fix, key="base_url")


@rule("MS204", "key-workspace-mismatch", Severity.ERROR,
      "A workspace-dedicated domain with a key declared for another workspace.",
      family="credentials", fixable="unsafe", kinds=("config", "code"))
def key_workspace_mismatch(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    The workspace in a workspace-dedicated host (`{WorkspaceId}.{region}.maas.aliyuncs.com`)
    against the workspace the key was created in, declared with `--key-workspace` or in
    `modelstudio.yaml`. Silent without a declaration.

    ## Why
    A workspace-dedicated domain accepts only keys created in that workspace; other keys are
    rejected (`401 NOT AUTHORIZED` or `403 Workspace.AccessDenied`).

    ## Example
    ```bash
    msv check --key-workspace ws-prod01 .
    ```
    with `base_url: https://ws-dev02.cn-beijing.maas.aliyuncs.com/compatible-mode/v1`.

    ## Fix
    Use the host of the key's workspace, or a key created in the host's workspace (or the shared
    DashScope domain, which accepts keys of every workspace in the region).
    """
    ep = modelstudio_endpoint(target, cat)
    key_ws = declared(target.key_workspace)
    if ep is None or not key_ws or ep.res.family != "workspace" or not ep.res.workspace:
        return
    if key_ws.lower() == ep.res.workspace.lower():
        return
    new_host = ep.host.replace(ep.res.workspace, key_ws.lower(), 1) if ep.res.workspace in ep.host else None
    new = with_host(ep.url, new_host) if new_host else None
    fix = rewrite(ep.value, new, f"use `{new_host}`", safe=False) if new else describe("use your workspace's host")
    yield Hit(f"{ep.host} only accepts keys of workspace `{ep.res.workspace}`, but the key is declared for "
              f"workspace `{key_ws}` (401 NOT AUTHORIZED / 403 Workspace.AccessDenied)", ep.value, fix,
              key="base_url")


# --------------------------------------------------------------------------- the key itself


@rule("MS205", "malformed-key", Severity.ERROR,
      "The value the client will send is not a Model Studio key (another provider's, masked, truncated, Bearer prefix, quotes).",
      family="credentials", kinds=("config", "code"))
def malformed_key(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    The shape of the key the client sends: another provider's key (`sk-proj-…` OpenAI,
    `sk-ant-…` Anthropic, `AIza…` Google…), a masked key copied from a console or a log
    (`sk-sp-****`, `sk-…abcd`), a `Bearer ` prefix inside the value, whitespace or quotes inside
    it, a truncated key — and code that reads an environment variable *named* after the key
    (`os.getenv("sk-…")`). Model Studio keys start with `sk-`. In a raw HTTP request msv sees
    whole (a curl command, an `.http` request, a literal headers object), an `Authorization`
    header with another scheme than `Bearer` (`Token sk-…`, `Basic …`), or that holds the bare
    key (`Authorization: sk-…`, `Authorization: $DASHSCOPE_API_KEY`) on the OpenAI- or
    Anthropic-compatible path — a *warning*: the documented form is `Bearer <key>`, but the
    native API is reported to take a bare key, so there it is not reported.

    ## Why
    Model Studio rejects all of them with `401 InvalidApiKey` / `invalid_api_key`, which looks the
    same as a revoked key. The official error page lists "a key from another provider" and
    "`os.getenv` with the key as the variable name" among the causes.

    ## Example
    ```json
    { "env": { "ANTHROPIC_AUTH_TOKEN": "Bearer sk-…", "ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/apps/anthropic" } }
    ```

    ```bash
    curl https://dashscope.aliyuncs.com/compatible-mode/v1/models -H "Authorization: $DASHSCOPE_API_KEY"
    ```

    ## Fix
    Paste the whole Model Studio key, as is, without `Bearer ` or quotes; read it from the variable
    that holds it (`os.getenv("DASHSCOPE_API_KEY")`). The finding shows only a fingerprint of the value.
    A raw request's header is `Authorization: Bearer <key>`.
    """
    for scheme, at in notes_of(target, "auth-scheme"):
        ep = modelstudio_endpoint(target, cat)
        if ep is None:
            break
        where = at if at is not None and at.loc is not None else target.origin
        fix = describe("send `Authorization: Bearer <key>`")
        if scheme != "none":
            yield Hit(f"the `Authorization` header uses the `{scheme}` scheme; Model Studio reads `Bearer <key>` "
                      f"there, so the server finds no key (401 InvalidApiKey)", where, fix, key="headers.authorization")
        elif ep.res.protocol in ("openai", "anthropic"):
            # the documented form is Bearer; reports say the native API takes a bare key, so: a warning,
            # and only on the OpenAI- and Anthropic-compatible paths, whose protocols require the scheme
            api = "OpenAI" if ep.res.protocol == "openai" else "Anthropic"
            yield Hit(f"the `Authorization` header holds the key without the `Bearer ` scheme; the {api}-compatible "
                      f"API expects `Authorization: Bearer <key>` and may answer 401 (InvalidApiKey)", where, fix,
                      severity=Severity.WARNING, key="headers.authorization")
        return   # the key's own shape ("contains whitespace") would say the same less clearly
    key = target.key
    for detail, value in notes_of(target, "literal-env-key"):
        at = value if value is not None and value.loc is not None else target.origin
        shown = value.display() if value is not None else "a key"
        yield Hit(f"`{detail}` must hold the *name* of the variable with the key (e.g. DASHSCOPE_API_KEY), but "
                  f"it holds a value (`{shown}`); the client reads a variable of that name and sends no key",
                  at, describe("write the variable's name in env_key and export the key under that name"),
                  key=f"settings.{detail}")
    variable = (key.variable if key is not None else None) or target.key_variable
    if variable and _looks_like_key(variable):
        at = key if key is not None and key.loc is not None else target.origin
        yield Hit(f"the key is read from an environment variable whose *name* is a key "
                  f"(`{Secret(variable).fingerprint}`); read `DASHSCOPE_API_KEY` (or the variable that holds "
                  f"the key) instead", at, describe("pass the variable's name, not the key"), key="key_variable")
        return
    shape = key_shape(cat, key)
    if shape is None or key is None:
        return
    if shape.kind == "placeholder":
        return   # unreplaced-placeholder says it better
    ms = modelstudio_endpoint(target, cat)
    label = _key_label(key)
    if shape.kind == "foreign":
        provider = shape.provider or "another provider"
        if ms is None and endpoint(target, cat) is not None:
            return   # the target talks to that provider, not to Model Studio
        if ms is None and not _meant_for_modelstudio(target):
            return
        yield Hit(f"{label} is a {provider} key, not a Model Studio key (401 InvalidApiKey); use your "
                  f"Model Studio key (sk-…)", key, describe("use a Model Studio key"), key="key")
    elif shape.kind == "masked":
        yield Hit(f"{label} is masked (copied as shown by a console or log), not the key itself; copy the "
                  f"full key from the API-Key page", key, describe("paste the full key"), key="key")
    elif "variable-name" in shape.problems:
        if ms is None and endpoint(target, cat) is not None and not _meant_for_modelstudio(target):
            return   # a local server's placeholder (vLLM's api_key="EMPTY"), not a Model Studio key
        yield Hit(f"{label} is the *name* of a variable (`{_variable_shown(key)}`), not its value; read the "
                  f"variable (os.getenv(\"…\")) instead of passing its name", key,
                  describe("pass the variable's value, not its name"), key="key")
    elif shape.problems:
        names = {"bearer-prefix": "a `Bearer ` prefix (the client adds it)", "whitespace": "whitespace",
                 "quotes": "quotes", "truncated": "it looks truncated", "newline": "a line break"}
        what = ", ".join(names.get(p, p) for p in shape.problems)
        yield Hit(f"{label} contains {what}; the server sees a different key (401 InvalidApiKey)", key,
                  describe("remove the extra characters so the value is exactly the key"), key="key")
    elif shape.kind == "unknown" and ms is not None:
        yield Hit(f"{label} does not look like a Model Studio key (they start with `sk-`); check you "
                  f"pasted the API key and not an AccessKey or a token", key,
                  describe("use a Model Studio API key (sk-…)"), key="key")


_VARIABLE_SHOWN = lazy(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:API_?KEY|KEY|TOKEN|AUTH_TOKEN|SECRET)$")


def _variable_shown(value: Value) -> str:
    """The variable name, when it is unmistakably one (``DASHSCOPE_API_KEY``); an upper-case
    token of another shape could be a secret of another kind (``AKIA…``), so it stays hidden."""
    raw = value.value.reveal() if isinstance(value.value, Secret) else value.value
    text = str(raw).strip() if isinstance(raw, str) else ""
    return text if len(text) <= 64 and _VARIABLE_SHOWN.match(text) else value.display()


def _looks_like_key(name: str) -> bool:
    n = name.strip()
    return n.startswith("sk-") and len(n) >= 20


def _meant_for_modelstudio(target: Target) -> bool:
    """No base URL but a client whose default host is Model Studio (DashScope SDK…)."""
    return target.kind is not TargetKind.LITERAL and target.client in ("dashscope-sdk", "dashscope", "litellm")


@rule("MS206", "missing-key", Severity.ERROR,
      "The variable the client reads is empty, the key sits in a variable this client does not read, or a raw request sends no key.",
      family="credentials", kinds=("config", "code"))
def missing_key(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    - The key variable the client reads is defined but empty (`DASHSCOPE_API_KEY=` in a `.env`
      that is not a template).
    - The key sits in a variable this client does not read: `DASHSCOPE_API_KEY` set for a tool
      that reads `OPENAI_API_KEY` (Qwen Code, the OpenAI SDK), `OPENAI_API_BASE` for a client that
      reads `OPENAI_BASE_URL`.
    - A raw HTTP request to a Model Studio host that sends no auth header at all: a curl / wget /
      HTTPie command, an `.http` request, a `requests.post(…)` / `fetch(…)` / `HttpRequest` /
      `http.Post` / `curl_init` call without `Authorization: Bearer …` (or `x-api-key` on the
      Anthropic-compatible path). Only where msv sees the whole request: headers that may come
      from elsewhere (a session or client with default headers, `-H @file`, `--config`, a
      `.netrc`, a spread `...headers` / `**headers`, a variable msv cannot follow) are never
      guessed at; nor is a plain-`http://` request (a service mesh or egress proxy may add the
      key on its way out).
    A variable that is simply not defined in the checked files is *not* reported: it may come from
    the shell or a CI secret (`msv diagnose` reads the live environment).

    ## Why
    The client sends no key (`No API-key provided`, `401`) or the wrong one, often falling back to
    another provider's default host.

    ## Example
    ```dotenv
    # Qwen Code reads OPENAI_API_KEY, not DASHSCOPE_API_KEY
    DASHSCOPE_API_KEY=sk-…
    OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1
    ```

    ```bash
    curl https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions \\
      -H "Content-Type: application/json" -d '{"model": "qwen-plus", "messages": []}'
    ```

    ## Fix
    Set the variable the finding names (or point the tool at the variable you set, e.g. `envKey`
    in Qwen Code, `env_key` in Codex). Give a raw request its header:
    `-H "Authorization: Bearer $DASHSCOPE_API_KEY"`.
    """
    if notes_of(target, "no-auth-header"):
        ep = modelstudio_endpoint(target, cat)
        # plain http to a Model Studio host is a proxy's or a mesh's business (an egress sidecar
        # that adds the key), or wrong for its own reason (malformed-base-url says so)
        if ep is not None and not ep.url.strip().lower().startswith("http://"):
            anthropic = ep.res.protocol == "anthropic"
            need = "`x-api-key` or `Authorization: Bearer` header" if anthropic else "`Authorization: Bearer` header"
            yield Hit(f"this request sends no {need}; Model Studio answers 401 (InvalidApiKey: No API-key provided)",
                      target.origin, describe("add the header `Authorization: Bearer <key>`, the key read from "
                                              "DASHSCOPE_API_KEY" + (" (or `x-api-key: <key>`)" if anthropic else "")),
                      key="headers.authorization")
        return
    key = target.key
    wanted = target.key_variable or (key.variable if key is not None else None)
    if key is not None and key.loc is not None and key.origin is not Origin.DEFAULT:
        raw = key.value.reveal() if isinstance(key.value, Secret) else key.value
        if isinstance(raw, str) and not raw.strip() and not is_template(key.loc.path) and _modelstudio_bound(target, cat):
            name = f"`{key.variable or wanted}`" if (key.variable or wanted) else "The key"
            yield Hit(f"{name} is set but empty; {_client(target, cat)} sends no key (401 No API-key provided)",
                      key, describe(f"set `{name}` to your Model Studio key (in the environment or a secret store)"),
                      key="key")
            return
    if key is not None and key.value is not None:
        return   # the client does get a key; a stray variable elsewhere is harmless
    client = cat.client(target.client) if target.client and target.client != "unknown" else None
    need = wanted or (client.key_vars[0] if client is not None and client.key_vars else None)
    for kind in ("key-elsewhere", "unread-variable", "ignored-key"):
        for detail, value in notes_of(target, kind):
            if kind == "ignored-key" and not _key_like(detail, value):
                continue
            other = detail.rsplit(".", 1)[-1] if kind == "ignored-key" else detail
            setting = f"set `{need}`" if need else "put the key where the client reads it"
            at = value if value is not None and value.loc is not None else target.origin
            if kind == "unread-variable" and value is not None and value.loc is not None:
                where = value.loc.path
                yield Hit(f"`{detail}` is set only in {where}, which {_client(target, cat)} does not load; "
                          f"the client starts without a key (401)",
                          at, describe(f"export `{detail}` in the environment {_client(target, cat)} starts from "
                                       "(shell profile, service manager or CI secret)"), key=f"key.{detail}")
                continue
            if kind == "key-elsewhere" and key is not None and key.variable == need:
                yield Hit(f"the key is read from `{need}`, which nothing here defines, while `{detail}` holds a "
                          f"Model Studio key; {_client(target, cat)} starts without a key (401)",
                          key if key.loc is not None else at,
                          describe(f"set `{need}` (e.g. `{need}=${{{other}}}`) or read `{detail}` instead"),
                          key=f"key.{detail}")
                continue
            yield Hit(f"the key is in `{detail}`, which {_client(target, cat)} does not read; {setting}",
                      at, describe(setting + (f" (e.g. `{need}=${{{other}}}`)" if need and kind != "ignored-key"
                                              else "")), key=f"key.{detail}")


def _modelstudio_bound(target: Target, cat: "Catalogue") -> bool:
    """Does this target talk to Model Studio (its host, or a client whose default host is it)?
    An empty key of another provider's entry in the same file is not msv's business."""
    if modelstudio_endpoint(target, cat) is not None:
        return True
    ep = endpoint(target, cat)
    return ep is None and _meant_for_modelstudio(target)


def _key_like(name: str, value: Value | None) -> bool:
    if value is not None and isinstance(value.value, Secret):
        return True
    last = name.rsplit(".", 1)[-1].lower().replace("_", "").replace("-", "")
    return last in ("apikey", "key", "token", "authtoken", "secret") or last.endswith(("apikey", "token"))


def _client(target: Target, cat: "Catalogue") -> str:
    client = cat.client(target.client) if target.client and target.client != "unknown" else None
    return client.name if client else "the client"


@rule("MS207", "conflicting-credentials", Severity.WARNING,
      "Two sources give the client different keys; names which one wins.",
      family="credentials", kinds=("config", "code"))
def conflicting_credentials(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    A key defined in more than one place the client reads, with different values: the shell
    profile and a `.env`, `ANTHROPIC_AUTH_TOKEN` and `ANTHROPIC_API_KEY` together, a tool's
    settings file and the environment. The finding names the definition that wins (following the
    client's documented precedence) and every one that loses, by fingerprint only.

    ## Why
    The key you edited is not the key that is sent: a stale shell export silently beats the `.env`
    for python-dotenv apps, while Claude Code's `settings.json` `env` beats the shell. Claude Code
    also warns "Auth conflict" when both Anthropic variables are set.

    ## Example
    ```bash
    # ~/.zshrc
    export DASHSCOPE_API_KEY=sk-…old
    ```
    ```dotenv
    # .env (loaded with load_dotenv(): the shell wins)
    DASHSCOPE_API_KEY=sk-…new
    ```

    ## Fix
    Keep one definition: delete or update the others.
    """
    key = target.key
    if key is None or not key.overridden:
        return
    winner = _secret_text(key)
    if winner is None:
        return   # nothing the client reads defines the key: that is missing-key's finding, not a conflict
    # a definition left blank on purpose (``ANTHROPIC_API_KEY=""`` next to the token, as the
    # Claude Code docs advise) gives the client no second key: nothing conflicts
    losers = [v for v in key.overridden
              if (_secret_text(v) or "").strip() and (_secret_text(v) != winner or v.variable != key.variable)]
    different = [v for v in losers if _secret_text(v) != winner]
    if not losers:
        return
    shown = ", ".join(f"`{v.display()}` at {_where(v)}" for v in losers[:3])
    more = f" and {len(losers) - 3} more" if len(losers) > 3 else ""
    via = f" ({key.via})" if key.via else ""
    client = _client(target, cat)
    if different:
        message = (f"{client} uses `{key.display()}`{via}, not {shown}{more}; keep one definition")
    elif notes_of(target, "both-credentials"):
        # the same key twice is harmless, except where the client itself complains (Claude Code's
        # "Auth conflict" warning when both Anthropic variables are set)
        message = (f"the same key is set as `{key.variable}` and as "
                   f"{', '.join(f'`{v.variable}`' for v in losers)}; {client} warns about an auth conflict "
                   f"when both are set and uses `{key.variable}`{via}; keep one")
    else:
        return
    yield Hit(message, key if key.loc is not None else target.origin,
              describe("delete or update the definitions that lose"), key="key")


def _secret_text(value: Value) -> str | None:
    v = value.value
    if isinstance(v, Secret):
        return v.reveal()
    return v if isinstance(v, str) else None


def _where(value: Value) -> str:
    if value.loc is not None:
        return str(value.loc)
    return f"`{value.variable}` in the environment" if value.variable else "the environment"


@rule("MS208", "hardcoded-secret", Severity.ERROR,
      "A real-looking key literal in a file meant to be committed (source code, scripts, tracked files).",
      templates=True, family="credentials", ignorable=False)
def hardcoded_secret(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    A key-shaped literal (`sk-` + 32 hex, `sk-sp-…`, `sk-ws-…`, other `sk-…` keys) written
    directly in a file that is meant to be committed: source code and scripts, or any file git
    tracks (a `.env` that was committed by mistake, `.env.example` with a real key in it).
    Untracked `.env`-style files meant to stay local are not reported. Placeholders (`sk-xxx`)
    are `unreplaced-placeholder`'s business. Only a fingerprint of the key is ever printed.

    This rule cannot be silenced with an inline `msv: ignore[...]` comment (like tflint's
    `ignorable = false`): the remedy for a committed key is to remove and rotate it, not to
    annotate it. If you must, disable it explicitly with `--ignore hardcoded-secret` or
    `per-path-ignores`, which reviewers see in one place.

    ## Why
    A committed key is a leaked key: anyone with read access to the repository (or its history,
    forks, CI logs) can run up your bill or use up your plan.

    ## Example
    ```python
    client = OpenAI(api_key="sk-…", base_url="https://dashscope.aliyuncs.com/compatible-mode/v1")
    ```

    ## Fix
    Read the key from the environment (`os.environ["DASHSCOPE_API_KEY"]`) or a secret store,
    remove it from the file **and from git history**, and rotate it in the console.
    """
    seen: set[str] = set()
    for value in _key_values(target):
        if value.origin is not Origin.LITERAL or value.loc is None or not value.loc.is_file:
            continue
        if not _committed(target, value.loc.path):
            continue
        shape = key_shape(cat, value)
        if shape is None or shape.kind not in ("payg", "subscription", "workspace", "generic"):
            continue
        fp = value.display()
        if fp in seen:
            continue
        seen.add(fp)
        noun, sent = _evidence_label(target, cat, shape.kind)
        why = ("is meant to be committed" if value.loc.path == target.origin.path and target.committed
               else "is source code meant to be committed")
        yield Hit(f"{noun} (`{fp}`){sent} is written in {value.loc.path}, which {why}; read it from an "
                  f"environment variable or secret store, and rotate it", value,
                  describe("move the key to the environment or a secret store, then rotate it"), key="key")


_MS_KINDS = {"payg": "a pay-as-you-go key", "subscription": "a Coding/Token Plan key",
             "workspace": "a workspace key", "generic": "a Model Studio key"}


def _evidence_label(target: Target, cat: "Catalogue", kind: str) -> tuple[str, str]:
    """(what the key is, where it goes) as far as the evidence goes: the shape names a Model
    Studio key kind only when the target sends it to Model Studio (``sk-`` + 32 hex is also
    another provider's format); ``sk-sp-`` is Model Studio's own plan prefix."""
    if kind == "subscription":
        return _MS_KINDS[kind], ""
    ep = endpoint(target, cat)
    if ep is not None and ep.known:
        return _MS_KINDS.get(kind, "a Model Studio key"), ""
    if ep is not None and ep.host and ep.value.origin is not Origin.DEFAULT:
        if ep.res.provider:
            return "an `sk-` key", f" sent to {ep.host} ({ep.res.provider})"
        return "an `sk-` key", f" sent to a private gateway ({ep.host})"
    return "an `sk-` key", ""


def _key_values(target: Target) -> Iterable[Value]:
    """Every key-like value the target holds: the key, the definitions it beat, and secrets the
    readers kept in settings (a key pasted into ``env_key``, an ``api_key`` the tool ignores)."""
    if target.key is not None:
        yield target.key
        yield from target.key.overridden
    for value in target.settings.values():
        if isinstance(value.value, Secret):
            yield value


def _committed(target: Target, path: str) -> bool:
    """Is the file at ``path`` meant to be committed? ``target.committed`` speaks for the
    target's own file only; values linked in from other files count when they are code."""
    if path == target.origin.path and target.committed is not None:
        return target.committed
    if path == target.origin.path and target.kind is TargetKind.CODE:
        return True
    return is_code(path)
