"""What several rules need to know about a target, computed the same way for all of them.

Nothing here decides what is wrong; it answers questions ("what does this base URL resolve
to", "which request will this client send", "which key shape is this") so that each rule stays
a short function. Everything is pure; catalogue lookups that rules repeat per target are memoised.
"""

from __future__ import annotations

from functools import lru_cache

from validator.model import Fix, Origin, Secret, Target, TargetKind, Value
from validator.record import record
from validator.vocab import has_template_word

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable

    from validator.catalogue.index import Catalogue
    from validator.catalogue.records import Client, KeyShape, Resolution

# Template-like files hold placeholders and empty values on purpose: a word of the file name
# (``.env.example``, ``example.env``, ``config.sample.yaml``, ``.env-template``; the words are
# validator.vocab.has_template_word, shared with the dotenv reader) or documentation.
_DOC_SUFFIXES = (".md", ".mdx", ".rst", ".txt")
# The reader note a file gets when it is a template by its content (a provider list whose every
# key is empty): see validator.engine.mark_blank_templates.
TEMPLATE_NOTE = "template"
CODE_SUFFIXES = (".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".java", ".kt", ".go", ".rb",
                 ".php", ".cs", ".rs", ".swift", ".sh", ".bash", ".zsh", ".fish", ".ps1", ".psm1", ".bat", ".cmd",
                 ".ipynb", ".scala")
PLAN_NAMES = {"payg": "pay-as-you-go", "coding-plan": "Coding Plan", "token-plan": "Token Plan"}


# --------------------------------------------------------------------------- small facts


def is_template(path: str | None) -> bool:
    """``.env.example``, ``example.env``, ``config.sample.yaml``, docs: files meant to hold placeholders."""
    if not path:
        return False
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name.endswith(_DOC_SUFFIXES):
        return True
    return has_template_word(name)


def is_template_target(target: Target) -> bool:
    """A target written in a template: by its file name, or a file whose every key is blank."""
    return is_template(target.origin.path) or any(n.partition(":")[0] == TEMPLATE_NOTE for n in target.notes)


def is_code(path: str | None) -> bool:
    return bool(path) and path.lower().endswith(CODE_SUFFIXES)  # type: ignore[union-attr]


def text_of(value: Value | None) -> str | None:
    """The value as text when it is known (None for unresolved or dynamic values)."""
    if value is None:
        return None
    t = value.text
    return t if isinstance(t, str) else None


def where(value: Value | None) -> str:
    """`path:line` of a value, or how it was given, for messages."""
    if value is None or value.loc is None:
        return "the environment" if value is not None and value.origin is Origin.VARIABLE else "its default"
    return str(value.loc)


def origin_path(target: Target) -> str:
    return target.origin.path


def plan_name(plan: str | None) -> str:
    return PLAN_NAMES.get(plan or "", plan or "unknown plan")


# --------------------------------------------------------------------------- catalogue memo


@lru_cache(maxsize=1024)
def resolved(cat: "Catalogue", url: str) -> "Resolution":
    return cat.resolve(url)


@lru_cache(maxsize=256)
def _key_shape(cat: "Catalogue", key: str) -> "KeyShape":
    return cat.key_shape(key)


def key_shape(cat: "Catalogue", value: Value | None) -> "KeyShape | None":
    """The shape of the key the client will send (None when msv does not know the key)."""
    if value is None or value.value is None:
        return None
    raw = value.value.reveal() if isinstance(value.value, Secret) else value.value
    if not isinstance(raw, str):
        return None
    return _key_shape(cat, raw)


def region_label(cat: "Catalogue", region_id: str | None) -> str:
    if not region_id:
        return "an unknown region"
    region = cat.region(region_id)
    return f"{region.name} ({region.id})" if region else region_id


# --------------------------------------------------------------------------- the endpoint


@record(frozen=True)
class Endpoint:
    """The base URL a target uses, what the catalogue makes of it, and the client around it."""

    value: Value                     # the base_url field (with location and raw text)
    url: str                         # the URL as the client sees it
    res: "Resolution"
    client: "Client | None"
    protocol: str | None             # the protocol the client speaks

    @property
    def host(self) -> str:
        return self.res.host or ""

    @property
    def known(self) -> bool:
        return self.res.known and self.res.host_entry is not None

    def problems(self, *kinds: str):
        return [p for p in self.res.problems if p.kind in kinds]


def client_of(target: Target, cat: "Catalogue") -> "Client | None":
    if not target.client or target.client == "unknown":
        return None
    return cat.client(target.client)


def protocol_of(target: Target, cat: "Catalogue") -> str | None:
    if target.protocol:
        return target.protocol
    client = client_of(target, cat)
    return client.protocol if client else None


# The last endpoint worked out, with what it was worked out from: the engine runs every rule
# on one target before the next, and ~20 of them ask for its endpoint. One tuple, read once and
# replaced whole, so two threads checking at once never mix their entries.
_last: tuple = ()


def endpoint(target: Target, cat: "Catalogue") -> Endpoint | None:
    """The target's base URL resolved, or None when it has none msv can read."""
    global _last
    value, last = target.base_url, _last
    if (last and last[0] is target and last[1] is cat and last[2] is value and last[3] == target.client
            and last[4] == target.protocol):
        return last[5]
    found = _endpoint(target, cat, value)
    _last = (target, cat, value, target.client, target.protocol, found)
    return found


