"""Raw HTTP requests as targets: ``curl`` / ``wget`` / ``httpie`` commands, ``.http`` files and
the request calls of source code (``http.NewRequest``, ``HttpClient.PostAsync``,
``curl_init``…), all through :func:`request_target`.

A raw request appends nothing, so its URL must be a full endpoint the host serves
(catalogue client ``http-request``: ``appends: ""``). It speaks the protocol of its path
unless its headers or body say otherwise: an ``x-api-key`` or ``anthropic-version`` header is
the Anthropic protocol, a body with ``input.messages`` is DashScope native. Then the rules see
that protocol against the path (``protocol-mismatch``). A literal body's ``model`` and
parameters become the target's models and parameters (the native ``parameters`` object too),
so model, region and parameter rules apply as they do to SDK calls.

When the reader sees the *whole* request (``complete=True``: a curl command line, an ``.http``
request block, a literal headers object in the same call, no session, file, spread or
variable the headers could also come from), it says what the auth headers are: none at all
(note ``no-auth-header``, reported by ``missing-key``) or an ``Authorization`` header whose
scheme is not ``Bearer`` (note ``auth-scheme``, reported by ``malformed-key``). Where headers
may come from elsewhere the reader passes ``complete=False`` and nothing is said.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.model import Location, Target, TargetKind, Value

from . import valuekit as vk
from .base import Document

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable

CLIENT = "http-request"
_SKIP_BODY = {"messages", "input", "model", "contents", "prompt", "system", "tools", "tool_choice",
              "response_format", "stream_options", "metadata", "modalities", "audio"}
_ENV_REF = lazy(r"\$\$?\{?([A-Za-z_][A-Za-z0-9_]*)\}?|\{\{\s*(?:\$(?:processEnv|dotenv)\s+)?([A-Za-z_][\w.-]*)\s*\}\}"
                      r"|%([A-Za-z_][A-Za-z0-9_]*)%|\$env:([A-Za-z_][A-Za-z0-9_]*)")


def protocol_hint(headers: Iterable[tuple[str, Any]], body: dict | None) -> tuple[str | None, str | None]:
    """(protocol, why) that the request's headers or body speak, when they name one."""
    for name, _v in headers:
        low = name.lower()
        if low == "x-api-key":
            return "anthropic", "an `x-api-key` header (Anthropic protocol)"
        if low == "anthropic-version":
            return "anthropic", "an `anthropic-version` header (Anthropic protocol)"
    if isinstance(body, dict) and isinstance(body.get("input"), dict) and "messages" in body["input"]:
        return "dashscope", "a body with `input.messages` (DashScope native)"
    return None, None


def key_from_header(name: str, value: Any, doc: Document) -> Value | None:
    """The key an ``Authorization: Bearer …`` or ``x-api-key: …`` header sends."""
    low = name.lower()
    if low not in ("authorization", "x-api-key", "api-key"):
        return None
    if isinstance(value, Value) and isinstance(value.value, str) and value.variable is None:
        text = value.value
        if low == "authorization":
            text = re.sub(r"(?i)^\s*bearer\s+", "", text)
            if text != value.value and value.loc is not None and value.raw == value.value:
                start = len(value.value) - len(text)   # point at the key, not at "Bearer"
                loc, raw = vk.sub_span(value.loc, value.raw, start, len(value.raw))
                value = vk.literal(text, loc, raw)
        ref = _ENV_REF.fullmatch(text.strip())
        if ref:
            return vk.variable(next(g for g in ref.groups() if g), value.loc, value.raw)
        if "$" in text or "{{" in text:
            return vk.dynamic(value.loc, value.raw, "interpolated header")
        return vk.secret(vk.literal(text.strip(), value.loc, value.raw))
    if isinstance(value, Value):
        return vk.secret(value)
    parts = getattr(value, "parts", None)
    if parts:
        rest = [p for p in parts if not (isinstance(p, Value) and isinstance(p.value, str) and p.variable is None
                                         and p.value.strip().lower() in ("bearer", "bearer ", ""))]
        if len(rest) == 1 and isinstance(rest[0], Value):
            return vk.secret(rest[0])
    return None


AUTH_HEADERS = ("authorization", "x-api-key", "api-key")
_KEY_VARIABLE = lazy(r"(?i)(?:^|_)(?:api_?key|key)$")
_SCHEME = lazy(r"\s*([A-Za-z][\w-]*)(?:\s+|$)")


