"""Find and read msv's settings: ``.msv.toml``, ``msv.toml`` or ``pyproject.toml`` ``[tool.msv]``.

Discovery starts at the checked path (its folder, for a file) and walks up to the filesystem
root; in each folder ``.msv.toml`` beats ``msv.toml`` beats ``pyproject.toml`` (which counts only
when it has a ``[tool.msv]`` table), and the first folder with one wins — no merging, so what
applies is always one file you can open. Relative paths in the file (``exclude``, ``catalogues``,
``per-path-ignores`` globs) are relative to that file's folder.

Settings are validated with the pydantic model in :mod:`validator.schemas.settings`, imported
only when a settings file is actually found. Any problem is a :class:`SettingsError` with a
one-line message naming the file (the CLI turns it into exit 2).
"""

from __future__ import annotations

import os
import sys

from validator.record import field, record
from validator.vocab import PLANS, RESIDENCIES, USAGES

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Sequence

CANDIDATES = (".msv.toml", "msv.toml", "pyproject.toml")


class SettingsError(ValueError):
    """Bad settings file: the message is one line that names the file."""


@record(frozen=True)
class Settings:
    """Validated settings from one file (``path``), keys in Python spelling (``fail_on``)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The folder relative paths in the settings are resolved against."""
        from pathlib import Path

        return Path(self.folder)

    @property
    def folder(self) -> str:
        """:attr:`root` as a string, for the checks' path (no ``Path`` built)."""
        return os.path.dirname(os.fspath(self.path)) if self.path is not None else os.getcwd()


def _table(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    table = tool.get("msv") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _read_toml(path: Path) -> dict[str, Any]:
    # imported here: most runs find no settings file, and tomllib costs ~2 ms to import
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{_show(path)}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{_show(path)}: cannot read: {exc}") from None


def _show(path: Path) -> str:
    from pathlib import Path

    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


# --------------------------------------------------------------------------- fast acceptance
#
# A project that configures msv pays for its settings on every run (every commit, with the
# pre-commit hook): pydantic's import and model build cost ~50 ms, most of a one-file check.
# ``_plain`` returns what validation would, for tables whose every key is spelt as documented and
# every value has exactly the documented type; anything else (a typo, a coercible value, the
# Python spelling of a key) goes to pydantic, which also writes the error messages.
# tests/engine/test_settings_fast.py holds it to the model.

_LEVELS = frozenset({"error", "warning", "info"})


def _str_list(v: Any) -> bool:
    return type(v) is list and all(type(x) is str for x in v)


def _opt(test: Any) -> Any:
    return lambda v: v is None or test(v)


def _choice(*allowed: str) -> Any:
    return _opt(lambda v: type(v) is str and v in allowed)


_PLAIN: tuple[tuple[str, str, Any], ...] = (   # (field, key as written, test)
    ("select", "select", _opt(_str_list)),
    ("ignore", "ignore", _str_list),
    ("extend_select", "extend-select", _str_list),
    ("severity", "severity", lambda v: type(v) is dict and all(type(k) is str and type(x) is str and x in _LEVELS
                                                                for k, x in v.items())),
    ("per_path_ignores", "per-path-ignores", lambda v: type(v) is dict and all(type(k) is str and _str_list(x)
                                                                                for k, x in v.items())),
    ("fail_on", "fail-on", _choice(*sorted(_LEVELS))),
    ("exclude", "exclude", _str_list),
    ("include_ignored", "include-ignored", _opt(lambda v: type(v) is bool)),
    ("max_file_size", "max-file-size", _opt(lambda v: type(v) is int and v > 0)),
    ("catalogues", "catalogues", _str_list),
    ("key_region", "key-region", _opt(lambda v: type(v) is str)),
    ("key_plan", "key-plan", _choice(*PLANS)),
    ("key_workspace", "key-workspace", _opt(lambda v: type(v) is str)),
    ("usage", "usage", _choice(*USAGES)),
    ("residency", "residency", _choice(*RESIDENCIES)),
)
_PLAIN_KEYS = frozenset(key for _, key, _ in _PLAIN)


def _copy(value: Any) -> Any:
    if type(value) is list:
        return list(value)
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    return value


def _plain(table: Any) -> dict[str, Any] | None:
    """``MsvSettings.model_validate(table).model_dump(exclude_unset=True)`` for plainly valid
    tables; ``None`` for anything that needs the model."""
    if type(table) is not dict or not _PLAIN_KEYS.issuperset(table):
        return None
    out: dict[str, Any] = {}
    for name, key, test in _PLAIN:
        if key in table:
            if not test(table[key]):
                return None
            out[name] = _copy(table[key])
    return out


def validate(table: dict[str, Any], path: Path | None = None) -> dict[str, Any]:
    """Check ``table`` against the schema; return the set keys in Python spelling."""
    plain = _plain(table)
    if plain is not None:
        return plain
    from pydantic import ValidationError

    from validator.schemas.settings import MsvSettings

    where = _show(path) if path is not None else "settings"
    try:
        model = MsvSettings.model_validate(table)
    except ValidationError as exc:
        errors = exc.errors()
        err = errors[0]
        keys = [str(p) for p in err["loc"]]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        line = _line_of(path, keys[0]) if path is not None and keys else 0
        at = f"{where}:{line}" if line else where
        table_name = "[tool.msv] " if path is not None and path.name == "pyproject.toml" else ""
        raise SettingsError(f"{at}: {table_name}{explain(err, table)}{more}") from None
    return model.model_dump(exclude_unset=True)


KEYS = tuple(key for _, key, _ in _PLAIN)


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean `x`?)`` for the closest of ``choices``, or ""."""
    import difflib

    close = difflib.get_close_matches(word.replace("_", "-"), list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def explain(err: dict[str, Any], table: dict[str, Any]) -> str:
    """One pydantic error in msv's words: the key as written, what is wrong, what would be right."""
    loc = [str(p) for p in err.get("loc", ())]
    key = ".".join(loc) or "(table)"
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        hint = did_you_mean(loc[-1], KEYS) if len(loc) == 1 else ""
        return f"unknown key `{key}`{hint} (known: {', '.join(KEYS)})"
    ctx = err.get("ctx") or {}
    if kind in ("literal_error", "enum"):
        return f"{key}: `{err.get('input')}` is not one of {ctx.get('expected', '')}".replace("'", "`")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        wanted = kind.split("_")[0].replace("list", "a list").replace("dict", "a table").replace("string", "a string")
        wanted = {"int": "a whole number", "bool": "true or false"}.get(wanted, wanted)
        return f"{key}: expected {wanted}, got `{err.get('input')!r}`"
    if kind == "greater_than":
        return f"{key}: must be greater than {ctx.get('gt')}"
    return f"{key}: {err.get('msg', 'invalid value')}"


