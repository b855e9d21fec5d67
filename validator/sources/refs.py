"""Every way a configuration refers to an environment variable, parsed in one place.

config-formats.md §0.2 lists the syntaxes msv must understand; readers call
:func:`parse_reference` on a whole value (``"${DASHSCOPE_API_KEY}"``, ``"os.environ/X"``,
``"{env:X}"``…) and :func:`find_references` on text that embeds them
(``"https://${HOST}/compatible-mode/v1"``). A reference becomes
``Value(value=None, origin=VARIABLE, variable=NAME)`` (see :func:`reference_value`) and the
linker resolves it later. Keeping the grammar here means every reader agrees on what
``${X:-d}`` or ``${{ secrets.X }}`` means.

Names outside the environment (GitHub ``secrets.X`` / ``vars.X``, OpenCode ``{file:…}``) keep a
namespace prefix (``secrets.X``): the linker never resolves them from the local tree, and rules
can tell "set in the CI secret store" from "not set anywhere".
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.model import Location, Origin, Secret, Value
from validator.record import record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Callable, Iterator

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
ENV_NAME = lazy(_NAME)


@record(frozen=True)
class Ref:
    """One reference. ``start``/``end`` are offsets into the text it was found in.

    ``namespace`` is ``env`` for environment variables, ``secrets``/``vars``/``env-context``
    for GitHub Actions contexts, ``file`` for OpenCode's ``{file:path}``. ``default`` is the
    fallback the syntax supplies (``${X:-d}``, ``${X:d}`` in Spring, ``os.getenv("X", "d")``);
    ``required`` the error text of ``${X:?msg}``. ``syntax`` names the form, for messages.
    """

    name: str
    syntax: str
    namespace: str = "env"
    default: str | None = None
    required: str | None = None
    start: int = 0
    end: int = 0

    @property
    def variable(self) -> str:
        """The name as stored in ``Value.variable`` (namespaced outside the environment)."""
        return self.name if self.namespace in ("env", "env-context") else f"{self.namespace}.{self.name}"


# ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, Spring ${VAR:d}, ${env:VAR}
_BRACED = lazy(
    r"\$\{(?P<envp>env:)?(?P<name>" + _NAME + r")(?:(?P<op>:-|-|:\?|\?|:\+|\+|:)(?P<arg>[^}]*))?\}"
)
# The same syntax without its argument: ``_BRACED.finditer`` retries ``[^}]*`` from every
# ``${`` of an unclosed run (``${A:-${A:-…``: quadratic), :func:`_braced_refs` finds the
# closing brace once per opener with ``str.find`` (linear).
_BRACED_HEAD = lazy(r"\$\{(?P<envp>env:)?(?P<name>" + _NAME + r")(?P<op>:-|-|:\?|\?|:\+|\+|:)?")
_BRACED_PLAIN = lazy(r"\$\{(?P<envp>)(?P<name>" + _NAME + r")(?P<op>:-|-|:\?|\?|:\+|\+|:)?")
_ACTIONS = lazy(r"\$\{\{\s*(?P<ns>secrets|vars|env|inputs)\.(?P<name>[A-Za-z0-9_\-]+)\s*\}\}")
_OPENCODE = lazy(r"\{(?P<ns>env|file):(?P<name>[^{}\s]+)\}")   # no "{" inside: "{env:{env:…" stays linear
_BARE = lazy(r"(?<![\\$])\$(?P<name>" + _NAME + r")")
_PS_ENV = lazy(r"\$env:(?P<name>" + _NAME + r")", re.IGNORECASE)
_CMD_ENV = lazy(r"%(?P<name>" + _NAME + r")%")
_LITELLM = lazy(r"^os\.environ/(?P<name>" + _NAME + r")$")
_ENV_PREFIX = lazy(r"^env:(?P<name>" + _NAME + r")$")
_STR = r"""(?:"(?P<{0}d>[^"\\]*)"|'(?P<{0}s>[^'\\]*)')"""
_PY_GETENV = lazy(
    r"^os\.(?:getenv|environ\.get)\(\s*" + _STR.format("n") + r"\s*(?:,\s*" + _STR.format("v") + r"\s*)?\)$"
)
_PY_ENVIRON = lazy(r"^os\.environ\[\s*" + _STR.format("n") + r"\s*\]$")
_JS_ENV = lazy(
    r"^(?:process\.env|import\.meta\.env|Deno\.env\.get)(?:\.(?P<dot>" + _NAME + r")|\[\s*"
    + _STR.format("n") + r"\s*\]|\(\s*" + _STR.format("c") + r"\s*\))"
    r"(?:\s*(?:\|\||\?\?)\s*" + _STR.format("v") + r")?$"
)
_OTHER_GETENV = lazy(r"^(?:System\.getenv|os\.Getenv|std::env::var|env::var)\(\s*\"(?P<name>" + _NAME + r")\"\s*\)$")


