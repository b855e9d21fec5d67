"""One careful lexer for the C-family languages msv reads without executing: Java, Kotlin, Go,
C#, PHP and Rust (see :mod:`validator.sources.langcode` for what is matched on the tokens).

Why a lexer and not tree-sitter grammars: what msv needs from these files is small and regular
(a builder chain, a constructor with options, a string assigned to a name, a request URL), the
lexer costs ~1 ms to import against ~20 ms for ``tree_sitter`` plus one grammar, and it never
fails on a file that does not compile — measured and recorded in docs/architecture.md.

Strings keep their exact span (quotes included) and their decoded text; comments are dropped;
interpolated strings (Kotlin ``"$x"``, PHP ``"… $apiKey"``, C# ``$"{x}"``) keep the names they
interpolate in ``parts``. The lexer never raises and stops at :data:`MAX_TOKENS`.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy

MAX_TOKENS = 100_000   # see validator/limits.py

_IDENT = lazy(r"\$?[A-Za-z_][\w$]*")
_NUMBER = lazy(r"(?:0[xXbBoO][0-9a-fA-F_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)[fFdDlLmMuU]*")
_PUNCT = lazy(r"\?->|->|=>|::|:=|===|!==|==|!=|\?\?|\?\.|&&|\|\||\.=|\+=|<<|>>|[{}()\[\];,.:?=!<>+\-*/%&|^~@#\\]")
_SPACE = lazy(r"\s+")
_INTERP = {   # compiled on first use: a Java file never pays for the PHP pattern
    "python": lazy(r"\{([A-Za-z_]\w*)[^{}]*\}"),
    "js": lazy(r"\$\{\s*([A-Za-z_$][\w$.]*)\s*\}"),
    "php": lazy(r"\{?\$([A-Za-z_]\w*)"),
    "kotlin": lazy(r"\$\{?([A-Za-z_]\w*)"),
    "csharp": lazy(r"\{([A-Za-z_]\w*)"),
}
_PHP_OPEN = lazy(r"<\?(?:php\b|=)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "v": "\v"}
_SUFFIX_LANG = {".java": "java", ".kt": "kotlin", ".kts": "kotlin", ".go": "go", ".cs": "csharp",
                ".php": "php", ".rs": "rust"}


class Tok:
    """A token: kind is ``id`` | ``str`` | ``num`` | ``punct`` | ``eof`` (one, last); ``value`` is a
    string's text."""

    __slots__ = ("kind", "text", "start", "end", "value", "parts", "match")

    def __init__(self, kind: str, text: str, start: int, end: int, value: str | None = None,
                 parts: tuple[str, ...] = ()) -> None:
        self.kind, self.text, self.start, self.end, self.value, self.parts = kind, text, start, end, value, parts
        self.match = -1   # index of the closing bracket (openers only), set by :func:`tokenize`

    def __repr__(self) -> str:   # pragma: no cover - debugging aid
        return f"Tok({self.kind}, {self.text!r})"


def language_of(suffix: str) -> str | None:
    return _SUFFIX_LANG.get(suffix.lower())


def _decode(body: str, lang: str, single: bool = False) -> str:
    if "\\" not in body:
        return body
    if lang == "php" and single:
        return body.replace("\\'", "'").replace("\\\\", "\\")
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u" and body[i + 2:i + 6].isalnum():
            try:
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            except ValueError:
                pass
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)


def _quoted_end(text: str, i: int, quote: str, escapes: bool = True, doubled: bool = False,
                multiline: bool = False, memo: dict | None = None) -> int:
    """Index just past the closing ``quote`` of a string starting at ``i`` (the opening quote),
    or -1 when the line ends first (single-line strings) / the file ends.

    ``memo``: where earlier searches failed. A search that found no closing quote from an
    earlier opener walked through every later opener of the same quote before the point it
    stopped (an escaped quote is skipped with its backslash, so the walk resumes right after
    it, exactly where a search from that quote starts): those fail too, without a new walk. So a
    line of ``"\\"\\"…`` costs one walk, not one per quote."""
    j, n = i + 1, len(text)
    single = not (doubled or multiline or quote == "`")
    key = (quote, escapes, single)
    if memo is not None and not doubled and i < memo.get(key, -1):
        return -1
    while j < n:
        ch = text[j]
        if escapes and ch == "\\":
            j += 2
            continue
        if ch == quote:
            if doubled and text.startswith(quote, j + 1):
                j += 2
                continue
            return j + 1
        if ch == "\n" and single:
            break
        j += 1
    if memo is not None and not doubled:
        memo[key] = j
    return -1


