"""Agent frameworks and wrappers, in the real pipeline (walk → read → link → rules).

``fixtures/clean`` holds each framework's documentation example pointed at Model Studio;
``fixtures/broken`` is the same files with one mistake each; ``fixtures/half`` is a
half-written config. Each pattern must give a target with the right client, protocol and key
variable, and each mistake its finding on the line where it is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from readerkit import position

from validator.engine import Options, check

FIXTURES = Path(__file__).parent / "fixtures"

# file -> [(client, protocol, models)] in file order; every key comes from DASHSCOPE_API_KEY
CLEAN = {
    "qwen_agent_app.py": [("qwen-agent", "dashscope", ["qwen-max-latest"]),
                          ("qwen-agent-openai", "openai", ["qwen-plus"])],
    "agentscope_app.py": [("agentscope-dashscope", "dashscope", ["qwen-max"]),
                          ("agentscope-openai", "openai", ["qwen-plus"])],
    "model_configs.json": [("agentscope-dashscope", "dashscope", ["qwen-max"]),
                           ("agentscope-openai", "openai", ["qwen-plus"])],
    "llamaindex_app.py": [("dashscope-sdk", "dashscope", ["qwen-max"]), ("unknown", "openai", ["qwen-plus"])],
    "OAI_CONFIG_LIST": [("autogen", "openai", ["qwen-plus"])],
    "autogen_app.py": [("autogen", "openai", ["qwen-plus"]), ("autogen", "openai", ["qwen-max"])],
    "crewai_app.py": [("litellm-openai", "openai", ["qwen-plus"])],
    "pydantic_ai_app.py": [("openai-sdk", "openai", ["qwen-plus"])],
    "langchain_app.py": [("langchain-openai", "openai", ["qwen-plus"]), ("langchain-openai", "openai", ["qwen-max"])],
    "run_claude.py": [("claude-code", "anthropic", ["qwen3-coder-plus"])],
    "vercel_app.ts": [("vercel-ai-openai", "openai", ["qwen-plus"]), ("openai-sdk", "openai", ["qwen-max"])],
    "launch_claude.mjs": [("claude-code", "anthropic", ["qwen3-coder-plus"])],
}
LAUNCHERS = ("run_claude.py", "launch_claude.mjs")   # the key is ANTHROPIC_AUTH_TOKEN=${DASHSCOPE_API_KEY}

# file -> (rule, the text the finding points at)
BROKEN = {
    "qwen_agent_app.py": ("protocol-mismatch", "'https://dashscope.aliyuncs.com/api/v1'"),
    "agentscope_app.py": ("malformed-base-url", '"https://dashscope.aliyuncs.com/compatible-mode/v1/chat'),
    "model_configs.json": ("malformed-base-url", '"https://dashscope.aliyuncs.com/compatible-mode"'),
    "llamaindex_app.py": ("unknown-model", '"qwen-maxx"'),
    "OAI_CONFIG_LIST": ("unknown-host", '"https://dashscope.aliyunc.com'),
    "autogen_app.py": ("malformed-base-url", '"https://dashscope.aliyuncs.com/compatible-mode/v1/chat'),
    "crewai_app.py": ("unknown-model", "qwen-pluss"),
    "pydantic_ai_app.py": ("protocol-mismatch", "'https://dashscope.aliyuncs.com/api/v1'"),
    "langchain_app.py": ("protocol-mismatch", '"https://dashscope.aliyuncs.com/apps/anthropic"'),
    "run_claude.py": ("malformed-base-url", '"https://dashscope.aliyuncs.com/apps/anthropic/v1"'),
    "vercel_app.ts": ("unknown-host", '"https://dashscope-intl.aliyun.com'),
    "launch_claude.mjs": ("malformed-base-url", '"https://dashscope.aliyuncs.com/apps/anthropic/v1"'),
}


@pytest.fixture(scope="module")
def clean():
    return check([str(FIXTURES / "clean")], Options())


@pytest.fixture(scope="module")
def broken():
    return check([str(FIXTURES / "broken")], Options())


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_each_pattern_is_a_target_with_client_protocol_and_key_variable(clean, name: str) -> None:
    got = [t for t in clean.targets if Path(t.origin.path).name == name]
    assert [(t.client, t.protocol, [m.value for m in t.models]) for t in got] == CLEAN[name]
    for t in got:
        assert t.key_variable == ("ANTHROPIC_AUTH_TOKEN" if name in LAUNCHERS else "DASHSCOPE_API_KEY"), t.name
        assert t.base_url is not None and "aliyuncs.com" in t.base_url.value


def test_the_clean_examples_have_no_error_or_warning(clean) -> None:
    assert [(f.rule, f.loc.path) for f in clean.findings if f.severity.name in ("ERROR", "WARNING")] == []


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_mistake_is_reported_where_it_is_written(broken, name: str) -> None:
    rule, needle = BROKEN[name]
    text = (FIXTURES / "broken" / name).read_text(encoding="utf-8")
    line, _column = position(text, needle)
    hits = [f for f in broken.findings if Path(f.loc.path).name == name and f.rule == rule]
    assert hits and hits[0].loc.line == line, [(f.rule, f.loc.line) for f in broken.findings
                                                if Path(f.loc.path).name == name]


@pytest.mark.parametrize("name", LAUNCHERS)
def test_a_launch_script_hints_claude_code(clean, name: str) -> None:
    """Claude Code is interactive: its variables make its target only because the script runs it."""
    (t,) = [t for t in clean.targets if Path(t.origin.path).name == name]
    assert t.usage is not None and t.usage.value == "interactive"
    assert t.key is not None and t.key_variable == "ANTHROPIC_AUTH_TOKEN"


def test_js_environment_writes_are_bindings_the_sdk_sees(tmp_path: Path) -> None:
    (tmp_path / "env.ts").write_text('import OpenAI from "openai";\n'
                                     'process.env.OPENAI_BASE_URL = "https://dashscope.aliyuncs.com/api/v1"\n'
                                     'process.env.OPENAI_API_KEY = process.env.DASHSCOPE_API_KEY\n'
                                     'const client = new OpenAI();\n')
    report = check([str(tmp_path)], Options())
    code = [t for t in report.targets if t.kind.value == "code"]
    assert code and code[0].base_url.value == "https://dashscope.aliyuncs.com/api/v1"
    assert [f.loc.line for f in report.findings if f.rule == "protocol-mismatch"] == [2]


def test_an_env_dict_without_a_launcher_is_not_claude_code(tmp_path: Path) -> None:
    (tmp_path / "cfg.py").write_text('ENV = {"ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic",\n'
                                     '       "ANTHROPIC_AUTH_TOKEN": "${DASHSCOPE_API_KEY}"}\n')
    clients = {t.client for t in check([str(tmp_path)], Options()).targets}
    assert "claude-code" not in clients and "anthropic-sdk" in clients


def test_half_written_configs_list_what_could_not_be_resolved() -> None:
    report = check([str(FIXTURES / "half")], Options())
    native, oai = report.targets
    assert native.client == "qwen-agent" and "unresolved: key, model" in native.notes
    assert oai.client == "qwen-agent-openai" and "unresolved: base_url" in oai.notes
    assert [m.value for m in oai.models] == ["qwen-plus"]
    assert [f.rule for f in report.findings if f.severity.name in ("ERROR", "WARNING")] == []


def test_environment_writes_in_code_are_bindings_other_clients_see(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        'import os\nfrom openai import OpenAI\n'
        'os.environ["OPENAI_BASE_URL"] = "https://dashscope.aliyuncs.com/api/v1"\n'
        'os.environ.setdefault("OPENAI_API_KEY", os.environ["DASHSCOPE_API_KEY"])\n'
        'client = OpenAI()\nclient.chat.completions.create(model="qwen-plus", messages=[])\n')
    report = check([str(tmp_path)], Options())
    sdk = [t for t in report.targets if t.client == "openai-sdk" and t.kind.value == "code"]
    assert sdk and sdk[0].base_url.value == "https://dashscope.aliyuncs.com/api/v1"
    (f,) = [f for f in report.findings if f.rule == "protocol-mismatch"]
    assert (f.loc.path.endswith("app.py"), f.loc.line) == (True, 3)


def test_a_table_of_variable_names_is_not_an_environment(tmp_path: Path) -> None:
    """A tool's own source maps names to names; that configures nothing (msv's Claude Code reader has one)."""
    (tmp_path / "names.py").write_text('RENAMES = {"ANTHROPIC_API_BASE": "ANTHROPIC_BASE_URL", "ANTHROPIC_URL": "ANTHROPIC_BASE_URL"}\n'
                                       'import os\nos.environ["OPENAI_MODEL"] = "qwen-plus"\n')
    (tmp_path / "names.ts").write_text('const RENAMES = { ANTHROPIC_API_BASE: "ANTHROPIC_BASE_URL" };\n')
    report = check([str(tmp_path)], Options())
    assert report.targets == [] and report.findings == []


def test_a_local_model_server_placeholder_key_is_not_a_model_studio_mistake(tmp_path: Path) -> None:
    """Qwen-Agent's own docs: a vLLM server with ``api_key: 'EMPTY'``; the same key on Model Studio is wrong."""
    local = "llm_cfg = {'model': 'Qwen3-8B', 'model_server': '%s', 'api_key': 'EMPTY'}\n"
    (tmp_path / "local.py").write_text(local % "http://localhost:8000/v1")
    assert [f.rule for f in check([str(tmp_path)], Options()).findings] == []
    (tmp_path / "local.py").write_text(local % "https://dashscope.aliyuncs.com/compatible-mode/v1")
    assert "malformed-key" in {f.rule for f in check([str(tmp_path)], Options()).findings}
