"""Issue 14: every finding is one a Model Studio expert would make, and no mistake hides behind a
sibling file. One realistic fixture per pattern: the false finding is gone *and* the true finding
in the same fixture is still reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from validator.api import run_check
from validator.cli import main
from validator.model import Binding, Location, Origin, Target, Value
from validator.rules import all_rules

PAYG = "sk-4f1e2d3c4b5a69788796a5b4c3d2e1f0"
PLAN = "sk-sp-" + "7Hq2Lm9Xv4Rt8Nw3Kp6Zb1Yc"
SG = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
TYPO = "https://dashscope.aliyun.com/compatible-mode/v1"


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8"))
    return root


def check(root: Path, *paths: str, **kw):
    targets = [str(root / p) for p in paths] if paths else [str(root)]
    return run_check(targets, isolated=True, **kw).findings


def at(findings, rule: str, name: str, line: int | None = None):
    return [f for f in findings if f.rule == rule and Path(f.loc.path).name == name
            and (line is None or f.loc.line == line)]


def msv(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, _err = capsys.readouterr()
    return int(exit_.value.code or 0), out


# --------------------------------------------------------------------------- 1. siblings

SIBLINGS = [
    # (good file, broken file): a shell script does not source its siblings; python-dotenv loads
    # only `.env`, so `.env.production` and `prod.env` are configurations of their own
    ("a-dev.sh", "b-prod.sh"), ("b-dev.sh", "a-prod.sh"),
    (".env", ".env.production"), (".env.production", ".env"),
    (".env", "prod.env"), ("prod.env", ".env"),
    (".env.production", "prod.env"), ("prod.env", ".env.production"),
]


def _line(name: str, url: str) -> str:
    return f"export OPENAI_BASE_URL={url}\n" if name.endswith(".sh") else f"OPENAI_BASE_URL={url}\n"


@pytest.mark.parametrize("good, broken", SIBLINGS, ids=[f"{g}+{b}" for g, b in SIBLINGS])
def test_a_broken_sibling_is_reported_whichever_way_names_sort(tmp_path: Path, good: str, broken: str) -> None:
    root = tree(tmp_path, {good: _line(good, SG), broken: _line(broken, TYPO)})
    findings = check(root)
    assert at(findings, "unknown-host", broken, 1), [(str(f.loc), f.rule) for f in findings]
    assert not at(findings, "unknown-host", good)
    # and its own target resolves to its own value, not the sibling's
    findings = check(root, broken)
    assert at(findings, "unknown-host", broken, 1)


def test_three_env_files_each_report_their_own_mistake(tmp_path: Path) -> None:
    root = tree(tmp_path, {".env": _line(".env", SG), ".env.production": _line(".env.production", TYPO),
                           "prod.env": "OPENAI_BASE_URL=https://dashscope-intl.aliyun.com/compatible-mode/v1\n"})
    findings = check(root)
    assert at(findings, "unknown-host", ".env.production", 1) and at(findings, "unknown-host", "prod.env", 1)
    assert not at(findings, "unknown-host", ".env")


@pytest.mark.parametrize("order", [("setup.ps1", "setup.cmd"), ("setup.cmd", "setup.ps1")])
def test_powershell_and_cmd_launchers_are_separate(tmp_path: Path, order: tuple[str, str]) -> None:
    root = tree(tmp_path, {
        "setup.ps1": f'$env:OPENAI_BASE_URL = "{TYPO}"\n$env:OPENAI_API_KEY = "{PAYG}"\n',
        "setup.cmd": f"set OPENAI_BASE_URL={SG}\r\nset OPENAI_API_KEY=%OPENAI_API_KEY%\r\n",
    })
    findings = check(root, *order)
    assert at(findings, "unknown-host", "setup.ps1", 1)
    assert at(findings, "hardcoded-secret", "setup.ps1", 2)
    assert not at(findings, "unknown-host", "setup.cmd")


def test_a_losing_definition_still_goes_through_the_value_rules(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        ".env": f"OPENAI_BASE_URL={TYPO}\nOPENAI_API_KEY=sk-sp-3f9a****81c2\nOPENAI_BASE_URL={SG}\n"
                "OPENAI_MODEL=Qwen-Plus\nOPENAI_MODEL=qwen-plus\n",
        "run.sh": f"export OPENAI_API_KEY={PAYG}\nexec python app.py\n",
    })
    findings = check(root)
    [host] = at(findings, "unknown-host", ".env", 1)
    assert "loses at run time" in host.message and ".env:3" in host.message
    [key] = at(findings, "malformed-key", ".env", 2)
    assert "masked" in key.message and "run.sh:1" in key.message
    [model] = at(findings, "unknown-model", ".env", 4)
    assert "qwen-plus" in model.message
    # the winners are judged as before: the run-time key is a committed script's key
    assert at(findings, "hardcoded-secret", "run.sh", 1) and at(findings, "conflicting-credentials", "run.sh", 1)
    assert not at(findings, "unknown-model", ".env", 5)


def test_env_files_loaded_together_come_from_the_client_record(catalogue) -> None:
    """Next.js (the Vercel AI SDK's host) layers .env.production over .env; python-dotenv loads .env only."""
    from validator.sources.link import link

    env = Binding("OPENAI_BASE_URL", SG, Location("app/.env", 1, 17), "dotenv", SG)
    prod = Binding("OPENAI_BASE_URL", TYPO, Location("app/.env.production", 1, 17), "dotenv", TYPO)
    dirs = {"app/.env": Path("/r/app"), "app/.env.production": Path("/r/app"), "app/route.ts": Path("/r/app")}

    def resolved(client: str) -> Value:
        t = Target("t", client, Location("app/route.ts", 1, 1),
                   base_url=Value(None, Location("app/route.ts", 3, 5), Origin.VARIABLE, "OPENAI_BASE_URL"))
        link([t], [env, prod], catalogue, dirs=dirs)
        assert t.base_url is not None
        return t.base_url

    assert catalogue.client("vercel-ai-openai-compatible").env_files[:2] == (".env.production.local", ".env.local")
    nextjs = resolved("vercel-ai-openai-compatible")
    assert nextjs.value == TYPO and [v.loc.path for v in nextjs.overridden] == ["app/.env"]
    assert ".env.production over .env" in (nextjs.via or "")
    dotenv = resolved("openai-sdk")
    assert dotenv.value == SG and not dotenv.overridden


@pytest.fixture(scope="module")
def catalogue():
    from validator import catalogue as catalogue_mod

    return catalogue_mod.load(())


# --------------------------------------------------------------------------- 2. shared vs deprecated

SHARED = {
    ".env": f"OPENAI_BASE_URL={SG}\nOPENAI_MODEL=qwen-plus-lastest\n",
    "claude.sh": 'export ANTHROPIC_BASE_URL="https://dashscope.aliyuncs.com/api/v2/apps/claude-code-proxy"\n'
                 "exec claude\n",
}


def test_the_documented_default_host_is_not_deprecated(tmp_path: Path) -> None:
    root = tree(tmp_path, SHARED)
    findings = check(root)
    assert not [f for f in findings if "shared DashScope domain" in f.message]
    assert not at(findings, "deprecated-endpoint", ".env")
    assert at(findings, "unknown-model", ".env", 2)                       # the true finding beside it
    [legacy] = at(findings, "deprecated-endpoint", "claude.sh", 1)         # really deprecated
    assert str(legacy.severity) == "warning" and legacy.code == "MS106"
    opted = check(root, extend_select=["shared-endpoint"])
    [shared] = at(opted, "shared-endpoint", ".env", 1)
    assert shared.code == "MS108" and str(shared.severity) == "info"


def test_old_selectors_of_deprecated_endpoint_keep_working(tmp_path: Path) -> None:
    root = tree(tmp_path, SHARED)
    ignored = check(root, extend_select=["shared-endpoint"], ignore=["deprecated-endpoint"])
    assert not at(ignored, "shared-endpoint", ".env") and not at(ignored, "deprecated-endpoint", "claude.sh")
    assert at(ignored, "unknown-model", ".env", 2)
    for old in ("deprecated-endpoint", "MS106"):
        selected = check(root, select=[old])
        assert {f.rule for f in selected} == {"deprecated-endpoint", "shared-endpoint"}, old
    # an inline suppression written for the old rule still silences what it reported
    root2 = tree(tmp_path / "inline", {".env": f"OPENAI_BASE_URL={SG}  # msv: ignore[deprecated-endpoint]\n"
                                              "OPENAI_MODEL=qwen-plus-lastest\n"})
    inline = check(root2, extend_select=["shared-endpoint"])
    assert not at(inline, "shared-endpoint", ".env") and at(inline, "unknown-model", ".env", 2)


def test_codex_wire_api_chat_has_its_own_error_code(tmp_path: Path) -> None:
    root = tree(tmp_path, {".codex/config.toml":
                           'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
                           f'base_url = "{SG}/responses"\nenv_key = "DASHSCOPE_API_KEY"\nwire_api = "chat"\n'})
    findings = check(root)
    [removed] = at(findings, "removed-setting", "config.toml", 7)
    assert removed.code == "MS109" and str(removed.severity) == "error"
    assert not at(findings, "deprecated-endpoint", "config.toml")
    assert at(findings, "malformed-base-url", "config.toml", 5)


def test_fix_adds_no_advisory(tmp_path: Path, capsys) -> None:
    root = tree(tmp_path, {".env": f"OPENAI_BASE_URL={TYPO}\nOPENAI_MODEL=qwen-plus\n"})
    code, out = msv(capsys, "check", str(root), "--isolated", "--fix", "--no-color")
    assert (root / ".env").read_text(encoding="utf-8").startswith("OPENAI_BASE_URL=https://dashscope.aliyuncs.com/")
    code, out = msv(capsys, "check", str(root), "--isolated", "--no-color")
    assert code == 0 and "No findings" in out, out


# --------------------------------------------------------------------------- 3. templates


def test_templates_expect_empty_values_but_not_typos_or_real_keys(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        ".env.example": f"OPENAI_BASE_URL={TYPO}\nOPENAI_API_KEY=\nDASHSCOPE_API_KEY=\n",
        "example.env": f"DASHSCOPE_API_KEY=\nOPENAI_BASE_URL={SG}\nOPENAI_API_KEY=\n",
        ".env.template": f"OPENAI_BASE_URL={SG}\nOPENAI_API_KEY={PAYG}\n",
    })
    findings = check(root)
    assert not [f for f in findings if f.rule == "missing-key"], [(str(f.loc), f.message) for f in findings]
    assert at(findings, "unknown-host", ".env.example", 1)
    assert not [f for f in findings if f.rule in ("plan-usage-restricted", "unknown-model", "conflicting-credentials")]


