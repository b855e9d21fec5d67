"""Python source reader (ast): SDK clients, calls, values followed through the file, exact columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.model import Origin, Secret
from validator.sources.base import Document
from validator.sources.python_code import READER
from validator.sources.valuekit import is_dynamic

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str):
    path = FIXTURES / name
    return READER.read(Document(path, name, path.read_text(encoding="utf-8")))


def targets(name: str):
    result = read(name)
    assert result.problems == []
    return result.targets


def where(name: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and *character* column of ``needle`` in the fixture."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def at(value) -> tuple[int, int]:
    return value.loc.line, value.loc.column


def find(ts, fragment: str):
    [t] = [t for t in ts if fragment in t.name]
    return t


# ----------------------------------------------------------------------------- the official sample


def test_official_sample_client_and_call_are_one_target() -> None:
    [t] = targets("official_sample.py")
    assert (t.client, t.protocol, str(t.kind)) == ("openai-sdk", "openai", "code")
    assert t.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert at(t.base_url) == where("official_sample.py", '"https://dashscope') == (7, 14)
    assert t.base_url.raw == '"https://dashscope.aliyuncs.com/compatible-mode/v1"'
    assert t.base_url.loc.end_column == 14 + len(t.base_url.raw)
    assert t.key.origin is Origin.VARIABLE and t.key.variable == "DASHSCOPE_API_KEY" and t.key.value is None
    assert t.key.raw == 'os.getenv("DASHSCOPE_API_KEY")' and at(t.key) == (6, 13)
    assert t.key_variable == "DASHSCOPE_API_KEY"
    assert [m.value for m in t.models] == ["qwen-plus"] and at(t.models[0]) == (11, 11)
    assert {k: v.value for k, v in t.parameters.items()} == {
        "enable_thinking": False, "temperature": 0.7, "top_p": 0.8, "n": 2}
    assert t.parameters["enable_thinking"].via == "extra_body"
    assert t.settings["api"].value == "chat.completions"
    assert t.origin.line == 10


# ----------------------------------------------------------------------------- following values


def test_module_constants_and_fstrings_resolve_to_their_definition() -> None:
    ts = targets("follow_values.py")
    chained = find(ts, "follow_values.py:35")          # OAI(base_url=BASE_URL).chat.completions.create(...)
    assert chained.base_url.value == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
    assert at(chained.base_url) == where("follow_values.py", 'f"https://{REGION_HOST}')
    assert chained.base_url.via == "constant expression"


def test_getenv_default_becomes_the_fallback() -> None:
    chained = find(targets("follow_values.py"), "follow_values.py:35")
    model = chained.models[0]
    assert model.origin is Origin.VARIABLE and model.variable == "QWEN_MODEL"
    assert model.fallback.value == "qwen-max" and model.fallback.origin is Origin.LITERAL
    assert at(model.fallback) == where("follow_values.py", '"qwen-max"')


def test_self_attributes_and_parameter_defaults_are_followed() -> None:
    t = find(targets("follow_values.py"), "self.client.chat.completions.create")
    assert t.client == "openai-sdk" and "AsyncOpenAI" in t.name
    assert t.base_url.value.startswith("https://dashscope-intl")
    assert t.key.variable == "QWEN_API_KEY" and t.key.fallback.value == Secret("")
    assert t.models[0].variable == "QWEN_MODEL"        # self.model = model = DEFAULT_MODEL
    assert t.parameters["stream"].value is True


def test_factory_function_and_or_fallback_between_variables() -> None:
    t = find(targets("follow_values.py"), "client.responses.create")
    assert t.settings["api"].value == "responses"
    assert t.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"   # make_client's default
    assert at(t.base_url) == where("follow_values.py", '"https://dashscope.aliyuncs.com/compatible-mode/v1"', 1)
    assert t.key.variable == "BAILIAN_API_KEY"
    assert t.key.fallback.origin is Origin.VARIABLE and t.key.fallback.variable == "DASHSCOPE_API_KEY"


def test_star_star_dict_literal_is_expanded_and_keys_are_secrets() -> None:
    t = find(targets("follow_values.py"), "configured.embeddings.create")
    assert isinstance(t.key.value, Secret) and t.key.value.reveal().startswith("sk-0123")
    assert t.key.origin is Origin.LITERAL and at(t.key) == where("follow_values.py", '"sk-0123')
    assert t.parameters["dimensions"].value == 1024
    assert "input" not in t.parameters


def test_unknown_kwargs_make_base_and_key_dynamic_not_missing() -> None:
    t = find(targets("follow_values.py"), "unknown.batches.create")
    assert is_dynamic(t.base_url) and is_dynamic(t.key)
    assert "dynamic-arguments: **kwargs of unknown shape" in t.notes
    assert [f.value for f in t.features] == ["batch-inference"]


def test_fine_tuning_is_a_feature() -> None:
    t = find(targets("follow_values.py"), "fine_tuning.jobs.create")
    assert [f.value for f in t.features] == ["fine-tuning"]
    assert t.models[0].value == "qwen-turbo"


def test_module_level_openai_client() -> None:
    t = find(targets("follow_values.py"), "openai module")
    assert t.base_url.value.endswith("/compatible-mode/v1/")
    assert t.key.variable == "DASHSCOPE_API_KEY"
    assert t.models[0].value == "qwen-turbo"


# ----------------------------------------------------------------------------- DashScope SDK


def test_dashscope_module_settings_apply_to_every_call() -> None:
    gen, multi, app = targets("dashscope_native.py")
    for t in (gen, multi, app):
        assert (t.client, t.protocol) == ("dashscope-sdk", "dashscope")
        assert t.base_url.value == "https://dashscope-intl.aliyuncs.com/api/v1" and t.base_url.loc.line == 7
    assert gen.models[0].value == "qwen-plus" and at(gen.models[0]) == (11, 5)     # first positional argument
    assert gen.key.variable == "DASHSCOPE_API_KEY" and gen.key.loc.line == 8
    assert gen.parameters["result_format"].value == "message"
    assert gen.parameters["enable_thinking"].value is False
    assert gen.settings["api"].value == "text-generation"
    assert multi.settings["api"].value == "multimodal-generation"


def test_per_call_api_key_wins_over_module_key() -> None:
    _, multi, _ = targets("dashscope_native.py")
    assert isinstance(multi.key.value, Secret) and multi.key.loc.line == 19
    [module_key] = multi.key.overridden
    assert module_key.variable == "DASHSCOPE_API_KEY"


def test_application_call_keeps_app_id_and_workspace() -> None:
    _, _, app = targets("dashscope_native.py")
    assert app.models == []
    assert app.settings["app_id"].value == "{YOUR_APP_ID}"
    assert app.settings["workspace"].value == "ws-0a1b2c3d4e5f6a7b"


# ----------------------------------------------------------------------------- frameworks


def test_langchain_chat_openai_legacy_argument_names() -> None:
    t = find(targets("frameworks.py"), "ChatOpenAI")
    assert t.client == "langchain-openai"
    assert t.base_url.value.endswith("/compatible-mode/v1") and t.base_url.loc.line == 11
    assert t.key.variable == "BAILIAN_API_KEY"
    assert t.models[0].value == "qwen-max"
    assert t.parameters["temperature"].value == 0
    assert t.parameters["stream"].value is True               # streaming=True
    assert t.parameters["enable_search"].value is True        # model_kwargs → extra_body → flattened


def test_chat_tongyi_is_the_native_protocol() -> None:
    t = find(targets("frameworks.py"), "ChatTongyi")
    assert (t.client, t.protocol) == ("langchain-tongyi", "dashscope")
    assert t.base_url is None and t.key.variable == "DASHSCOPE_API_KEY"
    assert t.parameters["top_p"].value == 0.5


def test_litellm_positional_model_and_route() -> None:
    ts = targets("frameworks.py")
    dash = find(ts, "frameworks.py:19")
    assert dash.client == "litellm" and dash.settings["route"].value == "dashscope"
    model = dash.models[0]
    line, col = where("frameworks.py", '"dashscope/qwen-turbo"')
    assert (model.value, model.raw, at(model)) == ("qwen-turbo", "qwen-turbo", (line, col + 1 + len("dashscope/")))
    assert dash.parameters["temperature"].value == 1.2
    other = find(ts, "frameworks.py:21")
    assert other.client == "litellm-openai" and other.models[0].value == "qwen-plus"


def test_anthropic_auth_token_and_thinking() -> None:
    t = find(targets("frameworks.py"), "Anthropic")
    assert (t.client, t.protocol) == ("anthropic-sdk", "anthropic")
    assert t.base_url.value.endswith("/apps/anthropic/v1")
    assert t.settings["auth"].value == "bearer"
    assert t.parameters["thinking"].value == {"type": "enabled", "budget_tokens": 2048}
    assert t.parameters["max_tokens"].value == 1024


# ----------------------------------------------------------------------------- awkward input


def test_columns_are_characters_not_utf8_bytes() -> None:
    [t] = targets("unicode_columns.py")
    assert at(t.base_url) == where("unicode_columns.py", '"https://dashscope-intl') == (4, 40)
    assert t.base_url.loc.end_column - t.base_url.loc.column == len(t.base_url.raw)
    assert at(t.key) == where("unicode_columns.py", '"sk-0123')
    text = (FIXTURES / "unicode_columns.py").read_text(encoding="utf-8").split("\n")[3]
    assert text[t.base_url.loc.column - 1:t.base_url.loc.end_column - 1] == t.base_url.raw


def test_call_on_a_client_built_elsewhere_keeps_model_and_parameters() -> None:
    [t] = targets("orphan_call.py")
    assert t.models[0].value == "qwen-plsu" and t.parameters["temperature"].value == 2.5
    assert is_dynamic(t.base_url) and is_dynamic(t.key)
    assert any(n.startswith("client-elsewhere:") for n in t.notes)


def test_syntax_error_is_a_parse_error_with_position() -> None:
    result = read("broken.py")
    [p] = result.problems
    assert p.rule == "parse-error" and (p.loc.line, p.loc.column) == (3, 16)
    assert result.targets == []


@pytest.mark.parametrize("text", [
    "x = (" * 300 + ")" * 300,                     # deep nesting
    "OpenAI(**{1: 2})",
    "from openai import OpenAI\nc = OpenAI(base_url=os.getenv())\nc.chat.completions.create(model=M)",
    "a = b\nb = a\nfrom openai import OpenAI\nOpenAI(base_url=a)",    # a cycle of names
    "import openai\nopenai.chat.completions.create(**x)",
    "\x00",
])
def test_bad_or_odd_input_never_raises(text: str) -> None:
    result = READER.read(Document(Path("/x/a.py"), "a.py", text))
    assert all(p.rule == "parse-error" for p in result.problems)


def test_secret_never_in_repr() -> None:
    t = find(targets("follow_values.py"), "configured.embeddings.create")
    assert "0123456789abcdef0123" not in repr(t.key.value) and "0123456789abcdef0123" not in str(t.key.value)


def test_relevant_and_matches() -> None:
    assert READER.matches(Path("app.py")) and not READER.matches(Path("app.pyc"))
    assert READER.relevant("from openai import OpenAI")
    assert not READER.relevant("import numpy as np\nprint(np.zeros(3))")


def test_longer_api_paths_are_matched_before_their_tails() -> None:
    """The reader takes the first path that ends a call chain: ``beta.chat.completions.parse``
    must be tried before ``chat.completions.parse``, or the receiver would be ``client.beta``."""
    from validator.sources.pyast import _API_PATHS

    paths = [p for p, _, _ in _API_PATHS]
    for i, later in enumerate(paths):
        for earlier in paths[:i]:
            assert not (len(earlier) < len(later) and later[-len(earlier):] == earlier), (earlier, later)


def test_dashscope_client_builds_the_workspace_host_from_workspace_and_region() -> None:
    """N6 of the catalogue audit: ``dashscope.Client(api_key=…, workspace=…, region=…)`` (SDK 2.0)."""
    call, plain = targets("dashscope_client_v2.py")
    assert (call.client, call.protocol) == ("dashscope-sdk", "dashscope")
    assert call.base_url.value == "https://ws-abc123.ap-southeast-1.maas.aliyuncs.com/api/v1"
    assert at(call.base_url) == where("dashscope_client_v2.py", '"ap-southeast-1"')
    assert call.key_variable == "DASHSCOPE_API_KEY"
    assert [m.value for m in call.models] == ["qwen-plus"]
    assert call.settings["workspace"].value == "ws-abc123"
    # without workspace and region the SDK's default host applies: no base URL is invented
    assert plain.base_url is None and plain.client == "dashscope-sdk"
