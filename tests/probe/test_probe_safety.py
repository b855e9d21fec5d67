"""Where a key may go, and where it must never appear.

- a key is sent only to hosts the catalogue names, over HTTPS (plain HTTP only to loopback);
- redirects are never followed with credentials;
- the key never appears in any output (text, JSON, diagnose), in the cache, or in errors —
  even when the server echoes it back;
- plan keys are probed only on request, with a one-line warning;
- httpx is imported only when probing.
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import OTHER, PAYG, PLAN, msv, probe_args, rules_of, target

ENV = {"MSV_TEST_KEY": PAYG}


def world(fake, extension, **hosts):  # type: ignore[no-untyped-def]
    servers = {name: fake(**kw) for name, (region, kw) in hosts.items()}
    return servers, extension({f"fake-{n}": (servers[n], r) for n, (r, _) in hosts.items()})


# --------------------------------------------------------------------------- allowed destinations

@pytest.mark.parametrize("url, allowed", [
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/models", True),
    ("https://dashscope-intl.aliyuncs.com/api/v1/models", True),
    ("https://ws-abc123.cn-beijing.maas.aliyuncs.com/compatible-mode/v1/models", True),
    ("http://dashscope.aliyuncs.com/compatible-mode/v1/models", False),      # plain HTTP, not loopback
    ("https://dashscope.aliyun.com/compatible-mode/v1/models", False),       # a near miss is not the host
    ("https://api.openai.com/v1/models", False),                             # not in the catalogue
    ("https://user:pw@dashscope.aliyuncs.com/compatible-mode/v1/models", False),
    ("ftp://dashscope.aliyuncs.com/x", False),
    ("https://dashscope.aliyuncs.com:99999/x", False),
    ("http://127.0.0.1:8080/compatible-mode/v1/models", False),              # loopback, but not named
])
def test_refusal(url: str, allowed: bool, catalogue) -> None:
    from validator.probe.safety import refusal

    assert (refusal(url, catalogue) is None) == allowed


def test_loopback_host_named_by_an_extension_is_allowed_over_http(fake, extension) -> None:
    from validator.catalogue import load
    from validator.probe.safety import refusal

    s, cat = world(fake, extension, gw=("cn-beijing", {}))
    assert refusal(s["gw"].url("/compatible-mode/v1/models"), load([cat])) is None


def test_no_request_reaches_a_host_outside_the_catalogue(fake, extension) -> None:
    """The configured base URL points at a host the catalogue does not name (another provider, an
    unknown gateway): the key is sent nowhere — not there, and not to Model Studio either, since it
    may be another provider's key."""
    outside = fake(keys={PAYG})                                    # a recording server, not in the catalogue
    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}}))
    r = msv(probe_args(outside.url("/compatible-mode/v1"), catalogue=cat), ENV)
    assert outside.requests == [] and s["sg"].requests == []
    doc = r.json()
    assert doc["findings"] == [] and r.exit_code == 3            # nothing probed: "could not verify"
    assert "not a host the catalogue names" in doc["targets"][0]["skipped"]


def test_a_key_without_base_url_is_located_only_when_its_shape_is_model_studio_s(fake, extension) -> None:
    from validator.catalogue import load
    from validator.probe.runner import ProbeSettings, probe

    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}}))
    generic = "sk-" + "Z" * 48                                       # could be anyone's key
    t1, t2 = target(None, PAYG, name="payg"), target(None, generic, name="generic")
    run = probe([t1, t2], load([cat]), ProbeSettings(cache=False, candidate_hosts=("127.0.0.1:*",)))
    assert [q.credential for q in s["sg"].requests] == [PAYG]
    assert run.results[1].skipped and "not specific to Model Studio" in run.results[1].skipped


def test_redirects_are_never_followed_with_credentials(fake, extension) -> None:
    outside = fake(keys={PAYG})
    s, cat = world(fake, extension, bj=("cn-beijing", {"fault": "redirect",
                                                       "redirect_to": outside.url("/compatible-mode/v1/models")}))
    r = msv(probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat), ENV)
    assert outside.requests == []
    assert len(s["bj"].requests) == 1
    doc = r.json()
    assert rules_of(doc) == ["probe-inconclusive"]
    assert f"redirect to {outside.netloc} not followed" in doc["findings"][0]["message"]


def test_no_retries(fake, extension) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"fault": "503"}), sg=("ap-southeast-1", {"fault": "reset"}))
    msv(probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat), {"MSV_TEST_KEY": OTHER})
    assert len(s["bj"].requests) == 1


def test_foreign_placeholder_and_masked_keys_are_never_sent(fake, extension) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {}))
    for key in ("sk-ant-api03-" + "x" * 40, "sk-proj-" + "y" * 40, "sk-xxx", "sk-****1234"):
        r = msv(probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat), {"MSV_TEST_KEY": key})
        assert r.exit_code == 3                 # nothing probed: "could not verify"
        assert r.json()["targets"][0]["skipped"]
    assert s["bj"].requests == []