def test_a_provider_list_with_every_key_blank_is_a_template(tmp_path: Path) -> None:
    root = tree(tmp_path, {"opencode.json": """{
  "provider": {
    "bailian": {"npm": "@ai-sdk/anthropic", "options": {"baseURL": "https://dashscope.aliyuncs.com/apps/anthropic", "apiKey": ""}},
    "deepseek": {"npm": "@ai-sdk/openai-compatible", "options": {"baseURL": "https://api.deepseek.com/v1", "apiKey": ""}}
  }
}
"""})
    findings = check(root)
    assert not [f for f in findings if f.rule == "missing-key"], [f.message for f in findings]
    assert at(findings, "malformed-base-url", "opencode.json", 3)          # /v1 missing for @ai-sdk/anthropic


def test_an_intentionally_blank_token_is_not_a_conflict(tmp_path: Path) -> None:
    root = tree(tmp_path, {".claude/settings.json":
                           '{"env": {"ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic/v1",\n'
                           f' "ANTHROPIC_AUTH_TOKEN": "{PLAN}",\n "ANTHROPIC_API_KEY": ""}}}}\n'})
    findings = check(root)
    assert not [f for f in findings if f.rule in ("conflicting-credentials", "missing-key")], \
        [f.message for f in findings]
    assert at(findings, "malformed-base-url", "settings.json", 1)


