"""Static values in C-family source (Java, Kotlin, Go, C#, PHP, Rust), over :mod:`.clex` tokens.

Only what a configuration is written with is evaluated: string literals (and ``+`` / PHP ``.``
concatenation), numbers and booleans, environment reads (``System.getenv("X")``,
``os.Getenv("X")``, ``Environment.GetEnvironmentVariable("X")``, ``getenv('X')``,
``$_ENV['X']``, ``std::env::var("X")``…), names assigned once in the file (``String url =
"…"``, ``url := "…"``, ``$url = '…'``, ``config.BaseURL = "…"``), the URL inside ``new
Uri("…")`` / ``URI.create("…")``, and request bodies written as literals: Go composite
literals, PHP arrays, C# anonymous objects and initialisers, ``Map.of`` / ``mapOf``, JSON text
in a string. Anything else is a *dynamic* value: msv never guesses.
"""

from __future__ import annotations

import json
import re

from validator.lazyre import lazy
from validator.model import Location, Value

from . import valuekit as vk
from .base import Document
from .clex import Tok, matching, split_args

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

MAX_DEPTH = 8
MAX_RAW = 4096
_ENV_CALLS = {
    ("System", "getenv"), ("os", "Getenv"), ("os", "LookupEnv"), ("Environment", "GetEnvironmentVariable"),
    ("env", "var"), ("std::env", "var"), ("dotenv", "get"), ("Dotenv", "get"), ("System", "getProperty"),
}
_ENV_CALLS |= {("os", "getenv"), ("os.environ", "get"), ("Deno.env", "get"), ("environ", "get")}
_ENV_FUNCS = {"getenv", "env", "Getenv", "GetEnvironmentVariable"}
_ENV_OBJECTS = {"os.environ", "environ", "process.env", "import.meta.env", "ENV"}
_ENV_ARRAYS = {"$_ENV", "$_SERVER", "ENV"}
_WRAPPERS = {"Uri", "URI", "create", "parse", "requireNonNull", "Float", "Int", "String", "Bool", "F", "Opt",
             "NewOpt", "ChatModel", "Model", "Ptr", "Some", "of", "valueOf", "NewBuffer", "NewReader",
             "NewBufferString", "Marshal", "json_encode", "stringify", "StringContent", "ofString",
             "toRequestBody", "toMediaType", "Serialize", "JsonContent", "Create", "from", "into", "to_string",
             "trim", "strval", "MustParse", "dumps"}
_STOP = {",", ";", ")", "]", "}", "=>", ":"}
# Languages where a line break ends a statement (Python; Go, Kotlin and JS insert the semicolon
# when the line ends an operand and the next does not go on with an operator).
_LINE_ENDS = {"python", "go", "kotlin", "js"}
_GOES_ON = {".", "?.", "+", "-", "*", "/", "%", "&&", "||", "??", "?", "|", "&", "^", "==", "!=", "===", "!==",
            "<", ">", "<=", ">=", "=>", "and", "or", "if", "else", "for", "in", "not", "is"}
_TAG = lazy(r'(\w+)\s+[\w.\[\]*]+\s+`[^`]*json:"([^",]+)')


def snake(name: str) -> str:
    """Go field name -> JSON name when no struct tag says (``ResultFormat`` -> ``result_format``)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


class Concat:
    """``"Bearer " + key``: the parts of a concatenation, each a Value."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[Any]) -> None:
        self.parts = parts


