"""``msv diagnose --probe`` against the fake Model Studio: config files in, located key and ranked causes out."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import PAYG, msv


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake, extension):  # type: ignore[no-untyped-def]
    for name in list(os.environ):
        if name.split("_")[0] in ("OPENAI", "ANTHROPIC", "DASHSCOPE", "QWEN", "BAILIAN", "CODEX"):
            monkeypatch.delenv(name, raising=False)
    bj = fake(style="dashscope")
    sg = fake(keys={PAYG}, denied={"qwen3-max"})
    cat = extension({"fake-bj": (bj, "cn-beijing"), "fake-sg": (sg, "ap-southeast-1")})
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".env").write_text(f"OPENAI_BASE_URL={bj.url('/compatible-mode/v1')}\nOPENAI_API_KEY={PAYG}\n"
                               "OPENAI_MODEL=qwen-plus\n", encoding="utf-8")
    (tmp_path / "home").mkdir()
    return {"bj": bj, "sg": sg, "cat": cat, "proj": proj, "env": {"HOME": str(tmp_path / "home")}}


def test_diagnose_probe_locates_the_key_and_uses_it_as_evidence(project) -> None:  # type: ignore[no-untyped-def]
    p = project
    r = msv(["diagnose", str(p["proj"]), "--probe", "--catalogue", p["cat"], "--candidate-host", "127.0.0.1:*",
             "--format", "json", "--error",
             'HTTP/1.1 401 Unauthorized\n{"code":"InvalidApiKey","message":"Invalid API-key provided."}'], p["env"])
    doc = json.loads(r.output)
    observed = [f for f in doc["findings"] if f["kind"] == "observed"]
    assert [f["rule"] for f in observed] == ["probe-key-valid-elsewhere"]
    assert f"set OPENAI_BASE_URL=http://{p['sg'].netloc}/compatible-mode/v1" in observed[0]["message"]
    assert observed[0]["path"].endswith(".env") and observed[0]["line"] == 1       # points at the base URL line
    top = doc["error"]["causes"][0]
    assert top["id"] == "invalid-api-key"
    assert any("probe-key-valid-elsewhere (observed)" in e for e in top["evidence"])
    assert doc["probe"]["targets"] and r.exit_code == 1


def test_diagnose_without_probe_sends_nothing(project) -> None:  # type: ignore[no-untyped-def]
    p = project
    r = msv(["diagnose", str(p["proj"]), "--catalogue", p["cat"], "--format", "json"], p["env"])
    assert json.loads(r.output)["probe"] is None
    assert p["bj"].requests == [] and p["sg"].requests == []


def test_confirming_on_a_terminal_runs_the_probe(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import validator.cli.diagnose as cli_diagnose

    p = project
    monkeypatch.setattr(cli_diagnose, "_should_probe", lambda flag, targets, stdin_used: True)
    r = msv(["diagnose", str(p["proj"]), "--catalogue", p["cat"], "--candidate-host", "127.0.0.1:*"], p["env"])
    assert "Probe:" in r.output and "accepted" in r.output
    assert len(p["bj"].requests) == 1


def test_diagnose_exit_3_when_the_probe_is_inconclusive(project, fake, extension) -> None:  # type: ignore[no-untyped-def]
    p = project
    down = fake(keys={PAYG}, fault="503")
    cat = extension({"fake-down": (down, "cn-beijing")})
    (p["proj"] / ".env").write_text(f"OPENAI_BASE_URL={down.url('/compatible-mode/v1')}\nOPENAI_API_KEY={PAYG}\n",
                                    encoding="utf-8")
    r = msv(["diagnose", str(p["proj"]), "--probe", "--catalogue", cat, "--candidate-host", "127.0.0.1:*"], p["env"])
    assert r.exit_code == 3, r.output
    assert "probe-inconclusive" in r.output
