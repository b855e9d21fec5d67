"""Python source code: SDK clients built in code, read with :mod:`ast` (never executed).

This module is the reader (which files, the cheap relevance test, the registry entry); what it
finds and how values are followed is documented with the analysis in
:mod:`validator.sources.pyast`, imported only when a Python file is actually read.
"""

from __future__ import annotations

import re

from .base import Document, ReadResult, suffix_of
from .markers import has_script_request

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path

_RELEVANT = r"(?i)openai|anthropic|dashscope|tongyi|litellm|aliyuncs|autogen|qwen|bailian|model_server|crewai|agentscope"


class PythonCodeReader:
    """Python files (``*.py``): SDK clients and calls, read with ``ast`` (see :mod:`.pyast`)."""

    name = "python"

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        return suffix_of(name) in (".py", ".pyw")

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None

    def read(self, doc: Document) -> ReadResult:
        from .pyast import read   # the analysis (and ``ast``) load on the first Python file only
        from .pyconfigs import add_configs

        result = read(doc, (add_configs,))
        if has_script_request(doc.text):   # requests / httpx / aiohttp calls
            from .langcode import script_requests

            result.targets.extend(script_requests(doc, "python"))
        return result


READER = PythonCodeReader()