def _line_of(path: Path, key: str) -> int:
    """The line of ``key = …`` in a settings file (0 when not found)."""
    import re

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    in_table = path.name != "pyproject.toml"
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.startswith("[tool.msv") or path.name != "pyproject.toml"
            if stripped.startswith(f"[tool.msv.{key}]") or stripped == f"[{key}]":
                return number
            continue
        if in_table and pattern.match(line):
            return number
    return 0


def load(path: Path) -> Settings | None:
    """Read one settings file. ``None`` for a ``pyproject.toml`` without ``[tool.msv]``."""
    path = path.resolve()
    if not path.is_file():
        raise SettingsError(f"{_show(path)}: no such settings file")
    if path.name == "pyproject.toml":
        try:
            if "msv" not in path.read_text(encoding="utf-8", errors="replace"):
                return None  # cheap: most pyproject files never mention msv
        except OSError as exc:
            raise SettingsError(f"{_show(path)}: cannot read: {exc}") from None
    table = _table(path, _read_toml(path))
    if table is None:
        return None
    return Settings(path, validate(table, path))


def find(start: Path | str) -> Path | None:
    """The settings file that applies to ``start`` (see module doc), or None."""
    found = _find(os.fspath(start))
    if found is None:
        return None
    from pathlib import Path

    return Path(found[0])


def _find(start: str) -> tuple[str, Settings | None] | None:
    """:func:`find` on strings, with the settings when reading the file was needed to tell (a
    ``pyproject.toml`` counts only with a ``[tool.msv]`` table): the walk up runs on every
    check, most find no settings file, and then no ``Path`` is built (nor pathlib imported)."""
    here = os.path.realpath(os.path.abspath(start))   # Path.resolve()
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    folder = here
    while True:
        for name in CANDIDATES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                if name != "pyproject.toml":
                    return candidate, None
                loaded = _load_pyproject(candidate)
                if loaded is not None:
                    return candidate, loaded
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _load_pyproject(pyproject: str) -> Settings | None:
    """``load(pyproject)``, reading the file as a string first: most pyproject files never
    mention msv, and those need no ``Path``."""
    try:
        with open(pyproject, encoding="utf-8", errors="replace") as fh:
            if "msv" not in fh.read():
                return None
    except OSError:
        pass   # load says why it cannot be read
    from pathlib import Path

    return load(Path(pyproject))


def common_start(paths: Sequence[str]) -> Path:
    """Where discovery starts for several checked paths: their deepest common folder."""
    from pathlib import Path

    return Path(_common_start(paths))


def _common_start(paths: Sequence[str]) -> str:
    """:func:`common_start` as a string (``Path.resolve`` is ``os.path.realpath`` of the absolute path)."""
    if not paths:
        return os.getcwd()
    resolved = [os.path.realpath(os.path.abspath(p)) for p in paths]
    try:
        return os.path.commonpath(resolved)
    except ValueError:  # different drives
        return resolved[0]


def discover(paths: Sequence[str], config: str | None = None, isolated: bool = False) -> Settings:
    """The settings for a run over ``paths``: ``config`` if given, else the discovered file."""
    if isolated:
        return Settings()
    if config is not None:
        from pathlib import Path

        found = load(Path(config))
        if found is None:
            raise SettingsError(f"{config}: no [tool.msv] table")
        return found
    found = _find(_common_start(paths))
    if found is None:
        return Settings()
    from pathlib import Path

    return found[1] or load(Path(found[0])) or Settings()


def schema() -> dict[str, Any]:
    """The JSON Schema of the settings (exported to ``schemas/msv-settings.schema.json``)."""
    from validator.schemas.export import json_schema
    from validator.schemas.settings import MsvSettings

    return json_schema(MsvSettings, by_alias=True)


def schema_path() -> Path:
    """Where the exported schema lives (``schemas/`` is installed as ``validator.schemas``)."""
    from pathlib import Path

    import validator.schemas

    return Path(validator.schemas.__file__).resolve().parent / "msv-settings.schema.json"


def _main(argv: list[str]) -> int:  # pragma: no cover - maintenance entry point
    import json

    text = json.dumps(schema(), indent=2, sort_keys=True) + "\n"
    if argv[:1] == ["--write"]:
        schema_path().write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
