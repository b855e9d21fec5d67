"""Shell scripts and profiles: ``export``/``set``/``setx`` lines and their Windows cousins.

People configure Model Studio clients in ``~/.bashrc``, in launcher scripts that export
``ANTHROPIC_*`` and then ``exec claude``, in ``env.sh`` files they ``source``, and in
PowerShell or cmd snippets copied from Windows guides. This reader finds every variable such
a script sets, with its position, and nothing else: it is a careful lexer, not a shell.

Dialects, chosen by file name:

* POSIX sh/bash/zsh (``*.sh``, ``.bashrc``, ``.zshrc``, ``.profile``, ``.envrc``…):
  ``export K=V`` (several per line), ``declare -x``/``typeset -x``/``readonly``/``local``,
  plain ``K=V``, ``K=V cmd`` prefixes, ``env K=V cmd``, csh ``setenv K V``,
  ``echo 'export K=V' >> ~/.zshrc``; single quotes are literal, double quotes expand
  ``$VAR``/``${VAR}``, ``$(…)`` and backticks are values msv cannot know.
* fish (``*.fish``, ``config.fish``): ``set -x K V``, ``set -gx K V``, ``set -Ux K V``.
* cmd (``*.bat``, ``*.cmd``): ``set K=V`` (the value is the rest of the line, trailing blanks
  and quotes included, exactly as cmd.exe stores it), ``set "K=V"``, ``setx K V``.
* PowerShell (``*.ps1``, ``*.psm1``): ``$env:K = "V"``, ``[Environment]::SetEnvironmentVariable("K", "V", …)``,
  ``Set-Item Env:K "V"``, ``setx``.

A script that runs ``claude``, ``qwen``, ``codex``… after its exports hints that client, so
:mod:`validator.sources.envgroup` can build a Claude Code target from a launcher script.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.model import Binding, Origin, Secret
from validator.record import field, record

from .base import Document, EnvBlock, ReadResult, suffix_of
from .markers import has_marker, is_key_name, looks_like_key, maybe_request
from .refs import expand, parse_reference

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path

POSIX_NAMES = {".bashrc", ".bash_profile", ".bash_login", ".bash_aliases", ".profile", ".zshrc", ".zshenv",
               ".zprofile", ".zlogin", ".kshrc", ".mkshrc", ".envrc", ".cshrc", ".tcshrc", ".login",
               "bashrc", "zshrc", "profile", "environment"}
POSIX_EXT = {".sh", ".bash", ".zsh", ".ksh", ".csh", ".tcsh", ".command"}
FISH_EXT = {".fish"}
CMD_EXT = {".bat", ".cmd"}
PS_EXT = {".ps1", ".psm1"}

# The command word a command starts: at the start of a line or after ; & | ( then do else, behind
# exec/command/nohup/env/sudo, ``VAR=x`` prefixes and a runner (npx -y, bunx, pnpm dlx, uvx,
# pipx run), without its path (~/.local/bin/claude), npm scope (@qwen-code/qwen-code), version
# (@latest) or .exe. A launcher script that runs ``claude`` hints Claude Code; which words are
# launchers is each client record's ``launchers`` (clients.yaml); envgroup maps words to clients.
_TOOL_LINE = lazy(
    r"(?:^|(?<=[;&|(`])|(?<=\bthen)|(?<=\bdo)|(?<=\belse))[ \t]*"
    r"(?:(?:exec|command|nohup|time|sudo|env|builtin|start|if|elif|while|until|!)[ \t]+(?:-[A-Za-z-]+[ \t]+)*)*"
    r"(?:[A-Za-z_][A-Za-z0-9_]*=\S*[ \t]+)*"
    r"(?:(?:npx|bunx|pnpx|pnpm[ \t]+dlx|yarn[ \t]+dlx|uvx|pipx[ \t]+run)[ \t]+(?:-[A-Za-z-]+[ \t]+)*)?"
    r"[\"']?(?P<cmd>[^\s\"';&|()`=]+)[\"']?(?=[\s;&|)`]|$)",
    re.MULTILINE,
)
_VERSION = lazy(r"(?<=.)@[\w.^~-]*$")
_NOT_LAUNCHERS = frozenset({"export", "set", "setx", "echo", "if", "then", "fi", "else", "do", "done", "source",
                            "unset", "local", "declare", "typeset", "readonly", "return", "exit", "cd", "for",
                            "while", "case", "esac", "function", "continue", "break", "true", "false", "test"})

_NAME = lazy(r"[A-Za-z_][A-Za-z0-9_]*")
_ASSIGN = lazy(r"([A-Za-z_][A-Za-z0-9_]*)(\+?=)")
_KEYWORDS = {"if", "then", "else", "elif", "do", "while", "until", "!", "{", "(", "time", "fi", "done", "}"}
_DECLARERS = {"export", "declare", "typeset", "readonly", "local"}


def dialect(path: Path | str) -> str | None:
    """The shell dialect of a file, by its name (a ``Path`` or a bare name)."""
    name = path if isinstance(path, str) else path.name
    suffix = suffix_of(name).lower()
    if name in POSIX_NAMES or suffix in POSIX_EXT:
        return "posix"
    if suffix in FISH_EXT:
        return "fish"
    if suffix in CMD_EXT:
        return "cmd"
    if suffix in PS_EXT or name.lower() in ("microsoft.powershell_profile.ps1", "profile.ps1"):
        return "powershell"
    return None


# --------------------------------------------------------------------------- POSIX lexer


@record
class Word:
    start: int
    end: int
    parts: list[tuple[str, str]] = field(default_factory=list)   # (text, kind: lit|sq|dq)
    dynamic: bool = False

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


_STOP = set(" \t\r\n;&|<>()")


def _skip_balanced(text: str, pos: int, open_: str, close: str) -> int:
    depth = 0
    n = len(text)
    while pos < n:
        c = text[pos]
        if c == "\\":
            pos += 2
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return n


def lex_word(text: str, pos: int, *, fish: bool = False) -> Word:
    """One shell word starting at ``pos``: quotes decoded, ``$(…)``/backticks flagged dynamic."""
    w = Word(pos, pos)
    n = len(text)
    buf: list[str] = []

    def flush(kind: str = "lit") -> None:
        if buf:
            w.parts.append(("".join(buf), kind))
            buf.clear()

    while pos < n:
        c = text[pos]
        if c in _STOP:
            break
        if c == "\\":
            if pos + 1 < n and text[pos + 1] == "\n":
                pos += 2
                continue
            if pos + 1 < n:
                buf.append(text[pos + 1])
            pos += 2
            continue
        if c == "'":
            flush()
            end = pos + 1
            chunk: list[str] = []
            while end < n and text[end] != "'":
                if fish and text[end] == "\\" and end + 1 < n and text[end + 1] in "'\\":
                    chunk.append(text[end + 1])
                    end += 2
                    continue
                chunk.append(text[end])
                end += 1
            w.parts.append(("".join(chunk), "sq"))
            pos = min(end + 1, n)
            continue
        if c == '"':
            flush()
            end = pos + 1
            chunk = []
            while end < n and text[end] != '"':
                ch = text[end]
                if ch == "\\" and end + 1 < n and text[end + 1] in '$`"\\\n':
                    if text[end + 1] != "\n":
                        chunk.append(text[end + 1])
                    end += 2
                    continue
                if ch == "$" and end + 1 < n and text[end + 1] == "(":
                    stop = _skip_balanced(text, end + 1, "(", ")")
                    chunk.append(text[end:stop])
                    w.dynamic = True
                    end = stop
                    continue
                if ch == "`":
                    stop = text.find("`", end + 1)
                    stop = n if stop < 0 else stop + 1
                    chunk.append(text[end:stop])
                    w.dynamic = True
                    end = stop
                    continue
                chunk.append(ch)
                end += 1
            w.parts.append(("".join(chunk), "dq"))
            pos = min(end + 1, n)
            continue
        if c == "$" and pos + 1 < n and text[pos + 1] == "(":
            stop = _skip_balanced(text, pos + 1, "(", ")")
            buf.append(text[pos:stop])
            w.dynamic = True
            pos = stop
            continue
        if c == "$" and pos + 1 < n and text[pos + 1] == "{":
            stop = _skip_balanced(text, pos + 1, "{", "}")
            buf.append(text[pos:stop])
            pos = stop
            continue
        if c == "`":
            stop = text.find("`", pos + 1)
            stop = n if stop < 0 else stop + 1
            buf.append(text[pos:stop])
            w.dynamic = True
            pos = stop
            continue
        buf.append(c)
        pos += 1
    flush()
    w.end = pos
    return w


def statements(text: str, *, fish: bool = False) -> list[list[Word]]:
    """Split a script into statements of words (comments dropped; ``;``, ``&&``, ``|`` split)."""
    out: list[list[Word]] = []
    cur: list[Word] = []
    pos, n = 0, len(text)
    while pos < n:
        c = text[pos]
        if c in " \t\r":
            pos += 1
            continue
        if c == "\\" and pos + 1 < n and text[pos + 1] == "\n":
            pos += 2
            continue
        if c in "\n;&|()":
            if cur:
                out.append(cur)
                cur = []
            pos += 1
            continue
        if c in "<>":
            pos += 1
            while pos < n and text[pos] in "<>&-":
                pos += 1
            if cur and text.startswith("<<", pos - 2):
                pass
            continue
        if c == "#" and (pos == 0 or text[pos - 1] in " \t\n;&|("):
            eol = text.find("\n", pos)
            pos = n if eol < 0 else eol
            continue
        word = lex_word(text, pos, fish=fish)
        if word.end == pos:   # defensive: never loop without progress
            pos += 1
            continue
        cur.append(word)
        pos = word.end
    if cur:
        out.append(cur)
    return out


@record
class Assignment:
    name: str
    value: str | None
    raw: str
    start: int
    end: int
    dynamic: bool = False
    expandable: bool = True
    command: str | None = None     # the command a ``K=V cmd`` prefix applies to


def _assignment_from_word(text: str, w: Word, *, fish: bool = False) -> Assignment | None:
    m = _ASSIGN.match(text, w.start)
    if m is None or m.end() > w.end:
        return None
    vstart = m.end()
    raw = text[vstart:w.end]
    vw = lex_word(text, vstart, fish=fish) if vstart < w.end else Word(vstart, vstart)
    value = vw.text
    expandable = not any(kind == "sq" and "$" in t for t, kind in vw.parts)
    return Assignment(m.group(1), value, raw, vstart, w.end, vw.dynamic or w.dynamic, expandable)


def _posix_assignments(text: str, stmt: list[Word], *, fish: bool = False) -> list[Assignment]:
    words = list(stmt)
    while words and text[words[0].start:words[0].end] in _KEYWORDS:
        words.pop(0)
    if not words:
        return []
    head = text[words[0].start:words[0].end]
    found: list[Assignment] = []
    if head in _DECLARERS:
        for w in words[1:]:
            if text[w.start] == "-":
                continue
            a = _assignment_from_word(text, w, fish=fish)
            if a is not None:
                found.append(a)
        return found
    if head == "setenv" and len(words) >= 2:
        name_w = words[1]
        name = text[name_w.start:name_w.end]
        if _NAME.fullmatch(name):
            if len(words) >= 3:
                vw = words[2]
                return [Assignment(name, vw.text, text[vw.start:vw.end], vw.start, vw.end, vw.dynamic,
                                   not any(k == "sq" and "$" in t for t, k in vw.parts))]
        return []
    if fish and head == "set":
        rest = words[1:]
        flags = ""
        while rest and text[rest[0].start] == "-":
            flags += text[rest[0].start:rest[0].end]
            rest = rest[1:]
        if rest and _NAME.fullmatch(text[rest[0].start:rest[0].end]) and ("x" in flags or "export" in flags):
            name = text[rest[0].start:rest[0].end]
            vals = rest[1:]
            if not vals:
                return []
            start, end = vals[0].start, vals[-1].end
            value = " ".join(v.text for v in vals)
            return [Assignment(name, value, text[start:end], start, end, any(v.dynamic for v in vals))]
        return []
    if head == "env":
        words = words[1:]
        while words and text[words[0].start] == "-":
            words.pop(0)
    # leading K=V words; if a command follows they are prefixes for that command
    i = 0
    while i < len(words):
        a = _assignment_from_word(text, words[i], fish=fish)
        if a is None:
            break
        found.append(a)
        i += 1
    if i < len(words):
        command = words[i].text
        for a in found:
            a.command = command
        if command in ("echo", "printf") and i + 1 < len(words):
            found.extend(_echoed(text, words[i + 1]))
    return found


def _echoed(text: str, w: Word) -> list[Assignment]:
    """``echo 'export K=V' >> ~/.zshrc``: the exports inside the quoted argument."""
    if len(w.parts) != 1 or w.parts[0][1] not in ("sq", "dq"):
        return []
    inner = w.parts[0][0]
    raw_inner = text[w.start + 1:w.end - 1]
    if inner != raw_inner or "export" not in inner and "=" not in inner:
        return []   # escapes inside: offsets would not map; skip rather than point wrongly
    out = []
    offset = w.start + 1
    for stmt in statements(inner):
        for a in _posix_assignments(inner, stmt):
            out.append(Assignment(a.name, a.value, a.raw, a.start + offset, a.end + offset, a.dynamic,
                                  a.expandable, a.command))
    return out


# --------------------------------------------------------------------------- cmd and PowerShell

_CMD_SET_QUOTED = lazy(r'^[ \t]*@?set[ \t]+"(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>[^"\r\n]*)"', re.I | re.M)
_CMD_SET = lazy(r"^[ \t]*@?set[ \t]+(?!/[aApP])(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>[^\r\n]*)", re.I | re.M)
_SETX = lazy(
    r"^[ \t]*@?setx(?:\.exe)?[ \t]+(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]+(?P<value>\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s]+)",
    re.I | re.M,
)
_PS_ENV = lazy(
    r"\$env:(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(?P<value>\"(?:`.|[^\"`])*\"|'(?:''|[^'])*'|[^\s;#]+)",
    re.I,
)
_PS_SETENV = lazy(
    r"\[(?:System\.)?Environment\]::SetEnvironmentVariable\(\s*(?P<nq>[\"'])(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P=nq)\s*,\s*"
    r"(?P<value>\"(?:`.|[^\"`])*\"|'(?:''|[^'])*'|\$[A-Za-z_:][A-Za-z0-9_:]*)",
    re.I,
)
_PS_SETITEM = lazy(
    r"Set-Item\s+(?:-Path\s+)?(?:Env:\\?|env:\\?)(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?:-Value\s+)?"
    r"(?P<value>\"(?:`.|[^\"`])*\"|'(?:''|[^'])*')",
    re.I,
)
_CMD_COMMENT = lazy(r"^[ \t]*@?(?:rem\b|::)[^\r\n]*", re.I | re.M)
_PS_LINE_COMMENT = lazy(r"(?m)(?:^|(?<=[ \t]))#[^\r\n]*")


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """Replace comments by spaces (keeps offsets)."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _blank_ps_comments(text: str) -> str:
    """PowerShell comments (``# …`` after a blank or at a line start, ``<# … #>``) replaced by
    spaces, leftmost first, like ``re.sub(r"(?m)(?:^|(?<=[ \\t]))#[^\\r\\n]*|<#.*?#>", …, re.S)``
    — but the regex retries ``.*?`` from every ``<#`` of an unclosed run (``<#<#<#…``:
    quadratic). Here each block comment's end is found once with ``str.find``; an opener
    without an end means no later opener has one either."""
    out: list[str] = []
    pos = 0
    blocks = True
    line = _PS_LINE_COMMENT.search(text, 0)
    block = text.find("<#")
    while pos < len(text):
        if line is not None and line.start() < pos:   # each looked up again only once passed
            line = _PS_LINE_COMMENT.search(text, pos)
        if block >= 0 and block < pos:
            block = text.find("<#", pos)
        if not blocks:
            block = -1
        if block >= 0 and (line is None or block < line.start()):
            end = text.find("#>", block + 2)
            if end < 0:
                blocks = False
                continue
            out += (text[pos:block], re.sub(r"[^\n]", " ", text[block:end + 2]))
            pos = end + 2
        elif line is not None:
            out += (text[pos:line.start()], " " * (line.end() - line.start()))
            pos = line.end()
        else:
            break
    out.append(text[pos:])
    return "".join(out)


