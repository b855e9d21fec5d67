"""Strict pydantic models of the catalogue YAML (``validator/catalogue/data/*.yaml`` and user extensions).

Why strict: the catalogue is the one body of facts every rule trusts, and users extend it with
their own files. A misspelt key (``regoin:``) or a value of the wrong type must fail loudly with
the file and line instead of silently dropping a fact. ``extra="forbid"`` rejects unknown keys;
``strict=True`` refuses coercions (``version: 2026`` is not the string ``"2026"``).

These models check each file on its own (shape, types, enumerations, regular expressions that
compile, "a non-seed source needs a confidence"). Checks across files — dangling references,
duplicates, the source index — live in :mod:`validator.catalogue.compile`, which also maps every
error back to a file and line. Only the compile step and ``--catalogue`` extensions import this
module; the runtime reads the prebuilt ``compiled.json``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

SEED_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")

Confidence = Literal["official", "third-party", "inferred"]
ProtocolId = Literal["openai", "anthropic", "dashscope"]
ModelProtocol = Literal["openai", "anthropic", "dashscope", "responses"]
Family = Literal["shared", "workspace", "trial", "plan"]
HostStatus = Literal["recommended", "supported", "legacy", "deprecated"]
Callers = Literal["any-workspace", "own-workspace", "plan-subscriber"]
Usage = Literal["any", "interactive"]
KeyKind = Literal["payg", "subscription", "workspace", "generic", "foreign"]
BindingScope = Literal["process", "shell", "dotenv", "settings", "compose", "actions"]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]

LOOPBACK = re.compile(r"^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$")


def is_seed(source: str) -> bool:
    """A seed document is cited by its file name (``000_32e2695b14441696.txt``)."""
    return bool(SEED_FILE.match(source))


def _check_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return pattern


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Claim(Strict):
    """One side of a disagreement between sources."""

    claim: str = Field(min_length=1)
    source: str = Field(min_length=1)
    confidence: Confidence | None = None

    @model_validator(mode="after")
    def _confidence_when_not_seed(self) -> "Claim":
        if self.confidence is None and not is_seed(self.source):
            raise ValueError("confidence (official, third-party or inferred) is required when source is not a seed file")
        return self


DateText = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}){0,2}$")]


class FieldSource(Strict):
    """Where one field of an entry comes from, when it is not the entry's own ``source``.

    An entry that mixes a seed fact with a page fact cites the seed in ``source`` and the page
    for the fields it gave (``field_sources: {scopes: {source: URL, confidence: official}}``):
    a seed is then cited only for what it says.
    """

    source: str = Field(min_length=1)
    confidence: Confidence | None = None
    note: str = ""

    @model_validator(mode="after")
    def _confidence_when_not_seed(self) -> "FieldSource":
        if self.confidence is None and not is_seed(self.source):
            raise ValueError("confidence (official, third-party or inferred) is required when source is not a seed file")
        return self


class Sourced(Strict):
    """Every catalogue entry says where it comes from, and how sure that is."""

    source: str = Field(min_length=1)
    confidence: Confidence | None = None
    disputed: list[Claim] = []
    notes: list[str] = []
    field_sources: dict[str, FieldSource] = {}

    @model_validator(mode="after")
    def _confidence_when_not_seed(self) -> "Sourced":
        if self.confidence is None and not is_seed(self.source):
            raise ValueError("confidence (official, third-party or inferred) is required when source is not a seed file")
        _known_fields(self)
        return self


def _known_fields(entry: BaseModel) -> None:
    """``field_sources`` may cite only fields the entry has (a misspelt field would cite nothing)."""
    unknown = sorted(set(getattr(entry, "field_sources", {})) - set(type(entry).model_fields) - {"field_sources"})
    if unknown:
        raise ValueError(f"field_sources names {', '.join(unknown)}, which this entry has no field for")


# ----------------------------------------------------------------------------- meta


class Meta(Strict):
    version: str = Field(min_length=1)     # YEAR.MONTH.N for published catalogues (compared as numbers)
    as_of: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    models_as_of: DateText | None = None   # the newest model table read (models can be older than as_of)
    notes: list[str] = []


class SourceRef(Strict):
    id: str = Field(min_length=1)
    kind: Literal["seed", "official", "third-party", "inferred"]
    title: str = Field(min_length=1)


# ----------------------------------------------------------------------------- regions


class ScopeEntry(Sourced):
    id: Identifier
    name: str
    name_zh: str
    residency: str | None
    description: str = ""
    # the default scope of the region's models launched on or after this date (China Elastic Zone)
    default_since: DateText | None = None


class RegionEntry(Sourced):
    id: Identifier
    name: str
    name_zh: str
    scopes: list[str] = Field(min_length=1)
    residency: str
    aliases: list[str] = []
    site: Literal["china", "international"] | None = None
    # date of the newest model list read for this region; None: msv has no full list for it
    # (a model missing there is then "not listed as of", a warning, never an error)
    models_as_of: DateText | None = None
    # who picks the deployment scope among the region's scopes: the workspace (Frankfurt: Global
    # or EU, set when the workspace is created) or the model name (Virginia: the -us suffix)
    scope_chosen_by: Literal["workspace", "model"] | None = None


# ----------------------------------------------------------------------------- hosts


class HostEntry(Sourced):
    """A host or host family; ``{workspace}`` in ``pattern`` stands for one workspace-id label."""

    id: Identifier
    pattern: str = Field(pattern=r"^(\{workspace\}\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$|^\[::1\](:\d{1,5})?$")
    family: Family
    region: str
    plan: str
    status: HostStatus
    callers: Callers
    usage: Usage
    protocols: dict[ProtocolId, str]
    replacement: str | None = None
    rate_limit: str | None = None
    timeout_s: int | None = Field(default=None, ge=1)
    sla: str | None = None
    allow_http: bool = False

    @field_validator("protocols")
    @classmethod
    def _paths_absolute(cls, value: dict[str, str]) -> dict[str, str]:
        for protocol, path in value.items():
            if not re.match(r"^(/[A-Za-z0-9._~-]+)*$", path):
                raise ValueError(f"base path of {protocol} must be empty or start with / (got {path!r})")
        return value

    @model_validator(mode="after")
    def _http_only_on_loopback(self) -> "HostEntry":
        if self.allow_http and not LOOPBACK.match(self.pattern):
            raise ValueError("allow_http is only allowed for loopback hosts (localhost, 127.x.x.x, [::1])")
        return self


class TypoEntry(Sourced):
    host: str = Field(pattern=r"^[a-z0-9.-]+$")
    meant: str = Field(pattern=r"^[a-z0-9.-]+$")


class ForeignEntry(Sourced):
    # an exact host, or a glob with `*` (`*.oss-*.aliyuncs.com`: any bucket in any OSS region)
    host: str = Field(pattern=r"^[a-z0-9.*-]+$")
    provider: Identifier


# ----------------------------------------------------------------------------- protocols


class Endpoint(Sourced):
    path: str = Field(pattern=r"^(/[A-Za-z0-9._~{}-]+)+$")
    method: Literal["GET", "POST", "PUT", "DELETE"]
    api: str


class ProtocolEntry(Sourced):
    id: ProtocolId
    name: str
    base_path: str = Field(pattern=r"^(/[A-Za-z0-9._~-]+)+$")
    auth: list[Literal["bearer", "x-api-key"]] = Field(min_length=1)
    error_shape: Literal["envelope", "flat", "anthropic"]
    endpoints: list[Endpoint] = Field(min_length=1)


class PathEntry(Sourced):
    """A base path other than the protocol's standard one (legacy Responses, old Claude Code proxy…)."""

    path: str = Field(pattern=r"^(/[A-Za-z0-9._~-]+)+$")
    protocol: ProtocolId
    status: HostStatus
    replacement: str | None = None
    families: list[Family] = Field(min_length=1)
    endpoints: list[str] = Field(min_length=1)
    models: list[str] = []
    schemes: list[Literal["https", "wss"]] = ["https"]


