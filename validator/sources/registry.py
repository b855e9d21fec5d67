"""The ordered list of readers: the first whose ``matches(path)`` accepts a file reads it.

Specific readers come before generic ones (``modelstudio.yaml`` before any YAML, a compose file
before a LiteLLM ``config.yaml``…). Each file is read by exactly one reader; the literal scanner
(:mod:`validator.sources.literals`) then looks at every relevant file, whoever read it.

READERS is a plain list on purpose: the tool and source-code readers (Claude Code, Qwen Code,
Codex, LiteLLM, OpenCode, claude-code-router, Crush/Continue/Aider, Spring, Python ``ast``,
JS/TS) are appended to it by their own modules' registration below. Keep specific-before-generic
when adding one. Reader modules must stay cheap to import (parse lazily, inside ``read``).
"""

from __future__ import annotations

from .actions import READER as ACTIONS
from .base import Reader
from .compose import READER as COMPOSE
from .dotenv import READER as DOTENV
from .modelstudio import READER as MODELSTUDIO
from .shell import READER as SHELL

READERS: list[Reader] = [
    MODELSTUDIO,   # modelstudio.yaml / .modelstudio.yaml: msv's own declarative config
    COMPOSE,       # docker-compose*.yml, compose*.yaml
    ACTIONS,       # .github/workflows/*.yml
    DOTENV,        # .env, .env.*, *.env, .qwen/.env
    SHELL,         # *.sh, .bashrc, .zshrc, .profile, config.fish, *.ps1, *.bat, *.cmd
    # the tools helper appends its readers here (specific tool files, then source code)
]

# AI tools and source code: specific file names and folders first, generic names last
# (``config.yaml`` for LiteLLM, ``config.toml`` for Codex, ``application*.yml`` for Spring),
# then source code by extension.
from .aider import READER as AIDER  # noqa: E402
from .ccr import READER as CCR  # noqa: E402
from .claude_code import READER as CLAUDE_CODE  # noqa: E402
from .codex import READER as CODEX  # noqa: E402
from .continue_dev import READER as CONTINUE  # noqa: E402
from .crush import READER as CRUSH  # noqa: E402
from .javascript import READER as JAVASCRIPT  # noqa: E402
from .litellm import READER as LITELLM  # noqa: E402
from .opencode import READER as OPENCODE  # noqa: E402
from .python_code import READER as PYTHON  # noqa: E402
from .qwen_code import READER as QWEN_CODE  # noqa: E402
from .spring import READER as SPRING  # noqa: E402

READERS += [
    CLAUDE_CODE,   # .claude/settings.json, .claude/settings.local.json, managed-settings.json
    QWEN_CODE,     # .qwen/settings.json, /etc/qwen-code/*.json
    CCR,           # .claude-code-router/config.json
    CONTINUE,      # .continue/**.yaml|json
    CRUSH,         # crush.json, .crush.json
    OPENCODE,      # opencode.json(c)
    AIDER,         # .aider.conf.yml
    CODEX,         # .codex/*.toml, config.toml, *.config.toml
    SPRING,        # application*.yml|yaml|properties, bootstrap*
    LITELLM,       # config.yaml, litellm*.yaml, proxy_config.yaml
    PYTHON,        # *.py
    JAVASCRIPT,    # *.js, *.mjs, *.cjs, *.jsx, *.ts, *.mts, *.cts, *.tsx
]


def by_name(name: str) -> Reader | None:
    """The registered reader called ``name`` (workers look readers up by name)."""
    for r in READERS:
        if r.name == name:
            return r
    return None