def _block_end(text: str, i: int, close: str, escapes: bool) -> int:
    """Index of ``close`` (a text block's ``\"\"\"``) after ``i``, skipping ``\\\"\"\"`` when the
    language has escapes in text blocks (Java); -1 when the file ends first."""
    j = text.find(close, i)
    while escapes and j > 0:
        k = j
        while k > i and text[k - 1] == "\\":
            k -= 1
        if (j - k) % 2 == 0:
            return j
        j = text.find(close, j + 1)
    return j


def _string(text: str, i: int, lang: str, absent: dict | None = None) -> tuple[int, str, str, bool] | None:
    """(end, body, raw kind, interpolated) of a string literal at ``i``, or None. ``absent``:
    closing delimiters already known not to occur again (looked for once, not once per opener)."""
    absent = {} if absent is None else absent
    ch = text[i]
    if lang == "python":
        return _python_string(text, i, absent)
    if ch == "`" and lang == "js":
        j = _quoted_end(text, i, "`", memo=absent)
        if j < 0:
            return None
        body = text[i + 1:j - 1]
        return j, _decode(body, lang), "template", "${" in body
    if ch == "'" and lang == "js":
        j = _quoted_end(text, i, "'", memo=absent)
        return None if j < 0 else (j, _decode(text[i + 1:j - 1], lang), "single", False)
    if text.startswith('"""', i) and lang == "csharp":
        return _raw_csharp(text, i, i, absent)
    if ch == "$" and lang == "csharp" and text.startswith('"""', _after_dollars(text, i)):
        return _raw_csharp(text, i, _after_dollars(text, i), absent)   # $"""…{x}…""" / $$"""…{{x}}…"""
    if text.startswith('"""', i) and lang in ("java", "kotlin"):
        j = -1 if '"""' in absent else _block_end(text, i + 3, '"""', escapes=lang == "java")
        if j < 0:
            absent['"""'] = 0
            return None
        body = text[i + 3:j]
        return j + 3, body if lang == "kotlin" else _decode(body, lang), "text-block", lang == "kotlin" and "$" in body
    if ch == "@" and lang == "csharp" and text.startswith('$"', i + 1):   # @$"…": verbatim, interpolated
        j = _quoted_end(text, i + 2, '"', escapes=False, doubled=True)
        return None if j < 0 else (j, text[i + 3:j - 1], "interpolated", True)
    if ch == "@" and lang == "csharp" and text.startswith('"', i + 1):
        j = _quoted_end(text, i + 1, '"', escapes=False, doubled=True)
        return None if j < 0 else (j, text[i + 2:j - 1].replace('""', '"'), "verbatim", False)
    if ch == "$" and lang == "csharp" and text[i + 1:i + 2] in ('"', "@"):
        k = i + 2 if text[i + 1] == "@" else i + 1
        verbatim = text[i + 1] == "@"
        j = _quoted_end(text, k, '"', escapes=not verbatim, doubled=verbatim, memo=absent)
        return None if j < 0 else (j, text[k + 1:j - 1], "interpolated", True)
    if ch == "r" and lang == "rust" and text[i + 1:i + 2] in ('"', "#"):
        m = re.match(r'r(#*)"', text[i:i + 40])
        if m is None:
            return None
        close = '"' + m.group(1)
        j = -1 if close in absent else text.find(close, i + m.end())
        if j < 0:
            absent[close] = 0
        return None if j < 0 else (j + len(close), text[i + m.end():j], "raw", False)
    if ch == "`" and lang == "go":
        j = text.find("`", i + 1)
        return None if j < 0 else (j + 1, text[i + 1:j], "raw", False)
    if ch == '"':
        j = _quoted_end(text, i, '"', multiline=lang in _MULTILINE, memo=absent)
        if j < 0:
            return None
        body = text[i + 1:j - 1]
        interp = lang in ("php", "kotlin") and "$" in body
        return j, _decode(body, lang), "plain", interp
    if ch == "'":
        j = _quoted_end(text, i, "'", multiline=lang == "php", memo=absent)
        if j < 0 or (lang != "php" and j - i > 8):   # a char literal (or a Rust lifetime): not a string
            return None
        return j, _decode(text[i + 1:j - 1], lang, single=True), "single", False
    return None


_MULTILINE = ("php", "rust")   # their plain strings may span lines


def _after_dollars(text: str, i: int) -> int:
    j = i
    while j < len(text) and j - i < 8 and text[j] == "$":
        j += 1
    return j