# ----------------------------------------------------------------------------- plans and keys


class PlanEntry(Sourced):
    id: Identifier
    name: str
    name_zh: str
    usage: Usage
    key_kinds: list[KeyKind] = Field(min_length=1)
    hosts: bool = True


class KeyShapeEntry(Sourced):
    id: Identifier
    pattern: str
    kind: KeyKind
    plans: list[str] = []
    provider: str | None = None

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        return _check_regex(value)

    @model_validator(mode="after")
    def _provider_for_foreign(self) -> "KeyShapeEntry":
        if (self.kind == "foreign") != (self.provider is not None):
            raise ValueError("provider is required for kind foreign, and only for it")
        return self


class PatternEntry(Sourced):
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        return _check_regex(value)


class MismatchEntry(Sourced):
    id: Identifier
    key: list[KeyKind] = Field(min_length=1)
    host_plan: str
    outcome: str
    error: str


# ----------------------------------------------------------------------------- models


class CapabilityEntry(Sourced):
    id: Identifier
    description: str


class FamilyEntry(Sourced):
    id: Identifier
    name: str


ModelName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


class SnapshotEntry(Strict):
    """A dated or ``-latest`` name of a model; unset fields are inherited from the parent."""

    name: ModelName
    aliases: list[str] = []
    scopes: list[str] | None = None
    protocols: list[ModelProtocol] | None = None
    plans: list[str] | None = None
    capabilities: list[str] | None = None
    since: DateText | None = None
    source: str | None = None
    confidence: Confidence | None = None
    disputed: list[Claim] = []
    notes: list[str] = []
    field_sources: dict[str, FieldSource] = {}

    @model_validator(mode="after")
    def _confidence_when_not_seed(self) -> "SnapshotEntry":
        if self.source is not None and self.confidence is None and not is_seed(self.source):
            raise ValueError("confidence (official, third-party or inferred) is required when source is not a seed file")
        _known_fields(self)
        return self


