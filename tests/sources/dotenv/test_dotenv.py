"""The dotenv reader: python-dotenv's grammar, exact positions, secrets, templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.model import Secret, TargetKind
from validator.sources.base import Document
from validator.sources.dotenv import READER, is_dotenv_name, parse
from validator.sources.envgroup import targets_from_block

FIXTURES = Path(__file__).parent / "fixtures"


def read(rel: str):
    path = FIXTURES / rel
    text = path.read_text(encoding="utf-8")
    return READER.read(Document(path, rel, text)), text


def by_name(result):
    return {b.name: b for b in result.bindings}


def test_file_names() -> None:
    for name in (".env", ".env.local", ".env.production", ".env.example", "webapp.env", "openai-key.env"):
        assert is_dotenv_name(Path("/p") / name), name
    for name in (".env.js", ".env.d.ts", ".envrc", "env", "environment.yml", ".env.json", "settings.env.py"):
        assert not is_dotenv_name(Path("/p") / name), name
    assert READER.matches(Path("/home/u/.qwen/.env"))


def test_values_quotes_export_comments_and_positions(locate) -> None:
    result, text = read("app/.env")
    b = by_name(result)
    key = b["DASHSCOPE_API_KEY"]
    assert isinstance(key.value, Secret)
    assert key.value.reveal() == "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert key.raw == '"sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"'          # quotes kept for fixes
    assert (key.loc.line, key.loc.column) == locate(text, '"sk-0f1e')
    assert key.loc.end_column - key.loc.column == len(key.raw)
    assert key.scope == "dotenv"

    base = b["DASHSCOPE_BASE_URL"]                                        # spaces around '=', inline comment
    assert base.value == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
    assert (base.loc.line, base.loc.column) == locate(text, "https://dashscope-intl")

    sq = b["OPENAI_BASE_URL"]                                             # '#' inside single quotes is data
    assert sq.value.endswith("/v1#not-a-comment")
    assert b["SYSTEM_PROMPT"].value == "You are helpful.\nAnswer briefly."  # multi-line double quotes
    assert b["SYSTEM_PROMPT"].loc.end_line == b["SYSTEM_PROMPT"].loc.line + 1
    assert b["EMPTY_KEY"].value == Secret("")                             # key-named: a Secret even when empty
    assert b["JUST_A_NAME"].value is None                                 # a bare name: python-dotenv gives None


def test_interpolation_and_references() -> None:
    result, _ = read("app/.env")
    b = by_name(result)
    ref = b["OPENAI_API_KEY"]
    assert ref.reference == "DASHSCOPE_API_KEY"
    assert isinstance(ref.value, Secret) and ref.value.reveal().startswith("sk-0f1e")   # expanded in-file
    assert b["FALLBACK_URL"].value == "https://dashscope.aliyuncs.com/api/v1"            # ${X:-default}
    assert b["FALLBACK_URL"].reference is None                                           # not a whole-value ref


def test_unterminated_quote_is_a_parse_error_and_the_rest_is_read(locate) -> None:
    result, text = read("app/.env")
    assert len(result.problems) == 1
    p = result.problems[0]
    assert p.rule == "parse-error"
    assert "unterminated double quote" in p.message
    assert (p.loc.line, p.loc.column) == locate(text, "BROKEN")
    # the line after the broken one is still read, and a later definition of a name is kept too
    models = [x for x in result.bindings if x.name == "LLM_MODEL"]
    assert [m.value for m in models] == ["qwen-plus", "qwen-max"]


def test_later_definition_wins_in_the_target(catalogue) -> None:
    text = ("OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"
            "OPENAI_API_KEY=sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0\n"
            "OPENAI_MODEL=qwen-plus\n"
            "OPENAI_MODEL=qwen-max\n")
    result = READER.read(Document(Path("/x/.env"), ".env", text))
    (block,) = result.blocks
    (openai,) = targets_from_block(block, catalogue, ".env")
    assert openai.client == "openai-sdk"
    assert [m.value for m in openai.models] == ["qwen-max"]
    assert openai.models[0].loc.line == 4
    assert [(o.value, o.loc.line) for o in openai.models[0].overridden] == [("qwen-plus", 3)]
    assert "last definition wins" in (openai.models[0].via or "")


def test_template_bindings_have_their_own_scope() -> None:
    result, _ = read("app/.env.example")
    assert {b.scope for b in result.bindings} == {"template"}
    assert by_name(result)["DASHSCOPE_API_KEY"].value == Secret("")


def test_crlf_line_endings() -> None:
    result, _ = read("app/crlf.env")
    b = by_name(result)
    assert b["DASHSCOPE_API_KEY"].value.reveal() == "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert b["DASHSCOPE_HTTP_BASE_URL"].value == "https://dashscope-intl.aliyuncs.com/api/v1"
    assert b["DASHSCOPE_HTTP_BASE_URL"].loc.line == 2


def test_qwen_env_hints_qwen_code(catalogue) -> None:
    result, _ = read(".qwen/.env")
    (block,) = result.blocks
    assert block.hints == ("qwen-code",)
    (target,) = targets_from_block(block, catalogue, ".qwen/.env")
    assert target.client == "qwen-code"
    assert target.kind is TargetKind.CONFIG
    assert target.base_url.value == "https://coding.dashscope.aliyuncs.com/v1"
    assert target.key.value.reveal().startswith("sk-sp-")
    assert [m.value for m in target.models] == ["qwen3-coder-plus"]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "=\n", "'\n", '"\n', "export\n", "\x00\x01"])
def test_degenerate_input_never_raises(text: str) -> None:
    entries, errors = parse(text)
    assert isinstance(entries, list) and isinstance(errors, list)
    READER.read(Document(Path("/x/.env"), ".env", text))


def test_unparseable_line_is_reported_with_its_line() -> None:
    result = READER.read(Document(Path("/x/.env"), ".env", "A=1\n'unclosed key=2\nB=3\n"))
    assert [b.name for b in result.bindings] == ["A", "B"]
    assert [p.loc.line for p in result.problems] == [2]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["export ", "KEY", "DASHSCOPE_API_KEY", "=", " = ", '"', "'", "#", " # c", "\n", "\r\n",
                           "${A}", "${B:-x}", "\\", "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0", " ", "\t", "é", "\x00"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_fuzz_never_raises_and_locations_are_inside_the_file(text: str) -> None:
    result = READER.read(Document(Path("/x/.env"), ".env", text))
    lines = text.count("\n") + 1
    for b in result.bindings:
        assert 1 <= b.loc.line <= lines and b.loc.column >= 1
    for p in result.problems:
        assert p.rule == "parse-error" and 1 <= p.loc.line <= lines
