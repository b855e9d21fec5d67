"""``.http`` / ``.rest`` request files (VS Code REST Client, JetBrains HTTP Client): every
request is a raw HTTP target (see :func:`validator.sources.commands.http_file_requests`)."""

from __future__ import annotations


from validator.lazyre import lazy
from .base import Document, ReadResult

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path

_RELEVANT = lazy(r"(?i)dashscope|aliyuncs|qwen|bailian|maas|openai|anthropic")


class HttpFileReader:
    name = "http-file"

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        return name.lower().endswith((".http", ".rest"))

    def relevant(self, text: str) -> bool:
        return _RELEVANT.search(text) is not None

    def read(self, doc: Document) -> ReadResult:
        from .commands import http_file_requests

        result = ReadResult()
        result.targets = http_file_requests(doc, problems=result.problems)
        return result


READER = HttpFileReader()
