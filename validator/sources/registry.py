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


def _ends(*suffixes: str) -> Callable[[Path], bool]:
    return lambda path: path.name.lower().endswith(suffixes)


def _named(*parts: str) -> Callable[[Path], bool]:
    return lambda path: any(p in path.name.lower() for p in parts)


def _within(folder: str, *suffixes: str) -> Callable[[Path], bool]:
    """Files with these endings somewhere below a folder whose name contains ``folder``."""
    return lambda path: folder in str(path.parent) and path.name.lower().endswith(suffixes)


_YAML, _JSON = (".yml", ".yaml"), (".json",)
_SHELL = (".sh", ".bash", ".zsh", ".ksh", ".csh", ".tcsh", ".command", ".fish", ".bat", ".cmd", ".ps1", ".psm1")

READERS: list[Reader] = [
    LazyReader("modelstudio", ".modelstudio", _named("modelstudio")),   # modelstudio.yaml, .modelstudio.yml
    LazyReader("compose", ".compose", lambda p: "compose" in p.name.lower() and p.name.lower().endswith(_YAML)),
    LazyReader("actions", ".actions", _within("workflows", *_YAML)),     # .github/workflows/*.yml
    LazyReader("dotenv", ".dotenv", _named(".env")),                     # .env, .env.*, *.env, .qwen/.env
    LazyReader("build-file", ".buildfiles",                              # Makefile, *.mk, Dockerfile: curl lines
               lambda p: p.name.lower() in ("makefile", "gnumakefile", "dockerfile", "containerfile")
               or p.name.lower().endswith((".mk", ".dockerfile")) or p.name.lower().startswith("dockerfile.")),
    # *.sh, .bashrc, .zshrc, .profile, config.fish, *.ps1, *.bat, *.cmd (dot-less names: profile, bashrc…)
    LazyReader("shell", ".shell", lambda p: p.name.lower().endswith(_SHELL) or "." not in p.name[1:]),
    # AI tools and source code: specific file names and folders first, generic names last
    # (``config.yaml`` for LiteLLM, ``config.toml`` for Codex, ``application*.yml`` for Spring),
    # then source code by extension.
    LazyReader("claude-code-settings", ".claude_code",                   # .claude/settings(.local).json,
               lambda p: p.name == "managed-settings.json" or _within(".claude", *_JSON)(p)),  # managed-settings.json
    LazyReader("qwen-code-settings", ".qwen_code", _within("qwen", *_JSON)),   # .qwen/settings.json, qwen-code/
    LazyReader("claude-code-router-config", ".ccr", _within(".claude-code-router", ".json", ".json5", ".jsonc")),
    LazyReader("continue-config", ".continue_dev", _within(".continue", *_YAML, *_JSON)),   # .continue/**
    LazyReader("crush-config", ".crush", _named("crush")),                     # crush.json, .crush.json
    LazyReader("opencode-config", ".opencode",                                 # opencode.json(c), opencode/config.json
               lambda p: "opencode" in str(p) and p.name.lower().endswith((".json", ".jsonc"))),
    LazyReader("aider-config", ".aider", _named("aider")),                     # .aider.conf.yml
    LazyReader("codex-config", ".codex", _ends(".toml")),                      # .codex/*.toml, config.toml, *.config.toml
    LazyReader("spring-config", ".spring", lambda p: p.name.lower().startswith(("application", "bootstrap"))),
    LazyReader("litellm-config", ".litellm", _ends(*_YAML)),                   # config.yaml, litellm*.yaml, proxy_config
    LazyReader("python", ".python_code", _ends(".py", ".pyw")),                # *.py
    LazyReader("javascript", ".javascript",                                    # *.js, *.mjs, *.cjs, *.jsx, *.ts, *.mts…
               _ends(".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")),
    # Java, Kotlin, Go, C#, PHP, Rust: SDK clients and raw HTTP requests (one lexer, see langcode.py)
    LazyReader("source-code", ".source_code", _ends(".java", ".kt", ".kts", ".go", ".cs", ".php", ".rs")),
    LazyReader("http-file", ".httpfile", _ends(".http", ".rest")),               # REST Client / JetBrains
    LazyReader("markdown", ".markdown", _ends(".md", ".mdx", ".markdown")),      # code fences only
]


def by_name(name: str) -> Reader | None:
    """The registered reader called ``name`` (workers look readers up by name)."""
    for r in READERS:
        if r.name == name:
            return r
    return None
