"""The ordered list of readers: the first whose ``matches(path)`` accepts a file reads it.

Two kinds of entry. *Format* readers (msv's own ``modelstudio.yaml``, compose, Actions,
``.env``, shell, Python, JS/TS) know their files by name. *Client* readers (Claude Code, Qwen
Code, Codex…) read the files a client's catalogue record names: the record's ``files``
patterns decide what they match, and its ``reader`` names the code that reads them (one of
:data:`CLIENT_READERS`, or ``json-settings``: a declarative reader built from the record's
``settings`` mapping, :mod:`validator.sources.jsonsettings`). So a client is one record, and
:func:`readers` derives the list from a catalogue (a ``--catalogue`` extension may add one).

Specific readers come before generic ones (``modelstudio.yaml`` before any YAML, a compose file
before a LiteLLM ``config.yaml``…). Each file is read by exactly one reader; the literal scanner
(:mod:`validator.sources.literals`) then looks at every relevant file, whoever read it.

READERS is a plain list on purpose: the tool and source-code readers (Claude Code, Qwen Code,
Codex, LiteLLM, OpenCode, claude-code-router, Crush/Continue/Aider, Spring, Python ``ast``,
JS/TS) follow the environment-style ones. Keep specific-before-generic when adding one. Reader
modules must stay cheap to import (parse lazily, inside ``read``).

Each entry is a :class:`LazyReader`: the reader's module is imported the first time the entry
is asked anything but its name, and not even then when a cheap test on the path shows it
cannot match (``could_match``: a *superset* of ``matches``; tests/sources/test_registry.py
checks that). ``msv check client.py`` (a pre-commit hook's typical call) so imports the
Python reader alone, not the shell grammar and fifteen others; a walk over a tree imports
each reader on the first file that could be its.
"""

from __future__ import annotations

from validator.imports import import_module

from .base import Document, Reader, ReadResult
from .clientfiles import files_matcher, name_parts

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Callable

    from validator.catalogue.index import Catalogue
    from validator.catalogue.records import Client


class LazyReader:
    """A registered reader, imported on first use; behaves exactly like the module's ``READER``
    (every call goes to it, so patching the reader class in a test still takes effect)."""

    __slots__ = ("name", "module", "could_match", "_reader")

    def __init__(self, name: str, module: str, could_match: Callable[[Path], bool]) -> None:
        self.name = name                # must equal the module's READER.name (a test checks)
        self.module = module
        self.could_match = could_match  # False only where matches() is False: the module need not load
        self._reader: Any = None

    @property
    def reader(self) -> Reader:
        if self._reader is None:
            self._reader = import_module(self.module, __package__).READER
        return self._reader

    def matches(self, path: Path) -> bool:
        reader = self._reader
        if reader is None:
            if not self.could_match(path):
                return False
            reader = self.reader
        return reader.matches(path)

    def relevant(self, text: str) -> bool:
        return (self._reader or self.reader).relevant(text)

    def read(self, doc: Document) -> ReadResult:
        return (self._reader or self.reader).read(doc)

    def __getattr__(self, attr: str) -> Any:   # optional reader attributes (``always_read``)
        return getattr(self.reader, attr)

    def name_pattern(self) -> "NamePattern | AnyName | None":
        """``could_match`` as a :class:`NamePattern` (a superset of it) for the walk's dispatch
        table, or ``None``: then the walk asks ``matches`` itself."""
        pattern = self.could_match
        return pattern if isinstance(pattern, (NamePattern, AnyName)) else None

    def __repr__(self) -> str:
        return f"LazyReader({self.name!r}, {self.module!r})"