def _pick(m: re.Match[str], base: str) -> str | None:
    for suffix in ("d", "s"):
        try:
            v = m.group(base + suffix)
        except IndexError:
            continue
        if v is not None:
            return v
    return None


class _Braced:
    """What :func:`_braced` reads of a ``_BRACED`` match, built by :func:`_braced_refs`."""

    __slots__ = ("_groups", "_start", "_end")

    def __init__(self, groups: dict[str, str | None], start: int, end: int) -> None:
        self._groups, self._start, self._end = groups, start, end

    def group(self, name: str) -> str | None:
        return self._groups[name]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _braced_refs(text: str) -> Iterator[Ref]:
    """``_braced(m) for m in _BRACED.finditer(text)``, in linear time (see ``_BRACED_HEAD``)."""
    pos = 0
    close = -1   # the first ``}`` after the last opener looked at (len + 1: there is none)
    while True:
        m = _BRACED_HEAD.search(text, pos)
        if m is None:
            return
        start = m.start()
        heads = [m] if m.group("envp") is None else [m, _BRACED_PLAIN.match(text, start)]
        for head in heads:   # ``(env:)?`` first taken, then not: the regex's own backtracking
            op, head_end = head.group("op"), head.end()
            if op is None:
                if text.startswith("}", head_end):
                    yield _braced(_Braced({**head.groupdict(), "envp": head.group("envp"), "arg": None},
                                          start, head_end + 1))
                    pos = head_end + 1
                    break
                continue
            if close < head_end:
                found = text.find("}", head_end)
                close = found if found >= 0 else len(text) + 1   # none after this one, hence after none later
            if close < len(text):
                yield _braced(_Braced({**head.groupdict(), "arg": text[head_end:close]}, start, close + 1))
                pos = close + 1
                break
        else:
            pos = start + 1


def _braced(m: "re.Match[str] | _Braced", offset: int = 0) -> Ref:
    op, arg = m.group("op"), m.group("arg")
    default = required = None
    syntax = "${VAR}"
    if op in (":-", "-"):
        default, syntax = arg, "${VAR:-default}"
    elif op in (":?", "?"):
        required, syntax = arg, "${VAR:?error}"
    elif op == ":":
        default, syntax = arg, "${VAR:default}"  # Spring property placeholder
    elif op in (":+", "+"):
        syntax = "${VAR:+alternative}"
    if m.group("envp"):
        syntax = "${env:VAR}"
    return Ref(m.group("name"), syntax, "env", default, required, m.start() + offset, m.end() + offset)


