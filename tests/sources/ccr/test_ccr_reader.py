"""claude-code-router reader: Providers[], full URLs, $VAR keys, Router "provider,model"."""

from __future__ import annotations

from pathlib import Path

from validator.model import Origin, Secret
from validator.sources.base import Document
from validator.sources.ccr import READER
from validator.sources.registry import by_name
from validator.sources.confkit import note_value

FIXTURES = Path(__file__).parent / "fixtures"
CONFIG = ".claude-code-router/config.json"


def matches(path: Path) -> bool:
    """What the walk decides: the client record's file patterns."""
    return by_name(READER.name).matches(path)


def read():
    path = FIXTURES / CONFIG
    return READER.read(Document(path, CONFIG, path.read_text(encoding="utf-8")))


def where(needle: str) -> tuple[int, int]:
    text = (FIXTURES / CONFIG).read_text(encoding="utf-8")
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def test_matches() -> None:
    assert matches(Path("/home/u/.claude-code-router/config.json"))
    assert not matches(Path("/home/u/.claude/config.json"))


def test_one_target_per_provider_with_full_url() -> None:
    result = read()
    assert result.problems == []
    dash, intl = result.targets
    assert dash.client == intl.client == "claude-code-router"
    assert dash.base_url.value.endswith("/compatible-mode/v1/chat/completions")
    assert (dash.base_url.loc.line, dash.base_url.loc.column) == where('"https://dashscope.aliyuncs.com')
    assert dash.key.origin is Origin.VARIABLE and dash.key.variable == "DASHSCOPE_API_KEY"
    assert isinstance(intl.key.value, Secret)
    assert [m.value for m in dash.models] == ["qwen3-coder-plus", "qwen3-max"]
    assert dash.settings["transformer"].value == {"use": ["openrouter"]}


def test_router_entries_point_at_their_provider() -> None:
    dash, intl = read().targets
    default = dash.settings["router.default"]
    assert default.value == "qwen3-coder-plus"
    line, col = where('"dashscope,qwen3-coder-plus"')
    assert (default.loc.line, default.loc.column) == (line, col + 1 + len("dashscope,"))
    assert [m.value for m in dash.models] == ["qwen3-coder-plus", "qwen3-max"]       # listed: not duplicated
    # a router model the provider does not list is added and noted
    assert "qwen-turbo" in [m.value for m in intl.models]
    assert "model-not-listed: intl,qwen-turbo" in intl.notes
    # a router entry naming an unknown provider is noted on the first target
    assert "unknown-provider: Router.think" in dash.notes
    assert note_value(dash, "unknown-provider: Router.think").loc.line == where('"deepseek,')[0]
