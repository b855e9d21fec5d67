"""Credential and plan rules (MS2xx) on targets built directly."""

from __future__ import annotations

import pytest
from rulekit import OPENAI_KEY, PAYG_KEY, PLAN_KEY, lit, run, target

from validator.model import Location, Origin, Secret, Severity, TargetKind, Value

BJ = "https://dashscope.aliyuncs.com"
SG = "https://dashscope-intl.aliyuncs.com"
CODING = "https://coding.dashscope.aliyuncs.com/v1"


# --------------------------------------------------------------------------- plans


def test_plan_key_on_general_host_and_general_key_on_plan_host(cat) -> None:
    [f] = run("plan-endpoint-mismatch", target(base_url=f"{SG}/compatible-mode/v1", key=PLAN_KEY), cat)
    assert "coding-intl.dashscope.aliyuncs.com" in f.message and f.loc.line == 2   # points at the key
    [f] = run("plan-endpoint-mismatch", target(base_url=CODING, key=PAYG_KEY), cat)
    assert "Coding Plan" in f.message
    assert run("plan-endpoint-mismatch", target(base_url=CODING, key=PLAN_KEY), cat) == []
    assert run("plan-endpoint-mismatch", target(base_url=f"{BJ}/compatible-mode/v1", key=PAYG_KEY), cat) == []


def test_generic_keys_are_not_guessed(cat) -> None:
    generic = "sk-" + "Ab1" * 8   # an sk- key of no documented shape: could be either
    assert run("plan-endpoint-mismatch", target(base_url=CODING, key=generic), cat) == []


def test_declared_plan_against_the_host(cat) -> None:
    t = target(base_url="https://token-plan.cn-beijing.maas.aliyuncs.com/compatible-mode/v1", key=PLAN_KEY,
               key_plan="coding-plan")
    [f] = run("plan-endpoint-mismatch", t, cat)
    assert "Token Plan host" in f.message and "coding.dashscope.aliyuncs.com" in f.message
    t.key_plan = Value("token-plan", Location("<cli>"), Origin.DECLARED)
    assert run("plan-endpoint-mismatch", t, cat) == []


def test_plan_usage_restricted(cat) -> None:
    code = target(base_url=CODING, kind=TargetKind.CODE, path="jobs/nightly.py")
    [f] = run("plan-usage-restricted", code, cat)
    assert f.severity is Severity.WARNING and "application code" in f.message
    tool = target("claude-code", base_url="https://coding.dashscope.aliyuncs.com/apps/anthropic",
                  path=".claude/settings.json")
    assert run("plan-usage-restricted", tool, cat) == []
    declared = target("claude-code", base_url="https://coding.dashscope.aliyuncs.com/apps/anthropic", usage="backend")
    assert len(run("plan-usage-restricted", declared, cat)) == 1
    assert run("plan-usage-restricted", target(base_url=f"{BJ}/compatible-mode/v1", kind=TargetKind.CODE), cat) == []


# --------------------------------------------------------------------------- region and workspace


def test_key_region_needs_a_declaration(cat) -> None:
    assert run("key-region-mismatch", target(base_url=f"{SG}/compatible-mode/v1"), cat) == []
    assert run("key-region-mismatch", target(base_url=f"{SG}/compatible-mode/v1", key_region="ap-southeast-1"), cat) == []


def test_key_region_mismatch_swaps_the_host_safely(cat) -> None:
    raw = f"'{SG}/compatible-mode/v1'"
    t = target(base_url=lit(f"{SG}/compatible-mode/v1", raw=raw), key_region="cn-beijing")
    [f] = run("key-region-mismatch", t, cat)
    assert f.fix.safe and f.fix.replacement == f"'{BJ}/compatible-mode/v1'"
    plan = target(base_url="https://coding-intl.dashscope.aliyuncs.com/apps/anthropic", key_region="cn-beijing")
    [f] = run("key-region-mismatch", plan, cat)
    assert f.fix.replacement == f"https://coding.dashscope.aliyuncs.com/apps/anthropic"


