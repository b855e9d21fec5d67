"""Scrub key-shaped strings from any text before it is shown, logged or written.

The last line of defence: reporters and error paths pass free text (exception messages,
server bodies, pasted errors) through :func:`redact_text`, which replaces anything that looks
like an API key with its fingerprint.
"""

from __future__ import annotations

import re

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


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Replace known secrets and anything key-shaped in ``text`` by fingerprints."""
    # A report passes every key it holds with every line it prints: hash only those present.
    # (None present → no replacement could happen at all, so the loop is skipped.)
    if any(len(s) >= 6 and s in text for s in secrets if s):
        for s in sorted((s for s in secrets if s), key=len, reverse=True):
            if len(s) >= 6 and s in text:
                text = text.replace(s, fingerprint(s))
    text = _KEYLIKE.sub(lambda m: fingerprint(m.group(1)), text)
    return _BEARER.sub(lambda m: m.group(1) + fingerprint(m.group(2)), text)