def _unquote_ps(raw: str) -> tuple[str, bool]:
    """PowerShell string value and whether it expands ``$env:X`` (double quotes, bare)."""
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        return re.sub(r"`(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(m.group(1), m.group(1)),
                      raw[1:-1]), True
    if raw.startswith("'") and raw.endswith("'") and len(raw) >= 2:
        return raw[1:-1].replace("''", "'"), False
    return raw, True


def _cmd_assignments(text: str) -> list[Assignment]:
    clean = _blank(text, _CMD_COMMENT)
    out: list[Assignment] = []
    taken: set[int] = set()
    for m in _CMD_SET_QUOTED.finditer(clean):
        out.append(Assignment(m.group("name"), m.group("value"), m.group("value"), m.start("value"), m.end("value")))
        taken.add(m.start())
    for m in _CMD_SET.finditer(clean):
        if m.start() in taken:
            continue
        # cmd keeps everything after '=' (trailing blanks, quotes): a classic source of bad keys
        value = m.group("value").rstrip("\r")
        out.append(Assignment(m.group("name"), value, value, m.start("value"), m.start("value") + len(value)))
    out.extend(_setx(clean))
    out.sort(key=lambda a: a.start)
    return out


def _setx(clean: str) -> list[Assignment]:
    out = []
    for m in _SETX.finditer(clean):
        raw = m.group("value")
        value = raw[1:-1] if raw[:1] in "\"'" and raw[-1:] == raw[:1] and len(raw) >= 2 else raw
        out.append(Assignment(m.group("name"), value, raw, m.start("value"), m.end("value")))
    return out