def test_workspace_hosts_are_not_rewritten_across_regions(cat) -> None:
    t = target(base_url="https://ws-a1.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1", key_region="cn-beijing")
    [f] = run("key-region-mismatch", t, cat)
    assert f.fix.replacement is None


def test_key_region_on_a_client_default(cat) -> None:
    # LiteLLM's dashscope/ route defaults to the international host: a China key gets 401
    default = Value(f"{SG}/compatible-mode/v1", None, Origin.DEFAULT)
    [f] = run("key-region-mismatch", target("litellm", base_url=default, key_region="cn-beijing"), cat)
    assert f.fix.replacement is None and "Singapore" in f.message


def test_key_workspace_mismatch(cat) -> None:
    url = "https://ws-dev02.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"
    [f] = run("key-workspace-mismatch", target(base_url=url, key_workspace="ws-prod01"), cat)
    assert f.fix.replacement == "https://ws-prod01.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"
    assert not f.fix.safe
    assert run("key-workspace-mismatch", target(base_url=url, key_workspace="WS-DEV02"), cat) == []
    assert run("key-workspace-mismatch", target(base_url=f"{BJ}/api/v1", key_workspace="ws-prod01"), cat) == []


# --------------------------------------------------------------------------- the key


@pytest.mark.parametrize("value, words", [
    ("Bearer " + PAYG_KEY, "Bearer"),
    (PAYG_KEY + " ", "whitespace"),
    ("sk-sp-****", "masked"),
    (OPENAI_KEY, "openai key"),
    ("DASHSCOPE_API_KEY", "name"),
])
def test_malformed_keys(cat, value, words) -> None:
    [f] = run("malformed-key", target(base_url=f"{SG}/compatible-mode/v1", key=value), cat)
    assert words in f.message
    assert value.strip() not in f.message or value == "DASHSCOPE_API_KEY"


def test_foreign_key_for_another_provider_is_fine(cat) -> None:
    assert run("malformed-key", target(base_url="https://api.openai.com/v1", key=OPENAI_KEY), cat) == []
    assert run("malformed-key", target(base_url=f"{SG}/compatible-mode/v1", key=PAYG_KEY), cat) == []


def test_variable_named_after_the_key(cat) -> None:
    t = target(base_url=f"{SG}/compatible-mode/v1",
               key=Value(None, Location("app.py", 3, 20, 3, 60), Origin.VARIABLE, PAYG_KEY, f'"{PAYG_KEY}"'))
    [f] = run("malformed-key", t, cat)
    assert "name* is a key" in f.message and PAYG_KEY not in f.message


def test_literal_env_key_note(cat) -> None:
    t = target("codex", base_url=f"{SG}/compatible-mode/v1", path=".codex/config.toml")
    t.notes.append("literal-env-key: model_providers.ms.env_key")
    t.settings["literal-env-key:model_providers.ms.env_key"] = lit(Secret(PAYG_KEY), path=".codex/config.toml",
                                                                  line=6, raw=f'"{PAYG_KEY}"')
    [f] = run("malformed-key", t, cat)
    assert f.loc.line == 6 and PAYG_KEY not in f.message
    assert run("hardcoded-secret", t, cat) == []    # ~/.codex/config.toml: not known to be committed
    t.committed = True                                 # a tracked project .codex/config.toml is
    [h] = run("hardcoded-secret", t, cat)
    assert h.loc.line == 6


def test_missing_key_empty_value_but_not_in_templates(cat) -> None:
    empty = lit(Secret(""), path="app/.env", line=4, variable="DASHSCOPE_API_KEY", raw="")
    [f] = run("missing-key", target("dashscope-sdk", key=empty, path="app/.env"), cat)
    assert "DASHSCOPE_API_KEY" in f.message
    template = lit(Secret(""), path="app/.env.example", line=4, variable="DASHSCOPE_API_KEY", raw="")
    assert run("missing-key", target("dashscope-sdk", key=template, path="app/.env.example"), cat) == []


