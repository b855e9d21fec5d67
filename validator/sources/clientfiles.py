"""What a client's one record (``clients.yaml``) says about its files, for everyone who needs it.

A client's project file patterns, user-level paths and launcher commands are written once, in
its catalogue record (``files``, ``user_files``, ``home_var``, ``launchers``, ``reader``). This
module turns them into what each consumer needs, so nothing else keeps a list of its own:

* the walk and the registry: :func:`files_matcher` (does a path name one of the client's files);
* ``msv diagnose``: :func:`user_config_paths` (which user-level configs exist under ``$HOME``);
* launcher scripts (``exec claude``): :func:`launcher_clients` (command word -> client id),
  applied by :mod:`validator.sources.envgroup` to the command words the shell reader saw.

Patterns name the *trailing* path components: ``crush.json`` is any file of that name,
``.claude/settings.json`` one inside a ``.claude`` folder, ``.continue/**/*.yaml`` any YAML file
below a ``.continue`` folder. ``*`` and ``?`` stay within one component. Matching ignores case:
the file systems of macOS and Windows do, so the tools read ``Settings.json`` there.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

if TYPE_CHECKING:
    from validator.catalogue.index import Catalogue


def _component(seg: str) -> str:
    out: list[str] = []
    for ch in seg:
        out.append("[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch))
    return "".join(out)


def pattern_regex(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for a client's file patterns, matched against a posix path (``None``: none)."""
    alts: list[str] = []
    for pattern in patterns:
        segs = [s for s in pattern.strip("/").split("/") if s]
        rx = ""
        for i, seg in enumerate(segs):
            if seg == "**":
                rx += "(?:[^/]+/)*"
            else:
                rx += _component(seg) + ("/" if i < len(segs) - 1 else "")
        if rx:
            alts.append(rx)
    if not alts:
        return None
    return re.compile("(?:^|/)(?:" + "|".join(alts) + ")$", re.IGNORECASE)


def files_matcher(patterns: Iterable[str]) -> Callable[[PurePath], bool]:
    """``matches(path)`` for a client's ``files`` (by name only, no I/O). The regex is compiled
    the first time a path is asked about: the walk's name table (``files_name_pattern``) keeps
    most records from ever being asked, and ``msv check .env`` should not compile fourteen."""
    patterns = tuple(patterns)
    search: Callable[[str], object] | None = None

    def matches(path: PurePath) -> bool:
        nonlocal search
        if search is None:
            rx = pattern_regex(patterns)
            search = rx.search if rx is not None else (lambda text: None)
        return search(path.as_posix()) is not None

    return matches


def user_config_paths(catalogue: "Catalogue", home: Path, environ: Mapping[str, str]) -> list[Path]:
    """The user-level configs the catalogue's clients read that exist under ``home``.

    ``home_var`` (``CODEX_HOME``, ``CLAUDE_CONFIG_DIR``) moves the first folder of a client's
    user paths when it is set: ``~/.codex/config.toml`` becomes ``$CODEX_HOME/config.toml``.
    """
    found: list[Path] = []
    for client in catalogue.clients():
        moved = environ.get(client.home_var) if client.home_var else None
        for rel in client.user_files:
            parts = rel[2:].split("/")
            path = Path(moved, *parts[1:]) if moved and len(parts) > 1 else home.joinpath(*parts)
            try:
                if path.is_file() and path not in found:
                    found.append(path)
            except OSError:
                continue
    return found


def launcher_clients(catalogue: "Catalogue") -> dict[str, str]:
    """Command word -> client id (the first record that names it)."""
    out: dict[str, str] = {}
    for client in catalogue.clients():
        for word in client.launchers:
            out.setdefault(word, client.id)
    return out