# --------------------------------------------------------------------------- the key never leaks

def _all_text(root: Path) -> str:
    return "\n".join(p.read_text("utf-8", "replace") for p in root.rglob("*") if p.is_file())


def test_the_key_never_appears_in_any_output(fake, extension, cache_dir: Path, tmp_path: Path) -> None:
    s, cat = world(fake, extension,
                   bj=("cn-beijing", {"fault": "echo-key"}),               # echoes the key it was sent
                   sg=("ap-southeast-1", {"keys": {PAYG}, "denied": {"qwen3-max"}}),
                   hk=("cn-hongkong", {"fault": "slow", "slow": 5}))
    outputs = []
    for fmt in ("text", "json"):
        args = probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat, fmt=fmt,
                          extra=["--model", "qwen3-max", "--timeout", "0.3"])
        args.remove("--no-cache")
        outputs.append(msv(args, ENV).everything)
        outputs.append(msv([*args, "--regions"], ENV).everything)
    assert any("sk-…" in o for o in outputs)           # the fingerprint is there…
    for out in outputs:
        assert PAYG not in out                          # …never the key
        assert PAYG[3:15] not in out
    # the echoed body was recorded, redacted
    assert "Incorrect API key provided: sk-…" in outputs[1]
    assert cache_dir.exists() and PAYG not in _all_text(cache_dir)

    # diagnose: environment, config files, a pasted error carrying the key
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / ".env").write_text(
        f"OPENAI_BASE_URL={s['bj'].url('/compatible-mode/v1')}\nOPENAI_API_KEY={PAYG}\n", encoding="utf-8")
    for fmt in ("text", "json"):
        r = msv(["diagnose", str(tmp_path / "proj"), "--probe", "--catalogue", cat, "--candidate-host",
                 "127.0.0.1:*", "--format", fmt, "--timeout", "0.3", "--error",
                 f"Error code: 401 - {{'error': {{'message': 'Incorrect API key provided: {PAYG}', "
                 f"'code': 'invalid_api_key'}}}}"],
                {"HOME": str(tmp_path / "home"), "OPENAI_API_KEY": PAYG, "MSV_TEST_KEY": PAYG})
        assert PAYG not in r.everything
        assert PAYG[3:15] not in r.everything


def test_exception_messages_are_scrubbed() -> None:
    from validator.probe.safety import scrub

    assert PAYG not in scrub(f"failed for Bearer {PAYG}", PAYG)
    assert "sk-…" in scrub(f"key={PAYG}", PAYG)
    odd = "not-a-sk-shaped-secret-value"
    assert odd not in scrub(f"x {odd} y", odd)


# --------------------------------------------------------------------------- plan keys

def test_plan_keys_are_probed_only_on_request(fake, extension) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"style": "plan-key"}),
                   sg=("ap-southeast-1", {"style": "openai"}))
    r = msv(probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat, fmt="text"), {"MSV_TEST_KEY": PLAN})
    assert r.exit_code == 1 and "plan-endpoint-mismatch" in r.output    # not sent, but still flagged
    assert "--include-plan-hosts" in r.output
    assert s["bj"].requests == [] and s["sg"].requests == []

    r = msv(probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat, fmt="text",
                       extra=["--include-plan-hosts"]), {"MSV_TEST_KEY": PLAN})
    warnings = [ln for ln in r.output.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1 and "interactive" in warnings[0]
    assert len(s["bj"].requests) == 1
    # the Coding Plan key's 403 "invalid api-key" on a general host is a rejection (plan mismatch)
    doc = msv(probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat, extra=["--include-plan-hosts"]),
              {"MSV_TEST_KEY": PLAN}).json()
    bj = next(o for o in doc["targets"][0]["observations"] if o["host"] == s["bj"].netloc)
    assert (bj["outcome"], bj["meaning"]) == ("rejected", "plan-mismatch")


def test_a_general_key_on_a_plan_host_is_located_without_probing_the_plan_host(fake, extension) -> None:
    plan = fake(style="plan")
    sg = fake(keys={PAYG})
    cat = extension({"fake-plan": (plan, "cn-beijing"), "fake-sg": (sg, "ap-southeast-1")},
                    families={"fake-plan": ("plan", "coding-plan")})
    r = msv(probe_args(plan.url("/v1"), catalogue=cat), ENV)
    assert plan.requests == []
    doc = r.json()
    assert rules_of(doc) == ["probe-inconclusive"]
    assert sg.netloc in doc["findings"][0]["message"]


