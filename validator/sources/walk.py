"""Which files to check: the walk, git's view of the tree, and cheap reads.

``msv check`` with no path checks ``.``. The walk:

* skips ``.git`` and other VCS folders, virtualenvs (any folder holding ``pyvenv.cfg``, and
  ``.venv``/``venv``), ``node_modules``, ``__pycache__``, tool caches (``.tox``, ``.nox``,
  ``.mypy_cache``, ``.pytest_cache``, ``.ruff_cache``…), build outputs (``build``, ``dist``,
  ``*.egg-info``, ``.next``, ``.nuxt``, folders tagged with ``CACHEDIR.TAG``) and
  ``Options.exclude`` patterns;
* respects ``.gitignore``: inside a git work tree it asks git once per repository
  (``git ls-files --cached --others --exclude-standard``: tracked files plus untracked files
  that are not ignored); outside one, a small ``.gitignore`` matcher does the same job;
* **checks git-ignored dotenv files by default.** ``.env`` files are almost always ignored, and
  almost always where the key lives: a check that skipped them would miss the commonest
  mistakes (a stale key, the wrong region) on the machine where they happen. So ignored
  ``.env``/``.env.*``/``*.env`` files found in folders the walk visits are read, with
  ``committed=False`` (rules use it: a key in a file that is never committed is not a leak).
  Other ignored files, and folders that hold nothing but ignored files, are skipped unless
  ``--include-ignored`` (``Options.include_ignored``) is given;
* follows no symbolic link to a folder (so no loop and nothing outside the tree); a linked
  *file* is read only when its target lies inside the checked tree and was not read already;
  a broken link with a configuration file's name is an ``unreadable-file`` problem;
* picks files by name first (a reader's ``matches`` or a text extension the literal scanner
  reads); content is tested later, on bytes, before any decoding or parsing
  (:func:`load`).

Paths given explicitly are always checked (even if ignored or excluded), like ruff does,
unless ``force_exclude`` (``--force-exclude``, on in pre-commit hooks): then ``exclude`` patterns
apply to them too, so a hook never flags a fixture the settings exclude.
"""

from __future__ import annotations

import operator
import os
import re
import stat

from validator.model import Location
from validator.record import record

from .base import Document, Problem, Reader, suffix_of
from .dotenv import is_dotenv_name

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Iterable, Iterator, Sequence

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", "node_modules", "bower_components", "__pycache__",
    ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis",
    ".pytype", ".pyre", ".eggs", "build", "dist", "_build", "site-packages", ".next", ".nuxt", ".svelte-kit",
    ".parcel-cache", ".turbo", ".gradle", ".terraform", ".serverless", ".cache", ".direnv", ".idea",
    "htmlcov", ".coverage", "coverage", ".angular", ".yarn", ".pnpm-store", "__snapshots__",
})
SKIP_DIR_SUFFIXES = (".egg-info", ".dist-info")

# Text files the literal scanner reads even when no reader claims them.
TEXT_SUFFIXES = frozenset({
    ".py", ".pyi", ".ipynb", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx", ".vue", ".svelte",
    ".go", ".java", ".kt", ".kts", ".scala", ".groovy", ".gradle", ".rs", ".rb", ".php", ".cs", ".swift", ".dart",
    ".c", ".cc", ".cpp", ".h", ".hpp", ".lua", ".r", ".ex", ".exs", ".pl",
    ".md", ".mdx", ".rst", ".txt", ".adoc", ".org",
    ".json", ".jsonc", ".json5", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".properties", ".xml",
    ".env", ".tf", ".tfvars", ".hcl", ".http", ".rest", ".sh", ".bash", ".zsh", ".fish", ".ps1", ".bat", ".cmd",
    ".html", ".htm", ".sql", ".dockerfile", ".service", ".plist",
})
# Readers of documentation (code fences in a README): its file is not a configuration, so a GBK
# README is scanned like any text, never an ``unreadable-file``.
DOCUMENTATION = frozenset({"markdown"})
# Readers of source in a language msv lexes itself: a stray NUL or a byte that is not UTF-8 (a
# GBK comment) is an *info* ``unreadable-file`` at its line, and the rest is read as usual (the
# lexer and the literal scan need only the ASCII of URLs and keys).
LENIENT = frozenset({"source-code", "http-file"})
TEXT_NAMES = frozenset({"Dockerfile", "Containerfile", "Makefile", "Procfile", "Justfile", "Jenkinsfile",
                        "Vagrantfile", "Caddyfile", "requirements.txt"})


@record
class Candidate:
    """A file the walk selected: where it is, how to show it, who reads it.

    ``path`` is a ``str``: the walk and the checks build no ``Path`` (pathlib is not even
    imported for ``msv check FILE…``, docs/architecture.md); a reader that wants one makes it."""

    path: str
    display: str
    reader: str | None          # registry name of the reader, None: literal scan only
    committed: bool | None
    explicit: bool = False
    ignored: bool = False


@record
class Walked:
    candidates: list[Candidate]
    problems: list[Problem]
    roots: list[str]


# --------------------------------------------------------------------------- display


