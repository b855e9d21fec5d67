"""Make text safe to show: scrub key-shaped strings, neutralise control characters.

The last line of defence: reporters and error paths pass free text (exception messages,
server bodies, pasted errors) through :func:`redact_text`, which replaces anything that looks
like an API key with its fingerprint. Everything printed for people (the text and GitHub
reporters, ``--list-targets``, ``msv diagnose``, ``msv probe``) also goes through
:func:`printable`, so a value from a hostile file or server cannot drive the terminal or a CI log.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.model import fingerprint

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Sequence

# sk-… keys (Model Studio, OpenAI, Anthropic, DeepSeek…), Alibaba AccessKeys, bearer tokens.
_KEYLIKE = lazy(
    r"(?<![A-Za-z0-9_])("   # a hyphen may precede: "target-sk-…" still hides the key
    r"sk-[A-Za-z0-9_\-\.]{8,}"
    r"|LTAI[A-Za-z0-9]{12,30}"
    r"|AIza[0-9A-Za-z_\-]{30,}"
    r")"
)
_BEARER = lazy(r"(?i)(bearer\s+)([A-Za-z0-9_\-\.=]{12,})")
# a key's ``sk-`` written escaped (JSON/JS/Python ``\u0073``, ``\x73``, ``\u{73}``, octal) or in capitals
_S = r"(?:s|S|\\x73|\\u0073|\\u\{73\}|\\163)"
_K = r"(?:k|K|\\x6b|\\u006b|\\u\{6b\}|\\153)"
_SPELLED = lazy(r"(?<![A-Za-z0-9_])(" + _S + _K + r"-[A-Za-z0-9_\-\.]{8,})")
_HALF = 5
_GRAM = 2 * _HALF   # a run of this many characters of a known secret is hidden, however it is spelled

_MIN = 6          # shorter "secrets" are not replaced (they would mangle ordinary words)


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Replace known secrets (in any spelling: see :class:`_Grams`) and anything key-shaped in
    ``text`` by fingerprints. Linear in ``text`` whatever the secrets."""
    if secrets:
        index = _grams(secrets)
        for s in index.short:   # the few secrets too short for windows: replaced as written
            if s in text:
                text = text.replace(s, fingerprint(s))
        text = index.hide(text)
    if not _may_hold_a_key(text):
        return text
    text = _KEYLIKE.sub(lambda m: fingerprint(m.group(1)), text)
    text = _SPELLED.sub(lambda m: fingerprint(m.group(1)), text)
    return _BEARER.sub(lambda m: m.group(1) + fingerprint(m.group(2)), text)


def _may_hold_a_key(text: str) -> bool:
    """False only when none of the three patterns can match: each needs one of these substrings
    (``sk-`` or its spelled forms end in ``k-``/``K-`` or hold a backslash; ``bearer`` has no
    letter IGNORECASE matches outside ASCII). Most texts hold none, so the patterns are neither
    compiled nor run for them."""
    return ("k-" in text or "K-" in text or "\\" in text or "LTAI" in text or "AIza" in text
            or "bearer" in text.lower())


