"""Small constructors for :class:`~validator.model.Value` shared by the tool and code readers.

Every reader builds the same three kinds of value: a literal written in the file, a reference
to an environment variable (left for the linker to resolve), and an expression msv cannot
evaluate statically. Keeping their construction here keeps the conventions identical across
readers: keys are wrapped in :class:`~validator.model.Secret` at once, unresolved values carry
``value=None``, and "dynamic" values say so in ``via`` so rules know not to guess.
"""

from __future__ import annotations

from validator.record import replace

from validator.model import Binding, Location, Origin, Secret, Value

DYNAMIC = "dynamic"


def literal(value: object, loc: Location | None, raw: str | None, via: str | None = None) -> Value:
    return Value(value, loc, Origin.LITERAL, None, raw, via=via)


def variable(name: str, loc: Location | None, raw: str | None, *, fallback: Value | None = None,
             via: str | None = None) -> Value:
    """A reference to ``name``: value unknown until the linker finds a definition."""
    return Value(None, loc, Origin.VARIABLE, name, raw, via=via, fallback=fallback)


def dynamic(loc: Location | None, raw: str | None, what: str = "expression") -> Value:
    """Set, but by something msv cannot evaluate (a function call, an imported name…)."""
    return Value(None, loc, Origin.LITERAL, None, raw, via=f"{DYNAMIC}: {what}")


def is_dynamic(value: Value | None) -> bool:
    return value is not None and value.variable is None and value.value is None and (
        value.via or "").startswith(DYNAMIC)


def secret(value: Value | None) -> Value | None:
    """The same value with its literal text (and fallback) wrapped in :class:`Secret`."""
    if value is None:
        return None
    changes: dict[str, object] = {}
    if isinstance(value.value, str):
        changes["value"] = Secret(value.value)
    if value.fallback is not None:
        changes["fallback"] = secret(value.fallback)
    return replace(value, **changes) if changes else value


def sub_span(loc: Location, raw: str, start: int, end: int) -> tuple[Location, str]:
    """The location and text of ``raw[start:end]`` when ``raw`` (the text at ``loc``) is one line.

    Used to point at the model part of ``"dashscope/qwen-plus"`` or ``"bailian/qwen3-coder"``
    so a fix can rewrite only the model name. Multi-line spans are returned unchanged.
    """
    if loc.line != loc.end_line or "\n" in raw or not (0 <= start <= end <= len(raw)):
        return loc, raw
    return (Location(loc.path, loc.line, loc.column + start, loc.line, loc.column + end), raw[start:end])


def with_fallback(value: Value, fallback: Value | None) -> Value:
    if fallback is None or value.fallback is not None:
        return value
    return replace(value, fallback=fallback)


def env_binding(name: str, v: Value | None, scope: str = "shell") -> Binding | None:
    """The definition code makes of environment variable ``name`` (``os.environ[name] = v``,
    ``{"ANTHROPIC_AUTH_TOKEN": v}``): a literal (a Secret when key-shaped), or a reference to
    another variable; ``None`` when the value is unknown (dynamic) or not a scalar."""
    from .markers import is_key_name, looks_like_key

    if v is None or v.loc is None or is_dynamic(v):
        return None
    if v.variable and v.value is None:
        return Binding(name, None, v.loc, scope, v.raw, v.variable)
    raw = v.value.reveal() if isinstance(v.value, Secret) else v.value
    if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
        return None
    text = str(raw)
    return Binding(name, Secret(text) if is_key_name(name) or looks_like_key(text) else text, v.loc, scope, v.raw)


def configures(bindings: "list[Binding]") -> bool:
    """Does a set of code-built variable definitions configure a client (a URL, a key, a reference
    to another variable), rather than map names to names (``{"ANTHROPIC_API_BASE": "ANTHROPIC_BASE_URL"}``,
    a table in a tool's own source)?"""
    from .markers import looks_like_key

    for b in bindings:
        if b.reference or isinstance(b.value, Secret) and looks_like_key(b.value.reveal()):
            return True
        if isinstance(b.value, str) and "://" in b.value:
            return True
    return False