def as_path_str(path: Path | str) -> str:
    """``str(Path(path))`` (separators and ``.`` parts normalized, ``..`` kept), built without
    a ``Path``: ``os.path.normpath`` is the same normalization when no ``..`` part is present."""
    text = os.fspath(path)
    parts = text.split(os.sep) if os.altsep is None else text.replace(os.altsep, os.sep).split(os.sep)
    if ".." in parts:
        from pathlib import Path

        return str(Path(text))
    return os.path.normpath(text)


def display_path(path: Path | str, cwd: Path | str | None = None) -> str:
    """Relative to the working folder when below it, else absolute; posix separators."""
    base = os.fspath(cwd) if cwd else os.getcwd()
    p = _given(path, base)
    try:
        rel = os.path.relpath(p, base)
    except ValueError:   # another drive (Windows)
        return _posix(p)
    if rel == ".." or rel.startswith(".." + os.sep) or rel.startswith("../"):
        return _posix(os.path.normpath(p))
    return _posix(rel) if rel != "." else "."


def is_absolute(path: str) -> bool:
    """``Path(path).is_absolute()``: on Windows a root without a drive (``\\x``) is not absolute."""
    return os.path.isabs(path) and (os.name != "nt" or bool(os.path.splitdrive(path)[0]))


def _posix(path: str) -> str:
    """``PurePath(path).as_posix()`` of a normalized path."""
    return path if os.sep == "/" else path.replace(os.sep, "/")


# --------------------------------------------------------------------------- git


def may_be_in_git(path: Path | str) -> bool:
    """False only when git certainly sees no work tree at ``path``: no ``.git`` in it or any
    folder above (logical or physical path), and no ``GIT_DIR``/``GIT_WORK_TREE`` override.

    Lets a check outside any repository (a single file in a temporary folder, an unpacked
    archive) skip starting git, whose answer would be "not a git repository" anyway.
    """
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    start = os.path.abspath(path)
    for top in {start, os.path.realpath(start)}:
        folder = top
        while True:
            if os.path.lexists(os.path.join(folder, ".git")):
                return True
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return False


def git_listing(root: Path) -> set[str] | None:
    """Files git considers part of the work tree below ``root`` (tracked + untracked not ignored).

    Paths are relative to ``root``, posix. ``None`` when ``root`` is not in a git work tree or
    git is unavailable; one subprocess, bounded by a timeout.
    """
    if not may_be_in_git(root):
        return None
    import subprocess  # ~2 ms to import: only when git will run

    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True, timeout=20, check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    return {p.decode("utf-8", "surrogateescape") for p in proc.stdout.split(b"\0") if p}


def _dirs_of(files: Iterable[str]) -> set[str]:
    out = {""}
    for f in files:
        parts = f.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            out.add("/".join(parts[:i]))
    return out


# --------------------------------------------------------------------------- .gitignore outside git


@record
class _Rule:
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool


MAX_IGNORE_PATTERN = 1024     # longer .gitignore lines are not patterns anyone wrote by hand
_STAR = {"seg": "[^/]*", "any": ".*", "dirs": "(?:.*/)?"}
_LAZY = {"seg": "[^/]*?", "any": ".*?", "dirs": "(?:.*?/)??"}


def _linear_parts(tokens: list[tuple[str, str]], *, unanchored: bool) -> list[str] | None:
    """The regex pieces of a ``.gitignore`` pattern, matched without catastrophic backtracking.

    A ``.gitignore`` is a file of the repository under check: ``*a*a*a*a*a*a*a*b`` against a
    50-character name took 22 s as a plain translation. A star followed by a literal chunk is
    made atomic, ``(?=(?P<g>[^/]*?CHUNK))(?P=g)`` (what :mod:`fnmatch` does since Python 3.9):
    the chunk's leftmost occurrence is committed to, which loses no match when the next star can
    absorb whatever a later occurrence would have skipped (a ``**``, a ``*`` after a chunk
    without ``/``, a ``**/`` after whole folders and a ``**/``). What cannot be made atomic is bounded: at most one ``*``/``**`` (the usual
    final ``*.ext``) and two ``**/``, which backtrack over the path's ``/`` only, two in all. A pattern beyond that (mixes of
    ``*`` and ``**/`` nobody writes by hand) is not used: the files it names are checked, not
    skipped. A pattern then costs O(depth² x path length) per path at worst."""
    # An unanchored pattern matches at any depth: ``^(?:.*/)?BODY$``. When BODY cannot match a
    # ``/`` the prefix can only end at the last ``/``: committed to atomically. Otherwise it
    # backtracks over every character, like a loose ``**``.
    slashy = any(k == "star" and v == "any" or k == "lit" and v.startswith("[") and v != "[^/]" and "/" in v
                 for k, v in tokens)
    parts: list[str] = ["^(?=(?P<g0>(?:.*/)?))(?P=g0)" if unanchored and not slashy
                        else "^(?:.*/)?" if unanchored else "^"]
    dirs = 0                         # non-atomic ``**/``: backtrack over ``/`` only
    chars = 1 if unanchored and slashy else 0   # non-atomic ``*``/``**``: backtrack over every character
    group = 0
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "lit":
            parts.append(value)
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and tokens[j][0] == "lit":
            j += 1
        chunk = "".join(v for _, v in tokens[i + 1:j])
        following = tokens[j][1] if j < len(tokens) else None
        atomic = bool(chunk) and following is not None and (
            following == "any" or (value == "seg" and following == "seg" and "/" not in chunk)
            or (value == "dirs" and following == "dirs" and chunk.endswith("/")))
        if atomic:
            group += 1
            parts.append(f"(?=(?P<g{group}>{_LAZY[value]}{chunk}))(?P=g{group})")
        else:
            if value == "dirs":
                dirs += 1
            else:
                chars += 1
            parts.append(_STAR[value] + chunk)
        i = j
    return parts if chars <= 1 and dirs <= 2 and chars + dirs <= 2 else None


