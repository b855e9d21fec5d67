"""A key that never reaches a Model Studio client while another variable holds one: missing-key
naming both variables (environment-only clients, and code reading a variable nothing defines)."""

from __future__ import annotations

from pathlib import Path

from validator.engine import Options, check

KEY = "sk-" + "0123456789abcdef" * 2
BASE = "https://dashscope.aliyuncs.com/compatible-mode/v1"


def missing(tree: Path) -> list:
    return [f for f in check([str(tree)], Options()).findings if f.rule == "missing-key"]


def test_env_only_openai_client_with_the_key_in_dashscope_api_key(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"OPENAI_BASE_URL={BASE}\nOPENAI_MODEL=qwen-plus\nDASHSCOPE_API_KEY={KEY}\n")
    (f,) = missing(tmp_path)
    assert "`DASHSCOPE_API_KEY`" in f.message and "`OPENAI_API_KEY`" in f.message
    assert f.loc.path.endswith(".env") and f.loc.line == 3


def test_no_finding_when_the_client_gets_its_own_key(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"OPENAI_BASE_URL={BASE}\nOPENAI_API_KEY={KEY}\nDASHSCOPE_API_KEY={KEY}\n")
    assert missing(tmp_path) == []


def test_no_finding_when_code_passes_that_variable_itself(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"OPENAI_BASE_URL={BASE}\nDASHSCOPE_API_KEY={KEY}\n")
    (tmp_path / "app.py").write_text('import os\nfrom openai import OpenAI\n'
                                     'c = OpenAI(api_key=os.getenv("DASHSCOPE_API_KEY"), '
                                     'base_url=os.getenv("OPENAI_BASE_URL"))\n')
    assert missing(tmp_path) == []


def test_code_reading_an_undefined_variable_names_both(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"DASHSCOPE_API_KEY={KEY}\n")
    (tmp_path / "app.py").write_text(f'import os\nfrom openai import OpenAI\n'
                                     f'c = OpenAI(api_key=os.getenv("QWEN_KEY"), base_url="{BASE}")\n')
    (f,) = missing(tmp_path)
    assert "`QWEN_KEY`" in f.message and "`DASHSCOPE_API_KEY`" in f.message
    assert f.loc.path.endswith("app.py") and f.loc.line == 3


def test_a_template_key_or_a_defined_variable_is_not_reported(tmp_path: Path) -> None:
    (tmp_path / ".env.example").write_text(f"DASHSCOPE_API_KEY={KEY}\n")
    (tmp_path / "app.py").write_text(f'import os\nfrom openai import OpenAI\n'
                                     f'c = OpenAI(api_key=os.getenv("QWEN_KEY"), base_url="{BASE}")\n')
    assert missing(tmp_path) == []
    (tmp_path / ".env").write_text(f"QWEN_KEY={KEY}\nDASHSCOPE_API_KEY={KEY}\n")
    assert missing(tmp_path) == []
