"""From variable blocks to targets: which client, home-grown names grouped by value and prefix."""

from __future__ import annotations

from pathlib import Path

from validator.model import Binding, Location, Secret
from validator.sources.base import Document, EnvBlock
from validator.sources.dotenv import READER as DOTENV
from validator.sources.envgroup import GENERIC_CLIENTS, choose_clients, role_of, targets_from_block

KEY = "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def targets(text: str, catalogue, *, hints: tuple[str, ...] = ()):
    result = DOTENV.read(Document(Path("/p/.env"), ".env", text))
    (block,) = result.blocks
    block.hints = hints
    return targets_from_block(block, catalogue, ".env")


def summary(ts):
    return {t.client: (t.base_url.value if t.base_url else None,
                       t.key.variable if t.key else None,
                       [m.value for m in t.models]) for t in ts}


def test_sdk_variables_pick_the_sdk_not_a_tool(catalogue) -> None:
    got = summary(targets("OPENAI_API_KEY=x\nOPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"
                          "OPENAI_MODEL=qwen-plus\n", catalogue))
    assert got == {"openai-sdk": ("https://dashscope.aliyuncs.com/compatible-mode/v1", "OPENAI_API_KEY", ["qwen-plus"])}


def test_hint_picks_the_tool(catalogue) -> None:
    text = ("ANTHROPIC_BASE_URL=https://dashscope.aliyuncs.com/apps/anthropic\nANTHROPIC_AUTH_TOKEN=x\n"
            "ANTHROPIC_MODEL=qwen3-coder-plus\nANTHROPIC_DEFAULT_HAIKU_MODEL=qwen3-coder-flash\n")
    assert set(summary(targets(text, catalogue))) == {"anthropic-sdk"}
    (t,) = targets(text, catalogue, hints=("claude-code",))
    assert t.client == "claude-code" and [m.value for m in t.models] == ["qwen3-coder-plus", "qwen3-coder-flash"]


def test_prefix_breaks_ties_and_more_variables_win(catalogue) -> None:
    assert set(summary(targets(f"DASHSCOPE_API_KEY={KEY}\n", catalogue))) == {"dashscope-sdk"}
    got = summary(targets(f"DASHSCOPE_API_KEY={KEY}\nDASHSCOPE_API_BASE=https://dashscope.aliyuncs.com/compatible-mode/v1\n",
                          catalogue))
    assert got == {"litellm": ("https://dashscope.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", [])}


def test_both_key_variables_are_kept_with_the_winner_named(catalogue) -> None:
    (t,) = targets("ANTHROPIC_BASE_URL=https://dashscope.aliyuncs.com/apps/anthropic\n"
                   f"ANTHROPIC_AUTH_TOKEN={KEY}\nANTHROPIC_API_KEY=sk-other-0000000000000000\n",
                   catalogue, hints=("claude-code",))
    assert t.key.variable == "ANTHROPIC_AUTH_TOKEN"
    assert [o.variable for o in t.key.overridden] == ["ANTHROPIC_API_KEY"]
    assert isinstance(t.key.overridden[0].value, Secret)
    assert "Claude Code uses ANTHROPIC_AUTH_TOKEN" in t.key.via


def test_home_grown_names_grouped_by_prefix(catalogue, locate) -> None:
    text = ("LLM_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n"
            "LLM_API_KEY=${BAILIAN_API_KEY}\n"
            "LLM_MODEL=qwen-max\n"
            "PORT=8080\n"
            "DATABASE_URL=postgres://localhost/db\n")
    (t,) = targets(text, catalogue)
    assert t.client == "unknown" and t.name == "LLM_* @ .env"
    assert t.base_url.variable == "LLM_BASE_URL" and t.key.variable == "LLM_API_KEY"
    assert t.key_variable == "LLM_API_KEY"
    assert [m.value for m in t.models] == ["qwen-max"]
    assert (t.base_url.loc.line, t.base_url.loc.column) == locate(text, "https://dashscope-intl")


def test_values_anchor_unrelated_names_and_incomplete_groups_merge(catalogue) -> None:
    text = (f"BAILIAN_API_KEY={KEY}\nALIYUN_BAILIAN_API_KEY=sk-a1b2c3d4e5f60718293a4b5c6d7e8f90\n"
            "DASHSCOPE_MODEL=qwen-turbo\nMY_ENDPOINT=https://dashscope.aliyuncs.com/api/v1\n")
    ts = targets(text, catalogue)
    got = sorted((t.key.variable if t.key else None, t.base_url.variable if t.base_url else None,
                  [m.variable for m in t.models]) for t in ts)
    assert got == [("ALIYUN_BAILIAN_API_KEY", None, []),
                   ("BAILIAN_API_KEY", "MY_ENDPOINT", ["DASHSCOPE_MODEL"])]
    assert {t.client for t in ts} == {"unknown"}


def test_claimed_variables_join_the_home_grown_group_of_their_prefix(catalogue) -> None:
    ts = targets(f"DASHSCOPE_API_KEY={KEY}\nDASHSCOPE_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n",
                 catalogue)
    clients = {t.client: t for t in ts}
    assert set(clients) == {"dashscope-sdk", "unknown"}
    assert clients["unknown"].key.variable == "DASHSCOPE_API_KEY"
    assert clients["unknown"].base_url.variable == "DASHSCOPE_BASE_URL"


def test_unrelated_block_gives_nothing(catalogue) -> None:
    assert targets("PORT=8080\nDEBUG=1\nGITHUB_TOKEN=ghp_abc\nDATABASE_URL=postgres://x\n", catalogue) == []


def test_roles() -> None:
    assert role_of("DASHSCOPE_API_KEY", "x") == ("DASHSCOPE", "key")
    assert role_of("LLM_BASE_URL", "x") == ("LLM", "base")
    assert role_of("MODEL_NAME", "qwen") == ("", "model")
    assert role_of("WHATEVER", "https://dashscope.aliyuncs.com/api/v1") == ("", "base")
    assert role_of("NOTE", "hello") is None


def test_generic_ids_are_never_guessed(catalogue) -> None:
    names = {"DASHSCOPE_BASE_URL", "BAILIAN_API_KEY", "LLM_MODEL"}
    chosen = choose_clients(names, list(catalogue.clients()), ())
    assert not [c for c, _ in chosen if c.id in GENERIC_CLIENTS]


def test_block_from_the_environment_is_located_there(catalogue) -> None:
    loc = Location("<environment>")
    block = EnvBlock(None, loc, [Binding("DASHSCOPE_API_KEY", Secret(KEY), loc, "process")])
    (t,) = targets_from_block(block, catalogue, "<environment>")
    assert t.client == "dashscope-sdk" and t.origin == loc and t.name == "dashscope-sdk @ <environment>"