def _ps_assignments(text: str) -> list[Assignment]:
    clean = _blank_ps_comments(text)
    out: list[Assignment] = []
    for pattern in (_PS_ENV, _PS_SETENV, _PS_SETITEM):
        for m in pattern.finditer(clean):
            raw = m.group("value")
            value, expandable = _unquote_ps(raw)
            dynamic = "$(" in value
            if raw.startswith("$") and not raw.lower().startswith("$env:"):
                value, dynamic = None, True   # a PowerShell variable: value unknown here
            out.append(Assignment(m.group("name"), value, raw, m.start("value"), m.end("value"), dynamic, expandable))
    out.extend(_setx(clean))
    out.sort(key=lambda a: a.start)
    return out


# --------------------------------------------------------------------------- reader


def assignments(text: str, kind: str) -> list[Assignment]:
    if kind == "cmd":
        return _cmd_assignments(text)
    if kind == "powershell":
        return _ps_assignments(text)
    fish = kind == "fish"
    out: list[Assignment] = []
    for stmt in statements(text, fish=fish):
        out.extend(_posix_assignments(text, stmt, fish=fish))
    return out


def _command_word(token: str) -> str:
    """``~/.local/bin/claude`` → ``claude``; ``@qwen-code/qwen-code@latest`` → ``qwen-code``."""
    word = _VERSION.sub("", token)
    word = word.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    for ext in (".exe", ".cmd", ".ps1", ".bat"):
        if word.lower().endswith(ext):
            word = word[: -len(ext)]
    return word