# --------------------------------------------------------------------------- 4. interactive launchers

LAUNCHERS = {
    "claude.sh": "export ANTHROPIC_BASE_URL=https://coding.dashscope.aliyuncs.com/apps/anthropic\n"
                 'export ANTHROPIC_AUTH_TOKEN="$BAILIAN_CODING_KEY"\nexport ANTHROPIC_MODEL=qwen3-coder-plsu\n'
                 'exec ~/.local/bin/claude "$@"\n',
    "qwen.sh": "export OPENAI_BASE_URL=https://coding.dashscope.aliyuncs.com/v1\n"
               'export OPENAI_API_KEY="$K"\nnpx -y @qwen-code/qwen-code@latest "$@"\n',
    "opencode.sh": "export OPENAI_BASE_URL=https://coding.dashscope.aliyuncs.com/v1\n"
                   'export OPENAI_API_KEY="$K"\nif command -v opencode >/dev/null; then opencode; fi\n',
    "cc.ps1": '$env:ANTHROPIC_BASE_URL = "https://coding.dashscope.aliyuncs.com/apps/anthropic"\n& claude @args\n',
    "batch.sh": "export OPENAI_BASE_URL=https://coding.dashscope.aliyuncs.com/v1\n"
                'export OPENAI_API_KEY="$K"\npython batch.py\n',
}


