"""Java, Kotlin, Go, C#, PHP and Rust source: SDK clients and raw HTTP requests, read with a
careful lexer (never executed).

This module is the reader (which files, the cheap relevance test, the registry entry); what is
matched is documented in :mod:`validator.sources.langcode`, imported only when such a file is
actually read (the lexer is :mod:`validator.sources.clex`).
"""

from __future__ import annotations


from validator.lazyre import lazy
from .base import Document, ReadResult

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path

SUFFIXES = (".java", ".kt", ".kts", ".go", ".cs", ".php", ".rs")
_RELEVANT = lazy(r"(?i)openai|anthropic|dashscope|aliyuncs|qwen|bailian|maas")


class SourceCodeReader:
    """Source files of the languages the Model Studio docs show besides Python and JS/TS."""

    name = "source-code"

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        return name.lower().endswith(SUFFIXES)

    def relevant(self, text: str) -> bool:
        return _RELEVANT.search(text) is not None

    def read(self, doc: Document) -> ReadResult:
        from .langcode import read   # the lexer and matchers load on the first such file only

        return read(doc)


READER = SourceCodeReader()