def _compile(pattern: str) -> _Rule | None:
    line = pattern.rstrip("\n").rstrip("\r")
    if not line.strip() or line.startswith("#"):
        return None
    line = line.rstrip(" ") if not line.endswith("\\ ") else line
    negate = line.startswith("!")
    if negate:
        line = line[1:]
    if line.startswith("\\"):
        line = line[1:]
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    anchored = "/" in line
    line = line.lstrip("/")
    if len(line) > MAX_IGNORE_PATTERN:
        return None
    tokens: list[tuple[str, str]] = []   # ("star", kind) or ("lit", regex)
    i = 0
    while i < len(line):
        if line.startswith("**/", i):
            tokens.append(("star", "dirs"))
            i += 3
        elif line.startswith("/**", i) and i + 3 == len(line):
            tokens.append(("lit", "/.*"))   # a tail: nothing follows it
            i += 3
        elif line.startswith("**", i):
            tokens.append(("star", "any"))
            i += 2
        elif line[i] == "*":
            tokens.append(("star", "seg"))
            i += 1
        elif line[i] == "?":
            tokens.append(("lit", "[^/]"))
            i += 1
        elif line[i] == "[":
            j = line.find("]", i + 1)
            if j < 0:
                tokens.append(("lit", re.escape(line[i])))
                i += 1
            else:
                tokens.append(("lit", "[" + line[i + 1:j].replace("\\", "\\\\").replace("!", "^", 1) + "]"))
                i = j + 1
        else:
            tokens.append(("lit", re.escape(line[i])))
            i += 1
    parts = _linear_parts(tokens, unanchored=not anchored)
    if parts is None:
        return None
    body = "".join(parts)
    regex = body + "$"
    try:
        return _Rule(re.compile(regex), negate, dir_only)
    except re.error:
        return None


class GitIgnore:
    """A small ``.gitignore`` matcher for trees that are not git work trees.

    Supports what real files use: ``*``, ``**``, ``?``, ``[...]``, leading ``/`` anchoring,
    trailing ``/`` for folders, ``!`` negation, one ``.gitignore`` per folder.
    """

    def __init__(self) -> None:
        self._rules: dict[str, list[_Rule]] = {}

    def load(self, rel_dir: str, directory: str) -> None:
        try:
            with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError:
            return
        rules = [r for r in (_compile(line) for line in text.splitlines()[:5000]) if r is not None]
        if rules:
            self._rules[rel_dir] = rules

    def ignored(self, rel: str, is_dir: bool) -> bool:
        if not self._rules:   # no .gitignore seen (yet): nothing is ignored
            return False
        result = False
        parts = rel.split("/")
        for depth in range(len(parts)):
            base = "/".join(parts[:depth])
            rules = self._rules.get(base)
            if not rules:
                continue
            sub = "/".join(parts[depth:])
            for r in rules:
                if r.dir_only and not is_dir:
                    continue
                if r.regex.match(sub):
                    result = not r.negate
        return result


# --------------------------------------------------------------------------- selection


def pick_reader(path: Path, readers: Sequence[Reader]) -> str | None:
    for r in readers:
        try:
            if r.matches(path):
                return r.name
        except Exception:  # noqa: BLE001 - a reader's name test must not stop the walk
            continue
    return None


def is_text_name(path: Path | str) -> bool:
    name = path if isinstance(path, str) else path.name
    return suffix_of(name).lower() in TEXT_SUFFIXES or name in TEXT_NAMES or is_dotenv_name(name)


def _extensions(pattern: Any) -> set[str] | None:
    """The extensions (``.json``) a name must end with for ``pattern`` to hold, or ``None`` when
    the pattern does not pin one (a dot-less name, a substring test)."""
    if pattern.dotless:
        return None
    ends = pattern.suffixes or pattern.names
    if not ends or not all("." in e[1:] or (e.startswith(".") and len(e) > 1) for e in ends):
        return None
    return {"." + e.rsplit(".", 1)[-1] for e in ends}