def tool_hints(text: str) -> tuple[str, ...]:
    """The command words lines of ``text`` start, in order (envgroup keeps the launchers)."""
    seen: list[str] = []
    for m in _TOOL_LINE.finditer(text):
        word = _command_word(m.group("cmd"))
        if word and "$" not in word and word not in _NOT_LAUNCHERS and word not in seen:
            seen.append(word)
    return tuple(seen)


def _reference(a: Assignment, kind: str) -> str | None:
    raw = a.raw.strip()
    if not raw or raw.startswith("'") and kind not in ("cmd",):
        return None
    ref = parse_reference(raw)
    if ref is None or ref.namespace != "env":
        return None
    ok = {"posix": ("$VAR", "${VAR}", "${VAR:-default}", "${VAR:?error}"),
          "fish": ("$VAR",),
          "cmd": ("%VAR%",),
          "powershell": ("$env:VAR",)}[kind]
    return ref.name if ref.syntax in ok else None


def bindings_from(assigns: list[Assignment], doc: Document, kind: str) -> list[Binding]:
    seen: dict[str, str] = {}
    out: list[Binding] = []
    for a in assigns:
        value = a.value
        reference = _reference(a, kind)
        if a.dynamic:
            value = None
        elif value is not None and a.expandable:
            if kind == "posix" or kind == "fish":
                if "$" in value:
                    value, _ = expand(value, seen.get, bare=True)
            elif kind == "cmd" and "%" in value:
                value = re.sub(r"%([A-Za-z_][A-Za-z0-9_]*)%", lambda m: seen.get(m.group(1), m.group(0)), value)
            elif kind == "powershell" and "$env:" in value.lower():
                value = re.sub(r"(?i)\$env:([A-Za-z_][A-Za-z0-9_]*)", lambda m: seen.get(m.group(1), m.group(0)), value)
        if reference is not None and reference not in seen:
            value = None   # a reference to something defined outside this file: the linker follows it
        if isinstance(value, str):
            seen[a.name] = value
        secret = is_key_name(a.name) or looks_like_key(value)
        stored: object = Secret(value) if secret and isinstance(value, str) else value
        loc = doc.loc_at(a.start, a.end - a.start)
        out.append(Binding(a.name, stored, loc, "shell", a.raw, reference))
    return out