def _raw_csharp(text: str, i: int, q: int, absent: dict) -> tuple[int, str, str, bool] | None:
    """A C# 11 raw string at ``i`` (its quotes start at ``q``, after any ``$``): as many quotes
    close it as opened it."""
    run = q
    while run < len(text) and text[run] == '"' and run - q <= 16:
        run += 1
    width = run - q
    close = '"' * width
    j = -1 if width > 16 or close in absent else text.find(close, run)
    if j < 0:
        absent[close] = 0
        return None
    return j + width, text[run:j], "raw", q > i


def unclosed(text: str, i: int, lang: str) -> str | None:
    """What is left open at ``i``, where the lexer found no end of a string (None: nothing it
    can be sure of, e.g. a Rust lifetime's ``'``)."""
    ch = text[i]
    if lang == "csharp" and text.startswith('"""', _after_dollars(text, i) if ch == "$" else i):
        return "a raw string (\"\"\") opened here is never closed"
    if text.startswith('"""', i) and lang in ("java", "kotlin"):
        return "a text block (\"\"\") opened here is never closed"
    if ch == "@" and lang == "csharp" and text[i + 1:i + 2] in ('"', "$"):
        return "a verbatim string (@\"…\") opened here is never closed"
    if ch == "r" and lang == "rust":
        return "a raw string (r\"…\") opened here is never closed" if re.match(r'r#*"', text[i:i + 40]) else None
    if ch == "`" and lang == "go":
        return "a raw string (`…`) opened here is never closed"
    if (ch == '"' or (ch == "$" and lang == "csharp" and text[i + 1:i + 2] == '"')) \
            and lang in ("java", "kotlin", "go", "csharp"):
        return "a string opened here is not closed on its line"
    if ch == '"' or (ch == "'" and lang == "php"):
        return "a string opened here is never closed"
    return None


_PY_PREFIX = lazy(r'([rRbBuUfF]{0,2})(\'\'\'|"""|\'|")')


def _python_string(text: str, i: int, memo: dict | None = None) -> tuple[int, str, str, bool] | None:
    m = _PY_PREFIX.match(text, i)
    if m is None:
        return None
    prefix, quote = m.group(1).lower(), m.group(2)
    start = m.end()
    if len(quote) == 3:
        j = text.find(quote, start)
        if j < 0:
            return None
        end, body = j + 3, text[start:j]
    else:
        j = _quoted_end(text, m.end() - 1, quote, escapes="r" not in prefix, memo=memo)
        if j < 0:
            return None
        end, body = j, text[start:j - 1]
    if "r" not in prefix:
        body = _decode(body, "python")
    return end, body, "plain", "f" in prefix and "{" in body