class Evaluator:
    """Values of expressions in one file (``toks`` from :func:`validator.sources.clex.tokenize`)."""

    def __init__(self, doc: Document, toks: list[Tok], lang: str) -> None:
        self.doc, self.toks, self.lang = doc, toks, lang
        self.assigned: dict[str, int] = {}      # name (or dotted name) -> first token of its value
        self.tags = dict((f, t) for f, t in _TAG.findall(doc.text)) if lang == "go" else {}
        self._outside: list[bool] | None = None   # per token: not inside any bracket (made on first use)
        self._index_assignments()

    # ------------------------------------------------------------------ helpers

    def loc(self, tok: Tok, end: Tok | None = None) -> Location:
        stop = (end or tok).end
        return self.doc.loc_at(tok.start, stop - tok.start)

    def raw(self, i: int, j: int) -> str | None:
        """The source text of tokens ``i:j`` (None past :data:`MAX_RAW` characters: an expression
        that long is never a value a fix rewrites, and copying it for every call is quadratic)."""
        if i >= len(self.toks) or j <= i:
            return ""
        start, end = self.toks[i].start, self.toks[min(j, len(self.toks)) - 1].end
        return self.doc.text[start:end] if end - start <= MAX_RAW else None

    def name_before(self, i: int) -> str | None:
        """The dotted name that ends just before token ``i`` (``config.BaseURL`` before ``=``)."""
        toks = self.toks
        j = i - 1
        if j < 0 or toks[j].kind != "id":
            return None
        parts = [toks[j].text]
        while j >= 2 and toks[j - 1].text in (".", "->", "::") and toks[j - 2].kind == "id":
            parts.insert(0, toks[j - 2].text)
            j -= 2
        return ".".join(parts)

    def _index_assignments(self) -> None:
        toks = self.toks
        for i, t in enumerate(toks):
            if t.kind != "punct" or t.text not in ("=", ":="):
                continue
            name = self.name_before(i)
            if name is None:
                continue
            self.assigned.setdefault(name, i + 1)
            if name.startswith(("this.", "$this.")):   # this.url = …: also known as url
                self.assigned.setdefault(name.rsplit(".", 1)[-1], i + 1)
            j = i - 1 - 2 * name.count(".")   # Go `data, err := …`: every name on the left
            while j >= 2 and toks[j - 1].text == "," and toks[j - 2].kind == "id":
                self.assigned.setdefault(toks[j - 2].text, i + 1)
                j -= 2

    def _statement_level(self, i: int) -> bool:
        """Is token ``i`` outside every bracket (where a line break can end a statement)?"""
        if self._outside is None:
            outside, depth = [], 0
            for t in self.toks:
                if t.kind == "punct" and t.text in (")", "]", "}"):
                    depth = max(0, depth - 1)
                outside.append(depth == 0)
                if t.kind == "punct" and t.text in ("(", "[", "{"):
                    depth += 1
            self._outside = outside
        return self._outside[i] if i < len(self._outside) else True

    def _line_ends_at(self, j: int) -> bool:
        """Does a line break between tokens ``j - 1`` and ``j`` end the statement?"""
        prev, t = self.toks[j - 1], self.toks[j]
        ends_operand = prev.kind in ("id", "str", "num") or prev.text in (")", "]", "}")
        return (ends_operand and t.text not in _GOES_ON and "\\" not in self.doc.text[prev.end:t.start]
                and "\n" in self.doc.text[prev.end:t.start])

    def expr_end(self, i: int, stops: set[str] = _STOP) -> int:
        """First token after the expression starting at ``i``. In a language where a line break
        ends a statement, an expression at statement level also ends there: ``h = {…}`` followed
        by a thousand calls is not one expression to scan to the end of the file (quadratic)."""
        toks = self.toks
        lines = self.lang in _LINE_ENDS and self._statement_level(i)
        j = i
        while j < len(toks):
            t = toks[j]
            if lines and j > i and self._line_ends_at(j):
                return j
            if t.kind == "punct":
                if t.text in ("(", "[", "{"):
                    j = matching(toks, j) + 1
                    continue
                if t.text in stops or t.text == "=" or t.text == ":=":
                    return j
            j += 1
        return j

    # ------------------------------------------------------------------ values

    def value(self, i: int, depth: int = 0) -> Any:
        """The value of the expression at ``i``: a Value, a Concat, a dict, a list, or None."""
        toks = self.toks
        if i >= len(toks) or depth > MAX_DEPTH:
            return None
        end = self.expr_end(i)
        parts: list[Any] = []
        j = i
        while j < end:
            v, j = self._primary(j, end, depth)
            parts.append(v)
            if j < end and toks[j].kind == "punct" and (toks[j].text == "+" or (self.lang == "php" and toks[j].text == ".")):
                j += 1
                continue
            if j < end and toks[j].text in ("?:", "??", "||", "?") and parts:
                break   # `getenv("X") ?: "default"`: the first operand is what is configured
            break
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        flat: list[Any] = []
        for p in parts:
            flat.extend(p.parts if isinstance(p, Concat) else [p])
        if all(isinstance(p, Value) and isinstance(p.value, str) and p.variable is None for p in flat):
            text = "".join(p.value for p in flat)
            return vk.literal(text, self.loc(toks[i], toks[end - 1]), self.raw(i, end), via="concatenation")
        return Concat(flat)

    def _primary(self, i: int, end: int, depth: int) -> tuple[Any, int]:
        toks = self.toks
        t = toks[i]
        if t.kind == "str":
            return self._string(t, depth), i + 1
        if t.kind == "num":
            text = t.text.rstrip("fFdDlLmMuU").replace("_", "")
            try:
                num: Any = float(text) if any(c in text for c in ".eE") and not text.startswith("0x") else int(text, 0)
            except ValueError:
                num = None
            if i > 0 and toks[i - 1].text == "-" and isinstance(num, (int, float)):
                num = -num
            return vk.literal(num, self.loc(t), t.text), i + 1
        if t.kind == "punct" and t.text == "-" and i + 1 < end and toks[i + 1].kind == "num":
            return self._primary(i + 1, end, depth)
        if t.kind == "punct" and t.text in ("{", "["):
            close = matching(toks, i)
            return self.composite(i, depth), close + 1
        if t.kind == "punct" and t.text == "&" and i + 1 < end:   # Go &T{…}
            return self._primary(i + 1, end, depth)
        if t.kind != "id":
            return None, self._skip(i, end)
        low = t.text.lower()
        if low in ("true", "false") and not (i + 1 < end and toks[i + 1].text in (".", "(")):
            return vk.literal(low == "true", self.loc(t), t.text), i + 1
        if low in ("null", "nil", "none"):
            return None, i + 1
        if t.text in _ENV_ARRAYS and i + 2 < len(toks) and toks[i + 1].text == "[" and toks[i + 2].kind == "str":
            close = matching(toks, i + 1)
            name = toks[i + 2].value or ""
            return vk.variable(name, self.loc(t, toks[close]), self.raw(i, close + 1)), close + 1
        # a dotted chain: a.b.c(…) / A::b(…) / new X(…) / X{…}
        j, names = i, []
        if t.text == "new" and i + 1 < end:
            j += 1
        while j < end and toks[j].kind == "id":
            names.append(toks[j].text)
            if j + 1 < end and toks[j + 1].text in (".", "::", "->", "?.", "?->") and j + 2 < end and toks[j + 2].kind == "id":
                j += 2
                continue
            j += 1
            break
        while j < end and toks[j].text == "<":   # generics: new Dictionary<string, object>
            close = self._angle_end(j, end)
            if close is None:
                break
            j = close
        if j < end and toks[j].text == "[" and self.lang == "go" and j + 1 < end and toks[j + 1].text == "]":
            j += 2
        if j < end and toks[j].text == "(":
            close = matching(toks, j)
            call = self._call(names, i, j, close, depth)
            nxt = close + 1
            if nxt < end and toks[nxt].text == "{":   # new T() { Init = … } (C#)
                init = self.composite(nxt, depth)
                return (init if isinstance(init, dict) and init else call), matching(toks, nxt) + 1
            if nxt < end and toks[nxt].text in (".", "->", "?.") and call is not None and not isinstance(call, dict):
                # "x".trim(), getenv("X").orEmpty(): keep the value, skip the rest of the chain
                return call, self._skip_chain(nxt, end)
            return call, nxt
        if j < end and toks[j].text == "{" and (self.lang in ("go", "csharp", "rust", "kotlin") or names[:1] == ["new"]):
            return self.composite(j, depth), matching(toks, j) + 1
        if j < end and toks[j].text == "[" and names:   # x["k"]: an element of a known literal
            close = matching(toks, j)
            if ".".join(names) in _ENV_OBJECTS and j + 1 < close and toks[j + 1].kind == "str":
                return vk.variable(toks[j + 1].value or "", self.loc(t, toks[close]), self.raw(i, close + 1)), close + 1
            base = self.lookup(".".join(names), depth, self.loc(t))
            key = self.value(j + 1, depth + 1)
            if isinstance(base, dict) and isinstance(key, Value) and key.value in base:
                return base[key.value], close + 1
            return vk.dynamic(self.loc(t, toks[close]), self.raw(i, close + 1)), close + 1
        dotted = ".".join(names)
        if len(names) >= 3 and ".".join(names[:-1]) in _ENV_OBJECTS:   # process.env.X
            return vk.variable(names[-1], self.loc(t, toks[j - 1]), self.raw(i, j)), j
        return self.lookup(dotted, depth, self.loc(t, toks[j - 1])), j

    def _angle_end(self, j: int, end: int) -> int | None:
        depth = 0
        for k in range(j, min(end, j + 40)):
            text = self.toks[k].text
            if text == "<":
                depth += 1
            elif text == ">":
                depth -= 1
                if depth == 0:
                    return k + 1
            elif text == ">>":
                depth -= 2
                if depth <= 0:
                    return k + 1
            elif text in ("(", ")", ";", "{", "}"):
                return None
        return None

    def _skip(self, i: int, end: int) -> int:
        t = self.toks[i]
        if t.kind == "punct" and t.text in ("(", "[", "{"):
            return matching(self.toks, i) + 1
        return i + 1

    def _skip_chain(self, j: int, end: int) -> int:
        toks = self.toks
        while j < end:
            if toks[j].text in ("(", "[", "{"):
                j = matching(toks, j) + 1
                continue
            if toks[j].text in ("+",) or (self.lang == "php" and toks[j].text == "."
                                          and not (j + 1 < end and toks[j + 1].kind == "id"
                                                   and j + 2 < end and toks[j + 2].text == "(")):
                return j
            j += 1
        return j

    def _string(self, t: Tok, depth: int) -> Any:
        loc = self.loc(t)
        if t.parts and self.lang in ("php", "python", "js"):   # "Bearer $apiKey", f"Bearer {key}", `Bearer ${key}`
            pieces: list[Any] = []
            rest = t.value or ""
            marks = {"php": "$", "python": "{", "js": "${"}[self.lang]
            for name in t.parts:
                k = rest.find(marks + name)
                if k < 0:
                    continue
                before = rest[:k].rstrip("{") if self.lang == "php" else rest[:k]
                if before:
                    pieces.append(vk.literal(before, loc, t.text))
                pieces.append(self.lookup(("$" if self.lang == "php" else "") + name, depth, loc))
                rest = rest[k + len(marks) + len(name):]
                rest = rest.lstrip("}") if self.lang == "php" else rest[rest.find("}") + 1:]
            if rest:
                pieces.append(vk.literal(rest, loc, t.text))
            return Concat(pieces) if len(pieces) != 1 else pieces[0]
        if t.value is None:
            if t.parts:
                return Concat([self.lookup(n, depth, loc) for n in t.parts])
            return vk.dynamic(loc, t.text, "interpolated string")
        return vk.literal(t.value, loc, t.text)

    def lookup(self, name: str, depth: int, loc: Location) -> Any:
        """A name's value: its assignment in this file, else a dynamic value."""
        head, _, tail = name.rpartition(".")
        if head in _ENV_OBJECTS and tail:   # `${process.env.X}` inside a template
            return vk.variable(tail, loc, name)
        start = self.assigned.get(name)
        if start is None and "." in name:
            start = self.assigned.get(name.rsplit(".", 1)[-1]) if name.startswith(("this.", "$this.")) else None
        if start is None or depth >= MAX_DEPTH:
            return vk.dynamic(loc, name, f"name {name}")
        return self.value(start, depth + 1)

    def _call(self, names: list[str], i: int, open_i: int, close: int, depth: int) -> Any:
        toks = self.toks
        callee = [n for n in names if n != "new"]
        last = callee[-1] if callee else ""
        owner = "::".join(callee[:-1]) if self.lang == "rust" else ".".join(callee[:-1])
        args = split_args(toks, open_i)
        loc = self.loc(toks[i], toks[close])
        raw = self.raw(i, close + 1)
        first = toks[args[0][0]] if args else None
        if ((owner, last) in _ENV_CALLS or (not owner and last in _ENV_FUNCS)) and first is not None and first.kind == "str":
            return vk.variable(first.value or "", loc, raw)
        if last in ("mapOf", "hashMapOf", "mutableMapOf") or (last in ("of", "ofEntries") and owner.endswith("Map")):
            return self._pairs(args, depth)
        if last == "array" and self.lang == "php":
            return self.composite(open_i, depth)
        if last in _WRAPPERS or (self.lang == "go" and last in ("float64", "float32", "int", "string")):
            for a, b in args:
                v = self.value(a, depth + 1)
                if isinstance(v, (dict, list)) or (isinstance(v, Value) and v.value is not None) or isinstance(v, Concat):
                    return v
                if isinstance(v, Value) and v.variable:
                    return v
            return vk.dynamic(loc, raw, "call")
        return vk.dynamic(loc, raw, f"call {last}")

    def _pairs(self, args: list[tuple[int, int]], depth: int) -> dict:
        """``Map.of("k", v, …)`` / ``mapOf("k" to v)``."""
        toks = self.toks
        out: dict[str, Any] = {}
        if args and any(toks[k].text == "to" for a, b in args for k in range(a, b)):
            for a, b in args:
                k = next((k for k in range(a, b) if toks[k].text == "to"), None)
                if k is not None and toks[a].kind == "str":
                    out[toks[a].value or ""] = self.value(k + 1, depth + 1)
            return out
        for n in range(0, len(args) - 1, 2):
            kt = toks[args[n][0]]
            if kt.kind == "str":
                out[kt.value or ""] = self.value(args[n + 1][0], depth + 1)
        return out

    def composite(self, open_i: int, depth: int) -> Any:
        """``{…}`` / ``[…]``: a dict when its items are keyed, else a list."""
        toks = self.toks
        items = split_args(toks, open_i)
        out: dict[str, Any] = {}
        listed: list[Any] = []
        for a, b in items:
            key, vstart = self._item_key(a, b)
            if key is None:
                if toks[a].text == "{" and self.lang == "csharp":   # { "model", "qwen" } in a Dictionary
                    pair = split_args(toks, a)
                    if len(pair) == 2 and toks[pair[0][0]].kind == "str":
                        out[toks[pair[0][0]].value or ""] = self.value(pair[1][0], depth + 1)
                        continue
                listed.append(self.value(a, depth + 1))
            else:
                out[key] = self.value(vstart, depth + 1) if vstart < b else None
        if out:
            return out
        return listed

    def _item_key(self, a: int, b: int) -> tuple[str | None, int]:
        toks = self.toks
        t = toks[a]
        if b - a >= 3 and toks[a + 1].text in (":", "=>", "=") and t.kind in ("str", "id"):
            if t.kind == "str":
                return t.value or "", a + 2
            name = t.text.lstrip("$")
            if self.lang == "go":
                name = self.tags.get(name) or snake(name)
            return name, a + 2
        if t.text == "[" and self.lang == "csharp":   # ["model"] = "qwen-plus"
            close = matching(toks, a)
            if close + 1 < b and toks[close + 1].text == "=" and toks[a + 1].kind == "str":
                return toks[a + 1].value or "", close + 2
        return None, a


