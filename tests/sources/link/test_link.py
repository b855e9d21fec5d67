"""The linker: visibility, precedence, reference chains, fallbacks and client defaults."""

from __future__ import annotations

import json

from validator.engine import Options
from validator.model import Binding, Location, Origin, Secret, Target, Value
from validator.sources import collect
from validator.sources.link import link

KEY = "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
OTHER = "sk-a1b2c3d4e5f60718293a4b5c6d7e8f90"


def code_target(path: str, variable: str, fallback: str | None = None) -> Target:
    fb = Value(fallback, Location(path, 3, 40), Origin.LITERAL, None, f'"{fallback}"') if fallback else None
    key = Value(None, Location(path, 3, 10), Origin.VARIABLE, variable, f'os.getenv("{variable}")', fallback=fb)
    return Target(name="code", client="openai-sdk", origin=Location(path, 3, 1), key=key)


def test_only_folders_above_the_target_are_visible(tree, catalogue) -> None:
    tree({"scripts/env.sh": f"export OPENAI_API_KEY={OTHER}\n",
          "src/.env": f"OPENAI_API_KEY={KEY}\n",
          ".env": "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n",
          "src/app/main.py": "import openai\nclient = openai.OpenAI()\n"})
    got = collect([], Options(), catalogue)
    t = next(t for t in got.targets if t.origin.path == "src/app/main.py")
    # OpenAI() with no arguments: key and base come from the variables the SDK reads
    assert t.key.value == Secret(KEY) and t.key.loc.path == "src/.env"     # scripts/env.sh is not an ancestor
    assert t.key.overridden == ()
    assert t.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert t.base_url.loc.path == ".env" and t.base_url.origin is Origin.VARIABLE


def test_reference_fallback_and_default_base_url(catalogue) -> None:
    t = code_target("a.py", "DASHSCOPE_API_KEY", fallback=KEY)
    link([t], [], catalogue)
    assert t.key.value == KEY or t.key.value == Secret(KEY)
    assert t.key.loc == Location("a.py", 3, 40) and t.key.origin is Origin.LITERAL
    assert "default in the reference applies" in t.key.via
    assert t.base_url.origin is Origin.DEFAULT and t.base_url.value == "https://api.openai.com/v1"
    assert t.protocol == "openai"


def test_resolved_reference_keeps_its_fallback(catalogue) -> None:
    t = code_target("a.py", "DASHSCOPE_API_KEY", fallback="sk-placeholder")
    b = Binding("DASHSCOPE_API_KEY", Secret(KEY), Location(".env", 1, 19), "dotenv", KEY)
    link([t], [b], catalogue)
    assert t.key.value == Secret(KEY) and t.key.fallback is not None


def test_reference_chains_and_cycles_terminate(catalogue) -> None:
    a = Binding("A", None, Location(".env", 1, 3), "dotenv", "${B}", reference="B")
    b = Binding("B", None, Location(".env", 2, 3), "dotenv", "${A}", reference="A")
    c = Binding("C", Secret(KEY), Location(".env", 3, 3), "dotenv", KEY)
    d = Binding("D", None, Location(".env", 4, 3), "dotenv", "${C}", reference="C")
    loop = code_target("x.py", "A")
    chain = code_target("x.py", "D")
    link([loop, chain], [a, b, c, d], catalogue)
    assert loop.key.value is None
    assert chain.key.value == Secret(KEY) and chain.key.loc.line == 3
    assert "followed D (.env:4) → C (.env:3)" in chain.key.via


def test_template_values_are_not_used(tree, catalogue) -> None:
    tree({".env.example": f"OPENAI_API_KEY={KEY}\n", "main.py": "import openai\nc = openai.OpenAI()\n"})
    got = collect([], Options(), catalogue)
    t = next(t for t in got.targets if t.origin.path == "main.py")
    assert t.key is None or t.key.value is None


def test_settings_local_layer_wins_and_auth_conflict_across_files(tree, catalogue) -> None:
    tree({
        ".claude/settings.json": json.dumps({"env": {
            "ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/apps/anthropic",
            "ANTHROPIC_AUTH_TOKEN": "sk-sp-0a1b2c3d4e5f6a7b8c9d0e1f"}}),
        ".claude/settings.local.json": json.dumps({"env": {
            "ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic"}}),
        "profile.sh": f"export ANTHROPIC_API_KEY={KEY}\n",
    })
    got = collect([], Options(), catalogue)
    project = next(t for t in got.targets if t.origin.path == ".claude/settings.json" and t.client == "claude-code")
    assert project.base_url.value == "https://dashscope.aliyuncs.com/apps/anthropic"
    assert project.base_url.loc.path == ".claude/settings.local.json"
    assert "the .local file is layered on top" in project.base_url.via
    # ANTHROPIC_API_KEY from the shell competes with the settings' ANTHROPIC_AUTH_TOKEN
    assert any(o.variable == "ANTHROPIC_API_KEY" and o.loc.path == "profile.sh" for o in project.key.overridden)


def test_explicit_key_variable_has_no_competitors(tree, catalogue) -> None:
    tree({"modelstudio.yaml": "version: 1\ntargets:\n  - name: x\n    client: openai-compatible\n"
                              "    api_key_env: BAILIAN_API_KEY\n",
          ".env": f"BAILIAN_API_KEY={KEY}\nOPENAI_API_KEY={OTHER}\n"})
    got = collect([], Options(), catalogue)
    t = next(t for t in got.targets if t.name == "x")
    assert t.key.value == Secret(KEY) and t.key.overridden == ()


def test_closed_compose_service_sees_only_interpolation(tree, catalogue) -> None:
    tree({"docker-compose.yml": "services:\n  app:\n    environment:\n      DASHSCOPE_API_KEY: ${DASHSCOPE_API_KEY}\n",
          "env.sh": f"export DASHSCOPE_API_KEY={OTHER}\nexport DASHSCOPE_HTTP_BASE_URL=https://x.example/api/v1\n",
          ".env": f"DASHSCOPE_API_KEY={KEY}\n"})
    got = collect([], Options(), catalogue)
    t = next(t for t in got.targets if t.origin.path == "docker-compose.yml")
    assert t.key.value == Secret(KEY) and t.key.loc.path == ".env"     # compose reads .env, not env.sh
    assert t.base_url.origin is Origin.DEFAULT                         # env.sh's base does not leak in


def test_unknown_client_gets_no_defaults(catalogue) -> None:
    t = Target(name="t", client="unknown", origin=Location("x.env", 1, 1),
               key=Value(Secret(KEY), Location("x.env", 1, 5), Origin.LITERAL, "LLM_API_KEY", KEY))
    link([t], [Binding("LLM_API_KEY", Secret(KEY), Location("x.env", 1, 5), "dotenv", KEY)], catalogue)
    assert t.base_url is None and t.key_variable == "LLM_API_KEY"
