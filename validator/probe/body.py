"""Read Model Studio error answers: server bodies and errors pasted by a user.

Model Studio answers in three shapes (catalogue-facts §6.1) and users paste them in many more
(an SDK exception that prints a Python ``dict`` repr, a curl ``HTTP/1.1 401`` status line, a
DashScope ``GenerationResponse(...)`` repr, a plain sentence). This module turns any of that
into one :class:`ErrorBody` / :class:`PastedError` so the probe's classifier and ``msv
diagnose`` reason about the same fields. Pure functions, no I/O, bounded work on any input.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

from validator.lazyre import lazy
from validator.redact import redact_text

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

MAX_TEXT = 64 * 1024          # longer input is cut: an error body is never this long
MAX_DECODE_ATTEMPTS = 64      # candidate '{' positions tried in pasted text


@dataclass(frozen=True, slots=True)
class ErrorBody:
    """The readable fields of an error body.

    ``shape``: ``openai`` (``{"error": {...}}`` envelope), ``anthropic`` (``{"type": "error",
    "error": {...}}``), ``dashscope`` (flat ``{"code", "message"}``), ``json`` (other JSON),
    ``text`` (not JSON) or ``empty``. ``message`` is redacted.
    """

    shape: str
    code: str | None = None
    type: str | None = None
    message: str | None = None
    request_id: str | None = None
    data: Any = None                   # the decoded JSON value, when the body was JSON

    @property
    def is_json(self) -> bool:
        return self.shape not in ("text", "empty")

    def words(self) -> str:
        """Code, type and message on one line: what signatures are matched against."""
        return " ".join(p for p in (self.code, self.type, self.message) if p)


@dataclass(frozen=True, slots=True)
class PastedError:
    """What ``msv diagnose --error`` could read from pasted text.

    ``codes`` lists every error code the paste carries, best first: the body's ``code``, the
    DashScope text form inside a message (``<400> InternalError.Algo.DataInspectionFailed: …``),
    unquoted ``code: X`` fields of Go and log lines. ``detail`` is the message of that text form
    (redacted), when there was one.
    """

    status: int | None
    body: ErrorBody
    exception: str | None = None       # SDK exception class name (AuthenticationError…)
    transport: str | None = None       # network | timeout, when the text is a connection error
    text: str = ""                     # the pasted text, redacted and cut
    codes: tuple[str, ...] = ()
    detail: str | None = None

    def body_text(self) -> str:
        """A body string for ``Catalogue.match_error``: canonical JSON when we decoded one."""
        if self.body.data is not None:
            try:
                return json.dumps(self.body.data, ensure_ascii=False)
            except (TypeError, ValueError):
                pass
        return self.body.message or self.text


# --------------------------------------------------------------------------- bodies


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int, float)):
        s = str(value).strip()
        return s or None
    return None


def from_value(data: Any) -> ErrorBody:
    """Read a decoded JSON value in any of the three protocol shapes."""
    if isinstance(data, dict):
        err = data.get("error")
        request_id = _text(data.get("request_id") or data.get("requestId") or data.get("RequestId"))
        if isinstance(err, dict):
            shape = "anthropic" if data.get("type") == "error" else "openai"
            msg = _text(err.get("message"))
            return ErrorBody(shape, _text(err.get("code")), _text(err.get("type")),
                             redact_text(msg) if msg else None, request_id, data)
        code = _text(data.get("code") or data.get("Code") or data.get("error_code"))
        msg = _text(data.get("message") or data.get("Message") or data.get("msg"))
        if isinstance(err, str) and not msg:
            msg = err.strip() or None
        if code or msg:
            return ErrorBody("dashscope" if code else "json", code, _text(data.get("type")),
                             redact_text(msg) if msg else None, request_id, data)
        return ErrorBody("json", None, None, None, request_id, data)
    if isinstance(data, str):
        return ErrorBody("json", None, None, redact_text(data.strip()) or None, None, data)
    return ErrorBody("json", None, None, None, None, data)


def parse_body(text: str | bytes | None) -> ErrorBody:
    """A server body (what the probe received). Non-JSON bodies keep their first line as message."""
    if text is None:
        return ErrorBody("empty")
    if isinstance(text, bytes):
        text = text[:MAX_TEXT].decode("utf-8", "replace")
    text = text[:MAX_TEXT].strip()
    if not text:
        return ErrorBody("empty")
    try:
        return from_value(json.loads(text))
    except (ValueError, RecursionError):
        first = text.splitlines()[0][:300]
        return ErrorBody("text", message=redact_text(first))


# --------------------------------------------------------------------------- pasted errors

_STATUS_PATTERNS = (
    re.compile(r"\bHTTP/\d(?:\.\d)?\s+(\d{3})\b"),
    re.compile(r"\bError code:\s*(\d{3})\b", re.I),
    re.compile(r"\bstatus[_ ]?code[\"']?\s*[:=]\s*[\"']?(\d{3})\b", re.I),
    re.compile(r"\bstatus(?:Code)?[\"']?\s*[:=]\s*[\"']?(\d{3})\b", re.I),
    re.compile(r"\b(\d{3})\s+(?:Unauthorized|Forbidden|Not Found|Too Many Requests|Bad Request|"
               r"Payment Required|Method Not Allowed|Request Entity Too Large|Payload Too Large|"
               r"Unprocessable Entity|Internal Server Error|Service Unavailable|Bad Gateway|Gateway Timeout)\b",
               re.I),
    re.compile(r"\b(?:status|code|error|http)\s*[:=]?\s*(\d{3})\b", re.I),
    # ASCII neighbours only: ``请求失败401`` is a status next to Chinese text (CJK letters are \w)
    re.compile(r"(?<![A-Za-z0-9_.\-])(40[0-9]|41[03]|42[29]|50[0234]|529)(?![A-Za-z0-9_\-])"),
)

# SDK exception class → HTTP status (openai, anthropic and dashscope SDKs share these names).
EXCEPTION_STATUS: dict[str, int | None] = {
    "AuthenticationError": 401,
    "PermissionDeniedError": 403,
    "NotFoundError": 404,
    "RateLimitError": 429,
    "BadRequestError": 400,
    "UnprocessableEntityError": 422,
    "InternalServerError": 500,
    "APIConnectionError": None,
    "APITimeoutError": None,
}
_EXCEPTION = lazy(r"\b((?:openai|anthropic|dashscope)\.)?((?:API)?[A-Z][A-Za-z]*(?:Error|Exception))\b")
_CONNECTION = lazy(r"connection error|connecterror|name or service not known|nodename nor servname|"
                         r"getaddrinfo|temporary failure in name resolution|connection refused|"
                         r"connection reset|ssl|certificate verify failed|proxyerror", re.I)
_TIMEOUT = lazy(r"timed? ?out|timeout", re.I)
# ``GenerationResponse(status_code=401, request_id='…', code='InvalidApiKey', message='…')``
_REPR_FIELD = lazy(r"\b(status_code|code|message|request_id)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"|(\d+))")


def _balanced(text: str, start: int) -> str | None:
    """The ``{…}`` substring starting at ``start``, honouring quotes; None when unbalanced."""
    depth = 0
    quote: str | None = None
    escaped = False
    for i in range(start, min(len(text), start + MAX_TEXT)):
        ch = text[i]
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
    return None


def _decode_object(text: str) -> Any:
    """The first JSON object or Python dict literal embedded in ``text`` (or None)."""
    decoder = json.JSONDecoder()
    pos = text.find("{")
    attempts = 0
    while pos != -1 and attempts < MAX_DECODE_ATTEMPTS:
        attempts += 1
        try:
            value, _ = decoder.raw_decode(text, pos)
            if isinstance(value, dict):
                return value
        except (ValueError, RecursionError):
            chunk = _balanced(text, pos)
            if chunk is not None and len(chunk) <= MAX_TEXT:
                try:
                    value = ast.literal_eval(chunk)
                    if isinstance(value, dict):
                        return value
                except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
                    pass
        pos = text.find("{", pos + 1)
    return None


def _repr_fields(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _REPR_FIELD.finditer(text):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        found.setdefault(m.group(1), value)
    return found


_STATUS_PREFIX = lazy(
    r"^\s*(?:HTTP/\d(?:\.\d)?\s+)?(?:Error code:\s*)?\d{3}"
    r"(?:\s+(?:Unauthorized|Forbidden|Not Found|Too Many Requests|Bad Request|Payment Required|"
    r"Method Not Allowed|Internal Server Error|Service Unavailable|Bad Gateway|Gateway Timeout))?"
    r"\s*[:\-–]?\s*", re.I)


def _message_of(text: str) -> str:
    """A plain-text paste without its leading status (``403 Forbidden: invalid api-key`` → ``invalid api-key``)."""
    first = text.strip()
    stripped = _STATUS_PREFIX.sub("", first, count=1)
    return stripped.strip() or first


# The DashScope text form of an error, inside SDK exceptions and messages:
# ``<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, 30720]``;
# also without the brackets when the code is unmistakably one (dotted or CamelCase):
# ``400 InvalidParameter: …``.
_DASHSCOPE_FORM = lazy(r"<(\d{3})>\s*([A-Za-z][\w]*(?:\.[\w]+)*)\s*:\s*([^\n\"}]{0,500})")
_STATUS_CODE_FORM = lazy(r"(?<![\w.<])(\d{3})\s+([A-Z][a-z]+(?:[A-Z][a-z0-9]*)+(?:\.[A-Za-z]\w*)*|"
                               r"[A-Z]\w*(?:\.[A-Z]\w*)+)\s*:\s*([^\n\"}]{0,500})")
# Unquoted fields: Go's ``map[code:model_not_found message:… type:…]``, log lines ``code: X``.
_LOOSE_CODE = lazy(r"(?:^|[\s\[{,(])(?:error_?code|errorCode|code)\s*[:=]\s*"
                         r"([A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+|[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+)(?![\w.])")
_LOOSE_MESSAGE = lazy(r"(?:^|[\s\[{,(])(?:error_?message|message|msg)\s*[:=]\s*([^\n\]]{3,500}?)"
                            r"(?=\s+\w+:(?!//)|\]|$)", re.I | re.M)
# Characters users' terminals and chat tools substitute: full-width colons, curly quotes.
_NORMALISE = str.maketrans({"\uff1a": ":", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                            "\uff0c": ",", "\uff08": "(", "\uff09": ")"})
_STATUS_WORDS = lazy(r"(?:错误码|错误代码|状态码|状态|HTTP状态码|código|statut|Statuscode|Fehlercode)"
                           r"\s*[:=]?\s*(\d{3})(?!\d)", re.I)


def dashscope_form(text: str) -> tuple[int | None, str | None, str | None]:
    """``(status, code, message)`` of the first DashScope text form in ``text`` (Nones when absent)."""
    m = _DASHSCOPE_FORM.search(text) or _STATUS_CODE_FORM.search(text)
    if not m:
        return None, None, None
    status = int(m.group(1))
    message = m.group(3).strip().rstrip("'\\,").strip()
    while message.endswith("]") and message.count("]") > message.count("["):
        message = message[:-1].rstrip()
    message = message or None
    return (status if 100 <= status <= 599 else None), m.group(2), message


def _nested(data: Any, depth: int = 0) -> Any:
    """A JSON object inside a string field (``{"message": "401 {\\"type\\":\\"error\\", …}"}``)."""
    if depth > 3 or not isinstance(data, dict):
        return None
    values = [data.get(k) for k in ("message", "details", "detail", "error", "error_message", "body", "data",
                                    "msg", "response")]
    if isinstance(data.get("error"), dict):
        values += [data["error"].get("message")]
    for value in values:
        if isinstance(value, str) and "{" in value:
            inner = _decode_object(value)
            if isinstance(inner, dict):
                body = from_value(inner)
                if body.code or body.type:
                    return _nested(inner, depth + 1) or inner
        elif isinstance(value, dict) and value is not data.get("error"):
            body = from_value(value)
            if body.code or body.type:
                return _nested(value, depth + 1) or value
    return None


def split_pasted(text: str, limit: int = 8) -> list[str]:
    """The separate errors in one paste (a log with several failures, chained tracebacks).

    A new error starts at a line that carries a status or an exception while the current part
    already has one and no JSON body is open. Parts that read the same are merged by the caller.
    """
    text = (text or "")[:MAX_TEXT]
    parts: list[list[str]] = [[]]
    anchored = False
    depth = 0
    for line in text.splitlines():
        is_anchor = bool(_ANCHOR.search(line))
        if is_anchor and anchored and depth <= 0 and len(parts) < limit:
            parts.append([])
            anchored = False
        parts[-1].append(line)
        anchored = anchored or is_anchor
        depth = max(0, depth + line.count("{") - line.count("}"))
    return ["\n".join(p) for p in parts if "".join(p).strip()]


_ANCHOR = lazy(r"\bHTTP/\d(?:\.\d)?\s+\d{3}\b|\bError code:\s*\d{3}|\bAPI Error:\s*\d{3}|"
                     r"\b\w+(?:Error|Exception):\s|<\d{3}>\s*[A-Z]|\bstatus[_ ]?code[\"']?\s*[:=]\s*\d{3}", re.I)


def _status(text: str) -> int | None:
    m = _STATUS_WORDS.search(text)
    if m and 100 <= int(m.group(1)) <= 599:
        return int(m.group(1))
    for pattern in _STATUS_PATTERNS:
        m = pattern.search(text)
        if m:
            code = int(m.group(1))
            if 100 <= code <= 599:
                return code
    return None


def parse_pasted(text: str) -> PastedError:
    """Read whatever the user pasted: status line, JSON or dict-repr body, SDK exception, plain text."""
    from validator.redact import redact_pasted

    # first: nothing below sees a key in any spelling; then the full-width colons and curly quotes
    text = redact_pasted((text or "")[:MAX_TEXT]).translate(_NORMALISE)
    safe = redact_text(text.strip())
    data = _decode_object(text)
    if data is None and '\\"' in text:
        data = _decode_object(text.replace('\\"', '"'))          # JSON escaped inside a log string
    if data is not None:
        data = _nested(data) or data
    body = from_value(data) if data is not None else None
    fields_ = _repr_fields(text) if body is None or not (body.code or body.message) else {}
    if fields_ and (fields_.get("code") or fields_.get("message")):
        body = from_value({"code": fields_.get("code"), "message": fields_.get("message"),
                           "request_id": fields_.get("request_id")})
    status = _status(text)
    if status is None and fields_.get("status_code", "").isdigit():
        status = int(fields_["status_code"])
    if status is None and isinstance(data, dict):
        for k in ("status_code", "status", "statusCode"):
            v = data.get(k)
            if isinstance(v, int) and 100 <= v <= 599:
                status = v
                break
    exception = None
    for m in _EXCEPTION.finditer(text):
        name = m.group(2)
        if name in EXCEPTION_STATUS or m.group(1):
            exception = name
            break
    if status is None and exception is not None:
        status = EXCEPTION_STATUS.get(exception)
    transport = None
    if status is None:
        if exception == "APITimeoutError" or (_TIMEOUT.search(text) and not body):
            transport = "timeout"
        elif exception == "APIConnectionError" or _CONNECTION.search(text):
            transport = "network"
    # The DashScope text form, in the message first (it is the service's), else anywhere.
    form = dashscope_form(body.message or "") if body is not None and body.message else (None, None, None)
    if form[1] is None:
        form = dashscope_form(text)
    form_status, form_code, form_message = form
    if status is None and form_status is not None:
        status = form_status
    loose_code = loose_message = None
    if body is None or not (body.code or body.message):
        m = _LOOSE_CODE.search(text)
        loose_code = m.group(1) if m else None
        m = _LOOSE_MESSAGE.search(text)
        loose_message = m.group(1).strip().strip("'\"") if m else None
    if body is None and (loose_code or loose_message or form_code):
        body = ErrorBody("text", code=loose_code or form_code,
                         message=redact_text(loose_message or form_message or _message_of(safe))[:500])
    if body is None:
        # Plain text: the whole paste is the message (first 500 characters).
        body = ErrorBody("text", message=_message_of(safe)[:500]) if safe else ErrorBody("empty")
    codes: list[str] = []
    for c in (form_code, body.code, loose_code):
        if c and c not in codes:
            codes.append(c)
    detail = redact_text(form_message)[:500] if form_message else None
    return PastedError(status, body, exception, transport, safe[:2000], tuple(codes), detail)