def json_body(v: Value, doc: Document) -> dict | None:
    """A JSON object written in a string (a curl ``-d``, a C# verbatim string), with each value
    located at its place in the file."""
    text = v.text
    if not isinstance(text, str) or "{" not in text:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    raw = v.raw or text
    base = v.loc
    return _located(data, raw, base, doc, [0])


def _located(data: dict, raw: str, base: Location | None, doc: Document, cursor: list[int]) -> dict:
    out: dict[str, Any] = {}
    for key, val in data.items():
        if isinstance(val, dict):
            out[key] = _located(val, raw, base, doc, cursor)
            continue
        out[key] = _at(key, val, raw, base, doc, cursor)
    return out


def _at(key: str, val: Any, raw: str, base: Location | None, doc: Document, cursor: list[int]) -> Value:
    """A Value for ``"key": val`` pointing at the value inside ``raw`` (the text at ``base``)."""
    m = re.compile(r'("{1,2}|\\")' + re.escape(key) + r'\1\s*:\s*').search(raw, cursor[0])
    loc = base
    if m is not None and base is not None:
        cursor[0] = m.end()
        before = raw[:m.end()]
        line = base.line + before.count("\n")
        col = (len(before) - before.rfind("\n")) if "\n" in before else base.column + len(before)
        width = len(json.dumps(val, ensure_ascii=False)) if not isinstance(val, (list, dict)) else 1
        loc = Location(base.path, line, col, line, col + width)
    return vk.literal(val, loc, json.dumps(val, ensure_ascii=False) if not isinstance(val, str) else val)
