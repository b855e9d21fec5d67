"""JavaScript / TypeScript source: SDK clients, read with a careful lexer (never executed).

This module is the reader (which files, the cheap relevance test, the registry entry); what it
finds and how values are followed is documented with the lexer and matcher in
:mod:`validator.sources.jslex`, imported only when a JS/TS file is actually read.
"""

from __future__ import annotations

import re

from .base import Document, ReadResult, suffix_of
from .markers import has_script_request

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path

_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})
_RELEVANT = r"(?i)openai|anthropic|dashscope|aliyuncs|qwen|bailian"


class JavaScriptReader:
    """JavaScript and TypeScript files: OpenAI / Anthropic / LangChain.js / Vercel AI SDK clients."""

    name = "javascript"

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        return suffix_of(name) in _SUFFIXES and not name.endswith((".min.js", ".d.ts"))

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None

    def read(self, doc: Document) -> ReadResult:
        from .jslex import read   # the lexer loads on the first JS/TS file only

        result = read(doc)
        if has_script_request(doc.text):   # fetch / axios calls
            from .langcode import script_requests

            result.targets.extend(script_requests(doc, "js"))
        return result


READER = JavaScriptReader()