class Dispatch:
    """Which reader reads a file, from one table built once from the registry.

    :func:`pick_reader` asks every reader in turn (15 ``matches`` calls through ``Path``
    properties per file: 18 % of a 10,000-file walk). Here each reader's ``could_match``
    pattern (:class:`validator.sources.registry.NamePattern`) is indexed by the extension of the
    lower-cased name; a file is tested, on strings, only against the readers whose pattern can
    hold for its extension (plus those keyed on something else than the extension), in registry
    order, and the first whose pattern holds *and* whose reader's own test accepts the file
    wins: the answer of :func:`pick_reader`, always (a reader without a pattern is simply
    asked, like before). The reader's own test runs on strings where it can (:func:`_how_asked`).
    """

    def __init__(self, readers: Sequence[Reader]) -> None:
        from .registry import LazyReader

        self._readers = list(readers)
        by_ext: dict[str, list[tuple[int, Any]]] = {}
        general: list[tuple[int, Any]] = []
        for i, r in enumerate(self._readers):
            pattern = r.name_pattern() if isinstance(r, LazyReader) else None
            if pattern is None:
                general.append((i, None))   # no pattern: ask the reader itself
                continue
            for alt in pattern.alternatives():
                exts = _extensions(alt)
                if exts is None:
                    general.append((i, alt))
                for ext in exts or ():
                    by_ext.setdefault(ext, []).append((i, alt))
        self._entries = by_ext
        self._general = general
        # Each extension's table is built when a file first has it (a hook run sees a few of
        # the ~45 extensions: building them all was a third of a 20-file run's walk). ``None``
        # keys a name without an extension (or only a leading dot), which may end with any
        # pattern suffix.
        self._tables: dict[str | None, Any] = {}
        self._how: dict[int, str] = {}   # per reader index: how pick asks it (_how_asked)

    def _table_of(self, ext: str | None) -> Any:
        """The table of names with extension ``ext`` (:func:`_table`), built once; the
        extensions no pattern names share one table (``""``: the readers without an extension)."""
        if ext is None:
            found = _table([e for each in self._entries.values() for e in each] + self._general)
        elif ext in self._entries:
            found = _table(self._entries[ext] + self._general)
        else:
            found = self._tables.get("") or self._tables.setdefault("", _table(self._general))
        self._tables[ext] = found
        return found

    def pick(self, name: str, folder: str, path: str) -> str | None:
        """The reader of file ``name`` in ``folder`` (``str(Path(folder))``) at ``path``.

        A reader that decides by the name alone (``matches_name``) or a client's ``files``
        (:meth:`~validator.sources.clientfiles.FilesMatcher.on_posix`) is asked on these
        strings; a ``Path`` is built only for a reader that needs one (most files need none)."""
        lname = name.lower()
        i = lname.rfind(".")
        ext = lname[i:] if i > 0 else None
        names, rest = self._tables.get(ext) or self._table_of(ext)
        hits = [index for index, test in rest if test is None or test(lname, folder)]
        named = names.get(lname)
        if named:
            hits = sorted({*hits, *named})
        built: Path | None = None
        for index in hits:
            reader = self._readers[index]
            try:
                how = self._how.get(index) or self._how.setdefault(index, _how_asked(reader))
                if how == "name":
                    if reader.reader.matches_name(name):   # type: ignore[attr-defined]
                        return reader.name
                elif how == "files":
                    posix = path if os.sep == "/" else path.replace(os.sep, "/")
                    if reader.could_match.on_posix(lname, posix):   # type: ignore[attr-defined]
                        return reader.name
                else:
                    if built is None:
                        from pathlib import Path

                        built = Path(path)
                    if reader.matches(built):
                        return reader.name
            except Exception:  # noqa: BLE001 - a reader's name test must not stop the walk
                continue
        return None


def _how_asked(reader: Reader) -> str:
    """How :meth:`Dispatch.pick` asks a reader whose name pattern held: ``"files"`` (a client's
    ``files`` patterns, on the path string), ``"name"`` (the reader's ``matches_name``), or
    ``"path"`` (its ``matches``, on a ``Path``). Asked once per reader, when a file first
    passes its pattern: that is when ``matches`` would import its module too."""
    from .clientfiles import FilesMatcher
    from .registry import ClientFiles, LazyReader

    if isinstance(reader, ClientFiles) and type(reader).matches is ClientFiles.matches \
            and isinstance(reader.could_match, FilesMatcher):
        return "files"
    if isinstance(reader, LazyReader) and type(reader).matches is LazyReader.matches \
            and callable(getattr(reader.reader, "matches_name", None)):
        return "name"
    return "path"


def _table(entries: list[tuple[int, Any]]) -> tuple[dict[str, tuple[int, ...]], tuple[tuple[int, Any], ...]]:
    """One extension's readers for :meth:`Dispatch.pick`: the patterns that only list names, as
    one dict (name -> reader indices); the others as ``(index, test)`` in registry order, each
    test the pattern's own conditions and no others (:func:`_test`), ``None`` for a reader
    without a pattern. A reader is listed once in ``rest`` however many alternatives hold."""
    names: dict[str, set[int]] = {}
    rest: dict[int, list[Any]] = {}
    for index, pattern in sorted(entries, key=lambda e: e[0]):
        if pattern is not None and pattern.names and not (
                pattern.suffixes or pattern.contains or pattern.prefixes or pattern.folder is not None
                or pattern.anywhere is not None or pattern.dotless):
            for n in pattern.names:
                names.setdefault(n, set()).add(index)
        else:
            rest.setdefault(index, []).append(pattern)
    tests = []
    for index, patterns in rest.items():
        if None in patterns:
            tests.append((index, None))
        elif len(patterns) == 1:
            tests.append((index, _test(patterns[0])))
        else:
            tests.append((index, lambda lname, folder, ts=tuple(_test(p) for p in patterns):
                          any(t(lname, folder) for t in ts)))
    return {n: tuple(sorted(ix)) for n, ix in names.items()}, tuple(tests)


