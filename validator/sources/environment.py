"""The process environment as bindings (scope ``process``), for ``msv diagnose``.

Only variables that can matter are taken: names a catalogue client reads (passed in as
``names``), names carrying a Model Studio word or a client family prefix, and any variable
whose *value* is a Model Studio URL or an ``sk-`` key. Everything else in the environment
(``PATH``, tokens for unrelated services…) is never looked at twice, never stored.
Keys become :class:`Secret` at once. Every binding is located at ``<environment>``.
"""

from __future__ import annotations

import os

from validator.lazyre import lazy
from validator.model import ENVIRONMENT, Binding, Location, Secret

from .base import EnvBlock, ReadResult
from .markers import is_key_name, is_modelstudio_url, looks_like_key

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable, Mapping

_FAMILIES = lazy(
    r"^(?:DASHSCOPE|BAILIAN|QWEN|ALIYUN|ALIBABA|MODELSTUDIO|TONGYI|OPENAI|ANTHROPIC|CLAUDE_CODE|LITELLM|AIDER|"
    r"SPRING_AI|AI_DASHSCOPE|LLM|CODEX)_"
)
LOCATION = Location(ENVIRONMENT)


def relevant_name(name: str, value: str, names: frozenset[str] | set[str]) -> bool:
    return name in names or _FAMILIES.match(name) is not None or is_modelstudio_url(value) or looks_like_key(value)


def read_environment(environ: Mapping[str, str] | None = None, names: Iterable[str] = ()) -> ReadResult:
    """Bindings and one block for the relevant part of ``environ`` (default ``os.environ``)."""
    env = os.environ if environ is None else environ
    wanted = frozenset(names)
    bindings: list[Binding] = []
    for name in sorted(env):
        value = env[name]
        if not relevant_name(name, value, wanted):
            continue
        stored: object = Secret(value) if (is_key_name(name) or looks_like_key(value)) else value
        bindings.append(Binding(name, stored, LOCATION, "process", None))
    result = ReadResult(bindings=bindings)
    if bindings:
        result.blocks.append(EnvBlock(None, LOCATION, list(bindings)))
    return result