def _endpoint(target: Target, cat: "Catalogue", value: "Value | None") -> Endpoint | None:
    url = text_of(value)
    if value is None or not url or not url.strip():
        return None
    res, client, protocol = resolved(cat, url), client_of(target, cat), protocol_of(target, cat)
    if protocol is None and client is not None and client.appends == "" and client.protocol is None:
        protocol = res.protocol   # a raw HTTP request speaks the protocol of the path it is sent to
    return Endpoint(value, url, res, client, protocol)


def modelstudio_endpoint(target: Target, cat: "Catalogue") -> Endpoint | None:
    """The endpoint when it is a known Model Studio host (the rules about models, keys and plans
    say nothing about targets that talk to another provider or to a local proxy)."""
    ep = endpoint(target, cat)
    return ep if ep is not None and ep.known else None


def split(url: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path) of a URL written with or without a scheme."""
    s = url.strip().strip("'\"").strip()
    if "://" not in s:
        s = "https://" + s
    simple = _plain_split(s)
    if simple is not None:
        return simple
    from urllib.parse import urlsplit   # with ipaddress, ~2 ms to import: only for an unusual URL

    try:
        parts = urlsplit(s)
    except ValueError:   # e.g. an unbalanced "[" in the host: split by hand, never raise
        scheme, _, rest = s.partition("://")
        netloc, slash, path = rest.partition("/")
        return scheme, netloc, slash + path.split("?", 1)[0].split("#", 1)[0]
    return parts.scheme, parts.netloc, parts.path


_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")


def _plain_split(s: str) -> tuple[str, str, str] | None:
    """``urlsplit(s)``'s (scheme, netloc, path) for the URLs configurations hold — printable
    ASCII, no brackets, a valid scheme before ``//`` — where urlsplit's steps reduce to these
    partitions (its stripping, IPv6 and Unicode checks have nothing to do); ``None``
    for any other string. Importing urllib.parse (with ipaddress) is ~2 ms of a pre-commit run
    that reports one misspelt base URL (docs/architecture.md); a test compares with urlsplit."""
    if not (s.isascii() and s.isprintable()) or "[" in s or "]" in s:
        return None
    scheme, _, rest = s.partition(":")
    if not (scheme and scheme[0].isalpha() and rest.startswith("//") and _SCHEME_CHARS.issuperset(scheme)):
        return None
    end = len(rest)
    for c in "/?#":
        at = rest.find(c, 2)
        if 0 <= at < end:
            end = at
    path = rest[end:].split("#", 1)[0].split("?", 1)[0]
    return scheme.lower(), rest[2:end], path


def with_host(url: str, new_host: str) -> str | None:
    """``url`` with its host replaced, everything else byte for byte."""
    _, netloc, _ = split(url)
    host = netloc.rsplit("@", 1)[-1].split(":", 1)[0]
    if not host:
        return None
    idx = url.find(host)
    if idx < 0:
        lowered = url.lower().find(host.lower())
        if lowered < 0:
            return None
        idx = lowered
    return url[:idx] + new_host + url[idx + len(host):]


def with_path(url: str, new_path: str) -> str:
    """``url`` with the path (and anything after it) replaced; scheme and host kept as written."""
    s = url.strip()
    scheme_end = s.find("://")
    start = scheme_end + 3 if scheme_end >= 0 else 0
    slash = s.find("/", start)
    head = s if slash < 0 else s[:slash]
    return head + new_path


# --------------------------------------------------------------------------- fixes


def rewrite(value: Value, new_text: str, description: str, *, safe: bool = True) -> Fix:
    """A fix that puts ``new_text`` where the value's text is written, or a description only
    when msv cannot rewrite it byte for byte (no location, escaped text, default value)."""
    old = text_of(value)
    if (value.loc is None or not value.loc.is_file or value.raw is None or old is None
            or value.origin in (Origin.DEFAULT, Origin.DECLARED, Origin.OBSERVED)
            or value.raw.count(old) != 1 or isinstance(value.value, Secret)):
        return Fix(description, None, None, True)
    return Fix(description, value.raw.replace(old, new_text, 1), value.loc, safe)


def describe(description: str) -> Fix:
    """A fix msv cannot apply itself: text only (``safe`` is meaningless without a rewrite)."""
    return Fix(description, None, None, True)


# --------------------------------------------------------------------------- misc


def models(target: Target) -> Iterable[Value]:
    """Model values with a known, non-empty name."""
    for m in target.models:
        t = text_of(m)
        if t and t.strip():
            yield m


def notes_of(target: Target, kind: str) -> list[tuple[str, Value | None]]:
    """Reader notes of one kind as (detail, the value it is about).

    Readers record tool-specific facts as typed notes (:class:`validator.notes.Note`, kinds in
    :data:`validator.notes.KINDS`) in ``Target.notes`` and the value concerned in
    ``Target.settings["kind:detail"]`` (see ``validator.sources.confkit``).
    """
    from validator.notes import KINDS, parts

    if kind not in KINDS:   # a typo here would silently switch a rule branch off
        raise ValueError(f"unknown note kind {kind!r}: see validator.notes.KINDS")
    out: list[tuple[str, Value | None]] = []
    for note in target.notes:
        found = parts(note)
        if found is not None and found[0] == kind:
            out.append((found[1], target.settings.get(f"{kind}:{found[1]}")))
    return out


def is_default(value: Value | None) -> bool:
    """A client's documented default rather than something the user wrote."""
    return value is not None and value.origin is Origin.DEFAULT


def declared(value: Value | None) -> str | None:
    """Text of a context value (key region, plan, workspace, usage, residency)."""
    t = text_of(value)
    return t.strip() if t and t.strip() else None


def is_literal_kind(target: Target) -> bool:
    return target.kind is TargetKind.LITERAL
