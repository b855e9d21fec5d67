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

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path, PurePath
    from typing import Callable, Iterable, Mapping

    from validator.catalogue.index import Catalogue


def _component(seg: str) -> str:
    out: list[str] = []
    for ch in seg:
        out.append("[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch))
    return "".join(out)


def _segments(pattern: str) -> list[str]:
    """The lower-cased path components of one ``files`` pattern."""
    return [s for s in pattern.strip("/").lower().split("/") if s]


def _pattern_source(pattern: str) -> str:
    """The regex text of one ``files`` pattern (lower case), matched at the end of a posix path."""
    segs = _segments(pattern)
    rx = ""
    for i, seg in enumerate(segs):
        if seg == "**":
            rx += "(?:[^/]+/)*"
        else:
            rx += _component(seg) + ("/" if i < len(segs) - 1 else "")
    return rx


def name_parts(pattern: str) -> tuple[str | None, str, str] | None:
    """What one ``files`` pattern says about the lower-cased file *name*: ``(name, "", "")`` for a
    literal last component, ``(None, head, tail)`` for the text before its first and after its
    last wildcard, ``None`` when it says nothing (``*``, ``**``). The walk's name table
    (:func:`validator.sources.registry.files_name_pattern`) and :func:`files_matcher` use it."""
    last = pattern.strip("/").rsplit("/", 1)[-1].lower()
    cut = [i for i, ch in enumerate(last) if ch in "*?"]
    if not cut:
        return last, "", ""
    head, tail = last[:cut[0]], last[cut[-1] + 1:]
    return (None, head, tail) if head or tail else None


def _name_test(pattern: str) -> Callable[[str], bool]:
    """A test of the lower-cased file name that every path the pattern matches passes."""
    parts = name_parts(pattern)
    if parts is None:
        return lambda name: True
    exact, head, tail = parts
    if exact is not None:
        return lambda name: name == exact
    return lambda name: name.startswith(head) and name.endswith(tail)


class _Pattern:
    """One ``files`` pattern: a cheap name test, then its regex (compiled on first use), or for
    a pattern without wildcards (``.claude/settings.json``) the same test on strings."""

    __slots__ = ("pattern", "name_test", "_search", "_literal", "_pieces")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.name_test = _name_test(pattern)
        self._search: Callable[[str], object] | None = None
        segs = _segments(pattern)
        literal = "*" not in pattern and "?" not in pattern
        self._literal = "/".join(segs) if literal else None
        # the text between wildcards, segment by segment: any path the regex matches holds each
        # piece, so a path missing one is answered without compiling (``.continue/`` for YAML files)
        self._pieces = tuple({piece for seg in segs for piece in seg.replace("?", "*").split("*") if piece})

    def matches(self, lpath: str) -> bool:
        """Does the lower-cased posix path match (its name passed ``name_test``)?"""
        lit = self._literal
        if lit is not None:   # ``(?:^|/)(?:LIT)$``: ``$`` also before a final line break
            return _ends_with_component(lpath, lit) or (lpath.endswith("\n") and _ends_with_component(lpath[:-1], lit))
        if not all(piece in lpath for piece in self._pieces):
            return False
        if self._search is None:
            self._search = re.compile("(?:^|/)(?:" + _pattern_source(self.pattern) + ")$").search
        return self._search(lpath) is not None


def _ends_with_component(path: str, tail: str) -> bool:
    """``path`` is ``tail`` or ends with ``/`` + ``tail``."""
    return path == tail or (path.endswith(tail) and path[-len(tail) - 1] == "/")


class FilesMatcher:
    """``matcher(path)``: does ``path`` name one of a client's ``files`` (by name only, no I/O)?

    Each pattern is its own small regex over the lower-cased path, compiled the first time a
    file of a matching *name* is asked about. One case-insensitive alternation per client cost
    ~0.5 ms to compile (fourteen records: ~7 ms of a pre-commit run), and a run usually meets
    two or three of the names. ``tests/sources/test_clientfiles.py`` checks the answers equal
    the single-regex matcher's. The walk asks :meth:`on_posix` with the strings it holds, so no
    ``Path`` is built for a file that only passed the name table."""

    __slots__ = ("_patterns",)

    def __init__(self, patterns: Iterable[str]) -> None:
        self._patterns = [_Pattern(p) for p in patterns if p.strip("/")]

    def __call__(self, path: PurePath) -> bool:
        lname = path.name.lower()
        if not any(p.name_test(lname) for p in self._patterns):
            return False   # most files: no name matches, no posix path written out
        return self.on_posix(lname, path.as_posix())

    def on_posix(self, lname: str, posix: str) -> bool:
        """The same answer for the lower-cased name and the path written with ``/``."""
        lpath = ""
        for p in self._patterns:
            if p.name_test(lname):
                lpath = lpath or posix.lower()
                if p.matches(lpath):
                    return True
        return False


def files_matcher(patterns: Iterable[str]) -> FilesMatcher:
    """The :class:`FilesMatcher` of a client's ``files`` patterns."""
    return FilesMatcher(patterns)


def user_config_paths(catalogue: "Catalogue", home: Path, environ: Mapping[str, str]) -> list[Path]:
    """The user-level configs the catalogue's clients read that exist under ``home``.

    ``home_var`` (``CODEX_HOME``, ``CLAUDE_CONFIG_DIR``) moves the first folder of a client's
    user paths when it is set: ``~/.codex/config.toml`` becomes ``$CODEX_HOME/config.toml``.
    """
    from pathlib import Path

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
