"""The user's cache directory, and what msv keeps there, known without importing the pipeline.

One place for the path (the probe's verdict cache, the observed model lists and the downloaded
catalogue all live under it), and the few facts ``msv --version`` prints about the catalogue in
use, read from file heads so that the command stays as cheap as click itself.
"""

from __future__ import annotations

import os
import sys

from validator.lazyre import lazy

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path

# Paths here are strings: ``msv check FILE…`` never imports pathlib (docs/architecture.md).
BUNDLED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "catalogue", "compiled.json")
CATALOGUE_DIR = "catalogue"
CATALOGUE_FILE = "catalogue.json"
CATALOGUE_INFO = "catalogue.info.json"
_HEAD = lazy(r'"meta":\s*\{\s*"version":\s*"([^"]+)",\s*"as_of":\s*"([^"]+)"')


def user_cache_dir() -> Path:
    """``$MSV_CACHE_DIR``, else the platform's user cache directory + ``/msv``."""
    from pathlib import Path

    return Path(cache_folder())


def cache_folder() -> str:
    """:func:`user_cache_dir` as a string, for the checks' path (no ``Path`` built)."""
    override = os.environ.get("MSV_CACHE_DIR")
    if override:
        return override
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home_folder(), "AppData", "Local")
        return os.path.join(base, "msv", "Cache")
    if sys.platform == "darwin":
        return os.path.join(home_folder(), "Library", "Caches", "msv")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(home_folder(), ".cache"), "msv")


def home_folder() -> str:
    """``str(Path.home())``: ``os.path.expanduser("~")``, what ``Path.home`` calls, and its error."""
    home = os.path.expanduser("~")
    if home[:1] == "~":
        raise RuntimeError("Could not determine home directory.")
    return home


def version_key(version: str) -> tuple[int, ...]:
    """``2026.12.1`` -> (2026, 12, 1); anything else sorts before every published version."""
    parts = str(version).split(".")
    return tuple(int(p) for p in parts) if parts and all(p.isdigit() for p in parts) else (-1,)


def bundled_head() -> tuple[str, str]:
    """(version, as_of) of the bundled catalogue, read from the head of compiled.json only."""
    try:
        with open(BUNDLED, encoding="utf-8") as fh:
            m = _HEAD.search(fh.read(2048))
    except OSError:
        m = None
    return (m.group(1), m.group(2)) if m else ("?", "?")


def catalogue_in_use() -> dict[str, str]:
    """Which catalogue a run uses, without loading it: ``version``, ``as_of``, ``origin``."""
    d = os.path.join(cache_folder(), CATALOGUE_DIR)
    version, as_of = bundled_head()
    try:
        import json

        with open(os.path.join(d, CATALOGUE_INFO), encoding="utf-8") as fh:
            info = json.loads(fh.read())
    except (OSError, ValueError):
        info = None
    if isinstance(info, dict) and version_key(str(info.get("version", ""))) > version_key(version) \
            and os.path.exists(os.path.join(d, CATALOGUE_FILE)):
        return {"version": str(info["version"]), "as_of": str(info.get("as_of", "?")),
                "origin": f"downloaded {info.get('fetched', '?')}"}
    return {"version": version, "as_of": as_of, "origin": "bundled"}


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` (in the user's cache) in one step, readable by its owner only: a temp
    file beside it, 0600, then an atomic rename; the folder is created, a failed write leaves
    nothing behind. Used for the downloaded catalogue and the observed model lists."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
