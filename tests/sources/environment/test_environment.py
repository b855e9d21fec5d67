"""The process environment: only relevant variables, keys as secrets, located at <environment>."""

from __future__ import annotations

from validator.model import ENVIRONMENT, Secret
from validator.sources.environment import read_environment

KEY = "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def test_only_relevant_variables_are_taken() -> None:
    env = {"PATH": "/usr/bin", "HOME": "/root", "GITHUB_TOKEN": "ghp_x", "DASHSCOPE_API_KEY": KEY,
           "OPENAI_BASE_URL": "https://dashscope.aliyuncs.com/compatible-mode/v1", "MY_LLM": "https://dashscope-intl.aliyuncs.com",
           "SOMETHING": "sk-a1b2c3d4e5f60718293a4b5c6d7e8f90", "SPRING_AI_DASHSCOPE_API_KEY": KEY, "CUSTOM": "x"}
    result = read_environment(env, names={"CUSTOM"})
    names = [b.name for b in result.bindings]
    assert names == ["CUSTOM", "DASHSCOPE_API_KEY", "MY_LLM", "OPENAI_BASE_URL", "SOMETHING",
                     "SPRING_AI_DASHSCOPE_API_KEY"]
    b = {x.name: x for x in result.bindings}
    assert b["DASHSCOPE_API_KEY"].value == Secret(KEY) and b["SOMETHING"].value == Secret(
        "sk-a1b2c3d4e5f60718293a4b5c6d7e8f90")
    assert all(x.scope == "process" and x.loc.path == ENVIRONMENT for x in result.bindings)
    (block,) = result.blocks
    assert [x.name for x in block.bindings] == names


def test_empty_environment() -> None:
    result = read_environment({})
    assert not result.bindings and not result.blocks
