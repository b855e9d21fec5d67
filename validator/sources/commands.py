"""Raw HTTP requests written as commands or request files: ``curl``, ``wget`` and HTTPie
(``http`` / ``https``) in shell scripts, Makefiles, Dockerfiles, CI steps and Markdown code
fences (through the shell reader, see :mod:`.markdown`), and ``.http`` / ``.rest`` files
(VS Code REST Client, JetBrains HTTP Client).

Each request becomes a target through :func:`validator.sources.rawhttp.request_target`: its
URL (sent as written), the key its ``Authorization: Bearer …`` / ``x-api-key`` header sends
(``$DASHSCOPE_API_KEY``, ``{{$dotenv X}}`` and ``%X%`` are variable references for the
linker), and the model and parameters of a literal JSON body (``-d '{…}'``, ``--json``,
HTTPie ``model=qwen-plus`` items, a ``.http`` request body). In a single-quoted shell word
``$X`` is not expanded, so ``-H 'Authorization: Bearer $X'`` sends the text ``$X`` — kept as
that literal, which the key rules then report.
"""

from __future__ import annotations

import re

from validator.model import Target, Value

from . import valuekit as vk
from .base import Document, Problem
from .cvalues import json_body
from validator.lazyre import lazy
from .rawhttp import is_request_url, request_target

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Callable

_CMD = lazy(r"(?<![\w/.$@:-])(curl|wget|https?|xh)(?=[ \t])")
_CURL_ARG = {"-X", "-H", "-d", "-u", "-o", "-A", "-e", "-m", "-F", "-x", "-w", "-b", "-c", "-T", "-K", "-E",
             "--request", "--header", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode",
             "--json", "--user", "--output", "--url", "--form", "--proxy", "--max-time", "--connect-timeout",
             "--write-out", "--cookie", "--user-agent", "--referer", "--cert", "--cacert", "--retry", "--config",
             "--resolve", "--limit-rate", "--oauth2-bearer"}
_CURL_DATA = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json"}
_WGET_ARG = {"-O", "-o", "-U", "-T", "-t", "--output-document", "--header", "--post-data", "--body-data",
             "--method", "--user-agent", "--timeout", "--tries", "-P"}
# flags after which the headers (or the auth) come from somewhere msv does not see
_CURL_ELSEWHERE = {"-K", "--config", "-n", "--netrc", "--netrc-file", "--netrc-optional", "-u", "--user",
                   "--aws-sigv4", "--negotiate", "--ntlm", "--digest", "--anyauth", "-E", "--cert", "-:", "--next",
                   "--variable", "--expand-header", "--oauth2-bearer"}
_WGET_ELSEWHERE = {"--user", "--password", "--http-user", "--http-password", "-e", "--execute", "--config",
                   "-i", "--input-file", "--ask-password", "--use-askpass"}
_HTTPIE_ELSEWHERE = {"-a", "--auth", "-A", "--auth-type", "--session", "--session-read-only", "--offline",
                     "--bearer", "--ignore-netrc"}
_POWERSHELL_PARAMS = {"uri", "method", "headers", "body", "contenttype", "usebasicparsing", "outfile", "infile",
                      "credential", "authentication", "token", "websession", "sessionvariable"}
_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
_HTTPIE_ITEM = lazy(r"^([A-Za-z0-9_.\-]+)(:=|==|=|:)(.*)$", re.S)


def _words(text: str, pos: int, lex_word: Callable[[str, int], Any]) -> tuple[list[Any], int]:
    """The shell words of the command that starts at ``pos`` (up to the end of its line,
    following ``\\`` continuations and quotes that span lines)."""
    out, n = [], len(text)
    while pos < n and len(out) < 400:
        c = text[pos]
        if c in " \t\r":
            pos += 1
            continue
        if c == "\\" and text.startswith("\n", pos + 1):
            pos += 2
            continue
        if c == "\\" and text.startswith("\r\n", pos + 1):
            pos += 3
            continue
        if c in "\n;|&)" or (c == "#" and text[pos - 1] in " \t"):
            break
        w = lex_word(text, pos)
        if w.end <= pos:
            break
        out.append(w)
        pos = w.end
    return out, pos


def _expands(text: str, w: Any) -> bool:
    """Does the word expand to something msv cannot see (``$ARGS``, ``"${HEADERS[@]}"``,
    ``$(…)``)? Single-quoted text is literal."""
    return bool(getattr(w, "dynamic", False)) or any("$" in t or "`" in t for t, kind in w.parts if kind != "sq")