def _test(p: Any) -> Any:
    """``p.test`` for the one-condition shapes the registry uses, without testing the conditions
    it does not set (the dispatch runs ~4 of these per walked file); ``p.test`` otherwise."""
    only = [k for k in ("suffixes", "contains", "prefixes", "names", "folder", "anywhere", "dotless")
            if getattr(p, k) not in ((), None, False)]
    if only == ["suffixes"]:
        return lambda lname, folder, s=p.suffixes: lname.endswith(s)
    if only == ["prefixes"]:
        return lambda lname, folder, s=p.prefixes: lname.startswith(s)
    if only == ["contains"] and len(p.contains) == 1:
        return lambda lname, folder, c=p.contains[0]: c in lname
    if only == ["dotless"]:
        return lambda lname, folder: "." not in lname[1:]
    return p.test


def _excluded(display: str, patterns: Sequence[str], root: str | None) -> bool:
    if not patterns:
        return False
    from validator.selection import path_matches

    return any(path_matches(display, p, root) for p in patterns)


# A folder holding one of these is a virtual environment or a cache (CACHEDIR.TAG, the cache
# directory tagging convention): skipped whatever its name.
SKIP_MARKER_FILES = ("pyvenv.cfg", "CACHEDIR.TAG")


def _skip_dir_name(name: str) -> bool:
    return name in SKIP_DIRS or name.endswith(SKIP_DIR_SUFFIXES)


def _marks_skipped(entries: "Sequence[os.DirEntry[str]]") -> bool:
    """Does a folder's listing hold a :data:`SKIP_MARKER_FILES` file? Asked of the listing the
    walk makes anyway: two ``stat`` calls per folder fewer than asking the file system."""
    return any(e.name in SKIP_MARKER_FILES for e in entries)


def _has_skip_marker(folder: str) -> bool:
    """:func:`_marks_skipped` for a folder not listed (yet, or at all)."""
    try:
        return any(os.path.exists(os.path.join(folder, m)) for m in SKIP_MARKER_FILES)
    except OSError:
        return True


def walk(paths: Sequence[str], readers: Sequence[Reader], *, include_ignored: bool = False,
         exclude: Sequence[str] = (), settings_root: str | None = None, cwd: Path | str | None = None,
         force_exclude: bool = False, git_state: bool = True) -> Walked:
    """Select the files to check below ``paths`` (default ``.``), deterministically ordered.

    Files named on the command line get their git state (``committed``) from one
    :func:`git_status` call; with ``git_state=False`` they are left unknown (``None``) for the
    caller to ask later, only when something needs it (:func:`validator.sources.collect`)."""
    cwd = os.fspath(cwd) if cwd else os.getcwd()
    candidates: list[Candidate] = []
    problems: list[Problem] = []
    roots: list[str] = []
    seen = _Seen()   # by real path: files and folders given together may overlap
    dispatch: Dispatch | None = None
    for given in (paths or ["."]):
        p = _given(given, cwd)
        disp = display_path(p, cwd)
        if os.path.islink(p) and not os.path.exists(p):
            problems.append(Problem("unreadable-file", "broken symbolic link: its target does not exist",
                                    Location(disp)))
            continue
        if not os.path.exists(p):
            problems.append(Problem("unreadable-file", "no such file or folder", Location(disp)))
            continue
        dispatch = dispatch or Dispatch(readers)   # one table for the run: pick_reader's answer, on strings
        if os.path.isdir(p):
            root = os.path.realpath(p)
            roots.append(root)
            candidates.extend(_walk_dir(p, root, cwd, dispatch, include_ignored, exclude, settings_root, problems,
                                        seen))
            continue
        if force_exclude and exclude and _excluded(disp, exclude, settings_root):
            continue
        real = os.path.realpath(p)
        if not seen.take_link(real):   # keyed by real path here: any file
            continue
        roots.append(os.path.dirname(real))
        reader = dispatch.pick(os.path.basename(p), os.path.dirname(p), p)
        candidates.append(Candidate(p, disp, reader, None, explicit=True))
    explicit = [c for c in candidates if c.explicit]
    if explicit and git_state:
        known = git_status(cwd, [c.path for c in explicit])
        for c in explicit:
            c.committed = known.get(c.path)
    return Walked(candidates, problems, roots)