def auth_notes(headers: Iterable[tuple[str, Any]],
               at: Location | None = None) -> list[tuple[str, str, Value | None]]:
    """(note kind, detail, value) for a request whose every header msv sees: ``no-auth-header``
    when none of them carries a key, ``auth-scheme`` when ``Authorization`` holds the key
    without ``Bearer`` (``sk-…``, ``$DASHSCOPE_API_KEY``) or with another scheme
    (``Token sk-…``). A value msv cannot read is never judged. ``at``: where the
    ``Authorization`` header is written, when its value was followed to another line."""
    auth = [(n.lower(), v) for n, v in headers if isinstance(n, str) and n.strip().lower() in AUTH_HEADERS]
    if not auth:
        return [("no-auth-header", "no auth header", None)]
    for name, value in auth:
        if name.strip() != "authorization":
            continue
        scheme = _scheme_of(value)
        if scheme is not None:
            first = value if isinstance(value, Value) else next(
                (p for p in getattr(value, "parts", ()) if isinstance(p, Value) and p.loc is not None), None)
            loc = at or (first.loc if first is not None else None)
            # only where it is: the header's text may hold the key, which a note never carries
            where = vk.dynamic(loc, None, "Authorization header") if loc is not None else None
            return [("auth-scheme", scheme, where)]
    return []


def _scheme_of(value: Any) -> str | None:
    """``"none"`` when an ``Authorization`` value is a bare key, the scheme word when it is not
    ``Bearer``, None when it is fine or cannot be read."""
    if isinstance(value, Value):
        if value.variable is not None:   # the key variable itself: `"Authorization": api_key`
            return "none" if _KEY_VARIABLE.search(value.variable) else None
        text = value.text
        if not isinstance(text, str) or not text.strip():
            return None
        text = text.strip()
        ref = _ENV_REF.fullmatch(text)
        if ref:
            name = next(g for g in ref.groups() if g)
            return "none" if _KEY_VARIABLE.search(name) else None
        if text.startswith("sk-"):
            return "none"
        m = _SCHEME.match(text)
        if m is None or m.group(1).lower() == "bearer" or m.end() == len(text):
            return None   # Bearer, or a single word msv cannot tell from a key
        return m.group(1)
    parts = getattr(value, "parts", None)
    if parts and isinstance(parts[0], Value):
        first = parts[0]
        if first.variable is not None or first.value is None:
            return _scheme_of(first) if first.variable is not None and len(parts) == 1 else None
        text = first.text or ""
        if not text.strip():
            return None
        if text.strip().startswith("sk-"):
            return "none"
        m = _SCHEME.match(text)
        if m is None or m.group(1).lower() == "bearer":
            return None
        return m.group(1) if m.end() == len(text) or text[m.end() - 1].isspace() else None
    return None


def _scalar(v: Any) -> bool:
    return isinstance(v, Value) and v.value is not None and not isinstance(v.value, (dict, list))


def body_fields(body: dict | None) -> tuple[list[Value], dict[str, Value]]:
    """(models, parameters) of a literal request body; the native ``parameters`` object counts."""
    if not isinstance(body, dict):
        return [], {}
    models: list[Value] = []
    model = body.get("model")
    if isinstance(model, Value) and isinstance(model.value, str):
        models.append(model)
    params: dict[str, Value] = {}
    for key, v in body.items():
        if key in _SKIP_BODY or key == "parameters":
            continue
        if _scalar(v):
            params[key] = v
    nested = body.get("parameters")
    if isinstance(nested, dict):
        for key, v in nested.items():
            if _scalar(v):
                params[key] = v
    return models, params


def request_target(doc: Document, *, url: Value, tool: str, origin: Location | None = None,
                   headers: list[tuple[str, Any]] = (), body: Any = None, key: Value | None = None,  # type: ignore[assignment]
                   complete: bool = False, auth_at: Location | None = None) -> Target:
    """The target for one raw HTTP request. ``complete``: ``headers`` are all the headers it
    sends (see the module docstring); ``auth_at``: where its ``Authorization`` header is written."""
    if key is None:
        for name, value in headers:
            key = key_from_header(name, value, doc)
            if key is not None:
                break
    protocol, why = protocol_hint(headers, body if isinstance(body, dict) else None)
    models, params = body_fields(body if isinstance(body, dict) else None)
    where = origin or url.loc or doc.loc(1, 1)
    notes = [f"a raw HTTP request ({tool}): the URL is sent as written"]
    if why:
        notes.append(f"speaks the {protocol} protocol: {why}")
    settings: dict[str, Value] = {}
    if complete:
        from .confkit import add_note

        for kind, detail, value in auth_notes(headers, auth_at):
            add_note(notes, settings, kind, detail, value)
    return Target(
        name=f"{doc.display}:{where.line} {tool} request",
        client=CLIENT,
        origin=where,
        kind=TargetKind.CODE,
        protocol=protocol,
        base_url=url,
        key=key,
        key_variable=key.variable if key is not None else None,
        models=models,
        parameters=params,
        committed=doc.committed,
        notes=notes,
        settings=settings,
    )


def is_request_url(text: str | None) -> bool:
    return isinstance(text, str) and text.strip().lower().startswith(("http://", "https://"))
