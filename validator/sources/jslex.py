"""The lexer and matcher behind :mod:`validator.sources.javascript` (JS/TS SDK clients).

A full JS/TS parser is not worth its weight here: client construction has a small, regular
shape (config-formats.md §7.4)::

    const client = new OpenAI({ apiKey: process.env.DASHSCOPE_API_KEY, baseURL: "https://…/v1" });
    await client.chat.completions.create({ model: "qwen-plus", temperature: 0.7 });
    const qwen = createOpenAICompatible({ name: "qwen", baseURL, apiKey });  generateText({ model: qwen("qwen-plus") })

So the file is turned into tokens (strings with their exact spans, identifiers, punctuation;
comments, regular-expression literals and template-literal expressions are skipped as units),
and a few token patterns are matched: ``new OpenAI({…})``, ``new Anthropic({…})``,
``new ChatOpenAI({…})`` (LangChain.js), ``createOpenAI`` / ``createOpenAICompatible`` /
``createAnthropic({…})`` (Vercel AI SDK), API calls on those clients, and provider calls
(``qwen("model")``, ``openai.chat("model")``). Values are followed through ``const`` /
``let`` / ``var`` declarations, ``const { X } = process.env``, ``process.env.X`` /
``process.env["X"]`` / ``import.meta.env.X`` / ``Deno.env.get("X")``, ``a || b`` and
``a ?? b`` (the right side is the variable's fallback), and TypeScript's ``x!`` / ``x as T``.
Anything else is a *dynamic* value. Anything the lexer cannot make sense of is skipped, never
an error: a JS file is not a config file, and a reader that is unsure says nothing.
"""

from __future__ import annotations

from validator.lazyre import lazy
from validator.record import record, replace

from validator.model import Location, Target, Value
from validator.notes import note

from . import valuekit as vk
from .base import Document, ReadResult, span
from .sdkclient import API_CALLS, Ctor, SdkClient, to_target

_MAX_TOKENS = 400_000
_MAX_DEPTH = 10

# ----------------------------------------------------------------------------- lexer