def tokenize(text: str, lang: str, problems: list[tuple[int, str]] | None = None) -> list[Tok]:
    """Tokens of a source file in ``lang``; comments dropped. Never raises.

    ``problems``, when given, receives (offset, what) for what makes the file unreadable to the
    end: the first string, text block or comment never closed, then the brackets that do not
    pair (see :func:`_pair`). PHP outside ``<?php … ?>`` is HTML: skipped, never lexed."""
    toks: list[Tok] = []
    i, n = 0, len(text)
    hash_comment = lang in ("php", "python")
    interp = _INTERP.get(lang)
    php_open = _PHP_OPEN if lang == "php" else None
    if php_open is not None:
        first = php_open.search(text)
        i = first.end() if first else 0   # a fragment without an opening tag: all of it is PHP
    stuck = problems is None   # one unclosed string or comment is enough to say
    absent: dict = {}   # closing delimiters that do not occur again, quotes that close nothing (see _string)
    while i < n and len(toks) < MAX_TOKENS:
        ch = text[i]
        if ch.isspace():
            m = _SPACE.match(text, i)
            i = m.end() if m else i + 1
            continue
        if php_open is not None and text.startswith("?>", i):
            nxt = php_open.search(text, i + 2)   # back to HTML until the next <?php / <?=
            toks.append(Tok("punct", ";", i, i + 2))   # ?> ends a statement
            i = nxt.end() if nxt else n
            continue
        if text.startswith("//", i) or (hash_comment and ch == "#" and not text.startswith("#[", i)):
            j = text.find("\n", i)
            if php_open is not None:
                k = text.find("?>", i, n if j < 0 else j)   # a PHP line comment ends at ?> too
                j = k if k >= 0 else j
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0 and not stuck:
                problems.append((i, "a /* comment opened here is never closed"))   # type: ignore[union-attr]
                stuck = True
            i = n if j < 0 else j + 2
            continue
        if lang == "php" and text.startswith("<<<", i):
            m = re.match(r"<<<[ \t]*(['\"]?)([A-Za-z_]\w*)\1\r?\n", text[i:i + 80])
            if m:
                label = m.group(2)
                end = None if label in absent else \
                    re.compile(r"^[ \t]*" + re.escape(label) + r"\b", re.M).search(text, i + m.end())
                if end is None:
                    absent[label] = 0
                if end:
                    body = text[i + m.end():end.start()].rstrip("\r\n")
                    parts = tuple(interp.findall(body)) if interp and m.group(1) != "'" else ()
                    toks.append(Tok("str", text[i:end.end()], i, end.end(), body, parts))
                    i = end.end()
                    continue
                if not stuck:
                    problems.append((i, f"a heredoc (<<<{label}) opened here is never closed"))  # type: ignore[union-attr]
                    stuck = True
        if ch in "\"'`@$r" or (lang == "python" and ch in "rRbBuUfF"):
            s = _string(text, i, lang, absent) if (ch not in "@$rRbBuUfF" or i + 1 < n) else None
            if s is not None:
                end, body, _kind, interpolated = s
                parts = tuple(interp.findall(body)) if interpolated and interp else ()
                toks.append(Tok("str", text[i:end], i, end, None if interpolated and parts
                                and lang not in ("php", "python", "js") else body, parts))
                i = end
                continue
            if not stuck and (ch in "\"'`" or text[i + 1:i + 2] in ('"', "#", "$")):
                what = unclosed(text, i, lang)
                if what is not None:
                    problems.append((i, what))   # type: ignore[union-attr]
                    stuck = True
            if ch in "\"'`":
                i += 1          # an unterminated quote: skip it
                continue
        m = _IDENT.match(text, i)
        if m:
            toks.append(Tok("id", m.group(), i, m.end()))
            i = m.end()
            continue
        if ch.isdigit():
            m = _NUMBER.match(text, i)
            if m:
                toks.append(Tok("num", m.group(), i, m.end()))
                i = m.end()
                continue
        m = _PUNCT.match(text, i)
        if m:
            toks.append(Tok("punct", m.group(), i, m.end()))
            i = m.end()
            continue
        i += 1
    full = len(toks) < MAX_TOKENS
    toks.append(Tok("eof", "", n, n))   # a sentinel: an unclosed bracket "closes" here, never past the end
    # C# #if/#else may hold two openings of one block: its brackets are not judged
    _pair(toks, problems if full and not (lang == "csharp" and "#if" in text) else None)
    return toks


_PAIRS = {")": "(", "]": "[", "}": "{"}


def _pair(toks: list[Tok], problems: list[tuple[int, str]] | None = None) -> None:
    """Set every opener's ``match`` in one pass (a stack), so finding a closing bracket is O(1)
    and nothing is quadratic on deeply nested input. An unclosed opener matches ``len(toks)``.

    ``problems`` receives the first bracket that does not pair: a closer with nothing open, a
    closer of another kind than the opener, or else the innermost opener never closed."""
    stack: list[int] = []
    bad: tuple[int, str] | None = None
    for j, t in enumerate(toks):
        if t.kind != "punct":
            continue
        if t.text in ("(", "[", "{"):
            stack.append(j)
        elif t.text in (")", "]", "}"):
            if not stack:
                bad = bad or (t.start, f"`{t.text}` here closes nothing")
                continue
            opener = stack.pop()
            toks[opener].match = j
            if bad is None and toks[opener].text != _PAIRS[t.text]:
                bad = (t.start, f"`{t.text}` here does not close the `{toks[opener].text}` open before it")
    for j in stack:
        toks[j].match = len(toks) - 1
    if problems is not None:
        if bad is None and stack:
            bad = (toks[stack[-1]].start, f"`{toks[stack[-1]].text}` opened here is never closed")
        if bad is not None:
            problems.append(bad)


def matching(toks: list[Tok], i: int) -> int:
    """Index of the bracket closing the one at ``i`` (the final ``eof`` token when unbalanced)."""
    t = toks[i]
    if t.kind != "punct" or t.text not in ("(", "[", "{"):
        return i
    return t.match if t.match >= 0 else len(toks) - 1


def split_args(toks: list[Tok], open_i: int) -> list[tuple[int, int]]:
    """(start, end) token ranges of the comma-separated items inside the bracket at ``open_i``."""
    close = matching(toks, open_i)
    out: list[tuple[int, int]] = []
    start = open_i + 1
    j = open_i + 1
    while j < close:
        t = toks[j]
        if t.kind == "punct":
            if t.text in ("(", "[", "{"):
                j = matching(toks, j) + 1   # nested brackets are skipped whole: linear overall
                continue
            if t.text == "," :
                if j > start:
                    out.append((start, j))
                start = j + 1
        j += 1
    if close > start:
        out.append((start, min(close, len(toks))))
    return out