def test_plan_gateway_rejection_is_read_as_a_rejection(fake, extension) -> None:
    """The plan gateway's ``invalid access token or token expired`` (sent by hand: the catalogue
    names no token-free plan probe, so the locator never sends one)."""
    from validator.catalogue import load
    from validator.probe.plan import ProbeRequest
    from validator.probe.transport import Executor, Limits

    plan = fake(style="plan")
    cat = load([extension({"fake-plan": (plan, "cn-beijing")}, families={"fake-plan": ("plan", "coding-plan")})])
    req = ProbeRequest(url=plan.url("/v1/models"), method="GET", host=plan.netloc, base_url=plan.url("/v1"),
                       spec_id="manual")

    async def go():  # type: ignore[no-untyped-def]
        async with Executor(cat, Limits(timeout=2, total=5)) as ex:
            return await ex.run(req, PAYG, "sk-…")

    obs = asyncio.run(go())
    assert (obs.outcome, obs.meaning, obs.signature) == ("rejected", "plan-mismatch", "plan-gateway-invalid-token")


# --------------------------------------------------------------------------- cache and de-duplication

def test_cache_spares_repeated_runs_and_is_private(fake, extension, cache_dir: Path) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"style": "dashscope"}), sg=("ap-southeast-1", {"keys": {PAYG}}))
    args = [a for a in probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat) if a != "--no-cache"]
    first = msv(args, ENV).json()
    n_bj, n_sg = len(s["bj"].requests), len(s["sg"].requests)
    second = msv(args, ENV).json()
    assert (len(s["bj"].requests), len(s["sg"].requests)) == (n_bj, n_sg)      # nothing sent again
    assert rules_of(first) == rules_of(second) == ["probe-key-valid-elsewhere"]
    assert all(o["cached"] for o in second["targets"][0]["observations"])
    files = sorted(cache_dir.iterdir())
    # the verdict cache, and the observed model listing (names, region, date: issue 15)
    assert [f.name for f in files] == ["observed-models.json", "probe-verdicts.json"]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600 and PAYG not in f.read_text()
    msv([*args, "--no-cache"], ENV)
    assert len(s["bj"].requests) == n_bj + 1


def test_inconclusive_answers_are_not_cached(fake, extension) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"fault": "503"}))
    args = [a for a in probe_args(s["bj"].url("/compatible-mode/v1"), catalogue=cat) if a != "--no-cache"]
    msv(args, ENV)
    msv(args, ENV)
    assert len(s["bj"].requests) == 2


def test_cache_expires(tmp_path: Path) -> None:
    from validator.probe.cache import VerdictCache
    from validator.probe.observation import Observation

    now = [1000.0]
    cache = VerdictCache(tmp_path, ttl=60, clock=lambda: now[0])
    obs = Observation(host="h", base_url="https://h/v1", outcome="accepted", meaning="accepted", key="sk-…1")
    cache.put("k", "r", obs)
    cache.save()
    again = VerdictCache(tmp_path, ttl=60, clock=lambda: now[0])
    assert again.get("k", "r") is not None and again.get("k", "r").cached
    now[0] += 61
    assert again.get("k", "r") is None
    (tmp_path / "probe-verdicts.json").write_text("{not json")
    assert VerdictCache(tmp_path).get("k", "r") is None          # a damaged cache is ignored


def test_targets_sharing_a_key_and_host_send_one_request(fake, extension) -> None:
    from validator.catalogue import load
    from validator.probe.runner import ProbeSettings, probe

    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}}))
    url = s["sg"].url("/compatible-mode/v1")
    targets = [target(url, PAYG, name=f"t{i}") for i in range(4)]
    run = probe(targets, load([cat]), ProbeSettings(cache=False, candidate_hosts=("127.0.0.1:*",)))
    assert len(s["sg"].requests) == 1
    assert all(t.observations and t.observations[0].accepted for t in targets)
    assert run.sent == 1


# --------------------------------------------------------------------------- import cost

@pytest.mark.parametrize("argv", [
    ["check", "{tmp}", "--format", "json"],
    ["diagnose", "{tmp}", "--no-probe", "--error", "HTTP/1.1 401 {{\"code\":\"InvalidApiKey\"}}"],
    ["explain", "probe-key-rejected"],
    ["rules"],
])
def test_static_commands_do_not_import_httpx(tmp_path: Path, argv: list[str]) -> None:
    (tmp_path / ".env").write_text("OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n")
    args = [a.format(tmp=tmp_path) for a in argv]
    code = ("import sys\nfrom validator.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('HTTPX-IMPORTED' if 'httpx' in sys.modules else 'NO-HTTPX')\n")
    env = {**os.environ, "HOME": str(tmp_path), "MSV_CACHE_DIR": str(tmp_path / "c")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                         cwd=tmp_path)
    assert out.stderr.strip().endswith("NO-HTTPX"), out.stderr[-500:]


def test_json_output_is_stable(fake, extension) -> None:
    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}}))
    doc = msv(probe_args(s["sg"].url("/compatible-mode/v1"), catalogue=cat), ENV).json()
    assert set(doc) == {"version", "tool", "warnings", "targets", "findings", "summary"}
    obs = doc["targets"][0]["observations"][0]
    assert set(obs) >= {"host", "base_url", "outcome", "meaning", "status", "signature", "latency_ms", "cause",
                        "region", "plan", "family", "key", "role", "purpose", "cached"}
    json.dumps(doc)
