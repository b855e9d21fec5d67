"""How a model name the catalogue lacks is judged: "unknown is not invalid", as code.

The platform adds models every month, and a catalogue released with msv is weeks old. So a
name msv does not know is an *error* only when it cannot be a newer release:

- the wrong case of a known name (``Qwen-Plus``), or surrounding spaces;
- a known display name written instead of the id (``Qwen3 Max`` for ``qwen3-max``);
- a one-letter typo in the part of a known name that is not a version (``qwen-plus-lastest``):
  same digits, the letters one edit apart.

Everything else is a *warning* ("not in msv's catalogue as of DATE"). In particular a name that
fits a known family's version grammar with a version beyond what the catalogue knows
(``qwen3.9-max``, ``deepseek-v5-pro``, ``kimi-k3``, ``glm-6``) is never an error, whatever it is
one edit away from. Pure functions of a name and the catalogue's model names.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.record import record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable

# qwen<major>[.<minor>]-<tier>[-…], deepseek-v<n>[.<m>][-…], kimi-k<n>[.<m>][…], glm-<n>[.<m>][-…]
_GRAMMARS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("qwen", lazy(r"^qwen(?P<v>\d+(?:\.\d+)?)-(?P<tier>[a-z]+)(?P<rest>(?:-[a-z0-9.]+)*)$")),
    ("deepseek", lazy(r"^deepseek-v(?P<v>\d+(?:\.\d+)?)(?P<tier>)(?P<rest>(?:-[a-z0-9.]+)*)$")),
    ("kimi", lazy(r"^kimi-k(?P<v>\d+(?:\.\d+)?)(?P<tier>)(?P<rest>(?:-[a-z0-9.]+)*)$")),
    ("glm", lazy(r"^glm-(?P<v>\d+(?:\.\d+)?)(?P<tier>)(?P<rest>(?:-[a-z0-9.]+)*)$")),
)


@record(frozen=True)
class Verdict:
    """What a name the catalogue lacks is: ``kind`` is ``case``, ``display``, ``typo`` (errors,
    with ``meant``) or ``newer`` / ``unknown`` (warnings, ``meant`` the nearest name if any)."""

    kind: str
    meant: str | None = None

    @property
    def is_error(self) -> bool:
        return self.kind in ("case", "display", "typo")


def version_of(name: str) -> tuple[str, str, tuple[int, ...]] | None:
    """(family, tier, version) when ``name`` fits a family's version grammar, else None."""
    for family, pattern in _GRAMMARS:
        m = pattern.match(name)
        if m:
            return family, m.group("tier"), tuple(int(p) for p in m.group("v").split("."))
    return None


def beyond_known(name: str, known: Iterable[str]) -> bool:
    """True when ``name`` fits a family's grammar with a version newer than every known name of
    that family and tier (or of the family, when the tier is new): a possible newer release."""
    mine = version_of(name)
    if mine is None:
        return False
    family, tier, version = mine
    same_tier: list[tuple[int, ...]] = []
    same_family: list[tuple[int, ...]] = []
    for other in known:
        theirs = version_of(other)
        if theirs is None or theirs[0] != family:
            continue
        same_family.append(theirs[2])
        if theirs[1] == tier:
            same_tier.append(theirs[2])
    pool = same_tier or same_family
    return not pool or version > max(pool)


def _digits(name: str) -> str:
    return "".join(re.findall(r"\d", name))


def _skeleton(name: str) -> str:
    return re.sub(r"\d", "", name)


def within_one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance of at most 1 (one insertion, deletion, substitution or
    swap of neighbours). Linear in the length: no table."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    return a[i + 1:] == b[i:] if la > lb else a[i:] == b[i + 1:]


def _display_form(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip()).lower()


def judge(name: str, known: Iterable[str]) -> Verdict:
    """Judge a model name the catalogue does not have (exactly). ``known``: every catalogue name."""
    names = list(known)
    lower = {n.lower(): n for n in names}
    text = name.strip()
    if text.lower() in lower:
        return Verdict("case", lower[text.lower()])
    display = _display_form(text)
    if display != text.lower() and display in lower:
        return Verdict("display", lower[display])
    if beyond_known(text.lower(), names):
        return Verdict("newer", _nearest(text, names))
    skel, digits = _skeleton(text.lower()), _digits(text)
    for n in names:
        if _digits(n) == digits and within_one_edit(skel, _skeleton(n.lower())):
            return Verdict("typo", n)
    return Verdict("unknown", _nearest(text, names))


def _nearest(text: str, names: list[str]) -> str | None:
    import difflib

    lower = {n.lower(): n for n in names}
    close = difflib.get_close_matches(text.lower(), list(lower), n=1, cutoff=0.8)
    return lower[close[0]] if close else None
