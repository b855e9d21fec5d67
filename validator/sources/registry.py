"""The ordered list of readers: the first whose ``matches(path)`` accepts a file reads it.

Specific readers come before generic ones (``modelstudio.yaml`` before any YAML, a compose file
before a LiteLLM ``config.yaml``…). Each file is read by exactly one reader; the literal scanner
(:mod:`validator.sources.literals`) then looks at every relevant file, whoever read it.

READERS is a plain list on purpose: the tool and source-code readers (Claude Code, Qwen Code,
Codex, LiteLLM, OpenCode, claude-code-router, Crush/Continue/Aider, Spring, Python ``ast``,
JS/TS) follow the environment-style ones. Keep specific-before-generic when adding one. Reader
modules must stay cheap to import (parse lazily, inside ``read``).

Each entry is a :class:`LazyReader`: the reader's module is imported the first time the entry
is asked anything but its name. ``msv check .env`` (a pre-commit hook's typical call) stops at
the dotenv reader and never imports the shell grammar or the twelve AI-tool and source-code
readers after it; a walk over a tree imports them all on its first unclaimed file.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from .base import Document, ReadResult, Reader


class LazyReader:
    """A registered reader, imported on first use; behaves exactly like the module's ``READER``
    (every call goes to it, so patching the reader class in a test still takes effect)."""

    __slots__ = ("name", "module", "_reader")

    def __init__(self, name: str, module: str) -> None:
        self.name = name            # must equal the module's READER.name (a test checks)
        self.module = module
        self._reader: Any = None

    @property
    def reader(self) -> Reader:
        if self._reader is None:
            self._reader = importlib.import_module(self.module, __package__).READER
        return self._reader

    def matches(self, path: Path) -> bool:
        return (self._reader or self.reader).matches(path)

    def relevant(self, text: str) -> bool:
        return (self._reader or self.reader).relevant(text)

    def read(self, doc: Document) -> ReadResult:
        return (self._reader or self.reader).read(doc)

    def __getattr__(self, attr: str) -> Any:   # optional reader attributes (``always_read``)
        return getattr(self.reader, attr)

    def __repr__(self) -> str:
        return f"LazyReader({self.name!r}, {self.module!r})"


READERS: list[Reader] = [
    LazyReader("modelstudio", ".modelstudio"),   # modelstudio.yaml / .modelstudio.yaml: msv's own config
    LazyReader("compose", ".compose"),           # docker-compose*.yml, compose*.yaml
    LazyReader("actions", ".actions"),           # .github/workflows/*.yml
    LazyReader("dotenv", ".dotenv"),             # .env, .env.*, *.env, .qwen/.env
    LazyReader("shell", ".shell"),               # *.sh, .bashrc, .zshrc, .profile, config.fish, *.ps1, *.bat
    # AI tools and source code: specific file names and folders first, generic names last
    # (``config.yaml`` for LiteLLM, ``config.toml`` for Codex, ``application*.yml`` for Spring),
    # then source code by extension.
    LazyReader("claude-code-settings", ".claude_code"),          # .claude/settings(.local).json, managed-settings.json
    LazyReader("qwen-code-settings", ".qwen_code"),              # .qwen/settings.json, /etc/qwen-code/*.json
    LazyReader("claude-code-router-config", ".ccr"),             # .claude-code-router/config.json
    LazyReader("continue-config", ".continue_dev"),              # .continue/**.yaml|json
    LazyReader("crush-config", ".crush"),                        # crush.json, .crush.json
    LazyReader("opencode-config", ".opencode"),                  # opencode.json(c)
    LazyReader("aider-config", ".aider"),                        # .aider.conf.yml
    LazyReader("codex-config", ".codex"),                        # .codex/*.toml, config.toml, *.config.toml
    LazyReader("spring-config", ".spring"),                      # application*.yml|yaml|properties, bootstrap*
    LazyReader("litellm-config", ".litellm"),                    # config.yaml, litellm*.yaml, proxy_config.yaml
    LazyReader("python", ".python_code"),                        # *.py
    LazyReader("javascript", ".javascript"),                     # *.js, *.mjs, *.cjs, *.jsx, *.ts, *.mts, *.cts, *.tsx
]


def by_name(name: str) -> Reader | None:
    """The registered reader called ``name`` (workers look readers up by name)."""
    for r in READERS:
        if r.name == name:
            return r
    return None