# ``cat > ~/.claude/settings.json <<'EOF'`` / ``cat <<EOF > .env`` / ``tee ~/.codex/config.toml <<EOF``
_HEREDOC = lazy(
    r"(?m)^[^\n#]*?(?:\bcat\b[^\n]*?>{1,2}[ \t]*(?P<a>[\"']?[^\s\"'<>;|&]+[\"']?)[^\n]*?<<(?P<da>-?)[ \t]*"
    r"(?P<qa>[\"']?)(?P<ta>[A-Za-z_][A-Za-z0-9_]*)(?P=qa)"
    r"|\b(?:cat|tee(?:[ \t]+-a)?)\b[^\n]*?<<(?P<db>-?)[ \t]*(?P<qb>[\"']?)(?P<tb>[A-Za-z_][A-Za-z0-9_]*)(?P=qb)"
    r"[^\n]*?(?:>{1,2}|\btee(?:[ \t]+-a)?)?[ \t]*(?P<b>[\"']?[~$][^\s\"'<>;|&]*[\"']?|[\"']?[^\s\"'<>;|&-][^\s\"'<>;|&]*[\"']?)?)"
    r"[^\n]*\n"
)


def heredocs(text: str) -> list[tuple[str, int, int, bool]]:
    """(target file, body start, body end, whether the shell expands ``$X`` in it) of each
    heredoc written to a file (``<<'EOF'`` and ``<<"EOF"`` do not expand)."""
    out: list[tuple[str, int, int, bool]] = []
    for m in _HEREDOC.finditer(text):
        path = (m.group("a") or m.group("b") or "").strip("\"'")
        tag = m.group("ta") or m.group("tb")
        dash = m.group("da") or m.group("db")
        if not path or not tag:
            continue
        close = re.compile(r"(?m)^" + (r"[\t]*" if dash else "") + re.escape(tag) + r"[ \t]*$")
        end = close.search(text, m.end())
        if end is not None:
            out.append((path, m.end(), end.start(), not (m.group("qa") or m.group("qb"))))
    return out