class NamePattern:
    """A reader's ``could_match`` as data: every condition given must hold (on the lower-cased
    file name, and on the folder's path for ``folder``/``anywhere``), so that the walk can index
    readers by suffix in one table (:class:`validator.sources.walk.Dispatch`) instead of asking
    each of them about each file. Calling it on a ``Path`` answers like the old lambdas did."""

    __slots__ = ("suffixes", "contains", "prefixes", "names", "folder", "anywhere", "dotless")

    def __init__(self, *, suffixes: tuple[str, ...] = (), contains: tuple[str, ...] = (),
                 prefixes: tuple[str, ...] = (), names: tuple[str, ...] = (), folder: str | None = None,
                 anywhere: str | None = None, dotless: bool = False) -> None:
        self.suffixes = suffixes    # the name ends with one of these
        self.contains = contains    # the name contains one of these
        self.prefixes = prefixes    # the name starts with one of these
        self.names = names          # the name is one of these
        self.folder = folder        # the folder's path contains this
        self.anywhere = anywhere    # the folder's path or the name contains this
        self.dotless = dotless      # no dot in the name but a leading one (profile, .bashrc)

    def test(self, lname: str, folder: str) -> bool:
        return ((not self.suffixes or lname.endswith(self.suffixes))
                and (not self.contains or any(c in lname for c in self.contains))
                and (not self.prefixes or lname.startswith(self.prefixes))
                and (not self.names or lname in self.names)
                and (self.folder is None or self.folder in folder)
                and (self.anywhere is None or self.anywhere in folder or self.anywhere in lname)
                and (not self.dotless or "." not in lname[1:]))

    def alternatives(self) -> tuple["NamePattern", ...]:
        return (self,)

    def __call__(self, path: Path) -> bool:
        return self.test(path.name.lower(), str(path.parent))

    def __or__(self, other: "NamePattern | AnyName") -> "AnyName":
        return AnyName(*self.alternatives(), *other.alternatives())


class AnyName:
    """Several :class:`NamePattern` alternatives: any one may hold."""

    __slots__ = ("patterns",)

    def __init__(self, *patterns: NamePattern) -> None:
        self.patterns = patterns

    def alternatives(self) -> tuple[NamePattern, ...]:
        return self.patterns

    def __call__(self, path: Path) -> bool:
        lname, folder = path.name.lower(), str(path.parent)
        return any(p.test(lname, folder) for p in self.patterns)

    def __or__(self, other: "NamePattern | AnyName") -> "AnyName":
        return AnyName(*self.patterns, *other.alternatives())


def _ends(*suffixes: str) -> NamePattern:
    return NamePattern(suffixes=suffixes)


def _named(*parts: str) -> NamePattern:
    return NamePattern(contains=parts)


def _within(folder: str, *suffixes: str) -> NamePattern:
    """Files with these endings somewhere below a folder whose name contains ``folder``."""
    return NamePattern(folder=folder, suffixes=suffixes)


def files_name_pattern(files: "tuple[str, ...] | list[str]") -> "NamePattern | AnyName | None":
    """What a client record's ``files`` patterns say about the file *name* alone (a superset of
    :func:`validator.sources.clientfiles.files_matcher`, which also checks the folders and
    ignores case): the last component, literal, or its text before the first and after the last
    wildcard. ``None`` when a pattern says nothing about the name (``*``)."""
    alternatives: list[NamePattern] = []
    for pattern in files:
        parts = name_parts(pattern)
        if parts is None:
            return None
        exact, head, tail = parts
        alternatives.append(NamePattern(names=(exact,)) if exact is not None else
                            NamePattern(prefixes=(head,) if head else (), suffixes=(tail,) if tail else ()))
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else AnyName(*alternatives)


_YAML = (".yml", ".yaml")
_SHELL = (".sh", ".bash", ".zsh", ".ksh", ".csh", ".tcsh", ".command", ".fish", ".bat", ".cmd", ".ps1", ".psm1")


class ClientFiles(LazyReader):
    """A reader of the files one client record names: ``matches`` is the record's ``files``."""

    __slots__ = ("client",)

    def __init__(self, client: "Client", module: str) -> None:
        self.client = client
        super().__init__(client.reader or "", module, files_matcher(client.files))

    def matches(self, path: Path) -> bool:
        return self.could_match(path)

    def name_pattern(self) -> "NamePattern | AnyName | None":
        return files_name_pattern(self.client.files)


class SettingsFiles(ClientFiles):
    """``json-settings`` clients: the reader is the records' declarative mappings. Records that
    name the same files (one tool's OpenAI and Anthropic providers) share one entry, because
    each file is read by one reader."""

    __slots__ = ("clients",)

    def __init__(self, clients: "list[Client]") -> None:
        self.clients = clients
        super().__init__(clients[0], ".jsonsettings")
        self.name = f"{clients[0].id}-settings"

    @property
    def reader(self) -> Reader:
        if self._reader is None:
            from .jsonsettings import SettingsReader

            self._reader = SettingsReader(self.name, self.clients)
        return self._reader