def iter_walk(paths: Sequence[str], readers: Sequence[Reader], problems: list[Problem], *,
              include_ignored: bool = False, exclude: Sequence[str] = (), settings_root: str | None = None,
              cwd: Path | str | None = None, force_exclude: bool = False,
              git_state: bool = True) -> Iterator[Candidate]:
    """:func:`walk`'s candidates one by one, as the walk finds them (its problems are appended to
    ``problems``), so that reading can start before the walk ends. Only folders stream: a file
    named on the command line needs ``git status`` before it is read (unless ``git_state`` is
    false, see :func:`walk`), so then the whole walk runs first."""
    cwd = os.fspath(cwd) if cwd else os.getcwd()
    given = [_given(p, cwd) for p in (paths or ["."])]
    if not all(os.path.isdir(p) and not os.path.islink(p) for p in given):
        walked = walk(paths, readers, include_ignored=include_ignored, exclude=exclude,
                      settings_root=settings_root, cwd=cwd, force_exclude=force_exclude, git_state=git_state)
        problems.extend(walked.problems)
        yield from walked.candidates
        return
    if len(given) == 1:
        disp = display_path(given[0], cwd)
        seen = _Seen(os.path.realpath(given[0]), "" if disp == "." else disp.rstrip("/") + "/")
    else:
        seen = _Seen()
    dispatch = Dispatch(readers)
    for p in given:
        yield from _walk_dir(p, os.path.realpath(p), cwd, dispatch, include_ignored, exclude, settings_root,
                             problems, seen)


def _given(path: Path | str, cwd: str) -> str:
    """``path`` made absolute against ``cwd``: ``str(cwd / Path(path))`` as a string."""
    p = as_path_str(path)
    return p if is_absolute(p) else as_path_str(os.path.join(cwd, p))


def git_status(cwd: Path | str, files: Sequence[str], chunk: int = 500) -> dict[str, bool]:
    """Committed-or-not for files named on the command line (pre-commit passes hundreds).

    One ``git ls-files`` per chunk of files, run in ``cwd`` with the files as literal pathspecs:
    a listed file is tracked or not ignored (``True``); an unlisted one is ignored (``False``).
    Files git cannot answer for (outside any work tree) are left out (unknown).
    """
    out: dict[str, bool] = {}
    if not files or not may_be_in_git(cwd):
        return out
    import subprocess  # ~2 ms to import: only when git will run

    for i in range(0, len(files), chunk):
        part = list(files[i:i + chunk])
        rels = [os.path.relpath(f, cwd) for f in part]
        try:
            proc = subprocess.run(
                ["git", "-C", str(cwd), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *rels],
                capture_output=True, timeout=20, check=False,
                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"},
            )
        except (OSError, subprocess.SubprocessError):
            return out
        if proc.returncode != 0:
            continue
        listed = {os.path.normpath(p.decode("utf-8", "surrogateescape")) for p in proc.stdout.split(b"\0") if p}
        for f, rel in zip(part, rels, strict=True):
            out[f] = os.path.normpath(rel) in listed
    return out


class _Seen:
    """The files already selected, so none is read twice (overlapping paths, links to files).

    Keyed by real path, except when one folder is walked (the usual case): then by display path,
    and a link's target gets the display path its real file has (the root's display prefix and
    the target's path relative to the root's real path). A folder's files have distinct display
    paths (linked folders are never entered), so there only links need the test; the selected
    files are remembered per folder, as one string of their names (``"\0a.py\0b.json\0"``: a
    file name holds no NUL), not as one string each: 100,000 files cost ~2 MiB, not 10. A folder
    a link points into gets its names as a set, once, so links are tested in constant time.
    """

    __slots__ = ("keys", "root_real", "root_prefix", "_done", "_open", "_asked")

    def __init__(self, root_real: str | None = None, root_prefix: str = "") -> None:
        self.keys: set[str] = set()       # by real path: every file; one folder: the links taken
        self.root_real = root_real        # None: keyed by real path
        self.root_prefix = root_prefix
        self._done: dict[str, str] = {}          # folder's display path -> its files' names
        self._open: dict[str, list[str]] = {}    # the folders being walked (a nested repository
        # is walked from inside its parent's loop): their files so far
        self._asked: dict[str, tuple[int, set[str]]] = {}   # folders links point into: their names
        # as a set (built once, grown with an open folder), so 10,000 links stay linear

    def enter(self, folder: str) -> list[str]:
        names: list[str] = []
        if self.root_real is not None:
            self._open[folder] = names
        return names

    def leave(self, folder: str, names: list[str]) -> None:
        if self.root_real is not None:
            del self._open[folder]
            asked = self._asked.get(folder)
            if asked is not None:   # asked while open (or before): the set gets the rest
                asked[1].update(names[asked[0]:])
                self._asked[folder] = (len(names), asked[1])
            if names:
                self._done[folder] = "\0" + "\0".join(names) + "\0"

    def take_file(self, display: str, top_real: str, rel: str, names: list[str], name: str) -> bool:
        """Select a file found in a folder (``names``: :meth:`enter`'s list); False if it was."""
        if self.root_real is not None:
            if display in self.keys:      # a link to it came first (from a nested repository)
                return False
            names.append(name)
            return True
        key = os.path.join(top_real, *rel.split("/"))   # = realpath: linked folders are never entered
        if key in self.keys:
            return False
        self.keys.add(key)
        return True

    def _names_in(self, folder: str) -> set[str]:
        found = self._open.get(folder)
        seen, names = self._asked.get(folder, (0, None))
        if names is None:
            joined = self._done.get(folder)
            names = set(joined[1:-1].split("\0")) if joined else set()
        if found is not None and len(found) > seen:
            names.update(found[seen:])
            seen = len(found)
        self._asked[folder] = (seen, names)
        return names

    def take_link(self, real: str) -> bool:
        """Select a link to the file ``real``; False if that file (or a link to it) was."""
        if self.root_real is None:
            key = real
        else:
            key = self.root_prefix + os.path.relpath(real, self.root_real).replace(os.sep, "/")
            folder, _, name = key.rpartition("/")
            if name in self._names_in(folder):
                return False
        if key in self.keys:
            return False
        self.keys.add(key)
        return True


