"""Make text safe to show: scrub key-shaped strings, neutralise control characters.

The last line of defence: reporters and error paths pass free text (exception messages,
server bodies, pasted errors) through :func:`redact_text`, which replaces anything that looks
like an API key with its fingerprint. Everything printed for people (the text and GitHub
reporters, ``--list-targets``, ``msv diagnose``, ``msv probe``) also goes through
:func:`printable`, so a value from a hostile file or server cannot drive the terminal or a CI log.
"""

from __future__ import annotations

import re
from typing import Sequence

from validator.model import fingerprint

# sk-… keys (Model Studio, OpenAI, Anthropic, DeepSeek…), Alibaba AccessKeys, bearer tokens.
_KEYLIKE = re.compile(
    r"(?<![A-Za-z0-9_])("   # a hyphen may precede: "target-sk-…" still hides the key
    r"sk-[A-Za-z0-9_\-\.]{8,}"
    r"|LTAI[A-Za-z0-9]{12,30}"
    r"|AIza[0-9A-Za-z_\-]{30,}"
    r")"
)
_BEARER = re.compile(r"(?i)(bearer\s+)([A-Za-z0-9_\-\.=]{12,})")

_MIN = 6          # shorter "secrets" are not replaced (they would mangle ordinary words)
_INDEXED = 16     # from this many secrets on, look them up by prefix instead of trying each
_GRAMS_UP_TO = 4096   # texts up to this long are cut into prefixes; longer ones are searched


class _Secrets:
    """The secrets of one report, in replacement order (longest first), indexed by their first
    ``_MIN`` characters.

    A report hands every key of a 100,000-file tree (hundreds) to every line it prints (tens of
    thousands): trying each key on each line is quadratic. The index finds, in time linear in
    the line, the few keys whose prefix occurs in it; only those can occur in it.
    """

    __slots__ = ("order", "by_prefix", "any_prefix")

    def __init__(self, secrets: Sequence[str]) -> None:
        from validator.wordtrie import trie_pattern

        self.order = [s for s in sorted((s for s in secrets if s), key=len, reverse=True) if len(s) >= _MIN]
        self.by_prefix: dict[str, list[int]] = {}
        for rank, s in enumerate(self.order):
            self.by_prefix.setdefault(s[:_MIN], []).append(rank)
        # most lines hold no key at all: one scan says so
        self.any_prefix = re.compile(trie_pattern(self.by_prefix)) if self.by_prefix else None

    def candidates(self, text: str, after: int) -> list[int]:
        """Ranks (> ``after``, ascending) of the secrets whose prefix occurs in ``text``."""
        if self.any_prefix is None or self.any_prefix.search(text) is None:
            return []
        if len(text) <= _GRAMS_UP_TO:
            grams = {text[i:i + _MIN] for i in range(len(text) - _MIN + 1)}
            found = [r for g in grams if g in self.by_prefix for r in self.by_prefix[g]]
        else:
            found = [r for p, ranks in self.by_prefix.items() if p in text for r in ranks]
        return sorted(r for r in found if r > after)

    def replace(self, text: str) -> str:
        """Exactly ``for s in order: if s in text: text = text.replace(s, fingerprint(s))``,
        trying only the candidates of the current text."""
        pending = self.candidates(text, -1)
        while pending:
            rank = pending.pop(0)
            s = self.order[rank]
            if s in text:
                text = text.replace(s, fingerprint(s))
                pending = self.candidates(text, rank)   # the text changed: so may the candidates
        return text


_LAST: "tuple[tuple[str, ...], _Secrets] | None" = None   # reporters pass the same tuple per line


def _indexed(secrets: tuple[str, ...]) -> _Secrets:
    global _LAST
    last = _LAST
    if last is not None and last[0] is secrets:
        return last[1]
    index = _Secrets(secrets)
    _LAST = (secrets, index)
    return index


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Replace known secrets and anything key-shaped in ``text`` by fingerprints."""
    if len(secrets) >= _INDEXED:
        index = _indexed(secrets) if type(secrets) is tuple else _Secrets(secrets)
        text = index.replace(text)
    elif secrets:
        for s in sorted((s for s in secrets if s), key=len, reverse=True):
            if len(s) >= _MIN and s in text:
                text = text.replace(s, fingerprint(s))
    text = _KEYLIKE.sub(lambda m: fingerprint(m.group(1)), text)
    return _BEARER.sub(lambda m: m.group(1) + fingerprint(m.group(2)), text)


def printable(text: str, keep: str = "") -> str:
    """``text`` with every non-printable character (C0/C1 controls such as ESC, BEL, CR, LF, TAB;
    DEL; Unicode format and separator characters) replaced by U+FFFD, except those in ``keep``.

    Why: msv echoes values from files and messages from servers. ``ESC [1A ESC [2K`` erases the
    line above (hiding a finding), ``ESC ]0;… BEL`` retitles the terminal, OSC 52 writes the
    clipboard; a line break forges a line of output. Apply it to one line (or one value) at a
    time: the caller's own line breaks are not part of it. ``keep`` is for a format that encodes
    some controls itself (the GitHub format escapes CR and LF to ``%0D``/``%0A``).
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in keep else "\N{REPLACEMENT CHARACTER}" for ch in text)


def clean(text: str, secrets: Sequence[str] = ()) -> str:
    """``text`` redacted, then neutralised line by line: the one call for a message msv shows
    that may quote a file or a server (settings and catalogue errors, tracebacks)."""
    return "\n".join(printable(line) for line in redact_text(text, tuple(secrets)).split("\n"))