# Read before any client's files: environment-style formats.
FIRST: list[Reader] = [
    LazyReader("modelstudio", ".modelstudio", _named("modelstudio")),   # modelstudio.yaml, .modelstudio.yml
    LazyReader("compose", ".compose", NamePattern(contains=("compose",), suffixes=_YAML)),
    LazyReader("actions", ".actions", _within("workflows", *_YAML)),     # .github/workflows/*.yml
    LazyReader("dotenv", ".dotenv", _named(".env")),                     # .env, .env.*, *.env, .qwen/.env
    LazyReader("build-file", ".buildfiles",                              # Makefile, *.mk, Dockerfile: curl lines
               NamePattern(names=("makefile", "gnumakefile", "dockerfile", "containerfile"))
               | _ends(".mk", ".dockerfile") | NamePattern(prefixes=("dockerfile.",))),
    # *.sh, .bashrc, .zshrc, .profile, config.fish, *.ps1, *.bat, *.cmd (dot-less names: profile, bashrc…)
    LazyReader("shell", ".shell", _ends(*_SHELL) | NamePattern(dotless=True)),
]
# Read after every client's files: source code by extension.
LAST: list[Reader] = [
    LazyReader("markdown", ".markdown", _ends(".md", ".mdx", ".markdown")),    # code fences in README/docs
    LazyReader("python", ".python_code", _ends(".py", ".pyw")),                # *.py
    LazyReader("javascript", ".javascript",                                    # *.js, *.mjs, *.cjs, *.jsx, *.ts, *.mts…
               _ends(".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")),
    # Java, Kotlin, Go, C#, PHP, Rust: SDK clients and raw HTTP requests (one lexer, see langcode.py)
    LazyReader("source-code", ".source_code", _ends(".java", ".kt", ".kts", ".go", ".cs", ".php", ".rs")),
    LazyReader("http-file", ".httpfile", _ends(".http", ".rest")),               # REST Client / JetBrains
]
# The code a client record's ``reader`` may name (registry name -> module). In the records'
# order, specific file names before generic ones (``.continue/**`` before LiteLLM ``config.yaml``).
CLIENT_READERS: dict[str, str] = {
    "claude-code-settings": ".claude_code",
    "qwen-code-settings": ".qwen_code",
    "claude-code-router-config": ".ccr",
    "continue-config": ".continue_dev",
    "crush-config": ".crush",
    "opencode-config": ".opencode",
    "aider-config": ".aider",
    "codex-config": ".codex",
    "spring-config": ".spring",
    "litellm-config": ".litellm",
}
SETTINGS = "json-settings"

_BY_NAME: dict[str, Reader] = {r.name: r for r in FIRST + LAST}
_BUILT: dict[int, tuple[Any, list[Reader]]] = {}


def client_entries(catalogue: "Catalogue") -> list[ClientFiles]:
    """One entry per client record that names files, in the records' order."""
    out: list[ClientFiles] = []
    shared: dict[tuple[str, ...], SettingsFiles] = {}
    for client in catalogue.clients():
        if not client.files or not client.reader:
            continue
        if client.reader == SETTINGS and client.settings is not None:
            entry = shared.get(client.files)
            if entry is not None:
                entry.clients.append(client)
                continue
            shared[client.files] = SettingsFiles([client])
            out.append(shared[client.files])
        elif client.reader in CLIENT_READERS:
            out.append(ClientFiles(client, CLIENT_READERS[client.reader]))
    return out


def readers(catalogue: "Catalogue | None" = None) -> list[Reader]:
    """The ordered readers for ``catalogue`` (the bundled one by default)."""
    if catalogue is None:
        from validator.catalogue import load

        catalogue = load()
    hit = _BUILT.get(id(catalogue))
    if hit is not None and hit[0] is catalogue:
        return hit[1]
    built = FIRST + list(client_entries(catalogue)) + LAST
    for r in built:
        _BY_NAME[r.name] = r
    _BUILT[id(catalogue)] = (catalogue, built)
    return built


def __getattr__(name: str) -> Any:
    if name == "READERS":   # the bundled catalogue's list (module attribute kept for callers and tests)
        return readers()
    raise AttributeError(name)


def by_name(name: str) -> Reader | None:
    """The registered reader called ``name`` (workers look readers up by name)."""
    hit = _BY_NAME.get(name)
    if hit is None:   # a client reader: the bundled records name it
        readers()
        hit = _BY_NAME.get(name)
    return hit
