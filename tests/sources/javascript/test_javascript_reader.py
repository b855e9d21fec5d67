"""JS/TS lexical reader: OpenAI / Anthropic / LangChain.js / Vercel AI SDK clients with exact spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.model import Origin, Secret
from validator.sources.base import Document
from validator.sources.javascript import READER
from validator.sources.jslex import tokenize

FIXTURES = Path(__file__).parent / "fixtures"


def targets(name: str):
    path = FIXTURES / name
    result = READER.read(Document(path, name, path.read_text(encoding="utf-8")))
    assert result.problems == []
    return result.targets


def where(name: str, needle: str) -> tuple[int, int]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def at(v) -> tuple[int, int]:
    return v.loc.line, v.loc.column


def test_lexer_skips_comments_regexes_and_template_expressions() -> None:
    toks = tokenize('a = /"x\'/g; // "c"\n/* "d" */ b = `t ${ {k: "e"}.k } "f"`; c = "g"')
    strings = [t.value for t in toks if t.kind == "str"]
    assert strings == ["g"]
    [tpl] = [t for t in toks if t.kind == "tpl"]
    assert tpl.value is None                              # has ${…}: not a constant


def test_openai_node_client_and_call() -> None:
    ts = targets("sdk_clients.ts")
    t = next(t for t in ts if t.client == "openai-sdk")
    assert t.settings["api"].value == "chat.completions"
    # process.env.OPENAI_BASE_URL ?? BASE: variable with the constant as fallback
    assert t.base_url.origin is Origin.VARIABLE and t.base_url.variable == "OPENAI_BASE_URL"
    assert t.base_url.fallback.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert at(t.base_url.fallback) == where("sdk_clients.ts", '"https://dashscope.aliyuncs.com')
    assert t.key.variable == "DASHSCOPE_API_KEY"                      # the TS non-null "!" is ignored
    assert at(t.key) == where("sdk_clients.ts", "process.env.DASHSCOPE_API_KEY!")
    assert t.key.raw == "process.env.DASHSCOPE_API_KEY"
    assert [m.value for m in t.models] == ["qwen-plus"]
    assert at(t.models[0]) == where("sdk_clients.ts", '"qwen-plus"')
    assert t.parameters["temperature"].value == 0.7
    assert t.parameters["enable_thinking"].value is False


def test_anthropic_with_destructured_env() -> None:
    t = next(t for t in targets("sdk_clients.ts") if t.client == "anthropic-sdk")
    assert t.base_url.value.endswith("/apps/anthropic/v1") and t.base_url.raw.startswith("'")
    assert t.key.variable == "DASHSCOPE_API_KEY" and t.key.via == "destructured from the environment"


def test_vercel_providers_models_and_api() -> None:
    ts = targets("sdk_clients.ts")
    compat = [t for t in ts if t.client == "vercel-ai-openai-compatible"]
    assert [(t.models[0].value, t.settings["api"].value) for t in compat] == [("qwen3-max", "chat.completions")]
    assert compat[0].key.variable == "VITE_QWEN_API_KEY"
    assert compat[0].settings["provider"].value == "qwen"
    oa = [t for t in ts if t.client == "vercel-ai-openai"]
    assert [(t.models[0].value, t.settings["api"].value) for t in oa] == [
        ("qwen-plus", "responses"), ("qwen-turbo", "chat.completions")]
    assert isinstance(oa[0].key.value, Secret)
    assert oa[0].base_url.raw.startswith("`")                 # a template literal without ${} is a constant


def test_commonjs_config_object_and_or_fallback() -> None:
    ts = targets("commonjs.js")
    sdk = next(t for t in ts if t.client == "openai-sdk")
    assert sdk.key.variable == "DASHSCOPE_API_KEY" and sdk.key.raw == 'process.env["DASHSCOPE_API_KEY"]'
    assert sdk.base_url.variable == "DASHSCOPE_BASE_URL"
    assert sdk.base_url.fallback.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert sdk.models[0].value == "qwen-max" and sdk.models[0].raw == "'qwen-max'"
    assert sdk.parameters["n"].value == 3 and sdk.parameters["stream"].value is True


def test_langchain_js_configuration_base_url() -> None:
    lc = next(t for t in targets("commonjs.js") if t.client == "langchain-openai")
    assert lc.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert lc.base_url.loc.line == where("commonjs.js", "configuration:")[0]
    assert lc.key.variable == "BAILIAN_API_KEY"
    assert lc.models[0].value == "qwen-plus" and lc.parameters["temperature"].value == 0.3


def test_jsx_apostrophe_does_not_break_the_reader() -> None:
    [t] = targets("Chat.tsx")
    assert t.key.variable == "VITE_QWEN_API_KEY"
    assert t.base_url.value.endswith("/chat/completions")
    assert at(t.base_url) == where("Chat.tsx", '"https://')


@pytest.mark.parametrize("text", ["new OpenAI(", "new OpenAI({ baseURL: ", "`unterminated ${", "/*", "'",
                                  "new OpenAI({...opts, baseURL})", "x(" * 2000])
def test_odd_input_never_raises(text: str) -> None:
    result = READER.read(Document(Path("/x/a.ts"), "a.ts", text))
    assert result.problems == []


def test_spread_options_make_unknown_fields_dynamic() -> None:
    [t] = READER.read(Document(Path("/x/a.ts"), "a.ts", "const c = new OpenAI({...opts, model: 'x'})")).targets
    assert t.base_url.via.startswith("dynamic") and t.key.via.startswith("dynamic")


def test_matches_and_relevant() -> None:
    assert READER.matches(Path("src/client.ts")) and READER.matches(Path("app.mjs"))
    assert not READER.matches(Path("types/openai.d.ts")) and not READER.matches(Path("dist/app.min.js"))
    assert READER.relevant("import OpenAI from 'openai'")
    assert not READER.relevant("export const add = (a, b) => a + b;")