def _header_seen(arg: str, w: Any) -> bool:
    """Is this ``-H`` argument a header msv reads whole (``Name: value``), not ``@file`` or
    ``$HEADER``?"""
    name, sep, _ = arg.partition(":")
    return bool(sep) and not arg.startswith("@") and name.strip() != "" and "$" not in name and "`" not in name


def _value(doc: Document, text: str, w: Any, body: str | None = None) -> Value:
    """A Value for a word (or the part ``body`` of it), located at that text in the file."""
    raw = text[w.start:w.end]
    shown = w.text if body is None else body
    off = raw.find(shown) if shown else -1
    if off >= 0:
        loc = doc.loc_at(w.start + off, len(shown))
        return vk.literal(shown, loc, shown if "\n" not in shown else raw)
    return vk.literal(shown, doc.loc_at(w.start, w.end - w.start), raw)


def _header(doc: Document, text: str, w: Any, line: str) -> tuple[str, Value] | None:
    name, sep, value = line.partition(":")
    if not sep:
        return None
    value = value.strip()
    v = _value(doc, text, w, value) if value else vk.literal("", doc.loc_at(w.start, 0), "")
    if "$" in value and all(kind == "sq" for _t, kind in w.parts):
        v = vk.literal(value, v.loc, v.raw, via="single-quoted: $ is not expanded")
    return name.strip(), v


def _body(doc: Document, text: str, w: Any, data: str) -> dict | None:
    if not data or data.startswith("@"):
        return None
    raw = text[w.start:w.end]
    v = vk.literal(data, doc.loc_at(w.start, w.end - w.start), raw)
    return json_body(v, doc)


def _curl(doc: Document, text: str, words: list[Any], tool: str, whole: bool = True) -> Target | None:
    url = None
    headers: list[tuple[str, Any]] = []
    body = None
    i = 0
    while i < len(words):
        w = words[i]
        t = w.text
        name, eq, inline = t.partition("=") if t.startswith("--") else (t, "", "")
        if name in _CURL_ELSEWHERE or (t[:2] in ("-u", "-K", "-E") and not t.startswith("--")) \
                or (t.startswith("-") and not t.startswith("--") and "n" in t[1:] and t[1:].isalpha()
                    and not t[:2] in _CURL_ARG):
            whole = False   # -n / -sSn: .netrc; -u, -K, --config…: auth or headers from elsewhere
        if name in _CURL_ARG or (t[:2] in _CURL_ARG and len(t) > 2 and not t.startswith("--")):
            if eq or (t[:2] in _CURL_ARG and len(t) > 2 and not t.startswith("--")):
                arg_w, arg = w, inline if eq else t[2:]
                flag = name if eq else t[:2]
            else:
                if i + 1 >= len(words):
                    whole = False
                    break
                arg_w, arg, flag = words[i + 1], words[i + 1].text, name
                i += 1
            if flag in ("-H", "--header"):
                whole = whole and _header_seen(arg, arg_w)
                h = _header(doc, text, arg_w, arg)
                if h:
                    headers.append(h)
            elif flag in _CURL_DATA and body is None:
                body = _body(doc, text, arg_w, arg)
            elif flag == "--url":
                url = _value(doc, text, arg_w, arg)
            elif flag == "--oauth2-bearer":
                headers.append(("Authorization", _value(doc, text, arg_w, arg)))
        elif not t.startswith("-") and url is None and ("://" in t or is_request_url(t)):
            url = _value(doc, text, w)
        elif _expands(text, w):
            whole = False   # `curl $OPTS …`: may expand to any header
        i += 1
    if url is None or not is_request_url(url.text):
        return None
    return request_target(doc, url=url, tool=tool, origin=url.loc, headers=headers, body=body, complete=whole)


def _wget(doc: Document, text: str, words: list[Any], whole: bool = True) -> Target | None:
    url, headers, body = None, [], None
    i = 0
    while i < len(words):
        w, t = words[i], words[i].text
        name, eq, inline = t.partition("=")
        if name in _WGET_ELSEWHERE:
            whole = False
        if name in _WGET_ARG:
            arg_w, arg = (w, inline) if eq else ((words[i + 1], words[i + 1].text) if i + 1 < len(words) else (w, ""))
            i += 0 if eq else 1
            if name == "--header":
                whole = whole and _header_seen(arg, arg_w)
                h = _header(doc, text, arg_w, arg)
                if h:
                    headers.append(h)
            elif name in ("--post-data", "--body-data"):
                body = _body(doc, text, arg_w, arg)
        elif not t.startswith("-") and url is None and is_request_url(t):
            url = _value(doc, text, w)
        elif _expands(text, w):
            whole = False
        i += 1
    if url is None:
        return None
    return request_target(doc, url=url, tool="wget", origin=url.loc, headers=headers, body=body, complete=whole)


