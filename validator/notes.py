"""Reader → rule notes: a typed note, and the one table of what each kind means and who reads it.

Readers tell rules about tool-specific facts they saw (an invented setting the tool ignores, a
key pasted where a variable *name* belongs, a provider nothing selects…) without deciding
anything themselves. A note is a :class:`Note`: its ``kind`` (one of :data:`KINDS`) and a
``detail``; the value it is about sits in ``Target.settings["kind:detail"]`` so a rule can point
at its location (:func:`validator.sources.confkit.add_note`, ``rules._common.notes_of``).

A ``Note`` is a ``str`` (``"kind: detail"``), so JSON output, ``--list-targets`` and baselines
see the same text as before; but a kind that is not in the table cannot be made (a typo fails
where it is written, instead of silently switching off a rule branch), and a rule can only ask
for a kind the table knows. ``tests/engine/test_notes.py`` checks that every consuming rule
named here exists and that every kind a rule asks for is listed.
"""

from __future__ import annotations

from validator.record import record


@record(frozen=True)
class Kind:
    name: str
    meaning: str
    rules: tuple[str, ...] = ()     # rules that read it; () = shown by ``--list-targets`` only


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("ignored-key", "a setting the tool ignores (an invented or legacy name) holds a value",
         ("malformed-base-url", "missing-key")),
    Kind("literal-env-key", "a key pasted where the tool expects the *name* of a variable (env_key, envKey)",
         ("malformed-key",)),
    Kind("wire-api-chat", "Codex wire_api = chat (Model Studio's Responses API needs responses)",
         ("removed-setting",)),
    Kind("key-elsewhere", "no key reaches the client while another visible variable holds one", ("missing-key",)),
    Kind("unread-variable", "the key variable is set only where this client does not look", ("missing-key",)),
    Kind("no-auth-header", "a raw HTTP request msv sees whole sends no Authorization / x-api-key header",
         ("missing-key",)),
    Kind("auth-scheme", "a raw HTTP request's Authorization header holds the key without the Bearer scheme",
         ("malformed-key",)),
    Kind("unknown-provider", "a selection names a provider the file does not define"),
    Kind("provider-not-selected", "a provider is defined but nothing selects it"),
    Kind("reserved-provider", "a custom provider reuses a built-in provider id"),
    Kind("legacy-profile", "a Codex profile setting the current version ignores"),
    Kind("model-not-listed", "the selected model is not in the provider's model list"),
    Kind("unexpanded-reference", "a ${VAR} the tool does not expand in that place"),
    Kind("both-credentials", "two credentials are set; the tool warns or picks one", ("conflicting-credentials",)),
    Kind("jsonc", "comments or trailing commas in a file the tool reads as strict JSON"),
    Kind("dynamic-arguments", "arguments of unknown shape (**kwargs): base and key may come from there"),
    Kind("client-elsewhere", "the call uses a client built in another file"),
    Kind("unknown-provider-key", "a Qwen Code modelProviders key that is not an auth type"),
    Kind("ignored-provider-shape", "a Qwen Code modelProviders entry of a shape the tool ignores"),
    Kind("unresolved", "fields of a half-written framework config msv could not resolve"),
    Kind("template", "every key in the file is blank: a template to fill in (the engine runs only the "
                     "rules that judge templates)"),
)}


class Note(str):
    """``"kind: detail"``, with its parts (see the module docstring)."""

    kind: str
    detail: str

    def __new__(cls, kind: str, detail: str) -> "Note":
        if kind not in KINDS:
            raise ValueError(f"unknown note kind {kind!r}: add it to validator.notes.KINDS")
        self = super().__new__(cls, f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        return self

    def __getnewargs__(self) -> tuple[str, str]:   # pickling (results come back from worker processes)
        return (self.kind, self.detail)

    @property
    def setting(self) -> str:
        """The ``Target.settings`` key of the value this note is about."""
        return f"{self.kind}:{self.detail}"


def note(kind: str, detail: str) -> Note:
    return Note(kind, detail)


def parts(text: str) -> tuple[str, str] | None:
    """(kind, detail) of a note, ``None`` for a free-text remark (``"X wins over Y: …"``)."""
    if isinstance(text, Note):
        return text.kind, text.detail
    kind, sep, detail = text.partition(": ")
    return (kind.strip(), detail.strip()) if sep and kind.strip() in KINDS else None
