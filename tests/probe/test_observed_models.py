"""Observed models: `msv probe` keeps each key's model listing (region, plan, date) in the user
cache; static checks then never report a model the key's region serves as missing there, and
`msv catalogue diff-observed` shows where the catalogue disagrees."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import PAYG, msv, probe_args

from validator.catalogue import observed

SG = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
ENV = {"MSV_TEST_KEY": PAYG}


def _check(tmp_path: Path, model: str) -> dict:
    d = tmp_path / "proj"
    d.mkdir(exist_ok=True)
    (d / ".env").write_text(f"OPENAI_BASE_URL={SG}\nOPENAI_MODEL={model}\n", encoding="utf-8")
    r = msv(["check", "--isolated", "--select", "MS3", "--format", "json", str(d)])
    return r.json()


def test_a_probe_listing_is_stored_and_read_by_the_static_region_check(fake, extension, tmp_path, private_cache) -> None:
    before = _check(tmp_path, "qwen-plus-us")
    assert [(f["rule"], f["severity"]) for f in before["findings"]] == [("model-not-in-region", "error")]

    sg = fake(keys={PAYG}, models=["qwen-plus", "qwen-plus-us", "qwen9-ultra"])
    cat = extension({"fake-sg": (sg, "ap-southeast-1")})
    r = msv(probe_args(sg.url("/compatible-mode/v1"), catalogue=cat, extra=["--client", "openai-sdk"]), ENV)
    assert r.exit_code == 0, r.everything

    stored = json.loads((private_cache / observed.FILENAME).read_text("utf-8"))["observed"]
    [slot] = stored.values()
    assert slot["region"] == "ap-southeast-1" and slot["plan"] == "payg"
    assert slot["models"] == ["qwen-plus", "qwen-plus-us", "qwen9-ultra"] and slot["date"]
    assert PAYG not in (private_cache / observed.FILENAME).read_text("utf-8")

    # the static check now knows Singapore serves it to this key: no finding
    assert _check(tmp_path, "qwen-plus-us")["findings"] == []
    # and a name the catalogue lacks but the region listed is not "unknown" either
    assert _check(tmp_path, "qwen9-ultra")["findings"] == []

    diff = msv(["catalogue", "diff-observed", "--format", "json"])
    assert diff.exit_code == 1
    [row] = diff.json()["observed"]
    assert row["not_in_catalogue"] == ["qwen9-ultra"]
    assert row["not_listed_for_region"] == ["qwen-plus-us"]
    assert "qwen-max" in row["listed_but_not_observed"]
    text = msv(["catalogue", "diff-observed"])
    assert "served, not in the catalogue (1): qwen9-ultra" in text.output


def test_a_damaged_observed_cache_is_ignored(tmp_path, private_cache) -> None:
    private_cache.mkdir(parents=True, exist_ok=True)
    (private_cache / observed.FILENAME).write_text("{not json", encoding="utf-8")
    assert observed.load() == {}
    doc = _check(tmp_path, "qwen-plus-us")
    assert [f["rule"] for f in doc["findings"]] == ["model-not-in-region"]
    r = msv(["catalogue", "diff-observed"])
    assert r.exit_code == 0 and "nothing observed yet" in r.output