class _Grams:
    """Every ``_GRAM``-character window of the known secrets (case-folded), so a secret
    written in pieces — escaped (``"\\u0073k-…"``), concatenated (``"s" "k-…"``,
    ``"sk-" + "…"``), continued over lines, in capitals — is hidden too: any run of the text
    made of windows of one secret becomes that secret's fingerprint. Linear in the text (one
    set lookup per position) whatever the number of secrets or the prefixes they share."""

    __slots__ = ("owner", "exact", "short", "probe")

    def __init__(self, secrets: Sequence[str]) -> None:
        self.short = sorted({s for s in secrets if _MIN <= len(s) < _GRAM}, key=len, reverse=True)
        secrets = [s for s in secrets if len(s) >= _GRAM]
        self.owner: dict[str, str] = {}
        self.exact = {s.lower(): s for s in secrets}
        for s in sorted(secrets, key=len, reverse=True):
            low = s.lower()
            for i in range(len(low) - _GRAM + 1):
                self.owner.setdefault(low[i:i + _GRAM], s)
        self.probe = {g[i:i + _HALF] for g in self.owner for i in range(_GRAM - _HALF + 1)}

    def hide(self, text: str) -> str:
        if not self.owner or len(text) < _GRAM:
            return text
        low = text.lower()
        if len(low) != len(text):   # a character whose lower case is longer: no position map
            return text
        owner, probe, half = self.owner, self.probe, _HALF
        # Every window of a secret contains a half-window starting at a multiple of ``half``:
        # look those up first (a fifth of the positions), then only the windows around a hit.
        starts: list[tuple[int, str]] = []
        checked = -1
        for m in range(0, len(low) - half + 1, half):
            if low[m:m + half] not in probe:
                continue
            for j in range(max(m + half - _GRAM, checked + 1, 0), min(m, len(low) - _GRAM) + 1):
                s = owner.get(low[j:j + _GRAM])
                if s is not None:
                    starts.append((j, s))
            checked = max(checked, min(m, len(low) - _GRAM))
        if not starts:
            return text
        out: list[str] = []
        done = 0
        run_start, run_end, run_secret = starts[0][0], starts[0][0] + _GRAM, starts[0][1]
        for j, s in starts[1:]:
            if j <= run_end:
                run_end = max(run_end, j + _GRAM)
                continue
            out += (text[done:run_start], self._shown(low[run_start:run_end], run_secret))
            done = run_end
            run_start, run_end, run_secret = j, j + _GRAM, s
        out += (text[done:run_start], self._shown(low[run_start:run_end], run_secret), text[run_end:])
        return "".join(out)

    def _shown(self, run: str, first: str) -> str:
        """The fingerprint of the secret the run spells (of the first one it touches, when it
        is only a piece): keys sharing a prefix keep their own fingerprints."""
        return fingerprint(self.exact.get(run, first))


_LAST_GRAMS: "tuple[tuple[str, ...], _Grams] | None" = None


def _grams(secrets: tuple[str, ...]) -> _Grams:
    global _LAST_GRAMS
    last = _LAST_GRAMS
    if last is not None and (last[0] is secrets or last[0] == secrets):
        return last[1]
    index = _Grams([s for s in secrets if s])
    _LAST_GRAMS = (tuple(secrets), index)
    return index


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


# --------------------------------------------------------------------------- pasted text
#
# A pasted error (``msv diagnose --error``) is the user's own text, copied from a terminal or a
# log: a key in it may be wrapped over two lines, base64-encoded (``Authorization: Basic``), in
# a header without the ``sk-`` prefix, in a query string or in a URL's userinfo. Each pattern is
# one pass with single-class runs (linear).
_WRAPPED = lazy(r"(?<![A-Za-z0-9_])((?:sk|SK)-(?:sp-|ws-)?)([0-9A-Fa-f]{1,31})(\r?\n[ \t]*)([0-9A-Fa-f]{1,31})"
                      r"(?![A-Za-z0-9_])")
_HEADER = lazy(r"(?i)((?:authorization|proxy-authorization)[ \t]*[:=][ \t]*[\"']?(?:bearer|token|basic|apikey)?"
                     r"[ \t]*|(?:x-api-key|x-dashscope-api-key|api-key|api_key|apikey|access_token|token)"
                     r"[\"']?[ \t]*[:=][ \t]*[\"']?)([A-Za-z0-9_\-.+/=~]{8,})")
_USERINFO = lazy(r"(://[^\s/:@]*:)([^\s/@]{4,})(@)")
_BASE64 = lazy(r"(?<![A-Za-z0-9+/])([A-Za-z0-9+/]{16,}={0,2})(?![A-Za-z0-9+/=])")


def _unwrapped(m: "re.Match[str]") -> str:
    body = m.group(2) + m.group(4)
    if len(body) != 32:
        return m.group(0)
    return fingerprint(m.group(1).lower() + body) + m.group(3)


def _base64_key(m: "re.Match[str]") -> str:
    import base64
    import binascii

    run = m.group(1)
    try:
        decoded = base64.b64decode(run + "=" * (-len(run) % 4), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return run
    found = _KEYLIKE.search(decoded) or _SPELLED.search(decoded)
    return fingerprint(found.group(1)) if found else run


def redact_pasted(text: str) -> str:
    """:func:`redact_text` plus the shapes of a key in pasted text (see above)."""
    text = _WRAPPED.sub(_unwrapped, text)
    text = _BASE64.sub(_base64_key, text)
    text = _USERINFO.sub(lambda m: m.group(1) + "…" + m.group(3), text)
    text = redact_text(text)
    return _HEADER.sub(lambda m: m.group(1) + (m.group(2) if m.group(2).startswith(("sk-…", "…"))
                                                else fingerprint(m.group(2))), text)