def test_a_launcher_of_an_interactive_tool_has_interactive_usage(tmp_path: Path) -> None:
    findings = check(tree(tmp_path, LAUNCHERS))
    restricted = {Path(f.loc.path).name for f in findings if f.rule == "plan-usage-restricted"}
    assert restricted == {"batch.sh"}, restricted                             # the real automation script
    [batch] = at(findings, "plan-usage-restricted", "batch.sh")
    assert "starts no interactive coding tool" in batch.message
    assert at(findings, "unknown-model", "claude.sh", 3)                     # the true finding beside it


# --------------------------------------------------------------------------- 5. endpoints only where requests go


def test_documentation_urls_and_other_alibaba_services_are_not_endpoints(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "tool.py": 'import argparse, os\nimport dashscope\nfrom openai import OpenAI\n'
                   'p = argparse.ArgumentParser(description="Console: https://bailian.console.aliyun.com/")\n'
                   'p.add_argument("--api-key", help="key from https://dashscope.console.aliyun.com/apiKey")\n'
                   '# docs: https://help.aliyun.com/zh/model-studio/\n'
                   'IMG = "https://my-bucket.oss-cn-beijing.aliyuncs.com/cat.png"\n'
                   f'client = OpenAI(api_key=os.getenv("DASHSCOPE_API_KEY"), base_url="{TYPO}")\n',
        ".env": "DASHSCOPE_API_KEY=${KEY}\nDASHSCOPE_OSS_URL=https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com\n"
                "QWEN_IMAGE_URL=https://img.alicdn.com/imgextra/cat.png\nALIYUN_CONSOLE_URL=https://bailian.console.aliyun.com/\n"
                "LLM_BASE_URL=https://abc.cn-hangzhou.pai-eas.aliyuncs.com/api/predict/qwen/v1\n"
                "QWEN_BASE_URL=https://dashscope-intl.aliyun.com/compatible-mode/v1\n",
        "gw.env": "OPENAI_BASE_URL=https://my-gw.cn-beijing.fc.aliyuncs.com/v1\n",
    })
    findings = check(root)
    hosts = [(Path(f.loc.path).name, f.loc.line) for f in findings if f.rule == "unknown-host"]
    assert sorted(hosts) == [(".env", 6), ("tool.py", 8)], [(str(f.loc), f.message) for f in findings]


def test_the_console_as_a_client_base_url_is_still_reported(tmp_path: Path) -> None:
    findings = check(tree(tmp_path, {".env": "OPENAI_BASE_URL=https://bailian.console.aliyun.com/\n"}))
    [f] = at(findings, "unknown-host", ".env", 1)
    assert "console" in f.message


# --------------------------------------------------------------------------- 6. key wording


def test_key_wording_follows_the_evidence(tmp_path: Path) -> None:
    root = tree(tmp_path, {"gw.py": (
        "from openai import OpenAI\n"
        f'gw = OpenAI(api_key="{PAYG}", base_url="https://llm-gw.corp.example.com/v1")\n'
        'masked = OpenAI(api_key="sk-4f1e2d3cxxxxxxxx96a5b4c3d2e1f0", base_url="' + SG + '")\n'
        f'plan = OpenAI(api_key="{PLAN}", base_url="{SG}")\n')})
    findings = check(root)
    [gw] = at(findings, "hardcoded-secret", "gw.py", 2)
    assert "private gateway (llm-gw.corp.example.com)" in gw.message and "Model Studio" not in gw.message
    [masked] = at(findings, "malformed-key", "gw.py", 3)
    assert "masked" in masked.message and not at(findings, "hardcoded-secret", "gw.py", 3)
    [plan] = at(findings, "hardcoded-secret", "gw.py", 4)
    assert "Coding/Token Plan key" in plan.message
    assert at(findings, "plan-endpoint-mismatch", "gw.py", 4)
    assert all(PAYG not in f.message and PLAN not in f.message for f in findings)


