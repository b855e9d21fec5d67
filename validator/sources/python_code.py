"""Python source code: SDK clients built in code, read with :mod:`ast` (never executed).

What it finds (config-formats.md §7, §6.8):

* constructors: ``OpenAI``/``AsyncOpenAI``/``AzureOpenAI`` (openai-sdk), ``Anthropic``
  (anthropic-sdk), LangChain ``ChatOpenAI`` (langchain-openai) and ``ChatTongyi``
  (langchain-tongyi), LlamaIndex ``OpenAILike`` and AutoGen ``OpenAIChatCompletionClient``
  (client ``unknown``, OpenAI protocol);
* the calls made with them: ``client.chat.completions.create(model=…, temperature=…,
  extra_body={"enable_thinking": …})``, ``responses.create``, ``embeddings.create``,
  ``messages.create``, ``batches.create`` (feature ``batch-inference``),
  ``fine_tuning.jobs.create`` (feature ``fine-tuning``);
* the DashScope SDK: ``dashscope.api_key = …``, ``dashscope.base_http_api_url = …`` and
  ``Generation.call`` / ``MultiModalConversation.call`` / ``TextEmbedding.call`` /
  ``Application.call`` (model as keyword or first positional argument);
* LiteLLM ``completion(model="dashscope/…", api_base=…, api_key=…)``;
* the module-level OpenAI client (``openai.base_url = …`` then ``openai.chat.completions.create``).

Values are followed where a reader can follow them without running code: module constants,
local assignments, function-parameter defaults, ``self.x = …`` attributes, ``**config`` dicts,
factory functions returning a client, ``os.getenv("X", default)`` / ``os.environ["X"]`` /
``os.environ.get`` (variable references with their fallback, for the linker), ``X or Y``,
f-strings of constants. Anything else is a *dynamic* value (``valuekit.dynamic``): known to be
set, not known to what, so rules neither guess nor assume the client's default.

One target per API call (so a model and the parameters sent with it stay together; the engine
dedupes findings on shared values), or one per client when the file makes no call with it.
Columns: ``ast`` gives UTF-8 byte offsets; locations here are character columns.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import Document, ReadResult

_RELEVANT = r"(?i)openai|anthropic|dashscope|tongyi|litellm|aliyuncs|autogen_ext"


class PythonCodeReader:
    """Python files (``*.py``): SDK clients and calls, read with ``ast`` (see :mod:`.pyast`)."""

    name = "python"

    def matches(self, path: Path) -> bool:
        return path.suffix in (".py", ".pyw")

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None

    def read(self, doc: Document) -> ReadResult:
        from .pyast import read   # the analysis (and ``ast``) load on the first Python file only

        return read(doc)


READER = PythonCodeReader()