_NAME = operator.attrgetter("name")


def _walk_dir(top: str, root_real: str, cwd: str, readers: "Sequence[Reader] | Dispatch", include_ignored: bool,
              exclude: Sequence[str], settings_root: str | None, problems: list[Problem],
              seen: _Seen) -> Iterator[Candidate]:
    """The candidates below folder ``top``, in walk order, as they are found (problems appended)."""
    listing = git_listing(top)
    listed_dirs = _dirs_of(listing) if listing is not None else None
    ignore = GitIgnore() if listing is None else None
    top_real = os.path.realpath(top)
    top_disp = display_path(top, cwd)
    prefix = "" if top_disp == "." else top_disp.rstrip("/") + "/"
    links: list[Candidate] = []   # linked files come last: the real file wins over a link to it
    stack: list[tuple[str, str]] = [(top, "")]
    dispatch = readers if isinstance(readers, Dispatch) else Dispatch(readers)
    while stack:
        directory, rel_dir = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=_NAME)
        except OSError as exc:
            if rel_dir and _has_skip_marker(directory):
                continue   # an environment or a cache: skipped, listable or not
            if ignore is not None:
                ignore.load(rel_dir, directory)
            problems.append(Problem("unreadable-file", f"folder cannot be listed: {exc.strerror or exc}",
                                    Location(display_path(directory, cwd))))
            continue
        if rel_dir and _marks_skipped(entries):
            continue   # a virtual environment or a cache, whatever its name
        if ignore is not None and any(e.name == ".gitignore" for e in entries):
            ignore.load(rel_dir, directory)   # not tried (a failed open) in the folders without one
        subdirs: list[tuple[str, str]] = []
        folder_disp = prefix + rel_dir if rel_dir else prefix[:-1]   # the display path of its files' folder
        names = seen.enter(folder_disp)
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if _skip_dir_name(entry.name):
                    continue
                if listing is not None and os.path.lexists(os.path.join(entry.path, ".git")):
                    if _has_skip_marker(entry.path):
                        continue
                    # a nested repository (submodule, vendored clone): git answers for it separately
                    yield from _walk_dir(entry.path, root_real, cwd, dispatch, include_ignored, exclude,
                                         settings_root, problems, seen)
                    continue
                if listed_dirs is not None and rel not in listed_dirs and not include_ignored:
                    continue   # nothing but ignored files below: skip
                if ignore is not None and not include_ignored and ignore.ignored(rel, True):
                    continue
                subdirs.append((entry.path, rel))
                continue
            if is_link and os.path.isdir(entry.path):
                continue   # never follow a linked folder: no loops, nothing outside the tree
            if not is_link and not entry.is_file(follow_symlinks=False):
                continue   # FIFOs, sockets, devices: reading one could block forever
            name = entry.name
            reader = dispatch.pick(name, directory, entry.path)
            if reader is None and not is_text_name(name):
                continue
            path = entry.path
            disp = prefix + rel
            if exclude and _excluded(disp, exclude, settings_root):
                continue
            if listing is not None:
                ignored = rel not in listing
            else:
                ignored = ignore.ignored(rel, False) if ignore is not None else False
            if ignored and not include_ignored and not is_dotenv_name(name):
                continue
            committed: bool | None
            if listing is not None or (ignore is not None and ignore._rules):
                committed = not ignored
            else:
                committed = None
            if is_link:
                real = os.path.realpath(entry.path)
                if not os.path.exists(real):
                    if reader is not None:
                        problems.append(Problem("unreadable-file", "broken symbolic link: its target does not exist",
                                                Location(disp)))
                    continue
                if not (real == root_real or real.startswith(root_real + os.sep)):
                    continue   # points outside the checked tree
                links.append(Candidate(path, disp, reader, committed, ignored=ignored))
                continue
            if not seen.take_file(disp, top_real, rel, names, name):
                continue
            yield Candidate(path, disp, reader, committed, ignored=ignored)
        seen.leave(folder_disp, names)
        stack.extend(reversed(subdirs))
    for c in links:
        if seen.take_link(os.path.realpath(c.path)):
            yield c


