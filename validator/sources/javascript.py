"""JavaScript / TypeScript source: SDK clients, read with a careful lexer (never executed).

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

import re
from pathlib import Path

from .base import Document, ReadResult

_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})
_RELEVANT = r"(?i)openai|anthropic|dashscope|aliyuncs|qwen|bailian"


class JavaScriptReader:
    """JavaScript and TypeScript files: OpenAI / Anthropic / LangChain.js / Vercel AI SDK clients."""

    name = "javascript"

    def matches(self, path: Path) -> bool:
        return path.suffix in _SUFFIXES and not path.name.endswith((".min.js", ".d.ts"))

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None

    def read(self, doc: Document) -> ReadResult:
        from .jslex import read   # the lexer loads on the first JS/TS file only

        return read(doc)


READER = JavaScriptReader()