def parse_reference(text: str) -> Ref | None:
    """The reference ``text`` consists of (surrounding whitespace and quotes ignored), or None.

    >>> parse_reference("${DASHSCOPE_API_KEY:-}").name
    'DASHSCOPE_API_KEY'
    >>> parse_reference("os.environ/DASHSCOPE_API_KEY").syntax
    'os.environ/VAR'
    >>> parse_reference("https://${HOST}/v1") is None
    True
    """
    if not isinstance(text, str):
        return None
    s = text.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        s = s[1:-1].strip()
    if not s or len(s) > 300:
        return None
    end = len(s)
    # Each syntax starts with its own literal text: tested first, so that a run compiles (and
    # tries) only the patterns its values could match (``${X}`` in a .env: one of twelve).
    if s.startswith("${{"):
        m = _ACTIONS.fullmatch(s)
        if m:
            ns = m.group("ns")
            return Ref(m.group("name"), "${{ %s.X }}" % ns, "env-context" if ns == "env" else ns, start=0, end=end)
    elif s.startswith("${"):
        m = _BRACED.fullmatch(s)
        if m:
            r = _braced(m)
            return Ref(r.name, r.syntax, r.namespace, r.default, r.required, 0, end)
    elif s.startswith("$"):
        m = _PS_ENV.fullmatch(s)
        if m:
            return Ref(m.group("name"), "$env:VAR", start=0, end=end)
        m = _BARE.fullmatch(s)
        if m:
            return Ref(m.group("name"), "$VAR", start=0, end=end)
    elif s.startswith("{"):
        m = _OPENCODE.fullmatch(s)
        if m:
            return Ref(m.group("name"), "{%s:X}" % m.group("ns"), m.group("ns"), start=0, end=end)
    elif s.startswith("%"):
        m = _CMD_ENV.fullmatch(s)
        if m:
            return Ref(m.group("name"), "%VAR%", start=0, end=end)
    elif s.startswith("os."):
        m = _LITELLM.match(s) if s.startswith("os.environ/") else None
        if m:
            return Ref(m.group("name"), "os.environ/VAR", start=0, end=end)
        m = _PY_GETENV.match(s)
        if m:
            return Ref(_pick(m, "n") or "", "os.getenv()", default=_pick(m, "v"), start=0, end=end)
        m = _PY_ENVIRON.match(s)
        if m:
            return Ref(_pick(m, "n") or "", "os.environ[]", start=0, end=end)
    elif s.startswith("env:"):
        m = _ENV_PREFIX.match(s)
        if m:
            return Ref(m.group("name"), "env:VAR", start=0, end=end)
    elif s.startswith(("process.env", "import.meta.env", "Deno.env.get")):
        m = _JS_ENV.match(s)
        if m:
            name = m.group("dot") or _pick(m, "n") or _pick(m, "c") or ""
            return Ref(name, "process.env.VAR", default=_pick(m, "v"), start=0, end=end)
    if s.startswith(("System.getenv", "os.Getenv", "std::env::var", "env::var")):   # last, as before
        m = _OTHER_GETENV.match(s)
        if m:
            return Ref(m.group("name"), "getenv()", start=0, end=end)
    return None


def find_references(text: str, *, bare: bool = False) -> list[Ref]:
    """Every ``${…}``, ``${{ … }}`` and ``{env:…}`` reference embedded in ``text``, in order.

    ``bare=True`` also finds ``$VAR`` (shell and dotenv-style text; JSON values of tools that
    expand it). Overlapping matches are resolved left to right.
    """
    if not isinstance(text, str) or "$" not in text and "{" not in text:
        return []
    found: list[Ref] = []
    # each syntax is searched for only where its literal opening occurs: most texts hold one
    # syntax at most, and a pattern never needed is never compiled
    if "${{" in text:
        for m in _ACTIONS.finditer(text):
            ns = m.group("ns")
            found.append(Ref(m.group("name"), "${{ %s.X }}" % ns, "env-context" if ns == "env" else ns,
                             start=m.start(), end=m.end()))
    if "${" in text:
        found.extend(_braced_refs(text))
    if "{env:" in text or "{file:" in text:
        for m in _OPENCODE.finditer(text):
            if m.start() > 0 and text[m.start() - 1] == "$":
                continue
            found.append(Ref(m.group("name"), "{%s:X}" % m.group("ns"), m.group("ns"), start=m.start(), end=m.end()))
    if bare and "$" in text:
        for m in _BARE.finditer(text):
            found.append(Ref(m.group("name"), "$VAR", start=m.start(), end=m.end()))
    found.sort(key=lambda r: (r.start, -r.end))
    result: list[Ref] = []
    last_end = -1
    for r in found:
        if r.start >= last_end:
            result.append(r)
            last_end = r.end
    return result