def test_missing_key_is_silent_for_keys_from_the_environment(cat) -> None:
    unresolved = Value(None, Location("app/.env", 1, 1), Origin.VARIABLE, "DASHSCOPE_API_KEY")
    assert run("missing-key", target("dashscope-sdk", key=unresolved), cat) == []


def test_missing_key_when_the_key_is_under_a_name_the_client_ignores(cat) -> None:
    t = target("codex", base_url=f"{SG}/compatible-mode/v1", path=".codex/config.toml")
    t.notes.append("ignored-key: model_providers.ms.api_key")
    t.settings["ignored-key:model_providers.ms.api_key"] = lit(Secret(PAYG_KEY), path=".codex/config.toml", line=6)
    [f] = run("missing-key", t, cat)
    assert "OPENAI_API_KEY" in f.message and f.loc.line == 6
    t.notes.append("key-elsewhere: DASHSCOPE_API_KEY")
    assert len(run("missing-key", t, cat)) == 2


def _key(secret: str, line: int, variable: str, **kw) -> Value:
    return lit(Secret(secret), path="proj/.env", line=line, variable=variable, raw=secret, **kw)


def test_conflicting_credentials(cat) -> None:
    loser = _key("sk-" + "f" * 32, 9, "DASHSCOPE_API_KEY")
    winner = _key(PAYG_KEY, 2, "DASHSCOPE_API_KEY", overridden=(loser,), via="the shell wins over .env")
    [f] = run("conflicting-credentials", target(key=winner), cat)
    assert f.severity is Severity.WARNING and "proj/.env:9" in f.message and "shell wins" in f.message
    assert PAYG_KEY not in f.message
    same = _key(PAYG_KEY, 3, "ANTHROPIC_API_KEY")
    both = _key(PAYG_KEY, 2, "ANTHROPIC_AUTH_TOKEN", overridden=(same,))
    # the same key twice is reported only where the client complains about it (Claude Code)
    assert run("conflicting-credentials", target("claude-code", key=both), cat) == []
    warned = target("claude-code", key=both)
    from validator.notes import Note

    warned.notes.append(Note("both-credentials", "ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY"))
    [f] = run("conflicting-credentials", warned, cat)
    assert f.severity is Severity.WARNING and "ANTHROPIC_API_KEY" in f.message and "auth conflict" in f.message
    assert run("conflicting-credentials", target(key=_key(PAYG_KEY, 2, "DASHSCOPE_API_KEY")), cat) == []


def test_hardcoded_secret_depends_on_the_file(cat) -> None:
    code = target(key=lit(Secret(PAYG_KEY), path="src/app.py", line=5), path="src/app.py", kind=TargetKind.CODE)
    [f] = run("hardcoded-secret", code, cat)
    assert PAYG_KEY not in f.message and "sk-…" in f.message
    local_env = target(key=lit(Secret(PAYG_KEY), path=".env"), path=".env")
    assert run("hardcoded-secret", local_env, cat) == []          # committed unknown: a local file
    local_env.committed = True
    assert len(run("hardcoded-secret", local_env, cat)) == 1     # tracked by git: leaked
    placeholder = target(key=lit(Secret("sk-xxx"), path="src/app.py"), path="src/app.py", kind=TargetKind.CODE)
    assert run("hardcoded-secret", placeholder, cat) == []
    from_env = target(key=Value(Secret(PAYG_KEY), Location(".env", 1, 1), Origin.VARIABLE, "K"),
                      path="src/app.py", kind=TargetKind.CODE)
    assert run("hardcoded-secret", from_env, cat) == []


def test_hardcoded_secret_cannot_be_suppressed_inline() -> None:
    from validator.rules import get

    assert get("hardcoded-secret").ignorable is False