def _httpie(doc: Document, text: str, words: list[Any], tool: str, whole: bool = True) -> Target | None:
    if any(w.text.partition("=")[0] in _HTTPIE_ELSEWHERE or w.text[:2] in ("-a", "-A") for w in words):
        whole = False   # --auth, --session…: the auth header comes from elsewhere
    args = [w for w in words if not w.text.startswith("-")]
    if args and args[0].text.upper() in _METHODS:
        args = args[1:]
    if not args:
        return None
    first = args[0]
    t = first.text
    if not is_request_url(t):
        if tool == "https" and re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", t):
            t = "https://" + t
        else:
            return None
    url = vk.literal(t, doc.loc_at(first.start, first.end - first.start), text[first.start:first.end])
    headers: list[tuple[str, Any]] = []
    body: dict[str, Any] = {}
    for w in args[1:]:
        m = _HTTPIE_ITEM.match(w.text)
        if not m:
            whole = whole and not _expands(text, w)
            continue
        key, sep, value = m.groups()
        if sep == ":" and (value.startswith("@") or _expands(text, w) and "$" in key):
            whole = False
        if sep == ":":
            headers.append((key, _value(doc, text, w, value.strip()) if value.strip() else vk.literal("", None, "")))
        elif sep == "=":
            body[key] = _value(doc, text, w, value)
        elif sep == ":=":
            try:
                import json

                body[key] = vk.literal(json.loads(value), _value(doc, text, w, value).loc, value)
            except ValueError:
                pass
    return request_target(doc, url=url, tool=f"HTTPie {tool}", origin=url.loc, headers=headers, body=body or None,
                          complete=whole)


def command_requests(doc: Document, lex_word: Callable[[str, int], Any]) -> list[Target]:
    """Targets for the curl / wget / HTTPie commands of ``doc``. ``lex_word`` is the shell
    reader's word lexer (:func:`validator.sources.shell.lex_word`: quotes, escapes and ``$(…)`` as
    the shell has them), passed in so that the shell reader can call this module without an
    import cycle."""
    text = doc.text
    out: list[Target] = []
    consumed = 0   # a command word inside the previous command (its arguments) starts nothing
    # PowerShell's curl / wget are aliases of Invoke-WebRequest (-Headers @{…}): never judged there
    powershell = doc.suffix.lower() in (".ps1", ".psm1")
    for m in _CMD.finditer(text):
        if m.start() < consumed:
            continue
        words, consumed = _words(text, m.end(), lex_word)
        if not words:
            continue
        whole = _whole_command(text, m.start(), consumed, len(words)) and not powershell and not any(
            w.text.lstrip("-").lower() in _POWERSHELL_PARAMS for w in words if w.text.startswith("-"))
        tool = m.group(1)
        if tool == "curl":
            t = _curl(doc, text, words, "curl", whole)
        elif tool == "wget":
            t = _wget(doc, text, words, whole)
        else:
            t = _httpie(doc, text, words, tool, whole)
        if t is not None:
            out.append(t)
    return out


_COMMENTED = lazy(r"(?:^|\s)#|^\s*(?:::|@?[Rr][Ee][Mm]\b)")


def _whole_command(text: str, start: int, stop: int, count: int) -> bool:
    """Did :func:`_words` read the whole command? Not when it is quoted text (``echo "curl …"``),
    stopped at a redirection or a paren, hit its word limit, or the line goes on with a
    PowerShell backtick or a cmd ``^`` (continuations the shell lexer does not follow)."""
    before = text[start - 1] if start > 0 else "\n"
    if before in "\"'`" or count >= 400:
        return False
    lead = text[text.rfind("\n", 0, start) + 1:start]
    if _COMMENTED.search(lead):
        return False   # `# curl …` / `REM curl …`: an example in a comment, never run
    if stop < len(text) and text[stop] not in "\n;|&)#\r":
        return False
    line_end = text.rfind("\n", 0, stop + 1) if stop < len(text) and text[stop] == "\n" else stop
    tail = text[start:line_end if line_end > start else stop].rstrip()
    return not tail.endswith(("`", "^"))


# --------------------------------------------------------------------------- .http / .rest files

_REQUEST_LINE = lazy(r"^(?:(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]+)?(\S*https?://\S+|\{\{[^}]+\}\}\S*)"
                           r"(?:[ \t]+HTTP/[\d.]+)?[ \t]*$", re.M)