# --------------------------------------------------------------------------- reading


def _read(path: str, want: int, limit: int) -> bytes:
    """At most ``limit`` bytes of ``path``; ``want`` (the size stat() saw, +1) sizes the first read.

    Raw ``os.read`` on a file descriptor: no buffered-reader object, and no ``read(limit)`` that
    would allocate the whole limit up front for a 200-byte file. A first read that returns
    exactly the size stat() saw is the whole file (a regular file reads short only at its end; one
    that grew since fills the extra byte asked for, and is read on): no second read to see the end.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunk = os.read(fd, want)
        if len(chunk) == want - 1 or not chunk:
            return chunk
        chunks: list[bytes] = [chunk]
        total, size = len(chunk), min(limit - len(chunk), 1 << 20)
        while total < limit:
            chunk = os.read(fd, size)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            size = min(limit - total, 1 << 20)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


@record
class Loaded:
    doc: Document | None
    problem: Problem | None
    relevant: bool


NUL_WINDOW = 8192


def _lenient(c: Candidate, data: bytes, marker: Any, force: bool) -> Loaded:
    """A source file of a :data:`LENIENT` reader with NUL bytes or bytes that are not UTF-8:
    read with them replaced, and an info ``unreadable-file`` where the first one is."""
    from validator.model import Severity

    if not force and marker.search(data) is None:
        return Loaded(None, None, False)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        at, what = data.index(b"\0"), "a NUL byte (binary content)"
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", "replace")
        at, what = exc.start, f"byte 0x{data[exc.start]:02x}, not valid UTF-8"
    except ValueError:   # no NUL after all (only past the first window): plain UTF-8
        return Loaded(Document(c.path, c.display, data.decode("utf-8"), c.committed), None, True)
    line = data.count(b"\n", 0, at) + 1
    col = len(data[data.rfind(b"\n", 0, at) + 1:at].decode("utf-8", "replace")) + 1
    prob = Problem("unreadable-file", f"{what} here: msv read the rest of the file with it replaced (save the "
                   "file as UTF-8 text)", Location(c.display, line, col), Severity.INFO)
    return Loaded(Document(c.path, c.display, text, c.committed), prob, True)


def load(c: Candidate, max_size: int, marker: Any, *, force: bool = False) -> Loaded:
    """Read one file once, within ``max_size``: bytes → marker test → binary test → UTF-8.

    ``relevant=False`` (and no problem) means the file cannot matter: no marker word at all.
    Errors never escape: they become ``unreadable-file`` / ``file-too-large`` problems.
    """
    def fail(rule: str, message: str) -> Loaded:   # the Location is built only when needed
        return Loaded(None, Problem(rule, message, Location(c.display)), False)

    try:
        st = os.stat(c.path)
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                return Loaded(None, None, False)
            return fail("unreadable-file", "not a regular file (a pipe, socket or device)")
        if st.st_size > max_size:
            return fail("file-too-large", f"{st.st_size:,} bytes, over the {max_size:,}-byte limit: not checked")
        data = _read(str(c.path), min(st.st_size, max_size) + 1, max_size + 1)
    except PermissionError:
        return fail("unreadable-file", "permission denied")
    except FileNotFoundError:
        what = "broken symbolic link" if os.path.islink(c.path) else "the file disappeared while checking"
        return fail("unreadable-file", what)
    except IsADirectoryError:
        return Loaded(None, None, False)
    except OSError as exc:
        return fail("unreadable-file", f"cannot be read: {exc.strerror or type(exc).__name__}")
    if len(data) > max_size:
        return fail("file-too-large", f"over the {max_size:,}-byte limit: not checked")
    is_config = c.reader is not None and c.reader not in DOCUMENTATION   # a README is read leniently
    report = is_config or c.explicit   # a configuration file by name: say why it cannot be read
    marked = None if report else marker.search(data) is not None   # scanned once at most
    if marked is False:
        return Loaded(None, None, False)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        prob = Problem("unreadable-file", "encoded as UTF-16: save it as UTF-8 (clients expect UTF-8)",
                       Location(c.display))
        return Loaded(None, prob if report else None, False)
    if c.reader in LENIENT and (b"\0" in data[:NUL_WINDOW] or not data.isascii()):
        return _lenient(c, data, marker, force)
    if b"\0" in data[:NUL_WINDOW]:
        prob = Problem("unreadable-file", "binary content (NUL bytes): not a text configuration file",
                       Location(c.display))
        return Loaded(None, prob if report else None, False)
    if not force and not (marked if marked is not None else marker.search(data) is not None):
        return Loaded(None, None, False)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not (is_config or c.explicit):
            # a GBK README or a Latin-1 script: URLs and keys are ASCII, the literal scan still works
            return Loaded(Document(c.path, c.display, data.decode("utf-8", "replace"), c.committed), None, True)
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        prob = Problem("unreadable-file", f"not valid UTF-8 (byte 0x{data[exc.start]:02x}): save it as UTF-8",
                       Location(c.display, line, col))
        return Loaded(None, prob, False)
    return Loaded(Document(c.path, c.display, text, c.committed), None, True)