class ModelEntry(Sourced):
    name: ModelName
    family: str
    scopes: list[str]
    protocols: list[ModelProtocol]
    plans: list[str] = Field(min_length=1)
    capabilities: list[str] = []
    aliases: list[str] = []
    snapshots: list[SnapshotEntry] = []
    # when the model first appears in the sources read: a model newer than a region's or a
    # plan's list is "not listed there as of DATE" (a warning), not "not offered" (an error)
    since: DateText | None = None


class PlanList(Sourced):
    plan: str
    models: list[str] = Field(min_length=1)
    as_of: DateText


# ----------------------------------------------------------------------------- parameters, features


class ParameterEntry(Sourced):
    protocol: ModelProtocol
    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.]*$")
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    models: list[str] | None = None
    requires: dict[str, Any] = {}
    supported: bool = True
    notes: str = ""  # type: ignore[assignment]  # one sentence here, not a list

    @model_validator(mode="after")
    def _range_order(self) -> "ParameterEntry":
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("minimum is greater than maximum")
        return self


class FeatureExtra(Sourced):
    """More region values for a feature, from another source."""

    regions: dict[str, bool]


class FeatureEntry(Sourced):
    id: Identifier
    name: str
    name_zh: str = ""
    regions: dict[str, bool]
    extra: list[FeatureExtra] = []


# ----------------------------------------------------------------------------- errors


class ShapeEntry(Sourced):
    protocol: ProtocolId
    shape: Literal["envelope", "flat", "anthropic"]
    example: str
    fields: dict[str, str]


class ErrorEntry(Sourced):
    id: Identifier
    status: int | None = Field(ge=100, le=599)
    codes: list[str] = []
    patterns: list[str] = []
    # Patterns searched in the whole paste (msv diagnose), not the message: the context that makes
    # this signature likely (a tool's auth mode, a model name). ``needs_context``: only then.
    context: list[str] = []
    needs_context: bool = False
    protocol: ProtocolId | None = None
    family: Family | None = None
    meaning: Identifier
    causes: list[str] = Field(min_length=1)
    fix: str

    @field_validator("patterns", "context")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            _check_regex(pattern)
        return value

    @model_validator(mode="after")
    def _something_to_match(self) -> "ErrorEntry":
        if not self.codes and not self.patterns:
            raise ValueError("an error signature needs codes or patterns to match")
        return self


# ----------------------------------------------------------------------------- clients, probes


class SettingsMap(Strict):
    """How a ``json-settings`` reader finds one configuration in a client's file: "in this
    format, at these paths, are the base URL, the key and the model" (dotted paths; ``*`` is
    every entry of a mapping or list)."""

    format: Literal["json", "jsonc", "yaml", "toml"] = "jsonc"
    each: list[str] = [""]                 # where the configurations sit ("" = the top level)
    base_url: list[str] = []
    key: list[str] = []
    model: list[str] = []
    when: dict[str, list[str]] = {}        # field -> the values that make it this client (apiProvider: [openai])
    relevant: list[str] = Field(default=[], description="words one of which a file must contain to be parsed")


