"""The ``[tool.msv]`` table (``pyproject.toml``) and ``.msv.toml`` / ``msv.toml`` files.

Keys are kebab-case like ruff's. Unknown keys are an error (exit 2) rather than silently
ignored: a misspelt ``per-path-ignore`` that does nothing is worse than a loud message.
``msv-settings.schema.json`` next to this file is exported from :class:`MsvSettings`
(``python -m validator.settings --schema``); a test keeps them in sync.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from validator.vocab import PLANS, RESIDENCIES

Level = Literal["error", "warning", "info"]
Residency = Literal[RESIDENCIES]  # type: ignore[valid-type]  (validator/vocab.py is the one list)


class MsvSettings(BaseModel):
    """Settings for ``msv check``. Command-line flags win over every key here."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True,
                              title="msv settings")

    select: list[str] | None = Field(
        None, description="Rules to enable (codes, names or code prefixes; `ALL`). Default: all.")
    ignore: list[str] = Field(
        default_factory=list, description="Rules to disable (codes, names or code prefixes).")
    extend_select: list[str] = Field(
        default_factory=list, alias="extend-select",
        description="Rules to enable on top of `select`.")
    severity: dict[str, Level] = Field(
        default_factory=dict,
        description="Severity overrides: rule name or code -> error | warning | info.")
    per_path_ignores: dict[str, list[str]] = Field(
        default_factory=dict, alias="per-path-ignores",
        description="Glob (relative to this settings file) -> rules to ignore in matching files.")
    fail_on: Level | None = Field(
        None, alias="fail-on", description="Lowest severity that makes `msv check` exit 1 (default error).")
    exclude: list[str] = Field(
        default_factory=list, description="Paths or globs (relative to this settings file) not to walk.")
    include_ignored: bool | None = Field(
        None, alias="include-ignored", description="Also check files that .gitignore ignores.")
    max_file_size: int | None = Field(
        None, alias="max-file-size", gt=0, description="Files larger than this many bytes are skipped.")
    catalogues: list[str] = Field(
        default_factory=list,
        description="Catalogue extension files (relative to this settings file, inside its folder) merged over "
                    "the bundled one. Untrusted: they may add models, parameters, features and notes; hosts they "
                    "add are never probed, patterns must be literal (see README Security).")
    key_region: str | None = Field(
        None, alias="key-region", description="Region the API key was created in (e.g. cn-beijing).")
    key_plan: Literal[PLANS] | None = Field(  # type: ignore[valid-type]
        None, alias="key-plan", description="Plan the API key belongs to.")
    key_workspace: str | None = Field(
        None, alias="key-workspace", description="Workspace id the API key was created in.")
    usage: Literal["backend", "interactive"] | None = Field(
        None, description="How the configuration is used: by a backend/script, or an interactive coding tool.")
    residency: Residency | None = Field(
        None, description="Where inference must stay (data residency requirement).")
