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

from validator.lazyre import lazy
from validator.wordtrie import trie_pattern

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterator

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
        return _MARKERS_LOWER.compiled().search(data.lower())   # once per walked file: no proxy call


MARKERS = _Markers()

# Words that tie a file to Model Studio specifically (used where the generic markers are too
# wide, e.g. to decide whether a foreign-looking ``sk-`` key in a file is worth a target).
MODELSTUDIO_WORDS = lazy(
    r"dashscope|aliyuncs|bailian|qwen|modelstudio|model[-_ ]studio|tongyi|百炼|通义|maas\.aliyun",
    re.IGNORECASE,
)

# A Model Studio host: the shared DashScope domains, workspace/trial/token-plan maas hosts,
# the Coding Plan hosts. As one regex, ``(?:[a-z0-9_{}-]+\.)*(?:[a-z0-9-]*dashscope[a-z0-9-]*
# (?:\.[a-z0-9-]+)+|[a-z0-9-]+\.maas\.aliyuncs\.com)`` backtracks quadratically on a label that
# repeats ``dashscope`` (180 KB of one README line: over a minute). So the URL is found by a
# regex with one character class per part (linear: each part ends at a character the next
# cannot start with), and the host is tested label by label in :func:`_ms_host_end` (linear).
_HOST_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-"
_URL_HEAD = lazy(r"(?:https?|wss?)://([A-Za-z0-9_{}.\-]+)", re.IGNORECASE)
_URL_TAIL = lazy(r"(?::\d+)?(?:/[A-Za-z0-9\-._~:/?#@!$&*+=%{}]*)?")
_LABEL_OK = frozenset(_HOST_CHARS)


def _plain_prefix(label: str) -> int:
    """How many leading characters of ``label`` are ``[a-z0-9-]``."""
    for i, ch in enumerate(label):
        if ch not in _LABEL_OK:
            return i
    return len(label)


def _ms_host_ends(host: str) -> list[int]:
    """Where the Model Studio host regex (above) could end in ``host`` (lower case, host
    characters only), best (the regex's own choice) first; empty when it cannot match."""
    labels = host.split(".")
    starts, pos = [], 0
    for label in labels:
        starts.append(pos)
        pos += len(label) + 1
    plain = [_plain_prefix(label) for label in labels]
    # reach[k]: where ``(?:\.[a-z0-9-]+)+`` starting before label k ends (-1: cannot start)
    reach = [-1] * (len(labels) + 1)
    for k in range(len(labels) - 1, -1, -1):
        if plain[k] == 0:
            continue
        whole = plain[k] == len(labels[k])
        reach[k] = reach[k + 1] if whole and reach[k + 1] >= 0 else starts[k] + plain[k]
    ends: list[int] = []
    # prefix labels: whole, non-empty (``[a-z0-9_{}-]+\.``); the regex tries the most first
    top = 0
    while top < len(labels) - 1 and labels[top]:
        top += 1
    for i in range(top, -1, -1):
        label = labels[i]
        if not label or plain[i] != len(label):
            continue
        if "dashscope" in label and i + 1 < len(labels) and reach[i + 1] >= 0:
            ends.append(reach[i + 1])
        if host.startswith(".maas.aliyuncs.com", starts[i] + len(label)):
            ends.append(starts[i] + len(label) + len(".maas.aliyuncs.com"))
    return ends


class _Match:
    __slots__ = ("_start", "_text")

    def __init__(self, start: int, text: str) -> None:
        self._start, self._text = start, text

    def start(self) -> int:
        return self._start

    def group(self, index: int = 0) -> str:
        return self._text


class _MsUrl:
    """``finditer``/``match`` of Model Studio URLs, linear in the text (see above)."""

    def _at(self, text: str, m: Any) -> _Match | None:
        ends = _ms_host_ends(m.group(1).lower())
        if not ends:
            return None
        end = m.start(1) + ends[0]
        tail = _URL_TAIL.match(text, end)
        return _Match(m.start(), text[m.start():tail.end() if tail else end])

    def finditer(self, text: str) -> Iterator[_Match]:
        # A failed head is retried one character on, like a regex would; a scheme inside a
        # failed head's host run cannot end it (``:`` is not a host character), so each part
        # of the text is scanned a bounded number of times.
        pos = 0
        while True:
            m = _URL_HEAD.search(text, pos)
            if m is None:
                return
            found = self._at(text, m)
            if found is None:
                pos = m.start() + 1
                continue
            yield found
            pos = max(found.start() + len(found.group(0)), m.start() + 1)

    def match(self, text: str) -> _Match | None:
        m = _URL_HEAD.match(text)
        return self._at(text, m) if m is not None else None


class _MsHost:
    def fullmatch(self, text: str) -> bool | None:
        low = text.lower()
        if not low or any(ch not in _LABEL_OK and ch not in "_{}." for ch in low):
            return None
        return True if len(low) in _ms_host_ends(low) else None


MS_URL: Any = _MsUrl()
MS_HOST: Any = _MsHost()

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
# Names that hold a variable's *name* or a setting about the key, not the key itself.
_NAME_HOLDER = lazy(r"(?:_ENV|ENV_?KEY|_VAR|_NAME|_FILE|_PATH|_URL|_BASE|_HEADER)$", re.IGNORECASE)


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
    if not s.startswith("sk-"):   # what both key patterns start with: most values, no pattern compiled
        return False
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
    if _NAME_HOLDER.search(n):
        return False
    return _KEY_NAME.search(n) is not None


# Variable names of the clients Model Studio users configure from code (environment dicts,
# ``os.environ[...] =``, ``process.env.X =``): the code readers' cheap test for "an environment".
ENV_NAME = lazy(r"^(?:ANTHROPIC|OPENAI|DASHSCOPE|QWEN|BAILIAN|CLAUDE_CODE|AIDER|LITELLM)_[A-Z0-9_]+$")


def maybe_request(text: str) -> bool:
    """Can a curl / wget / HTTPie command be in this text? (Substring tests: the request scanner,
    :mod:`validator.sources.commands`, is imported only when one can.)"""
    return "curl" in text or "wget" in text or "http " in text or "https " in text or "xh " in text


# An HTTP client library a Python or JS script may call Model Studio with (``requests.post``,
# ``fetch``): the Python and JS readers import the request finder (:mod:`.langcode`, a lexer
# and its patterns) only for files that name one of these and a URL scheme.
_SCRIPT_HTTP = lazy(r"\b(requests|httpx|aiohttp|fetch|axios|ky|got)\b")


def has_script_request(text: str) -> bool:
    """Could ``text`` (Python or JS) hold a raw HTTP request (see :func:`langcode.script_requests`)?"""
    return "http" in text and _SCRIPT_HTTP.search(text) is not None
