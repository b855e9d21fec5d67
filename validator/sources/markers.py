"""Cheap tests that decide whether a file or a value can matter to Model Studio at all.

The walk runs :data:`MARKERS` over the raw bytes of every candidate file *before* decoding or
parsing it: a file without any of these words cannot hold a Model Studio configuration, so a
10,000-file tree costs one regular-expression scan per file and nothing more. The list is
deliberately generous (``sk-``, ``OPENAI_``…): a false positive costs one parse, a false
negative hides a finding. ``openai``/``anthropic`` are in it because a bare ``OpenAI()`` reads
``OPENAI_BASE_URL`` from a ``.env`` that may point at Model Studio.

The value tests (:func:`is_modelstudio_url`, :func:`looks_like_key`) are shape tests used by
the readers and the literal scanner; what a URL *means* is the catalogue's job
(``catalogue.resolve``), never this module's.
"""

from __future__ import annotations

import re

from validator.wordtrie import trie_pattern

from .lazyre import lazy

# Words whose presence makes a file worth parsing (case-insensitive, on bytes).
MARKER_WORDS = (
    "dashscope", "aliyuncs", "bailian", "qwen", "modelstudio", "model_studio", "model-studio",
    "tongyi", "alibaba", "aliyun", "maas", "sk-", "anthropic", "openai", "model_provider",
    "litellm", "api_key_env", "envkey", "env_key", "apikey", "api_key", "base_url", "baseurl",
    "api_base",
)


# Case-sensitive on lower-cased bytes: ``bytes.lower()`` + a trie pattern is ~20x faster than an
# IGNORECASE alternation on large inputs. Use :func:`has_marker`, not the pattern directly.
_MARKERS_LOWER = lazy(trie_pattern(sorted({w.lower() for w in MARKER_WORDS})).encode())


class _Markers:
    """``MARKERS.search(data)`` for bytes or str, case-insensitive (kept pattern-like for callers)."""

    def search(self, data: bytes | str) -> "re.Match[bytes] | None":
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        return _MARKERS_LOWER.search(data.lower())


MARKERS = _Markers()

# Words that tie a file to Model Studio specifically (used where the generic markers are too
# wide, e.g. to decide whether a foreign-looking ``sk-`` key in a file is worth a target).
MODELSTUDIO_WORDS = lazy(
    r"dashscope|aliyuncs|bailian|qwen|modelstudio|model[-_ ]studio|tongyi|百炼|通义|maas\.aliyun",
    re.IGNORECASE,
)

# A Model Studio host: the shared DashScope domains, workspace/trial/token-plan maas hosts,
# the Coding Plan hosts. Anchored on the host part of a URL.
_MS_HOST = (r"(?:[a-z0-9_{}-]+\.)*(?:[a-z0-9-]*dashscope[a-z0-9-]*(?:\.[a-z0-9-]+)+"
            r"|[a-z0-9-]+\.maas\.aliyuncs\.com)")
MS_URL = lazy(
    r"(?:https?|wss?)://" + _MS_HOST + r"(?::\d+)?(?:/[A-Za-z0-9\-._~:/?#@!$&*+=%{}]*)?",
    re.IGNORECASE,
)
MS_HOST = lazy(r"(?<![A-Za-z0-9.-])" + _MS_HOST + r"(?![A-Za-z0-9-])", re.IGNORECASE)

# Key shapes. Model Studio: sk- + 32 hex (pay-as-you-go), sk-sp-… (Coding / Token Plan),
# sk-ws-… (workspace-scoped). Generic: any sk-… long enough to be a real key.
MS_KEY = lazy(
    r"(?<![A-Za-z0-9_\-])(?:sk-[0-9a-f]{32}|sk-sp-[A-Za-z0-9_\-.]{16,}|sk-ws-[A-Za-z0-9_\-.]{16,})(?![A-Za-z0-9_\-])"
)
ANY_KEY = lazy(r"(?<![A-Za-z0-9_\-])sk-[A-Za-z0-9_\-.]{16,}(?![A-Za-z0-9_\-])")

_KEY_NAME = lazy(
    r"(?:^|_)(?:API_?KEY|KEY|AUTH_?TOKEN|TOKEN|SECRET|ACCESS_?KEY|APIKEY)$|^(?:API_?KEY|APIKEY)",
    re.IGNORECASE,
)


def has_marker(data: bytes | str) -> bool:
    """Can this text matter at all? (One regex scan; no decoding needed for bytes.)"""
    return MARKERS.search(data) is not None


def is_modelstudio_url(text: object) -> bool:
    """A URL (or bare host) whose host is a Model Studio host family."""
    if not isinstance(text, str):
        return False
    s = text.strip().strip("'\"")
    return MS_URL.match(s) is not None or MS_HOST.fullmatch(s) is not None


def looks_like_key(text: object, *, modelstudio_only: bool = False) -> bool:
    """A string shaped like an API key (``sk-…``); placeholders such as ``sk-xxx`` are not."""
    if not isinstance(text, str):
        return False
    s = text.strip().strip("'\"")
    if s.lower().startswith("bearer "):
        s = s[7:].strip()
    pattern = MS_KEY if modelstudio_only else ANY_KEY
    if pattern.fullmatch(s) is None:
        return False
    body = s.split("-", 2)[-1]
    return len(set(body.lower())) > 4  # sk-xxxxxxxxxxxxxxxxxxxx is a placeholder, not a key


def is_key_name(name: str) -> bool:
    """Does this variable (or field) name hold a secret? ``DASHSCOPE_API_KEY``, ``ANTHROPIC_AUTH_TOKEN``…

    ``api_key_env``/``envKey``-style names hold a variable *name*, not a key, and are excluded.
    """
    n = name.strip()
    if re.search(r"(?:_ENV|ENV_?KEY|_VAR|_NAME|_FILE|_PATH|_URL|_BASE|_HEADER)$", n, re.IGNORECASE):
        return False
    return _KEY_NAME.search(n) is not None


# Variable names of the clients Model Studio users configure from code (environment dicts,
# ``os.environ[...] =``, ``process.env.X =``): the code readers' cheap test for "an environment".
ENV_NAME = re.compile(r"^(?:ANTHROPIC|OPENAI|DASHSCOPE|QWEN|BAILIAN|CLAUDE_CODE|AIDER|LITELLM)_[A-Z0-9_]+$")
