"""The GitHub Actions reader: env at workflow, job and step level, secrets and vars references."""

from __future__ import annotations

from pathlib import Path

from validator.model import Origin
from validator.sources.actions import READER
from validator.sources.base import Document
from validator.sources.envgroup import targets_from_block

FIXTURES = Path(__file__).parent / "fixtures" / ".github" / "workflows"


def read(name: str):
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    display = f".github/workflows/{name}"
    return READER.read(Document(path, display, text)), text, display


def test_matches_only_workflows() -> None:
    assert READER.matches(Path("/r/.github/workflows/ci.yml"))
    assert READER.matches(Path("/r/.github/workflows/eval.yaml"))
    assert not READER.matches(Path("/r/.github/dependabot.yml"))
    assert not READER.matches(Path("/r/workflows/ci.yml"))


def test_levels_and_precedence(catalogue, locate) -> None:
    result, text, display = read("eval.yml")
    assert not result.problems
    labels = [b.label for b in result.blocks]
    assert labels == ["env", "jobs.eval", "jobs.eval.steps[1] (smoke test)", "jobs.review.steps[0] (qwen review)"]
    step = result.blocks[2]
    targets = targets_from_block(step, catalogue, display)
    openai = next(t for t in targets if t.client == "openai-sdk")
    base = openai.base_url
    assert base.value == "https://dashscope-us.aliyuncs.com/compatible-mode/v1"          # step wins
    assert (base.loc.line, base.loc.column) == locate(text, "https://dashscope-us")
    assert [o.value for o in base.overridden] == [
        "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",                          # job
        "https://dashscope.aliyuncs.com/compatible-mode/v1",                               # workflow
    ]
    assert "step env wins over job env" in base.via
    key = openai.key                                  # ${{ env.DASHSCOPE_API_KEY }} → the workflow secret
    assert key.value is None and key.origin is Origin.VARIABLE
    assert key.variable == "secrets.DASHSCOPE_API_KEY"
    assert "not visible" in key.via
    llm = [m for m in openai.models]
    assert llm and llm[0].variable == "vars.LLM_MODEL"


def test_step_that_runs_qwen_hints_qwen_code(catalogue) -> None:
    result, _, display = read("eval.yml")
    review = result.blocks[3]
    assert "qwen" in review.hints                    # the command word; qwen-code's record names it
    targets = targets_from_block(review, catalogue, display)
    qwen = next(t for t in targets if t.client == "qwen-code")
    assert qwen.base_url.value == "https://coding.dashscope.aliyuncs.com/v1"
    assert qwen.key.variable == "secrets.BAILIAN_CODING_PLAN_API_KEY"
    assert [m.value for m in qwen.models] == ["qwen3-coder-plus"]


def test_broken_workflow_is_a_parse_error() -> None:
    result, _, _ = read("broken.yml")
    (p,) = result.problems
    assert p.rule == "parse-error" and p.loc.line >= 4