# --------------------------------------------------------------------------- 7. severity


def test_every_text_line_says_its_severity(capsys) -> None:
    root = Path(__file__).resolve().parents[2] / "examples" / "broken"
    code, out = msv(capsys, "check", str(root), "--no-color", "--exit-zero", "--extend-select", "shared-endpoint")
    heads = [line for line in out.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]
    assert heads and all(re.match(r"^\S+:\d+:\d+: (error|warning|info) MS\d{3} \[[a-z-]+\] ", h) for h in heads)
    assert any(" info MS108 " in h for h in heads) and any(" error MS101 " in h for h in heads)


def test_one_severity_per_rule_code(tmp_path: Path) -> None:
    """Each code is reported at its registered severity (unknown-model's typo-vs-newer-name split and
    residency's uncertain-scope case are left to the catalogue-policy work: see the notes)."""
    registered = {r.name: r.severity for r in all_rules()}
    root = Path(__file__).resolve().parents[2] / "examples" / "broken"
    findings = run_check([str(root)], extend_select=["ALL"]).findings
    findings += check(tree(tmp_path, {**SHARED, **LAUNCHERS}), extend_select=["ALL"])
    odd = {(f.rule, str(f.severity)) for f in findings
           if f.severity != registered[f.rule] and f.rule not in ("unknown-model", "residency-violation")}
    assert not odd, odd
    assert {"deprecated-endpoint", "shared-endpoint", "removed-setting"} <= {f.rule for f in findings}


# --------------------------------------------------------------------------- ux.md D15


def test_a_client_default_host_is_anchored_on_the_key_that_selects_it(tmp_path: Path) -> None:
    root = tree(tmp_path, {".env": f"# read with python-dotenv\nOPENAI_BASE_URL={TYPO}\nOPENAI_MODEL=qwen-plus\n"
                                   "DASHSCOPE_API_KEY=${KEY}\n"})
    findings = check(root, key_region="ap-southeast-1")
    [region] = [f for f in findings if f.rule == "key-region-mismatch"]
    assert region.loc.line == 4 and "DashScope SDK (Python, Java) default host" in region.message
    assert at(findings, "unknown-host", ".env", 2)                        # the typo on line 2 is its own finding


def test_opt_in_through_tool_msv_settings(tmp_path: Path) -> None:
    root = tree(tmp_path, {**SHARED, "pyproject.toml": '[tool.msv]\nextend-select = ["shared-endpoint"]\n'})
    findings = run_check([str(root)]).findings
    assert at(findings, "shared-endpoint", ".env", 1) and at(findings, "unknown-model", ".env", 2)
    root2 = tree(tmp_path / "old", {**SHARED, "pyproject.toml": '[tool.msv]\nignore = ["MS106"]\n'})
    findings = run_check([str(root2)]).findings
    assert not at(findings, "deprecated-endpoint", "claude.sh") and at(findings, "unknown-model", ".env", 2)


def test_a_broken_cmd_beside_a_good_powershell_launcher_is_reported(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "setup.ps1": f'$env:OPENAI_BASE_URL = "{SG}"\n$env:OPENAI_API_KEY = $env:DASHSCOPE_API_KEY\n',
        "setup.cmd": f"set OPENAI_BASE_URL={TYPO}\r\nset OPENAI_API_KEY={PAYG}\r\n",
    })
    for order in (("setup.ps1", "setup.cmd"), ("setup.cmd", "setup.ps1"), ()):
        findings = check(root, *order)
        assert at(findings, "unknown-host", "setup.cmd", 1) and at(findings, "hardcoded-secret", "setup.cmd", 2)
        assert not at(findings, "unknown-host", "setup.ps1")
