"""URL resolution: what a base URL (or a pasted request URL) is, or why it is none.

A mixin of :class:`validator.catalogue.index.Catalogue`, kept apart because it is the one piece
with real logic: cleaning what configs wrap URLs in, host lookup (exact, ``{workspace}``
patterns, placeholders, typos, other providers), and path analysis (base paths per host,
alternative and legacy paths, pasted request paths, ``/v1`` missing or doubled, a repeated
base), optionally judged by what a given client appends.
"""

from __future__ import annotations

import re
from functools import lru_cache

from validator.lazyre import lazy
from validator.record import replace

from .records import Client, Host, Resolution, UrlProblem

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

    from .records import Region

_URL = lazy(
    r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<netloc>[^/?#]*)(?P<path>[^?#]*)"
    r"(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?$",
    re.S,
)
# A workspace-id label as written in docs and copied configs instead of a real id. Compiled on
# first use (~0.8 ms): a label not starting with one of _WS_PLACEHOLDER_FIRST cannot match it.
_WS_PLACEHOLDER_FIRST = "{[<$%lwyx"
_WS_PLACEHOLDER_TEXT = (
    r"^(\{[^{}]*\}|\[[^\[\]]*\]|<[^<>]*>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%[A-Za-z_]+%|"
    r"(llm|ws)-(x+|\*+|<[^>]*>|\{[^}]*\}|your[-_a-z]*|workspace[-_]?id)|"
    r"(your[-_]?)?workspace[-_]?id|workspaceid|x{3,}|your[-_a-z]*)$"
)


@lru_cache(maxsize=1)
def _ws_placeholder_regex() -> re.Pattern[str]:
    return re.compile(_WS_PLACEHOLDER_TEXT, re.I)


def _is_ws_placeholder(label: str) -> bool:
    """Is this first label a placeholder for a workspace id (``{WorkspaceId}``, ``llm-xxx``…)?"""
    return label[:1].lower() in _WS_PLACEHOLDER_FIRST and _ws_placeholder_regex().match(label) is not None
_WS_LABEL = r"[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?"
_PLACEHOLDER_LABEL = "{workspace}"
# First labels that name a host family, never a workspace id (trail. is the docs' typo of trial.).
_RESERVED_LABELS = {"trial", "trail", "token-plan", "coding", "coding-intl", "dashscope", "www"}
_DEFAULT_PORTS = {"https": 443, "http": 80, "wss": 443, "ws": 80}
_PATH_PROBLEMS = {
    "request-path", "repeated-base", "missing-v1", "double-v1", "trailing-v1", "unknown-path",
    "missing-endpoint", "unsupported-protocol", "legacy-path",
}
_MAX_URL = 8192  # longer values are not URLs; never spend regex and difflib time on them
_QUOTES = "\"'`“”‘’"
_REFERENCE = lazy(r"^(\$\{?[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}?|\$\{\{.*\}\}|\{env:[^}]+\}|os\.environ/\S+|%[A-Za-z_]+%)$")
_REFERENCE_STARTS = ("$", "{env:", "os.environ/", "%")   # how every alternative of _REFERENCE starts
_LITERAL_NEWLINE = lazy(r"(\\[nr])+\s*$")
_BRACKETED_HOST = lazy(r"^\[[0-9A-Fa-f:.]+\]")


@lru_cache(maxsize=None)   # the catalogue's templated endpoint paths: a few dozen at most
def _endpoint_regex(path: str) -> re.Pattern[str]:
    """``/tasks/{id}`` -> a regex where each ``{…}`` is one path segment."""
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile("^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")


def _replace(res: Resolution, **changes: Any) -> Resolution:
    return replace(res, **changes)


def _split_port(netloc: str) -> tuple[str, int | None]:
    if netloc.startswith("[") and _BRACKETED_HOST.match(netloc):
        end = netloc.find("]")
        if end != -1:
            rest = netloc[end + 1:]
            if rest.startswith(":") and rest[1:].isdigit():
                return netloc[: end + 1], int(rest[1:])
            return netloc[: end + 1], None
    if netloc.count(":") == 1:
        name, _, port = netloc.partition(":")
        if port.isdigit():
            return name, int(port)
        if port == "":
            return name, None
    return netloc, None


class UrlResolver:
    """The URL half of the catalogue index (needs the tables :class:`Catalogue` builds)."""

    _exact: dict[str, Host]
    _patterns: list[tuple[re.Pattern[str], str, Host]]
    _typos: dict[str, str]
    _foreign: dict[str, str]
    _protocols: dict[str, dict[str, Any]]
    _alt_paths: list[dict[str, Any]]
    _regions: "dict[str, Region]"
    _endpoint_cache: dict[str, tuple[frozenset[str], tuple[str, ...]]]

    def client(self, id: str) -> Client | None:  # pragma: no cover - provided by Catalogue
        raise NotImplementedError

    def _match_host(self, name: str) -> tuple[Host | None, str | None]:
        """(host entry, workspace id) for a lower-case host name; workspace ``{workspace}`` = placeholder."""
        exact = self._exact.get(name)
        if exact is not None:
            return exact, None
        for regex, suffix, host in self._patterns:
            if name.startswith(_PLACEHOLDER_LABEL) and name[len(_PLACEHOLDER_LABEL):] == suffix:
                return host, _PLACEHOLDER_LABEL
            m = regex.match(name)
            if m:
                return host, m.group(1)
        return None, None

    def _lookup(self, name: str) -> tuple[Host | None, str | None]:
        """Host lookup as resolve does it: a family label (trial., token-plan.) is never a workspace id."""
        first = name.split(".", 1)[0]
        return self._match_exact(name) if first in _RESERVED_LABELS else self._match_host(name)

    def _match_exact(self, name: str) -> tuple[Host | None, str | None]:
        return self._exact.get(name), None

    def _canonical(self, host: Host, protocol: str | None, workspace: str | None, scheme: str = "https") -> str:
        if "{workspace}" in host.pattern:
            label = workspace if workspace and workspace != _PLACEHOLDER_LABEL else "{WorkspaceId}"
            name = host.pattern.replace("{workspace}", label)
        else:
            name = host.pattern
        if scheme in ("wss", "ws"):
            scheme = "wss"
        elif not (host.allow_http and scheme == "http"):
            scheme = "https"
        return f"{scheme}://{name}{host.protocols.get(protocol, '') if protocol else ''}"

    def resolve(self, url: str, client: str | None = None) -> Resolution:
        """What a URL is, or why it is none.

        Without ``client`` the URL is judged as a base URL for the standard SDKs (which append
        ``/chat/completions``, ``/v1/messages`` or ``/services/…``). With a catalogue client id,
        it is judged by what that client appends (a full URL is right for claude-code-router, a
        host-only base for Spring AI Alibaba, ``…/apps/anthropic/v1`` for ``@ai-sdk/anthropic``).

        ``known`` says whether the host is a catalogue host. A misspelt host stays unknown but
        carries ``suggestion`` and the region, plan, protocol and family of the host it most
        likely meant, so rules can say both "typo" and "that would be Beijing".
        """
        base = self._resolve(url)
        if client is None:
            return base
        c = self.client(client)
        if c is None or c.appends is None or base.host_entry is None:
            return _replace(base, client=c.id if c else client)
        return self._for_client(base, c)

    def _resolve(self, url: str) -> Resolution:
        original = url if isinstance(url, str) else str(url)
        if "@" in original:  # never carry a password (or a key used as one) into reports
            # only inside the authority: a "#@" or "?@" later on is not userinfo (and must not
            # make ``https://evil.example:443#@dashscope.aliyuncs.com`` read as a Model Studio host)
            original = re.sub(r"(//[^/?#@\s:]*:)[^/?#@\s]*@", r"\1***@", original)
        problems: list[UrlProblem] = []
        if len(original) > _MAX_URL:
            problems.append(UrlProblem("too-long", f"longer than {_MAX_URL} characters: not a URL"))
            return Resolution(original[:200] + "…", False, problems=tuple(problems))
        text = self._clean(original, problems)
        if not text:
            problems.append(UrlProblem("empty", "the URL is empty"))
            return Resolution(original, False, problems=tuple(problems))
        if text.startswith(_REFERENCE_STARTS) and _REFERENCE.match(text):
            problems.append(UrlProblem("placeholder", f"{text} is an unresolved variable reference, not a URL"))
            return Resolution(original, False, problems=tuple(problems))
        m = _URL.match(text)
        if m is None:  # pragma: no cover - the pattern matches any string
            return Resolution(original, False, problems=tuple(problems))
        scheme = (m.group("scheme") or "").lower()
        netloc, path = m.group("netloc"), m.group("path")
        if not scheme:
            problems.append(UrlProblem("no-scheme", "the URL has no scheme", "https://" + text))
            scheme = "https"
        if "@" in netloc:
            netloc = netloc.rsplit("@", 1)[1]
            problems.append(UrlProblem("userinfo", "the URL carries user credentials before the host; remove them"))
        name, port = _split_port(netloc)
        name = name.lower().rstrip(".")
        labels = name.split(".")
        placeholder = None
        if labels and _is_ws_placeholder(labels[0]) and len(labels) > 2:
            placeholder = labels[0]
            name = ".".join([_PLACEHOLDER_LABEL, *labels[1:]])
        lookup = self._match_exact if labels[0] in _RESERVED_LABELS else self._match_host
        host, workspace = lookup(name if port is None else f"{name}:{port}")
        if host is None and port is not None:
            host, workspace = lookup(name)
            if host is not None:
                if port == _DEFAULT_PORTS.get(scheme):
                    problems.append(UrlProblem("port", f"the default port :{port} is spelled out (harmless)"))
                else:
                    problems.append(UrlProblem("port", f"port {port} is not the port this host serves on",
                                               "remove the port"))
        shown_host = (name.replace(_PLACEHOLDER_LABEL, placeholder) if placeholder else name)
        if port is not None:
            shown_host += f":{port}"
        if placeholder is not None and host is not None:
            problems.append(UrlProblem("placeholder", f"'{placeholder}' is a placeholder: put the real workspace id "
                                                      "(Workspace Management page, API Host column)"))
            workspace = None
        if m.group("query"):
            problems.append(UrlProblem("query", "the base URL has a query string; clients append paths after it"))
        if host is None:
            return self._unknown(original, shown_host, name, scheme, path, problems)
        if scheme == "http" and not host.allow_http:
            problems.append(UrlProblem("http", "plain http: Model Studio hosts are https only",
                                       "https://" + text.split("://", 1)[-1]))
        elif scheme not in ("https", "http", "wss", "ws"):
            problems.append(UrlProblem("scheme", f"unexpected scheme {scheme}://", "https://"))
        return self._analyse_path(original, shown_host, host, workspace, scheme, path, problems)

    @staticmethod
    def _clean(text: str, problems: list[UrlProblem]) -> str:
        """Strip what configs wrap URLs in: whitespace, line breaks (real or a literal ``\\n``), quotes."""
        out = text
        literal_newline = _LITERAL_NEWLINE.search(out) if "\\" in out else None   # a backslash first
        if literal_newline:
            out = out[:literal_newline.start()]
        if literal_newline or "\n" in out.strip(" \t") or out.rstrip(" \t").endswith(("\n", "\r")):
            problems.append(UrlProblem("newline", "the value ends with a line break"))
        if out != out.strip():
            problems.append(UrlProblem("whitespace", "the value has surrounding whitespace"))
        out = out.strip()
        quoted = False
        while len(out) >= 1 and (out[0] in _QUOTES or out[-1] in _QUOTES):
            quoted = True
            out = out.strip(_QUOTES).strip()
        if quoted:
            problems.append(UrlProblem("quotes", "the value is wrapped in quotes that become part of it"))
        return out

    def _unknown(self, original: str, shown: str, name: str, scheme: str, path: str,
                 problems: list[UrlProblem]) -> Resolution:
        provider = self._foreign.get(name) or self._foreign_glob(name)
        if provider is not None:
            problems.append(UrlProblem("foreign-host", f"{name} belongs to {provider}, not to Model Studio"))
            return Resolution(original, False, host=shown, path=path.rstrip("/"), provider=provider,
                              problems=tuple(problems))
        meant = self._suggest_host(name)
        if meant is not None and (meant == name or self._lookup(meant)[0] is None):
            meant = None
        if meant is None:
            return Resolution(original, False, host=shown, path=path.rstrip("/"), problems=tuple(problems))
        fixed_url = f"https://{meant}{path}"
        guess = self._resolve(fixed_url)
        problems.append(UrlProblem("typo-host", f"unknown host {shown}; did you mean {meant}?", meant))
        return Resolution(original, False, host=shown, host_entry=guess.host_entry, region=guess.region,
                          plan=guess.plan, protocol=guess.protocol, family=guess.family, workspace=guess.workspace,
                          base_url=guess.base_url, path=guess.path, endpoint=guess.endpoint, suggestion=meant,
                          problems=tuple(problems) + tuple(p for p in guess.problems if p.kind in _PATH_PROBLEMS))

    def _foreign_glob(self, name: str) -> str | None:
        """The provider of a host matched by a glob entry (``*.alicdn.com``, ``*.oss-*.aliyuncs.com``)."""
        import fnmatch

        for pattern, provider in self._foreign.items():
            if "*" in pattern and fnmatch.fnmatchcase(name, pattern):
                return provider
        return None

    def _suggest_host(self, name: str) -> str | None:
        """The catalogue host a misspelt host most likely means (None when nothing is close)."""
        if name in self._typos:
            return self._typos[name]
        candidates = [name]
        for wrong, right in ((".aliyun.com", ".aliyuncs.com"), (".aliyunc.com", ".aliyuncs.com"),
                             (".aliyuncs.cn", ".aliyuncs.com"), (".aliyuncs.co", ".aliyuncs.com"),
                             (".aliyuns.com", ".aliyuncs.com"), (".alicloud.com", ".aliyuncs.com"),
                             (".aliyuncs.com.cn", ".aliyuncs.com"), (".aliyun.cs.com", ".aliyuncs.com")):
            if name.endswith(wrong):
                candidates.append(name[: -len(wrong)] + right)
        more = []
        for c in candidates:
            labels = c.split(".")
            if labels[0] == "trail":
                more.append(".".join(["trial", *labels[1:]]))
            if labels[0] in ("dashscope-international", "dashscopeintl", "dashscope_intl", "dashscope-sg"):
                more.append(".".join(["dashscope-intl", *labels[1:]]))
            if len(labels) == 3 and labels[0] in ("cn-hongkong", "hongkong", "dashscope-hk") and labels[1] != "dashscope":
                more.append("cn-hongkong.dashscope." + ".".join(labels[1:]))
        for c in candidates + more:
            if c != name and self._lookup(c)[0] is not None:
                return c
        import difflib  # only a host that matched nothing pays for it (~2 ms import)

        exact = list(self._exact)
        named = [r for r in self._regions if r in name]
        if named:  # never "correct" a host into another region
            exact = [h for h in exact if any(r in h for r in named)]
        close = difflib.get_close_matches(name, exact, n=1, cutoff=0.85)
        if close:
            return close[0]
        labels = name.split(".")
        if len(labels) >= 4:  # a workspace host with a typo after the id
            suffixes = [s for _, s, _ in self._patterns if not named or any(r in s for r in named)]
            close = difflib.get_close_matches("." + ".".join(labels[1:]), suffixes, n=1, cutoff=0.85)
            if close:
                return labels[0] + close[0]
        return None

    def _candidates(self, host: Host) -> list[tuple[str, str, dict[str, Any] | None]]:
        """(base path, protocol, alternative-path entry or None), longest first."""
        out: list[tuple[str, str, dict[str, Any] | None]] = [(b, p, None) for p, b in host.protocols.items()]
        for alt in self._alt_paths:
            if host.family in alt["families"] and alt["protocol"] in host.protocols:
                out.append((alt["path"], alt["protocol"], alt))
        out.sort(key=lambda c: len(c[0]), reverse=True)
        return out

    def _endpoints(self, protocol: str, alt: dict[str, Any] | None) -> tuple[frozenset[str], tuple[str, ...]]:
        """The endpoint paths after a base: the plain ones as a set, the templated ones
        (``/tasks/{id}``) apart, matched by regex (compiled only for a path no plain one is)."""
        key = alt["path"] if alt else protocol
        cached = self._endpoint_cache.get(key)
        if cached is None:
            paths = alt["endpoints"] if alt else [e["path"] for e in self._protocols[protocol]["endpoints"]]
            cached = self._endpoint_cache[key] = (frozenset(p for p in paths if "{" not in p),
                                                  tuple(p for p in paths if "{" in p))
        return cached

    def _is_endpoint(self, protocol: str, alt: dict[str, Any] | None, rest: str) -> bool:
        plain, templated = self._endpoints(protocol, alt)
        # ``^…$`` as the regexes match: ``$`` also matches before a final line break
        return (rest in plain or (rest.endswith("\n") and rest[:-1] in plain)
                or any(_endpoint_regex(p).match(rest) for p in templated))

    def _analyse_path(self, original: str, shown: str, host: Host, workspace: str | None, scheme: str,
                      raw_path: str, problems: list[UrlProblem]) -> Resolution:
        path = raw_path
        if "//" in path:
            problems.append(UrlProblem("double-slash", "the path has an empty segment (//)"))
            path = re.sub(r"/{2,}", "/", path)
        path = path.rstrip("/")
        fields: dict[str, Any] = dict(host=shown, host_entry=host, region=host.region, plan=host.plan,
                                      family=host.family, workspace=workspace, path=path)
        match = self._match_base(host, path)
        if match is None:
            lowered = self._match_base(host, path.lower()) if path != path.lower() else None
            if lowered is not None:
                problems.append(UrlProblem("path-case", "paths are case-sensitive"))
                match = lowered
        if match is not None:
            base, protocol, alt, rest = match
            canonical = self._canonical(host, protocol, workspace, scheme)
            fields.update(protocol=protocol, base_url=canonical)
            if alt is not None and alt["status"] in ("legacy", "deprecated"):
                fields["path_status"] = alt["status"]
                problems.append(UrlProblem("legacy-path", f"{alt['path']} is a {alt['status']} path"
                                           + (f"; use {alt['replacement']}" if alt.get("replacement") else "")
                                           + (f" (it honours only {', '.join(alt['models'])})" if alt["models"] else ""),
                                           canonical))
            elif alt is not None:
                fields["base_url"] = self._canonical(host, None, workspace, scheme) + alt["path"]
            rest = self._strip_repeats(base, rest, canonical, problems)
            if rest:
                if self._is_endpoint(protocol, alt, rest):
                    fields["endpoint"] = rest
                    problems.append(UrlProblem("request-path", f"{rest} is a request path: clients append it "
                                                                f"themselves; the base URL ends at {base}",
                                               fields["base_url"]))
                elif protocol == "anthropic" and rest == "/v1":
                    problems.append(UrlProblem(
                        "trailing-v1", "ends in /v1: the Anthropic SDK and Claude Code append /v1/messages themselves "
                        "(404); only clients that append /messages (@ai-sdk/anthropic) need it", fields["base_url"]))
                else:
                    problems.append(UrlProblem("unknown-path", f"{rest} after {base} is not a known "
                                                                f"{self._protocols[protocol]['name']} path",
                                               fields["base_url"]))
            return Resolution(original, True, problems=tuple(problems), **fields)
        # No base of this host matched: a missing /v1, another host's protocol, or nothing known.
        missing = self._missing_v1(host, path)
        if missing is not None:
            base, protocol, rest = missing
            canonical = self._canonical(host, protocol, workspace, scheme)
            fields.update(protocol=protocol, base_url=canonical)
            problems.append(UrlProblem("missing-v1", f"the base lacks /v1 (expected {base})", canonical))
            if rest and self._is_endpoint(protocol, None, rest):
                fields["endpoint"] = rest
                problems.append(UrlProblem("request-path", f"{rest} is a request path pasted into the base URL",
                                           canonical))
            return Resolution(original, True, problems=tuple(problems), **fields)
        for pid, proto in self._protocols.items():
            b = proto["base_path"]
            if path == b or path.startswith(b + "/"):
                served = host.protocols.get(pid)
                fields.update(protocol=pid, base_url=self._canonical(host, pid, workspace, scheme) if served else None)
                hint = (f"; on this host the {proto['name']} base is {served}" if served
                        else f"; {host.pattern} does not serve the {proto['name']} protocol")
                problems.append(UrlProblem("unsupported-protocol" if not served else "unknown-path",
                                           f"{b} is not a path of {host.pattern}{hint}", fields["base_url"]))
                return Resolution(original, True, problems=tuple(problems), **fields)
        if path:
            problems.append(UrlProblem("unknown-path", f"{path} is not a known path on {host.pattern}"))
        elif host.family == "plan":
            problems.append(UrlProblem("missing-v1" if host.protocols.get("openai") == "/v1" else "unknown-path",
                                       "the plan host needs a path: " + " or ".join(
                                           sorted(self._canonical(host, p, workspace) for p in host.protocols)),
                                       self._canonical(host, "openai" if "openai" in host.protocols else None,
                                                       workspace)))
        return Resolution(original, True, problems=tuple(problems), **fields)

    def _match_base(self, host: Host, path: str) -> tuple[str, str, dict[str, Any] | None, str] | None:
        for base, protocol, alt in self._candidates(host):
            if path == base:
                return base, protocol, alt, ""
            if path.startswith(base + "/") or (base == "" and path.startswith("/")):
                return base, protocol, alt, path[len(base):]
        return None

    def _missing_v1(self, host: Host, path: str) -> tuple[str, str, str] | None:
        for protocol, base in host.protocols.items():
            if not base.endswith("/v1"):
                continue
            short = base[:-3]
            if path == short:
                return base, protocol, ""
            if path.startswith(short + "/") and self._is_endpoint(protocol, None, path[len(short):]):
                return base, protocol, path[len(short):]
        return None

    @staticmethod
    def _strip_repeats(base: str, rest: str, canonical: str, problems: list[UrlProblem]) -> str:
        repeated = False
        while base and base != "/v1" and (rest == base or rest.startswith(base + "/")):
            rest = rest[len(base):]
            repeated = True
        if repeated:
            problems.append(UrlProblem("repeated-base", f"{base} appears twice", canonical))
        doubled = False
        while (base.endswith("/v1") and (rest == "/v1" or rest.startswith("/v1/"))) or \
                rest == "/v1/v1" or rest.startswith("/v1/v1/"):
            rest = rest[3:]
            doubled = True
        if doubled:
            problems.append(UrlProblem("double-v1", "/v1 appears twice", canonical))
        return rest

    def _for_client(self, base: Resolution, c: Client) -> Resolution:
        """Judge a URL by what this client appends to it."""
        problems = list(base.problems)
        path = base.path
        if c.protocol and base.protocol and c.protocol != base.protocol:
            problems.append(UrlProblem("protocol-mismatch", f"{c.name} speaks the {c.protocol} protocol but this is "
                                                            f"a {base.protocol} URL",
                                       self._canonical(base.host_entry, c.protocol, base.workspace)
                                       if base.host_entry and c.protocol in base.host_entry.protocols else None))
            return _replace(base, client=c.id, problems=tuple(problems))
        appends = c.appends or ""
        joined = path if (c.append_unless_present and appends and path.endswith(appends)) else path + appends
        host_entry = base.host_entry
        assert host_entry is not None
        request = self._analyse_path(base.url, base.host or "", host_entry, base.workspace, "https", joined, [])
        request_ok = request.endpoint is not None and not any(p.kind in _PATH_PROBLEMS - {"request-path"}
                                                              for p in request.problems)
        kept = [p for p in problems if p.kind not in _PATH_PROBLEMS or p.kind == "legacy-path"]
        if request_ok:
            return _replace(base, client=c.id, problems=tuple(kept), endpoint=request.endpoint,
                            protocol=request.protocol, base_url=request.base_url)
        if not any(p.kind in _PATH_PROBLEMS - {"legacy-path"} for p in problems):
            if appends == "":
                kept.append(UrlProblem("missing-endpoint", f"{c.name} takes the full request URL, not a base "
                                                           f"(append e.g. {self._main_endpoint(request.protocol)})"))
            else:
                kept.extend(p for p in request.problems if p.kind in _PATH_PROBLEMS - {"request-path"})
                kept.append(UrlProblem("unknown-path", f"{c.name} appends {appends}, so requests would go to "
                                                       f"{joined}", request.base_url))
            return _replace(base, client=c.id, problems=tuple(kept))
        return _replace(base, client=c.id, problems=tuple(problems))

    def _main_endpoint(self, protocol: str | None) -> str:
        if protocol and protocol in self._protocols:
            return self._protocols[protocol]["endpoints"][0]["path"]
        return "/chat/completions"

    def join(self, base_url: str, client: str) -> str | None:
        """The request URL a client builds from a base URL (None when the client is unknown)."""
        c = self.client(client)
        if c is None or c.appends is None:
            return None
        base = base_url.strip().rstrip("/")
        if c.append_unless_present and c.appends and base.endswith(c.appends):
            return base
        return base + c.appends
