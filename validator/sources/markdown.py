"""Markdown code fences: the curl / wget / HTTPie commands, HTTP requests and Java, Kotlin, Go,
C#, PHP and Rust SDK code a README or a doc page shows are targets like the same code in a
file (see :func:`validator.sources.commands.markdown_requests`). Prose is left to the
loose-literal scan, as before."""

from __future__ import annotations

import re
from pathlib import Path

from .base import Document, ReadResult

_RELEVANT = re.compile(r"(?i)dashscope|aliyuncs|qwen|bailian|maas")


class MarkdownReader:
    name = "markdown"

    def matches(self, path: Path) -> bool:
        return path.name.lower().endswith((".md", ".mdx", ".markdown"))

    def relevant(self, text: str) -> bool:
        return "```" in text or "~~~" in text

    def read(self, doc: Document) -> ReadResult:
        if _RELEVANT.search(doc.text) is None:
            return ReadResult()
        from .commands import markdown_requests

        return ReadResult(targets=markdown_requests(doc))


READER = MarkdownReader()