def _shell_expanded(result: ReadResult) -> None:
    """An unquoted heredoc: the shell replaced ``${X}`` before the file was written, so a value
    that is one whole reference is that variable (the linker resolves it), not literal text."""
    from dataclasses import replace as _replace

    from validator.model import Secret as _Secret

    def whole(v: object) -> str | None:
        raw = v.reveal() if isinstance(v, _Secret) else v
        if not isinstance(raw, str):
            return None
        ref = parse_reference(raw.strip())
        return ref.name if ref is not None and ref.namespace == "env" and ref.name else None

    def fix(v):  # type: ignore[no-untyped-def]
        name = whole(v.value) if v is not None else None
        return v if name is None else _replace(v, value=None, origin=Origin.VARIABLE, variable=name,
                                                via="expanded by the shell when the heredoc is written")

    for t in result.targets:
        t.base_url, t.key = fix(t.base_url), fix(t.key)
        if t.key is not None and t.key.variable and t.key.value is None:
            t.key_variable = t.key.variable
        t.models = [fix(m) for m in t.models]
        t.notes = [n for n in t.notes if not str(n).startswith("unexpanded-reference:")]
    result.bindings = [b if whole(b.value) is None else _replace(b, value=None, reference=whole(b.value))
                       for b in result.bindings]


