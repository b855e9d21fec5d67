"""What the probe *says*: one regression test per point of issue 16 (against the fake Model Studio).

- the host it recommends accepted the key but refuses calls (429, Arrearage): the finding says so;
- `msv probe` flags a Coding/Token Plan key configured on a pay-as-you-go host (it is not sent);
- a model check that was served (200) gets a warning;
- requests that timed out or were reset carried the key: they are in the request count;
- `diagnose --probe` text summary counts agree with the findings (and with the JSON);
- `msv probe` exits 3 when it probed nothing; text and JSON summaries agree.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers import PAYG, PLAN, msv, probe_args, rules_of

ENV = {"MSV_TEST_KEY": PAYG}


def world(fake, extension, **hosts):  # type: ignore[no-untyped-def]
    servers = {name: fake(**kw) for name, (region, kw) in hosts.items()}
    path = extension({f"fake-{name}": (servers[name], region) for name, (region, _) in hosts.items()})
    return servers, path


def summary_line(text: str) -> dict[str, int]:
    m = re.search(r"probed (\d+) target\(s\), (\d+) request\(s\) in [\d.]+ s: (\d+) error\(s\), (\d+) warning\(s\), "
                  r"(\d+) inconclusive", text)
    assert m, text
    keys = ("targets_probed", "requests", "error", "warning", "inconclusive")
    return dict(zip(keys, map(int, m.groups())))


@pytest.mark.parametrize("refusal, said", [("rate", "rate limited"), ("arrears", "overdue payments"),
                                           ("quota", "quota exhausted")])
def test_recommended_host_that_refuses_calls_is_said(fake, extension, refusal: str, said: str) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"style": "dashscope"}),
                   sg=("ap-southeast-1", {"keys": {PAYG}, "refusal": refusal}))
    doc = msv(probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat), ENV).json()
    assert rules_of(doc) == ["probe-key-valid-elsewhere"]
    msg = doc["findings"][0]["message"]
    assert f"accepted by {s['sg'].netloc}" in msg
    assert f"but {s['sg'].netloc} refuses calls too" in msg and said in msg


def test_a_host_that_serves_calls_is_preferred_over_one_that_refuses(fake, extension) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"style": "dashscope"}),
                   sg=("ap-southeast-1", {"keys": {PAYG}, "refusal": "arrears"}),
                   us=("us-east-1", {"keys": {PAYG}, "delay": 0.2}))
    msg = msv(probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat), ENV).json()["findings"][0]["message"]
    assert f"set OPENAI_BASE_URL=http://{s['us'].netloc}/compatible-mode/v1" in msg     # slower, but it serves
    assert "refuses calls" not in msg


@pytest.fixture
def clean_env(monkeypatch):  # type: ignore[no-untyped-def]
    for name in list(os.environ):
        if name.split("_")[0] in ("OPENAI", "ANTHROPIC", "DASHSCOPE", "QWEN", "BAILIAN", "CODEX"):
            monkeypatch.delenv(name, raising=False)


def test_probe_flags_a_plan_key_on_a_pay_as_you_go_host(tmp_path: Path, clean_env) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".env").write_text("OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n"
                                   f"OPENAI_API_KEY={PLAN}\n", encoding="utf-8")
    r = msv(["probe", str(tmp_path), "--no-environment", "--format", "json", "--no-cache"])
    doc = json.loads(r.output)
    assert rules_of(doc) == ["plan-endpoint-mismatch"]
    assert "pay-as-you-go host" in doc["findings"][0]["message"]
    assert doc["summary"]["requests"] == 0 and doc["targets"][0]["skipped"]      # the plan key was not sent
    assert r.exit_code == 1
    assert PLAN not in r.everything


def test_a_served_model_check_is_a_warning(fake, extension) -> None:
    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}, "serve_checks": True}))
    r = msv(probe_args(s["sg"].url("/compatible-mode/v1"), catalogue=cat, extra=["--model", "qwen-plus"]), ENV)
    doc = r.json()
    assert rules_of(doc) == ["probe-model-served"]
    f = doc["findings"][0]
    assert f["severity"] == "warning" and "answered 200" in f["message"]
    model_obs = [o for o in doc["targets"][0]["observations"] if o["purpose"] == "model"]
    assert [o["meaning"] for o in model_obs] == ["model-served"]
    assert r.exit_code == 0                                   # a warning, below the default --fail-on error


@pytest.mark.parametrize("fault", ["slow", "reset"])
def test_timed_out_and_reset_requests_are_counted(fake, extension, fault: str) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"fault": fault, "slow": 5}))
    r = msv(probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat, extra=["--timeout", "0.5"]), ENV)
    doc = r.json()
    assert len(s["bj"].requests) == 1                         # the key reached the host…
    assert doc["summary"]["requests"] == 1                    # …and the count says so


def test_a_refused_connection_is_not_counted(extension) -> None:  # type: ignore[no-untyped-def]
    import socket

    from fakems import FakeHost, Behaviour

    dead = FakeHost(Behaviour())
    port_url = dead.url("/compatible-mode/v1")
    cat = extension({"fake-dead": (dead, "cn-beijing")})
    dead.close()                                              # nothing listens any more: connection refused
    with socket.socket() as probe_sock:
        assert probe_sock.connect_ex(("127.0.0.1", int(port_url.split(":")[2].split("/")[0]))) != 0
    doc = msv(probe_args(port_url, catalogue=cat), ENV).json()
    assert doc["summary"]["requests"] == 0


def test_probe_text_and_json_summaries_agree(fake, extension) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"style": "dashscope"}),
                   sg=("ap-southeast-1", {"keys": {PAYG}, "denied": {"qwen3-max"}}))
    url = s["bj"].url("/compatible-mode/v1")
    doc = msv(probe_args(url, catalogue=cat, extra=["--model", "qwen3-max"]), ENV).json()
    text = msv(probe_args(url, catalogue=cat, extra=["--model", "qwen3-max"], fmt="text"), ENV).output
    counts = summary_line(text)
    assert counts == {k: doc["summary"][k] for k in counts}
    assert counts["error"] == 2 and counts["requests"] == 3


def test_probe_exits_3_when_it_probed_nothing(tmp_path: Path, clean_env) -> None:  # type: ignore[no-untyped-def]
    r = msv(["probe", str(tmp_path), "--no-environment", "--no-cache"])
    assert r.exit_code == 3, r.everything
    assert "nothing was probed" in r.stderr
    (tmp_path / ".env").write_text("OPENAI_BASE_URL=https://api.openai.com/v1\nOPENAI_API_KEY=sk-" + "x" * 48 + "\n",
                                   encoding="utf-8")
    r = msv(["probe", str(tmp_path), "--no-environment", "--no-cache", "--format", "json"])
    assert r.exit_code == 3 and json.loads(r.output)["summary"]["targets_probed"] == 0


def test_diagnose_probe_text_summary_counts_the_findings(fake, extension, tmp_path: Path, clean_env) -> None:  # type: ignore[no-untyped-def]
    s, cat = world(fake, extension, bj=("cn-beijing", {"style": "dashscope"}), sg=("ap-southeast-1", {"keys": {PAYG}}))
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".env").write_text(f"OPENAI_BASE_URL={s['bj'].url('/compatible-mode/v1')}\nOPENAI_API_KEY={PAYG}\n",
                               encoding="utf-8")
    (tmp_path / "home").mkdir()
    env = {"HOME": str(tmp_path / "home")}
    base = ["diagnose", str(proj), "--probe", "--catalogue", cat, "--candidate-host", "127.0.0.1:*", "--no-cache"]
    text = msv(base, env).output
    doc = json.loads(msv(base + ["--format", "json"], env).output)
    counts = summary_line(text)
    assert counts["error"] >= 1, text                         # never "0 error(s)" under the error finding
    assert counts == {k: doc["probe"]["summary"][k] for k in counts}
    assert text.count("probe-key-valid-elsewhere") == 1       # listed once, under Findings