_IDENT = lazy(r"(?:[^\W\d]|\$)[\w$]*")
_NUMBER = lazy(r"(?:0[xXbBoO][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?")
_PUNCT = lazy(r"\?\?=?|\?\.(?!\d)|\.\.\.|=>|===?|!==?|\|\|=?|&&=?|[{}()\[\];,.:?=!<>+\-*%&|^~@#]")
_SPACE = lazy(r"[ \t\r\n\f\v\u00a0\u2028\u2029\ufeff]+")
_REGEX_BEFORE = frozenset({"return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
                           "void", "throw", "instanceof", "yield", "await"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


@record
class _Tok:
    kind: str            # id | str | tpl | num | punct
    text: str            # the source text
    start: int
    end: int
    value: object = None  # decoded string (None for templates with ${…})


def _decode(body: str) -> str:
    """Decode the escapes of a JS string body (the common ones; others keep their character)."""
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u" and body[i + 2:i + 3] == "{":
            close = body.find("}", i + 3)
            try:
                out.append(chr(int(body[i + 3:close], 16)))
                i = close + 1
                continue
            except (ValueError, OverflowError):
                pass
        elif nxt == "u":
            try:
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            except ValueError:
                pass
        elif nxt == "x":
            try:
                out.append(chr(int(body[i + 2:i + 4], 16)))
                i += 4
                continue
            except ValueError:
                pass
        elif nxt == "\n":
            i += 2
            continue
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)


def tokenize(text: str) -> list[_Tok]:
    """Tokens of a JS/TS file; comments and regular expressions dropped. Never raises."""
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n and len(toks) < _MAX_TOKENS:
        ch = text[i]
        m = _SPACE.match(text, i)
        if m:
            i = m.end()
            continue
        if text.startswith("//", i) or (text.startswith("#!", i) and i == 0):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            if j < n and text[j] == ch:
                toks.append(_Tok("str", text[i:j + 1], i, j + 1, _decode(text[i + 1:j])))
                i = j + 1
            else:                        # unterminated (JSX text with an apostrophe…): skip the quote
                i += 1
            continue
        if ch == "`":
            j, plain = _template_end(text, i)
            toks.append(_Tok("tpl", text[i:j], i, j, _decode(text[i + 1:j - 1]) if plain else None))
            i = j
            continue
        if ch == "/" and _regex_allowed(toks):
            j = _regex_end(text, i)
            if j > i:
                i = j
                continue
        m = _IDENT.match(text, i)
        if m:
            toks.append(_Tok("id", m.group(), i, m.end()))
            i = m.end()
            continue
        if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            m = _NUMBER.match(text, i)
            if m and m.end() > i:
                toks.append(_Tok("num", m.group(), i, m.end()))
                i = m.end()
                continue
        m = _PUNCT.match(text, i)
        if m:
            toks.append(_Tok("punct", m.group(), i, m.end()))
            i = m.end()
            continue
        i += 1                            # anything else (stray backslash, unicode symbol)
    return toks


def _regex_allowed(toks: list[_Tok]) -> bool:
    if not toks:
        return True
    last = toks[-1]
    if last.kind == "punct":
        return last.text not in (")", "]", "}")
    return last.kind == "id" and last.text in _REGEX_BEFORE


def _regex_end(text: str, i: int) -> int:
    """End of a regular-expression literal at ``i`` (flags included), or ``i`` if it is not one."""
    j, n, in_class = i + 1, len(text), False
    while j < n:
        ch = text[j]
        if ch == "\n":
            return i
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            j += 1
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            return j
        j += 1
    return i


def _template_end(text: str, i: int) -> tuple[int, bool]:
    """End of the template literal starting at ``i`` and whether it has no ``${…}``."""
    j, n, plain = i + 1, len(text), True
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "`":
            return j + 1, plain
        if ch == "$" and j + 1 < n and text[j + 1] == "{":
            plain = False
            j = _skip_braces(text, j + 2)
            continue
        j += 1
    return n, plain


def _skip_braces(text: str, j: int) -> int:
    """Skip a ``${…}`` expression body (nested braces, strings and templates) and its ``}``."""
    depth, n = 1, len(text)
    while j < n and depth:
        ch = text[j]
        if ch in "'\"":
            k = j + 1
            while k < n and text[k] != ch and text[k] != "\n":
                k += 2 if text[k] == "\\" else 1
            j = k + 1
            continue
        if ch == "`":
            j, _ = _template_end(text, j)
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        j += 1
    return j


# ----------------------------------------------------------------------------- tables


_OPENAI = Ctor("openai-sdk", "openai", ("baseURL", "baseUrl"), ("apiKey",))
_ANTHROPIC = Ctor("anthropic-sdk", "anthropic", ("baseURL", "baseUrl"), ("apiKey", "authToken"))
_LC_OPENAI = Ctor("langchain-openai", "openai", ("baseURL", "configuration.baseURL", "configuration.baseUrl",
                                                  "configuration.basePath"),
                   ("apiKey", "openAIApiKey", "configuration.apiKey"), ("model", "modelName"),
                   params=True, api="chat.completions")
_V_OPENAI = Ctor("vercel-ai-openai", "openai", ("baseURL",), ("apiKey",), provider=True)
_V_COMPAT = Ctor("vercel-ai-openai-compatible", "openai", ("baseURL",), ("apiKey",), provider=True)
_V_ANTHROPIC = Ctor("vercel-ai-anthropic", "anthropic", ("baseURL",), ("apiKey", "authToken"), provider=True)

# local name -> constructor, for `new X(` (class) and `X(` (factory) forms.
_CLASSES = {"OpenAI": _OPENAI, "AzureOpenAI": _OPENAI, "Anthropic": _ANTHROPIC, "ChatOpenAI": _LC_OPENAI}
_FACTORIES = {"createOpenAI": _V_OPENAI, "createOpenAICompatible": _V_COMPAT, "createAnthropic": _V_ANTHROPIC}
# module -> what its default / namespace import is
_DEFAULT_EXPORTS = {"openai": _OPENAI, "@anthropic-ai/sdk": _ANTHROPIC}

_API_PATHS = API_CALLS + ((("fineTuning", "jobs", "create"), "fine-tuning", "fine-tuning"),)
# provider method -> api; a bare provider call `p("m")` is responses for createOpenAI (AI SDK 5+).
_PROVIDER_METHODS = {"chat": "chat.completions", "chatModel": "chat.completions",
                     "languageModel": None, "responses": "responses", "completion": "completions",
                     "textEmbeddingModel": "embeddings", "embedding": "embeddings",
                     "textEmbedding": "embeddings", "messages": "messages"}
_NOT_PARAMS = frozenset({"model", "messages", "input", "prompt", "system", "instructions", "signal",
                         "headers", "timeout", "tools_meta", "file", "files"})
_CTOR_PARAMS = frozenset({"temperature", "topP", "top_p", "n", "maxTokens", "max_tokens",
                          "maxCompletionTokens", "presencePenalty", "frequencyPenalty", "seed",
                          "stop", "streaming", "stream", "modelKwargs", "reasoningEffort"})


# ----------------------------------------------------------------------------- parsing


@record
class _Prop:
    name: str
    key: _Tok | None
    start: int            # token index range of the value
    end: int


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.toks = tokenize(doc.text)
        self.match = self._matching()
        self.decls: dict[str, list[tuple[int, int, int]]] = {}    # name -> [(tok index, start, end)]
        self.env_names: dict[str, tuple[str, int]] = {}           # const { X } = process.env
        self.imports: dict[str, tuple[str, str]] = {}              # local -> (module, imported)
        self.clients: dict[int, SdkClient] = {}                      # token index of the call -> client
        self.client_vars: dict[str, int] = {}                      # variable -> client token index

    # -- structure
    def _matching(self) -> dict[int, int]:
        """Index of the closing bracket for every opening one (unbalanced ones are left out)."""
        pairs = {")": "(", "]": "[", "}": "{"}
        stack: list[int] = []
        match: dict[int, int] = {}
        for idx, tok in enumerate(self.toks):
            if tok.kind != "punct":
                continue
            if tok.text in "([{":
                stack.append(idx)
            elif tok.text in pairs:
                while stack and self.toks[stack[-1]].text != pairs[tok.text]:
                    stack.pop()
                if stack:
                    match[stack.pop()] = idx
        return match

    def is_(self, idx: int, text: str, kind: str | None = None) -> bool:
        if not 0 <= idx < len(self.toks):
            return False
        tok = self.toks[idx]
        return tok.text == text and (kind is None or tok.kind == kind)

    def loc(self, start: int, end: int) -> Location:
        """Location of tokens [start, end)."""
        a = self.toks[start].start
        b = self.toks[max(end - 1, start)].end
        return span(self.doc.display, self.doc.text, a, b)

    def raw(self, start: int, end: int) -> str:
        return self.doc.text[self.toks[start].start:self.toks[max(end - 1, start)].end]

    def scan(self) -> None:
        """Imports, declarations and ``process.env`` destructuring."""
        toks = self.toks
        for idx, tok in enumerate(toks):
            if tok.kind != "id":
                continue
            if tok.text == "import" and not self.is_(idx + 1, "("):
                self._import(idx)
            elif tok.text in ("const", "let", "var"):
                self._declaration(idx + 1)
            elif tok.text == "require" and self.is_(idx + 1, "(") and idx + 2 < len(toks) \
                    and toks[idx + 2].kind == "str":
                self._require(idx)

    def _import(self, idx: int) -> None:
        # import X from "m" | import { A as B, C } from "m" | import * as N from "m"
        end = idx + 1
        while end < len(self.toks) and not (self.toks[end].kind == "str" and self.is_(end - 1, "from")):
            if self.is_(end, ";") or end - idx > 200:
                return
            end += 1
        if end >= len(self.toks):
            return
        module = str(self.toks[end].value)
        j = idx + 1
        if self.is_(j, "type"):
            return
        while j < end - 1:
            tok = self.toks[j]
            if tok.kind == "id" and tok.text not in ("from", "as", "type") and not self.is_(j - 1, "as") \
                    and not (self.is_(j + 1, "as")):
                inside = self._inside_braces(idx, j)
                self.imports[tok.text] = (module, tok.text if inside else "default")
            elif self.is_(j, "as") and j + 1 < end and self.toks[j + 1].kind == "id":
                original = self.toks[j - 1].text
                inside = self._inside_braces(idx, j)
                self.imports[self.toks[j + 1].text] = (module, original if inside and original != "*"
                                                       else "default")
            j += 1

    def _inside_braces(self, start: int, j: int) -> bool:
        depth = 0
        for k in range(start, j):
            if self.is_(k, "{"):
                depth += 1
            elif self.is_(k, "}"):
                depth -= 1
        return depth > 0

    def _require(self, idx: int) -> None:
        # const X = require("m") | const { A, B: C } = require("m")
        module = str(self.toks[idx + 2].value)
        k = idx - 1
        if not self.is_(k, "="):
            return
        k -= 1
        if k >= 0 and self.toks[k].kind == "id":
            self.imports[self.toks[k].text] = (module, "default")
        elif self.is_(k, "}"):
            opener = next((o for o, c in self.match.items() if c == k), None)
            if opener is not None:
                for name, local in self._destructured(opener, k):
                    self.imports[local] = (module, name)

    def _destructured(self, opener: int, closer: int) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        j = opener + 1
        while j < closer:
            tok = self.toks[j]
            if tok.kind == "id":
                if self.is_(j + 1, ":") and j + 2 < closer and self.toks[j + 2].kind == "id":
                    out.append((tok.text, self.toks[j + 2].text))
                    j += 3
                    continue
                out.append((tok.text, tok.text))
            j += 1
        return out

    def _declaration(self, idx: int) -> None:
        toks = self.toks
        if idx >= len(toks):
            return
        if toks[idx].kind == "id" and self.is_(idx + 1, "="):
            end = self._expr_end(idx + 2)
            self.decls.setdefault(toks[idx].text, []).append((idx, idx + 2, end))
            return
        if toks[idx].kind == "id" and self.is_(idx + 1, ":"):      # TS annotation: const x: string = …
            j = idx + 2
            while j < len(toks) and not self.is_(j, "=") and not self.is_(j, ";") and j - idx < 30:
                j = self.match.get(j, j) + 1
            if self.is_(j, "="):
                end = self._expr_end(j + 1)
                self.decls.setdefault(toks[idx].text, []).append((idx, j + 1, end))
            return
        if self.is_(idx, "{") and idx in self.match:
            closer = self.match[idx]
            if self.is_(closer + 1, "="):
                source = self._dotted_at(closer + 2)
                if source in ("process.env", "import.meta.env", "Bun.env"):
                    for name, local in self._destructured(idx, closer):
                        self.env_names[local] = (name, closer + 2)

    def _expr_end(self, start: int) -> int:
        """Token index just after an expression starting at ``start`` (stops at , ; ) ] } at depth 0)."""
        j = start
        toks = self.toks
        while j < len(toks):
            tok = toks[j]
            if tok.kind == "punct":
                if tok.text in (",", ";", ")", "]", "}"):
                    return j
                if tok.text in "([{":
                    j = self.match.get(j, len(toks) - 1) + 1
                    continue
            elif tok.kind == "id" and j > start and tok.text in ("const", "let", "var", "export",
                                                                  "function", "class", "import"):
                return j
            j += 1
        return j

    def _dotted_at(self, idx: int) -> str:
        parts: list[str] = []
        j = idx
        while j < len(self.toks) and self.toks[j].kind == "id":
            parts.append(self.toks[j].text)
            if self.is_(j + 1, ".") or self.is_(j + 1, "?."):
                j += 2
            else:
                break
        return ".".join(parts)

    # -- objects and values
    def props(self, opener: int) -> tuple[dict[str, _Prop], bool]:
        """Properties of the object literal at ``opener`` and whether a spread hides some."""
        closer = self.match.get(opener)
        out: dict[str, _Prop] = {}
        spread = False
        if closer is None:
            return out, True
        j = opener + 1
        while j < closer:
            tok = self.toks[j]
            if self.is_(j, "..."):
                spread = True
                j = self._expr_end(j + 1) + 1
                continue
            if tok.kind in ("id", "str", "num") and self.is_(j + 1, ":"):
                end = self._expr_end(j + 2)
                out[str(tok.value if tok.kind == "str" else tok.text)] = _Prop(str(tok.value or tok.text), tok,
                                                                               j + 2, end)
                j = end + 1
                continue
            if tok.kind == "id" and (self.is_(j + 1, ",") or j + 1 == closer):     # shorthand { apiKey }
                out[tok.text] = _Prop(tok.text, tok, j, j + 1)
                j += 2
                continue
            if self.is_(j, "["):                                                   # computed key
                j = self._expr_end(self.match.get(j, j) + 1) + 1
                continue
            j = self._expr_end(j) + 1                                              # methods, getters…
        return out, spread

    def value(self, start: int, end: int, depth: int = 0) -> Value | None:
        """The Value of the expression in tokens [start, end)."""
        toks = self.toks
        if start >= end or depth > _MAX_DEPTH:
            return None
        # TypeScript wrappers: x!, x as T, (x), String(x)
        if end - start >= 2 and self.is_(end - 1, "!"):
            return self.value(start, end - 1, depth + 1)
        cast = self._top_level(start + 1, end, ("as", "satisfies"), "id")
        if cast is not None:
            return self.value(start, cast, depth + 1)
        if self.is_(start, "(") and self.match.get(start) == end - 1:
            return self.value(start + 1, end - 1, depth + 1)
        if toks[start].kind == "id" and toks[start].text in ("String", "Number") and self.is_(start + 1, "(") \
                and self.match.get(start + 1) == end - 1:
            return self.value(start + 2, end - 1, depth + 1)
        # a || b, a ?? b
        split = self._top_level(start, end, ("||", "??"))
        if split is not None:
            left = self.value(start, split, depth + 1)
            right = self.value(split + 1, end, depth + 1)
            if left is None or (left.variable is None and left.value in ("", None) and not vk.is_dynamic(left)):
                return right
            if left.value is None:
                return vk.with_fallback(left, right)
            return left
        if end - start == 1:
            tok = toks[start]
            if tok.kind in ("str", "tpl"):
                if tok.value is None:
                    return vk.dynamic(self.loc(start, end), tok.text, "template literal")
                return vk.literal(tok.value, self.loc(start, end), tok.text)
            if tok.kind == "num":
                try:
                    number: float | int = int(tok.text.replace("_", "")) if tok.text.isdigit() \
                        else float(tok.text.replace("_", ""))
                except ValueError:
                    return vk.dynamic(self.loc(start, end), tok.text, "number")
                return vk.literal(number, self.loc(start, end), tok.text)
            if tok.kind == "id":
                if tok.text in ("true", "false"):
                    return vk.literal(tok.text == "true", self.loc(start, end), tok.text)
                if tok.text in ("null", "undefined"):
                    return None
                return self.name(tok.text, start, depth)
        env = self.env_reference(start, end)
        if env is not None:
            return env
        if self.is_(start, "{") and self.match.get(start) == end - 1:
            return vk.literal(self.plain_object(start, depth), self.loc(start, end), self.raw(start, end))
        if self.is_(start, "[") and self.match.get(start) == end - 1:
            return vk.dynamic(self.loc(start, end), self.raw(start, end), "array")
        return vk.dynamic(self.loc(start, end), self.raw(start, end), "expression")

    def plain_object(self, opener: int, depth: int) -> dict[str, object]:
        props, _ = self.props(opener)
        out: dict[str, object] = {}
        for name, prop in props.items():
            v = self.value(prop.start, prop.end, depth + 1)
            out[name] = None if v is None else v.value
        return out

    def _top_level(self, start: int, end: int, ops: tuple[str, ...], kind: str = "punct") -> int | None:
        """Index of the first of ``ops`` in [start, end) outside any brackets."""
        j = start
        while j < end:
            tok = self.toks[j]
            if tok.kind == kind and tok.text in ops:
                return j
            if tok.kind == "punct" and tok.text in "([{" and j in self.match:
                j = self.match[j] + 1
                continue
            j += 1
        return None

    def name(self, ident: str, at: int, depth: int) -> Value | None:
        if ident in self.env_names:
            variable, _ = self.env_names[ident]
            return vk.variable(variable, self.loc(at, at + 1), ident, via="destructured from the environment")
        decls = self.decls.get(ident)
        if decls:
            before = [d for d in decls if d[0] < at] or decls
            _, start, end = before[-1]
            resolved = self.value(start, end, depth + 1)
            if resolved is not None:
                return resolved
            return None
        return vk.dynamic(self.loc(at, at + 1), ident, f"name {ident}")

    def env_reference(self, start: int, end: int) -> Value | None:
        """process.env.X, process.env["X"], process.env?.X, import.meta.env.X, Bun.env.X, Deno.env.get("X")."""
        dotted = self._dotted_at(start)
        parts = dotted.split(".")
        for prefix in (["process", "env"], ["import", "meta", "env"], ["Bun", "env"]):
            n = len(prefix)
            if parts[:n] != prefix:
                continue
            if len(parts) == n + 1:
                # the dotted run covers exactly [start, end)?
                if self._ends_at(start, len(parts)) == end:
                    return vk.variable(parts[n], self.loc(start, end), self.raw(start, end))
            elif len(parts) == n:
                k = self._ends_at(start, n)
                if self.is_(k, "?.") and self.is_(k + 1, "["):
                    k += 1
                if self.is_(k, "[") and k + 2 < len(self.toks) and self.toks[k + 1].kind == "str" \
                        and self.match.get(k) == k + 2 and k + 3 == end:
                    return vk.variable(str(self.toks[k + 1].value), self.loc(start, end), self.raw(start, end))
        if parts[:3] == ["Deno", "env", "get"]:
            k = self._ends_at(start, 3)
            if self.is_(k, "(") and k + 1 < len(self.toks) and self.toks[k + 1].kind == "str" \
                    and self.match.get(k) == k + 2 and k + 3 == end:
                return vk.variable(str(self.toks[k + 1].value), self.loc(start, end), self.raw(start, end))
        return None

    def _ends_at(self, start: int, count: int) -> int:
        """Index after ``count`` dotted identifiers starting at ``start``."""
        return start + 2 * count - 1

    # -- matching
    def ctor_at(self, idx: int) -> tuple[Ctor, str, int] | None:
        """(constructor, label, index of its '(') when a client is built at token ``idx``."""
        toks = self.toks
        tok = toks[idx]
        if tok.kind != "id":
            return None
        if self.is_(idx - 1, "."):   # first: walking the chain from each of its links is quadratic
            return None
        is_new = self.is_(idx - 1, "new")
        j = idx
        names = [tok.text]
        while self.is_(j + 1, ".") and j + 2 < len(toks) and toks[j + 2].kind == "id":
            j += 2
            names.append(toks[j].text)
        paren = j + 1
        if self.is_(paren, "<"):                           # TS generics: new X<T>(…)
            k = paren
            while k < len(toks) and not self.is_(k, ">") and k - paren < 20:
                k += 1
            paren = k + 1
        if not self.is_(paren, "("):
            return None
        head, last = names[0], names[-1]
        imported = self.imports.get(head)
        if is_new:
            if len(names) == 1 and imported and imported[1] == "default":
                ctor = _DEFAULT_EXPORTS.get(imported[0])
                if ctor is None and imported[0].startswith("@langchain/") and head == "ChatOpenAI":
                    ctor = _LC_OPENAI
            elif imported and imported[1] == "default" and imported[0] in _DEFAULT_EXPORTS and len(names) == 2:
                # import OpenAI from "openai"; new OpenAI.AzureOpenAI(...) is rare; namespace imports:
                ctor = _CLASSES.get(last)
            else:
                ctor = _CLASSES.get(imported[1] if imported else last)
            if ctor is None:
                return None
            return ctor, last, paren
        ctor = _FACTORIES.get(imported[1] if imported and len(names) == 1 else last)
        if ctor is None:
            return None
        return ctor, last, paren

    def construct(self, ctor: Ctor, label: str, at: int, paren: int) -> SdkClient:
        close = self.match.get(paren, paren)
        client = SdkClient(ctor, label, self.loc(at, close + 1))
        if self.is_(paren + 1, "{"):
            props, spread = self.props(paren + 1)
            nested = {f"configuration.{k}": p for k, p in self._nested(props, "configuration").items()}
            props = {**props, **nested}
        elif paren + 1 < close:
            props, spread = {}, True
            resolved = self._object_of(paren + 1, close)
            if resolved is not None:
                props, spread = self.props(resolved)
        else:
            props, spread = {}, False
        client.base = self.first(props, ctor.base)
        client.key = vk.secret(self.first(props, ctor.key))
        model = self.first(props, ctor.model)
        if model is not None:
            client.models.append(model)
        if ctor.params:
            client.parameters = self.parameters(props, _CTOR_PARAMS)
        if ctor.api:
            client.settings["api"] = vk.literal(ctor.api, None, None)
        if label == "AzureOpenAI":
            client.settings["sdk_class"] = vk.literal("AzureOpenAI", client.origin, None)
        if ctor is _V_COMPAT or ctor is _V_OPENAI:
            name = self.first(props, ("name",))
            if name is not None:
                client.settings["provider"] = name
        if spread:
            client.notes.append(note("dynamic-arguments", "options of unknown shape"))
            if client.base is None:
                client.base = vk.dynamic(client.origin, self.raw(at, close + 1), "options of unknown shape")
            if client.key is None:
                client.key = vk.dynamic(client.origin, self.raw(at, close + 1), "options of unknown shape")
        return client

    def _nested(self, props: dict[str, _Prop], name: str) -> dict[str, _Prop]:
        prop = props.get(name)
        if prop is None or not self.is_(prop.start, "{"):
            return {}
        inner, _ = self.props(prop.start)
        return inner

    def _object_of(self, start: int, end: int) -> int | None:
        """``new OpenAI(config)`` with ``const config = {…}``: the opener of that object."""
        if end - start == 1 and self.toks[start].kind == "id":
            decls = self.decls.get(self.toks[start].text)
            if decls and self.is_(decls[-1][1], "{"):
                return decls[-1][1]
        return None

    def first(self, props: dict[str, _Prop], names: tuple[str, ...]) -> Value | None:
        for name in names:
            prop = props.get(name)
            if prop is not None:
                v = self.value(prop.start, prop.end)
                if v is not None:
                    return v
        return None

    def parameters(self, props: dict[str, _Prop], only: frozenset[str] | None) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for name, prop in props.items():
            if "." in name or (only is not None and name not in only) or (only is None and name in _NOT_PARAMS):
                continue
            if name in ("modelKwargs", "extra_body") and self.is_(prop.start, "{"):
                inner, _ = self.props(prop.start)
                for k, p in inner.items():
                    v = self.value(p.start, p.end)
                    if v is not None:
                        out.setdefault(k, replace(v, via=v.via or name))
                continue
            v = self.value(prop.start, prop.end)
            if v is not None:
                out.setdefault("stream" if name == "streaming" else name, v)
        return out

    def assigned_name(self, at: int) -> str | None:
        """``const client = new OpenAI(`` / ``this.client = …`` / ``client: new OpenAI(`` → the name."""
        j = at - 1
        if self.is_(j, "new"):
            j -= 1
        if self.is_(j, "await"):
            j -= 1
        if self.is_(j, "=") or self.is_(j, ":"):
            if self.is_(j - 2, ":") and j - 3 >= 0 and self.toks[j - 3].kind == "id":    # x: OpenAI = new …
                return self.toks[j - 3].text
            if j - 1 >= 0 and self.toks[j - 1].kind == "id":
                return self.toks[j - 1].text
        return None

    def run(self) -> list[Target]:
        self.scan()
        toks = self.toks
        for idx in range(len(toks)):
            found = self.ctor_at(idx)
            if found is None:
                continue
            ctor, label, paren = found
            client = self.construct(ctor, label, idx - (1 if self.is_(idx - 1, "new") else 0), paren)
            self.clients[idx] = client
            name = self.assigned_name(idx)
            if name:
                self.client_vars[name] = idx
        targets: list[Target] = []
        for idx in range(len(toks)):
            if toks[idx].kind != "id" or self.is_(idx - 1, "."):
                continue
            made = self.api_call(idx) or self.provider_call(idx)
            if made is not None:
                targets.append(made)
        for client in self.clients.values():
            if client.calls == 0:
                targets.append(self.target(client))
        targets.sort(key=lambda t: (t.origin.line, t.origin.column))
        return targets

    def receiver(self, idx: int) -> tuple[SdkClient | None, int]:
        """The client named at ``idx`` (``client`` or ``this.client``) and the index after it."""
        toks = self.toks
        if toks[idx].text == "this" and self.is_(idx + 1, ".") and idx + 2 < len(toks) and toks[idx + 2].kind == "id":
            name, nxt = toks[idx + 2].text, idx + 3
        else:
            name, nxt = toks[idx].text, idx + 1
        client_idx = self.client_vars.get(name)
        return (self.clients.get(client_idx) if client_idx is not None else None), nxt

    def api_call(self, idx: int) -> Target | None:
        client, j = self.receiver(idx)
        if client is None or client.ctor.provider:
            return None
        chain: list[str] = []
        while (self.is_(j, ".") or self.is_(j, "?.")) and j + 1 < len(self.toks) and self.toks[j + 1].kind == "id":
            chain.append(self.toks[j + 1].text)
            j += 2
        if not self.is_(j, "("):
            return None
        for path, api, feature in _API_PATHS:
            if tuple(chain) == path:
                break
        else:
            return None
        client.calls += 1
        close = self.match.get(j, j)
        target = self.target(client, origin=self.loc(idx, close + 1),
                             name=f"{self.doc.display}:{self.loc(idx, idx + 1).line} {client.label} "
                                  f"{'.'.join(chain)}")
        target.settings["api"] = vk.literal(api, self.loc(idx, j), None)
        if feature:
            target.features.append(vk.literal(feature, self.loc(idx, j), self.raw(idx, j)))
        opener = j + 1 if self.is_(j + 1, "{") else self._object_of(j + 1, close)
        if opener is not None:
            props, spread = self.props(opener)
            model = self.first(props, ("model",))
            if model is not None:
                target.models = [model]
            target.parameters = {**target.parameters, **self.parameters(props, None)}
            if spread:
                target.notes.append(note("dynamic-arguments", "options of unknown shape"))
        return target

    def provider_call(self, idx: int) -> Target | None:
        """``qwen("qwen-plus")`` / ``qwen.chat("qwen-plus")`` on a Vercel AI SDK provider."""
        client, j = self.receiver(idx)
        if client is None or not client.ctor.provider:
            return None
        method = None
        if self.is_(j, ".") and j + 1 < len(self.toks) and self.toks[j + 1].kind == "id":
            method = self.toks[j + 1].text
            if method not in _PROVIDER_METHODS:
                return None
            j += 2
        if not self.is_(j, "(") or j + 1 >= len(self.toks):
            return None
        close = self.match.get(j, j)
        model = self.value(j + 1, close) if close > j + 1 and not self.is_(j + 1, "{") else None
        if model is None:
            return None
        client.calls += 1
        target = self.target(client, origin=self.loc(idx, close + 1),
                             name=f"{self.doc.display}:{self.loc(idx, idx + 1).line} {client.label} "
                                  f"{self.raw(idx, j)}()")
        target.models = [model]
        api = _PROVIDER_METHODS.get(method) if method else None
        if api is None:
            if client.ctor is _V_OPENAI:
                api = "responses"        # AI SDK 5+: provider(id) is the Responses API
            elif client.ctor is _V_ANTHROPIC:
                api = "messages"
            else:
                api = "chat.completions"
        target.settings["api"] = vk.literal(api, self.loc(idx, j), None)
        return target

    def target(self, client: SdkClient, origin: Location | None = None, name: str | None = None) -> Target:
        return to_target(self.doc, client, origin=origin, name=name,
                         key_variable=client.key.variable if client.key is not None else None)


def read(doc: Document) -> ReadResult:
    """Targets of one JS/TS file. Never raises: a file the lexer cannot follow yields nothing."""
    from .jsconfigs import add_env

    result = ReadResult()
    try:
        reader = _Reader(doc)
        result.targets.extend(reader.run())
        add_env(reader, result)   # environments the code builds (process.env.X = …, spawn env objects)
    except RecursionError:      # pathological nesting: say nothing rather than guess
        pass
    return result
