"""The records that flow through msv: locations, values, secrets, targets and findings.

Everything here is a plain dataclass on purpose. These types sit on the hot path of every
``msv check`` and must cost nothing to import: pydantic is kept for validating *input*
(catalogue files, ``modelstudio.yaml``), never for the records the pipeline passes around.

Data flows one way::

    sources ──► Target ──► rules(target, catalogue, context) ──► Hit ──► Finding ──► reporters
"""

from __future__ import annotations

import enum

from validator.record import field, record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable


class Severity(enum.IntEnum):
    """How sure and how bad. Ordered, so ``--fail-on`` is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


# --------------------------------------------------------------------------- locations


@record(frozen=True)
class Location:
    """A span in a file. Lines and columns are 1-based; ``end_column`` is exclusive.

    ``line == 0`` means "the file as a whole" (unreadable files, environment without file).
    The path is kept exactly as it should be displayed (relative to the working directory
    when the file lies below it, posix separators).
    """

    path: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    @property
    def is_file(self) -> bool:
        """False for pseudo-paths such as ``<environment>`` or ``<cli>``."""
        return not self.path.startswith("<")


ENVIRONMENT = "<environment>"
CLI = "<cli>"


# --------------------------------------------------------------------------- secrets


def _sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``.

    ``hashlib`` loads OpenSSL (about 2 ms); every ``msv check`` that finds something hashes a
    few short strings, so the interpreter's own small SHA-256 module is used when it exists
    (the same trick ``random`` uses for SHA-512). Same digest either way.
    """
    global _SHA256
    if _SHA256 is None:
        try:
            from _sha2 import sha256 as impl  # type: ignore[import-not-found]  # Python 3.12+
        except ImportError:
            try:
                from _sha256 import sha256 as impl  # type: ignore[import-not-found,no-redef]  # 3.10, 3.11
            except ImportError:  # a build without the built-in hashes (FIPS)
                from hashlib import sha256 as impl  # type: ignore[no-redef]
        _SHA256 = impl
    return _SHA256(data).hexdigest()


_SHA256: Any = None

_KNOWN_PREFIXES = ("sk-sp-", "sk-ws-", "sk-ant-", "sk-proj-", "sk-")


def fingerprint(secret: str) -> str:
    """A short, stable, non-reversible name for a secret: known prefix + 8 hex of SHA-256.

    At most the documented key prefix (``sk-``, ``sk-sp-``…) is shown, never characters of the
    secret part, so a fingerprint can be printed, logged, written to a baseline or sent to CI.
    """
    digest = _sha256(secret.encode("utf-8", "surrogatepass"))[:8]
    prefix = next((p for p in _KNOWN_PREFIXES if secret.startswith(p)), "")
    return f"{prefix}…{digest}"