def expand(text: str, lookup: Callable[[str], str | None], *, bare: bool = False) -> tuple[str, list[Ref]]:
    """Substitute environment references in ``text``; return the result and the refs left unresolved.

    Unresolved references keep their default when they have one (``${X:-d}`` → ``d``),
    otherwise they stay in the text as written, so a rule can still see ``${HOST}`` in a URL.
    """
    refs = find_references(text, bare=bare)
    if not refs:
        return text, []
    out: list[str] = []
    missing: list[Ref] = []
    pos = 0
    for r in refs:
        out.append(text[pos:r.start])
        value = lookup(r.name) if r.namespace == "env" else None
        if value is None or (value == "" and r.syntax == "${VAR:-default}" and r.default is not None):
            if r.default is not None:
                value = r.default
            else:
                missing.append(r)
                value = text[r.start:r.end]
        if r.syntax == "${VAR:+alternative}":
            value = ""
        out.append(value if isinstance(value, str) else str(value))
        pos = r.end
    out.append(text[pos:])
    return "".join(out), missing


def is_env_name(name: str | None) -> bool:
    """An environment variable name the linker can resolve (not ``secrets.X``, not a path)."""
    return bool(name) and ENV_NAME.fullmatch(name) is not None  # type: ignore[arg-type]


def reference_value(ref: Ref, loc: Location | None, raw: str | None, *, via: str | None = None,
                    default_loc: Location | None = None) -> Value:
    """The unresolved :class:`Value` for ``ref`` (the linker fills ``value`` later).

    A default the syntax carries becomes ``fallback`` (a literal at ``default_loc`` or ``loc``),
    which the linker uses when no definition is found.
    """
    fallback = None
    if ref.default is not None:
        fallback = Value(ref.default, default_loc or loc, Origin.LITERAL, None, ref.default,
                         via=f"default in {ref.syntax}")
    if via is None and ref.namespace in ("secrets", "vars"):
        via = f"GitHub Actions {ref.namespace} store (not visible to a local check)"
    elif via is None and ref.namespace == "file":
        via = "read from a file at run time"
    return Value(None, loc, Origin.VARIABLE, ref.variable, raw, via=via, fallback=fallback)


def as_secret(value: object) -> object:
    """Wrap a plain string in :class:`Secret` (idempotent; ``None`` and non-strings pass through)."""
    if isinstance(value, str):
        return Secret(value)
    return value


def value_or_reference(text: str | None, loc: Location | None, raw: str | None, *,
                       secret: bool = False, variable: str | None = None) -> Value:
    """A literal value, or a reference when ``text`` is one; keys wrapped as :class:`Secret`.

    ``variable`` names the variable a literal *defines* (a ``.env`` line, a settings ``env``
    entry): the linker compares it with other definitions of that variable.
    """
    ref = parse_reference(text) if isinstance(text, str) else None
    if ref is not None:
        v = reference_value(ref, loc, raw)
        if secret and v.fallback is not None:
            fb = v.fallback
            v = Value(v.value, v.loc, v.origin, v.variable, v.raw, v.overridden, v.via,
                      Value(as_secret(fb.value), fb.loc, fb.origin, fb.variable, fb.raw, via=fb.via))
        return v
    value = as_secret(text) if secret else text
    return Value(value, loc, Origin.LITERAL, variable, raw)