def _read_heredocs(doc: Document, result: ReadResult) -> str:
    """Read each heredoc body as the file it writes; return the text with the bodies blanked."""
    from pathlib import PurePosixPath

    from .embedded import blank_outside, read_embedded

    text = doc.text
    for path, start, end, expands in heredocs(doc.text):
        name = path.replace("\\", "/")
        for home in ("~/", "$HOME/", "${HOME}/"):
            if name.startswith(home):
                name = "home/" + name[len(home):]
        got = read_embedded(doc, PurePosixPath(name.lstrip("/") or "x"), start, end, kind="heredoc",
                            documentation=doc.display.lower().endswith((".md", ".mdx", ".markdown")))
        if got is not None and expands:
            _shell_expanded(got)
        if got is not None:
            result.extend(got)
            body = blank_outside(text, start, end)[start:end]
            text = text[:start] + "".join("\n" if c == "\n" else " " for c in body) + text[end:]
    return text


class ShellReader:
    name = "shell"

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        return dialect(name) is not None

    def relevant(self, text: str) -> bool:
        return has_marker(text)

    def read(self, doc: Document) -> ReadResult:
        kind = dialect(doc.name) or "posix"
        result = ReadResult()
        text = doc.text
        if "<<" in text and kind in ("posix", "fish"):
            text = _read_heredocs(doc, result)   # the bodies are other files' text, not shell
        bindings = bindings_from(assignments(text, kind), doc, kind)
        result.bindings.extend(bindings)
        if bindings:
            result.blocks.append(EnvBlock(None, doc.loc(bindings[0].loc.line, 1), bindings,
                                          hints=tool_hints(doc.text),
                                          override_via="assigned again later in the script; the last assignment wins"))
        if maybe_request(doc.text):   # curl / wget / HTTPie requests (imported only then)
            from .commands import command_requests

            result.targets.extend(command_requests(doc, lex_word))
        return result


READER = ShellReader()