class ClientEntry(Sourced):
    id: Identifier
    name: str
    aliases: list[str] = []
    protocol: ProtocolId | None
    appends: str | None = Field(pattern=r"^(/[A-Za-z0-9._~-]+)*$")
    append_unless_present: bool = False
    base_vars: list[str] = []
    key_vars: list[str] = []
    key_headers: dict[str, Literal["bearer", "x-api-key"]] = {}
    model_vars: list[str] = []
    default_base_url: str | None = Field(default=None, pattern=r"^(https?|wss)://[^\s]+$")
    precedence: list[BindingScope] = Field(min_length=1)
    usage: Literal["interactive", "backend"] | None = None
    # dotenv files the client (or the framework around it) loads together, strongest first;
    # empty: the python-dotenv default, only files named `.env`
    env_files: list[str] = []
    # Where the client's own files are (one record is the only place this is written):
    files: list[str] = Field(default=[], description="project file patterns: trailing path components, * and **")
    user_files: list[str] = Field(default=[], description="user-level configs, ~/ relative to the home folder")
    home_var: str | None = Field(default=None, description="a variable that moves the first folder of user_files")
    launchers: list[str] = Field(default=[], description="command words that start the tool (launcher scripts)")
    reader: str | None = Field(default=None, description="registry name of the reader of `files`")
    settings: SettingsMap | None = None    # for reader json-settings

    @model_validator(mode="after")
    def _consistent(self) -> "ClientEntry":
        if self.files and not self.reader:
            raise ValueError("files needs a reader (a registered reader name, or json-settings with settings:)")
        if self.reader == "json-settings" and self.settings is None:
            raise ValueError("reader json-settings needs settings: (which paths hold base_url, key and model)")
        bad = [u for u in self.user_files if not u.startswith("~/")]
        if bad:
            raise ValueError(f"user_files must start with ~/: {', '.join(bad)}")
        if len(set(self.precedence)) != len(self.precedence):
            raise ValueError("precedence lists a binding scope twice")
        unknown = sorted(set(self.key_headers) - set(self.key_vars))
        if unknown:
            raise ValueError(f"key_headers names variables that are not in key_vars: {', '.join(unknown)}")
        return self


class ProbeEntry(Sourced):
    id: Identifier
    protocol: ProtocolId
    families: list[Family] = Field(min_length=1)
    method: Literal["GET", "POST"]
    path: str = Field(pattern=r"^(/[A-Za-z0-9._~-]+)+$")
    body: Any = None
    headers: dict[str, str] = {}
    auth: Literal["bearer", "x-api-key"] = "bearer"


class NoProbeEntry(Sourced):
    family: Family | None = None
    host: str | None = None
    reason: str

    @model_validator(mode="after")
    def _one_target(self) -> "NoProbeEntry":
        if (self.family is None) == (self.host is None):
            raise ValueError("give exactly one of family or host")
        return self


# ----------------------------------------------------------------------------- a file


class CatalogueFile(Strict):
    """One catalogue YAML file: any subset of the sections (bundled files split them by concern)."""

    meta: Meta | None = None
    sources: list[SourceRef] = []
    scopes: list[ScopeEntry] = []
    regions: list[RegionEntry] = []
    hosts: list[HostEntry] = []
    typos: list[TypoEntry] = []
    foreign: list[ForeignEntry] = []
    protocols: list[ProtocolEntry] = []
    paths: list[PathEntry] = []
    plans: list[PlanEntry] = []
    key_shapes: list[KeyShapeEntry] = []
    placeholders: list[PatternEntry] = []
    masked: list[PatternEntry] = []
    mismatches: list[MismatchEntry] = []
    capabilities: list[CapabilityEntry] = []
    families: list[FamilyEntry] = []
    models: list[ModelEntry] = []
    plan_lists: list[PlanList] = []
    parameters: list[ParameterEntry] = []
    features: list[FeatureEntry] = []
    shapes: list[ShapeEntry] = []
    errors: list[ErrorEntry] = []
    clients: list[ClientEntry] = []
    probes: list[ProbeEntry] = []
    no_probe: list[NoProbeEntry] = []


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a catalogue file (exported to ``schemas/catalogue.schema.json``)."""
    from .export import json_schema as export

    return export(CatalogueFile, **{"$id": "urn:modelstudio-validator:catalogue",
                                    "title": "modelstudio-validator catalogue file"})