class Secret:
    """A key value that refuses to be printed.

    ``str()``, ``repr()`` and f-strings give the fingerprint. Code that really needs the
    value (the probe building a header, rules inspecting the shape) reads ``.reveal()``,
    which makes every use greppable.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    @property
    def fingerprint(self) -> str:
        return fingerprint(self._value)

    def __repr__(self) -> str:
        return f"Secret({self.fingerprint})"

    __str__ = lambda self: self.fingerprint  # noqa: E731

    def __format__(self, spec: str) -> str:
        return format(self.fingerprint, spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("secret", self._value))

    def __len__(self) -> int:
        return len(self._value)

    def __reduce__(self):  # pickling (multiprocessing) keeps the value, in memory only
        return (Secret, (self._value,))


def reveal(value: Any) -> Any:
    """The plain value of ``value`` whether or not it is a :class:`Secret`."""
    return value.reveal() if isinstance(value, Secret) else value


# --------------------------------------------------------------------------- values


class Origin(str, enum.Enum):
    """How a field got its value. Rules use it to decide how sure they may be."""

    LITERAL = "literal"        # written in the file at ``loc``
    VARIABLE = "variable"      # read through an environment variable (see ``Value.variable``)
    DEFAULT = "default"        # the client's documented default (catalogue ``clients``)
    DECLARED = "declared"      # user-declared context (CLI flag, modelstudio.yaml ``key:``)
    OBSERVED = "observed"      # seen on the network by the probe

    def __str__(self) -> str:
        return self.value


@record(frozen=True)
class Value:
    """One field of a target with its provenance.

    ``value`` is ``None`` when a variable reference could not be resolved (``variable`` then
    names it) or when it is an expression msv cannot evaluate statically (``variable`` is
    then ``None`` and ``via`` starts with ``"dynamic"``). ``raw`` is the exact text at ``loc``
    (quotes included) so that fixes can rewrite it byte for byte. ``overridden`` lists the competing definitions that lost, in
    precedence order; ``via`` says which loader or rule decided (``"shell wins over .env"``).
    """

    value: Any
    loc: Location | None = None
    origin: Origin = Origin.LITERAL
    variable: str | None = None
    raw: str | None = field(default=None, repr=False)   # may hold a key as written: never in repr()
    overridden: tuple["Value", ...] = ()
    via: str | None = None
    # What the code or config falls back to when ``variable`` is unset: the default of
    # ``os.getenv("X", d)``, ``${X:-d}``, ``process.env.X || d``. The linker uses it when it
    # finds no definition of the variable.
    fallback: "Value | None" = None

    @property
    def text(self) -> str | None:
        """The value as text, secrets revealed (for rules only, never for output)."""
        v = reveal(self.value)
        return v if isinstance(v, str) else (None if v is None else str(v))

    def display(self) -> str:
        """Safe to print: secrets become fingerprints."""
        if isinstance(self.value, Secret):
            return self.value.fingerprint
        return "" if self.value is None else str(self.value)


@record(frozen=True)
class Binding:
    """One definition of an environment variable somewhere (a ``.env`` line, an ``export``…).

    ``scope`` names the loader family that reads it, because precedence differs by loader:
    ``process`` (the live environment), ``shell`` (profiles and scripts), ``dotenv``,
    ``settings`` (a tool's settings ``env`` block), ``compose``, ``actions``.
    """

    name: str
    value: Any  # str, or Secret for key-shaped values and key variables
    loc: Location
    scope: str
    raw: str | None = field(default=None, repr=False)   # may hold a key as written: never in repr()
    reference: str | None = None  # the value is a reference to another variable (``${X}``)


# --------------------------------------------------------------------------- targets


class TargetKind(str, enum.Enum):
    CONFIG = "config"      # a client configuration (env block, settings file, provider entry…)
    CODE = "code"          # an SDK client built in source code
    LITERAL = "literal"    # loose Model Studio URLs / key-shaped literals found in a file

    def __str__(self) -> str:
        return self.value


@record
class Target:
    """One client configuration: what a client will actually send, and from where.

    A target is what every rule looks at. Sources fill what they see; the linker resolves
    variable references across files (following the client's precedence); client defaults
    fill what is missing (``Origin.DEFAULT``). ``client`` is a catalogue client id
    (``openai-sdk``, ``claude-code``, ``codex``… or ``unknown``) and decides the protocol and
    what is appended to the base URL.
    """

    name: str
    client: str
    origin: Location
    kind: TargetKind = TargetKind.CONFIG
    protocol: str | None = None           # openai | anthropic | dashscope (None: unknown)
    base_url: Value | None = None
    key: Value | None = None              # value: Secret, or None when unresolved
    key_variable: str | None = None       # the variable this client reads the key from
    models: list[Value] = field(default_factory=list)
    parameters: dict[str, Value] = field(default_factory=dict)
    features: list[Value] = field(default_factory=list)
    settings: dict[str, Value] = field(default_factory=dict)   # client-specific (wire_api…)
    usage: Value | None = None            # backend | interactive
    residency: Value | None = None        # cn | intl | us | eu | jp | hk
    key_region: Value | None = None       # declared context about the key
    key_plan: Value | None = None
    key_workspace: Value | None = None
    committed: bool | None = None         # is the file meant to be committed (None: unknown)
    notes: list[str] = field(default_factory=list)
    observations: list[Any] = field(default_factory=list)   # facts the live probe added

    def fields(self) -> Iterable[tuple[str, Value]]:
        """Every populated field as (name, value), in a stable order (for --list-targets)."""
        for name in ("base_url", "key", "usage", "residency", "key_region", "key_plan", "key_workspace"):
            v = getattr(self, name)
            if v is not None:
                yield name, v
        for i, m in enumerate(self.models):
            yield ("model" if len(self.models) == 1 else f"models[{i}]"), m
        for k, v in self.parameters.items():
            yield f"parameters.{k}", v
        for i, f in enumerate(self.features):
            yield f"features[{i}]", f
        for k, v in self.settings.items():
            yield f"settings.{k}", v


# --------------------------------------------------------------------------- findings


@record(frozen=True)
class Fix:
    """A suggested fix. With ``replacement`` it is a rewrite of the text at ``loc``.

    ``safe`` rewrites are applied by ``--fix``; unsafe ones need ``--unsafe-fixes``.
    """

    description: str
    replacement: str | None = None
    loc: Location | None = None
    safe: bool = True


@record(frozen=True)
class Hit:
    """What a rule returns: where, what, and optionally how to fix it.

    The engine turns hits into :class:`Finding` by adding the rule's metadata. ``at`` is
    the offending value (preferred: gives location, key path and fingerprint) or a bare
    location. ``key`` is the logical path of the value (``base_url``, ``env.OPENAI_API_KEY``)
    used in fingerprints so that moving a block does not change them.
    """

    message: str
    at: Value | Location | None = None
    fix: Fix | None = None
    severity: "Severity | None" = None   # override, when the rule is less sure than usual
    key: str | None = None
    observed: bool = False


@record(frozen=True)
class Finding:
    rule: str
    code: str
    severity: Severity
    message: str
    loc: Location
    fix: Fix | None = None
    observed: bool = False
    target: str | None = None
    key: str | None = None
    fingerprint: str = ""

    def sort_key(self) -> tuple:
        return (self.loc.path, self.loc.line, self.loc.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of a finding (API: keep stable)."""
        fix = None
        if self.fix is not None:
            fix = {
                "description": self.fix.description,
                "replacement": self.fix.replacement,
                "safe": self.fix.safe,
            }
            if self.fix.loc is not None and self.fix.loc != self.loc:
                fix["location"] = location_dict(self.fix.loc)
        return {
            "rule": self.rule,
            "code": self.code,
            "severity": str(self.severity),
            "path": self.loc.path,
            "line": self.loc.line,
            "column": self.loc.column,
            "end_line": self.loc.end_line,
            "end_column": self.loc.end_column,
            "message": self.message,
            "fix": fix,
            "kind": "observed" if self.observed else "static",
            "target": self.target,
            "fingerprint": self.fingerprint,
        }


def location_dict(loc: Location) -> dict[str, Any]:
    return {
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
    }


def fixable(finding: Finding, unsafe: bool = False) -> bool:
    """Does ``finding`` carry a rewrite this run may apply? (Here, not in :mod:`validator.fix`:
    every text report asks it, and only ``--fix`` needs the rewriting code.)"""
    fix = finding.fix
    if fix is None or fix.replacement is None:
        return False
    loc = fix.loc or finding.loc
    return loc.is_file and loc.line > 0 and loc.column > 0 and (fix.safe or unsafe)


def value_hash(value: Any) -> str:
    """Short hash of a value for fingerprints (secrets included: the hash is not reversible)."""
    text = "" if value is None else str(reveal(value))
    return _sha256(text.encode("utf-8", "surrogatepass"))[:12]