_VAR_DEF = lazy(r"^@([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$", re.M)
_HEADER_LINE = lazy(r"^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*?)[ \t]*$")
_TEMPLATE_VAR = lazy(r"\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}")


def http_file_requests(doc: Document, text: str | None = None, problems: list[Problem] | None = None) -> list[Target]:
    """Targets for the requests of a ``.http`` / ``.rest`` file (``###`` separates requests,
    ``@name = value`` defines a variable, ``{{name}}`` uses one). ``problems`` receives an info
    ``parse-error`` for a JSON body (no ``{{…}}`` in it) that does not parse."""
    from bisect import bisect_right

    text = doc.text if text is None else text
    variables = {m.group(1): m.group(2) for m in _VAR_DEF.finditer(text)}
    separators = [m.start() for m in re.finditer(r"\n###", text)] + [len(text)]
    out: list[Target] = []
    lines = list(_REQUEST_LINE.finditer(text))
    for index, m in enumerate(lines):
        if m.group(1) is None and not m.group(2).lower().startswith("http"):
            continue
        written = m.group(2)
        url_text = _substitute(written, variables)
        if not is_request_url(url_text):
            continue
        loc = doc.loc_at(m.start(2), len(written))
        url = vk.literal(url_text, loc, written, via=".http variables substituted" if url_text != written else None)
        headers: list[tuple[str, Any]] = []
        pos = m.end() + 1
        body_start = None
        whole = True   # every header line read (a line msv does not know could be one)
        while pos < len(text):
            nl = text.find("\n", pos)
            line_end = len(text) if nl < 0 else nl
            line = text[pos:line_end].rstrip("\r")
            if not line.strip():
                body_start = line_end + 1
                break
            h = _HEADER_LINE.match(line)
            if h is None:
                if line.lstrip().startswith(("#", "//", "?", "&")) and not line.startswith("###"):
                    pos = line_end + 1   # a comment, or the query string going on
                    continue
                nxt = lines[index + 1] if index + 1 < len(lines) else None
                whole = line.startswith("###") or (nxt is not None and nxt.start() == pos and (
                    nxt.group(1) is not None or nxt.group(2).lower().startswith("http")))   # the next request
                break
            value = _substitute(h.group(2), variables)
            vloc = doc.loc_at(pos + h.start(2), len(h.group(2)))
            headers.append((h.group(1), vk.literal(value, vloc, h.group(2))))
            pos = line_end + 1
        body = None
        if body_start is not None and body_start < len(text):
            stop = separators[bisect_right(separators, body_start - 1)]   # the next ###, found once
            if index + 1 < len(lines):
                stop = min(stop, lines[index + 1].start())               # or the next request line
            chunk = text[body_start:stop]
            script = _AFTER_BODY.search(chunk)   # a response handler or output file ends the body
            if script is not None:
                chunk = chunk[:script.start()]
            lead = len(chunk) - len(chunk.lstrip())
            if chunk.strip().startswith("{"):
                raw = chunk.strip()
                v = vk.literal(raw, doc.loc_at(body_start + lead, len(raw)), raw)
                body = json_body(v, doc)
                if body is None and problems is not None and "{{" not in raw:
                    problems.append(_bad_json(doc, raw, body_start + lead))
        out.append(request_target(doc, url=url, tool=".http request", origin=loc, headers=headers, body=body,
                                  complete=whole))
    return out


_AFTER_BODY = lazy(r"(?m)^(?:>\s*\{%|>\s*\S+\.js\s*$|<>|>>!?\s)")


def _bad_json(doc: Document, raw: str, start: int) -> Problem:
    """An info ``parse-error`` where a request body's JSON goes wrong."""
    import json

    from validator.model import Severity

    try:
        json.loads(raw)
        reason, pos = "not a JSON object", 0
    except ValueError as exc:   # JSONDecodeError, or RecursionError's cousin on absurd nesting
        reason, pos = getattr(exc, "msg", "cannot parse"), min(getattr(exc, "pos", 0), max(len(raw) - 1, 0))
    except RecursionError:
        reason, pos = "nested too deeply", 0
    return Problem("parse-error", f"the request body is not valid JSON ({reason}); the server rejects it, and "
                   "msv did not check its model and parameters", doc.loc_at(start + pos, 1), Severity.INFO)


def _substitute(value: str, variables: dict[str, str], depth: int = 0) -> str:
    if depth > 5 or "{{" not in value:
        return value

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        return _substitute(variables[name], variables, depth + 1) if name in variables else m.group(0)

    return _TEMPLATE_VAR.sub(sub, value)


def has_command(text: str) -> bool:
    return _CMD.search(text) is not None
