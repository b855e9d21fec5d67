"""The trust boundary: what the repository under check may change, stated and enforced here.

msv runs in CI on pull requests from forks while holding its user's key. Everything the
repository supplies is *untrusted data*: its settings files (``.msv.toml``, ``msv.toml``,
``pyproject.toml [tool.msv]``), the catalogue extensions those settings name, ``modelstudio.yaml``
and every scanned file. It may tune what is reported; it never decides where a key is sent,
which files outside the repository are read, or which regular expression runs. Only the command
line, environment variables the user sets, the Python API's arguments and the user-level config
(``$XDG_CONFIG_HOME/msv/config.toml``, default ``~/.config/msv/config.toml``) are trusted.

This module is the one place that draws the line:

* :func:`user_catalogues` — the trusted catalogue extensions named in the user-level config;
* :func:`read_repo_file` — how a path named by untrusted settings is read: inside the settings
  folder (symlinks resolved first), a regular file, its size checked *before* reading;
* :func:`pattern_problem` — the only regular expressions an untrusted extension may give:
  literal text, optionally anchored (``^…$``), which every regex engine matches in linear time;
* :data:`REPO_SECTIONS` / :func:`section_problem` — which catalogue sections an untrusted
  extension may write. Hosts it adds are marked ``untrusted`` and the probe's destination
  check (:func:`validator.probe.safety.refusal`) never sends a key to them.

README "Security" holds the same model as a table; ``tests/hardening/`` holds it to the code.
"""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Mapping

USER_CONFIG = os.path.join("msv", "config.toml")   # a string: every run asks (no pathlib import)

# Catalogue sections a repository's extension may write (it may add models, parameters, notes).
# Hosts are allowed but never become probe destinations; the pattern-bearing sections are
# allowed when every pattern is literal. Everything else (clients, probes, typos, regions…)
# changes where keys or fixes go and needs a trusted extension.
REPO_SECTIONS = frozenset({
    "sources", "scopes", "families", "capabilities", "models", "plan_lists", "parameters", "features",
    "hosts", "key_shapes", "placeholders", "masked", "errors",
})
# How many characters a literal pattern may have (patterns in the bundle are < 100).
MAX_PATTERN = 256
_META = frozenset(".^$*+?{}[]|()\\")


class TrustError(ValueError):
    """A path or value from untrusted input that msv refuses; one line naming the file."""


def user_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/msv/config.toml`` (``%APPDATA%`` on Windows, else ``~/.config``)."""
    from pathlib import Path

    return Path(user_config_file(environ))


def user_config_file(environ: Mapping[str, str] | None = None) -> str:
    """:func:`user_config_path` as a string: what every run asks, without building a ``Path``."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or (env.get("APPDATA") if sys.platform == "win32" else None)
    if not base:
        home = env.get("HOME") or env.get("USERPROFILE")
        if not home:
            from validator.userdirs import home_folder

            home = home_folder()
        base = os.path.join(home, ".config")
    return os.path.join(base, USER_CONFIG)


def user_catalogues(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Catalogue extensions the user names in the user-level config (``catalogues = [...]``):
    trusted like ``--catalogue``. Relative paths are relative to the config's folder."""
    file = user_config_file(environ)
    try:
        if not os.path.isfile(file):
            return ()
    except OSError:
        return ()
    from pathlib import Path

    from validator.settings import SettingsError, _read_toml

    path = Path(file)
    data = _read_toml(path)
    values = data.get("catalogues", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SettingsError(f"{path}: catalogues: expected a list of file names")
    return tuple(v if os.path.isabs(v) else str(path.parent / v) for v in values)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (resolved, symlinks followed) lies inside ``root`` (resolved)."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def read_repo_file(path: Path, root: Path, max_bytes: int, shown: str) -> bytes:
    """The bytes of a file named by untrusted settings, or :class:`TrustError`.

    Refused without reading a byte: a path outside ``root`` (after resolving symlinks — no
    ``../``, no absolute path elsewhere, no link out of the tree), anything but a regular file
    (FIFOs block forever, ``/dev/zero`` never ends, ``/proc`` files lie about their size), and a
    file larger than ``max_bytes``. The error names only the path: the contents of a file that
    is not a catalogue are never quoted. The file is opened without following a final symlink
    and checked again on the open descriptor, so it cannot be swapped in between.
    """
    if not inside(path, root):
        raise TrustError(f"{shown}: outside the folder of the settings that name it ({root}); "
                         "a repository's settings may only name files inside it")
    real = path.resolve()
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        before = os.lstat(real)
        if not stat.S_ISREG(before.st_mode):
            raise TrustError(f"{shown}: not a regular file")
        if before.st_size > max_bytes:
            raise TrustError(f"{shown}: larger than {max_bytes // (1024 * 1024)} MB")
        fd = os.open(real, flags)
    except TrustError:
        raise
    except OSError as exc:
        raise TrustError(f"{shown}: cannot read: {exc.strerror or type(exc).__name__}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (before.st_dev, before.st_ino):
            raise TrustError(f"{shown}: not a regular file")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:   # grew while being read
                raise TrustError(f"{shown}: larger than {max_bytes // (1024 * 1024)} MB")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise TrustError(f"{shown}: cannot read: {exc.strerror or type(exc).__name__}") from None
    finally:
        os.close(fd)


def pattern_problem(pattern: str) -> str | None:
    """Why an untrusted extension may not give ``pattern`` (None when it may).

    Python's ``re`` backtracks: ``^(a|aa)+$`` takes exponential time, and no safe subset of its
    syntax is simple to state and prove. A pattern from the repository is therefore accepted
    only when it is *literal text* — every regex metacharacter escaped with a backslash —
    optionally anchored with a leading ``^`` and a trailing ``$``. Matching a literal is linear
    in the input for ``re`` (and any engine); trusted extensions (``--catalogue``, the user
    config) may use full regular expressions.
    """
    if len(pattern) > MAX_PATTERN:
        return f"longer than {MAX_PATTERN} characters"
    body = pattern[1:] if pattern.startswith("^") else pattern
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            nxt = body[i + 1:i + 2]
            if not nxt or nxt.isalnum() or nxt == "_":
                return f"`\\{nxt}` is regular-expression syntax"
            i += 2
            continue
        if ch in _META:
            return f"`{ch}` is regular-expression syntax"
        i += 1
    return None


def section_problem(section: str) -> str | None:
    """Why an untrusted extension may not write ``section`` (None when it may)."""
    if section in REPO_SECTIONS:
        return None
    return (f"section '{section}' changes where keys or fixes go: only an extension you pass with "
            "--catalogue or list in ~/.config/msv/config.toml may set it")


TRUST_HINT = "pass the file with --catalogue (or list it in ~/.config/msv/config.toml) to trust it"
