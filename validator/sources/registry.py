"""The ordered list of readers: the first whose ``matches(path)`` accepts a file reads it.

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

import importlib
from pathlib import Path
from typing import Any, Callable

from .base import Document, ReadResult, Reader


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
            self._reader = importlib.import_module(self.module, __package__).READER
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


_YAML, _JSON = (".yml", ".yaml"), (".json",)
_SHELL = (".sh", ".bash", ".zsh", ".ksh", ".csh", ".tcsh", ".command", ".fish", ".bat", ".cmd", ".ps1", ".psm1")

READERS: list[Reader] = [
    LazyReader("modelstudio", ".modelstudio", _named("modelstudio")),   # modelstudio.yaml, .modelstudio.yml
    LazyReader("compose", ".compose", NamePattern(contains=("compose",), suffixes=_YAML)),
    LazyReader("actions", ".actions", _within("workflows", *_YAML)),     # .github/workflows/*.yml
    LazyReader("dotenv", ".dotenv", _named(".env")),                     # .env, .env.*, *.env, .qwen/.env
    # *.sh, .bashrc, .zshrc, .profile, config.fish, *.ps1, *.bat, *.cmd (dot-less names: profile, bashrc…)
    LazyReader("shell", ".shell", _ends(*_SHELL) | NamePattern(dotless=True)),
    # AI tools and source code: specific file names and folders first, generic names last
    # (``config.yaml`` for LiteLLM, ``config.toml`` for Codex, ``application*.yml`` for Spring),
    # then source code by extension.
    LazyReader("claude-code-settings", ".claude_code",                   # .claude/settings(.local).json,
               NamePattern(names=("managed-settings.json",)) | _within(".claude", *_JSON)),  # managed-settings.json
    LazyReader("qwen-code-settings", ".qwen_code", _within("qwen", *_JSON)),   # .qwen/settings.json, qwen-code/
    LazyReader("claude-code-router-config", ".ccr", _within(".claude-code-router", ".json", ".json5", ".jsonc")),
    LazyReader("continue-config", ".continue_dev", _within(".continue", *_YAML, *_JSON)),   # .continue/**
    LazyReader("crush-config", ".crush", _named("crush")),                     # crush.json, .crush.json
    LazyReader("opencode-config", ".opencode",                                 # opencode.json(c), opencode/config.json
               NamePattern(anywhere="opencode", suffixes=(".json", ".jsonc"))),
    LazyReader("aider-config", ".aider", _named("aider")),                     # .aider.conf.yml
    LazyReader("codex-config", ".codex", _ends(".toml")),                      # .codex/*.toml, config.toml, *.config.toml
    LazyReader("spring-config", ".spring", NamePattern(prefixes=("application", "bootstrap"))),
    LazyReader("litellm-config", ".litellm", _ends(*_YAML)),                   # config.yaml, litellm*.yaml, proxy_config
    LazyReader("python", ".python_code", _ends(".py", ".pyw")),                # *.py
    LazyReader("javascript", ".javascript",                                    # *.js, *.mjs, *.cjs, *.jsx, *.ts, *.mts…
               _ends(".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")),
]


def by_name(name: str) -> Reader | None:
    """The registered reader called ``name`` (workers look readers up by name)."""
    for r in READERS:
        if r.name == name:
            return r
    return None
