"""Keys go only where they belong (extends tests/probe/test_probe_safety.py, which covers a host
outside the catalogue, one 307 redirect, no retries, foreign and placeholder keys).

Here: every redirect status and Location shape, plain HTTP to a non-loopback address (also when a
catalogue extension names it), proxies from the environment (a loopback target never goes
through one; a CONNECT tunnel to a real host never shows the proxy the key), and where in the
request the key travels (one authentication header — never the URL, the body or another header).
A recording server on loopback sees everything the probe sends.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hangguard import hang_guard
from hardkit import Scripted, msv

MODELS = {"object": "list", "data": [{"id": "qwen-plus", "object": "model"}]}
REJECT = {"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                    "code": "invalid_api_key"}}



def _extension(tmp_path: Path, *hosts: Scripted, region: str = "cn-beijing") -> str:
    from fakems import catalogue_extension

    path = tmp_path / f"ext-{len(list(tmp_path.glob('ext-*')))}.yaml"
    path.write_text(catalogue_extension({f"scripted-{i}": (h, region) for i, h in enumerate(hosts)}),
                    encoding="utf-8")
    return str(path)


def _probe(base_url: str, key: str, catalogue: str, *extra: str, key_env: str = "MSV_TEST_KEY"):
    args = ["probe", "--base-url", base_url, "--key-env", key_env, "--catalogue", catalogue,
            "--candidate-host", "127.0.0.1:*", "--format", "json", "--no-cache", "--timeout", "2",
            "--total-timeout", "10", *extra]
    r = msv(args, env={key_env: key})
    assert r.exc is None, r.exc
    return r


def _observations(doc: dict) -> list[dict]:
    return [o for t in doc["targets"] for o in t["observations"]]


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("where", ["outside", "catalogue-host", "protocol-relative", "same-host", "https-downgrade"])
def test_no_redirect_is_ever_followed(servers, tmp_path: Path, canary_key: str, no_internet, status: int,
                                      where: str) -> None:
    outside = servers(lambda req: {"status": 200, "body": MODELS})
    location = {
        "outside": outside.url("/compatible-mode/v1/models"),
        "catalogue-host": "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/models",
        "protocol-relative": f"//{outside.netloc}/steal",
        "same-host": "/compatible-mode/v1/models?again=1",
        "https-downgrade": "http://dashscope.aliyuncs.com/compatible-mode/v1/models",
    }[where]
    redirecting = servers(lambda req: {"status": status, "headers": {"Location": location}, "body": b""})
    cat = _extension(tmp_path, redirecting)
    r = _probe(redirecting.url("/compatible-mode/v1"), canary_key, cat)
    assert len(redirecting.requests) == 1, redirecting.requests      # not followed back to itself either
    assert outside.requests == []
    assert no_internet == []                                          # nor to the real catalogue host
    doc = json.loads(r.stdout)
    obs = [o for o in _observations(doc) if o["host"] == redirecting.netloc]
    assert obs and all(o["outcome"] == "inconclusive" for o in obs), obs
    assert "probe-key-rejected" not in [f["rule"] for f in doc["findings"]]
    assert canary_key not in r.everything


# --------------------------------------------------------------------------- plain HTTP, proxies


@pytest.mark.parametrize("host", ["10.255.255.1", "192.168.0.10", "[fd00::1]", "example.internal"])
def test_plain_http_to_a_non_loopback_address_is_never_sent(tmp_path: Path, canary_key: str, no_internet,
                                                            host: str) -> None:
    """Named by a catalogue extension (without ``allow_http``: the schema refuses that for
    non-loopback hosts), an ``http://`` base URL still gets nothing: no lookup, no connection."""
    ext = tmp_path / "ext.yaml"
    ext.write_text(
        "hosts:\n  - id: office-gateway\n"
        f"    pattern: \"{host.strip('[]') if host.startswith('[') else host}\"\n"
        "    family: shared\n    region: cn-beijing\n    plan: payg\n    status: supported\n"
        "    callers: any-workspace\n    usage: any\n"
        "    protocols: {openai: /compatible-mode/v1}\n    source: inferred\n    confidence: inferred\n",
        encoding="utf-8")
    r = _probe(f"http://{host}/compatible-mode/v1", canary_key, str(ext))
    assert r.code in (0, 2, 3), r
    assert no_internet == [], no_internet
    if r.code != 2:
        doc = json.loads(r.stdout)
        why = [t["skipped"] for t in doc["targets"] if t.get("skipped")]
        why += [o["cause"] for o in _observations(doc) if o["meaning"] == "not-probed"]
        assert why and all("plain HTTP" in w or "catalogue" in w for w in why), doc
        assert all(o["meaning"] == "not-probed" for o in _observations(doc)), doc
    assert canary_key not in r.everything


def test_an_extension_cannot_allow_plain_http_to_a_non_loopback_host(tmp_path: Path, canary_key: str,
                                                                   no_internet) -> None:
    ext = tmp_path / "ext.yaml"
    ext.write_text(
        "hosts:\n  - id: office-gateway\n    pattern: \"10.255.255.1\"\n    family: shared\n    region: cn-beijing\n"
        "    plan: payg\n    status: supported\n    callers: any-workspace\n    usage: any\n"
        "    protocols: {openai: /compatible-mode/v1}\n    allow_http: true\n    source: inferred\n"
        "    confidence: inferred\n", encoding="utf-8")
    r = _probe("http://10.255.255.1/compatible-mode/v1", canary_key, str(ext))
    assert r.code == 2 and "allow_http" in r.stderr, r
    assert no_internet == []


@pytest.mark.parametrize("bind, name", [("127.0.0.1", None), ("127.0.0.2", None), ("127.0.0.1", "localhost")],
                         ids=["127.0.0.1", "127.0.0.2", "localhost"])
def test_a_loopback_target_never_goes_through_a_proxy_from_the_environment(servers, tmp_path: Path,
                                                                           canary_key: str, monkeypatch,
                                                                           bind: str, name: str | None) -> None:
    """All of 127.0.0.0/8 and ``localhost`` are reached directly, whatever the proxy variables say."""
    proxy = servers(lambda req: {"status": 502, "body": b"proxy"})
    target = servers(lambda req: {"status": 200, "body": MODELS}, bind, name)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(var, proxy.url())
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    r = _probe(target.url("/compatible-mode/v1"), canary_key, _extension(tmp_path, target))
    assert proxy.requests == [] and proxy.raw == []
    assert len(target.requests) >= 1
    assert r.code in (0, 1), r


def test_through_a_proxy_a_real_host_is_tunnelled_and_the_proxy_never_sees_the_key(servers, canary_key: str,
                                                                                   monkeypatch, no_internet) -> None:
    """``HTTPS_PROXY`` set (a corporate proxy): the probe asks the proxy for a CONNECT tunnel to the
    catalogue host; the key would travel inside TLS, so the proxy's bytes never contain it. (The
    recording proxy refuses the tunnel: nothing reaches the internet.)"""
    proxy = servers(lambda req: {"status": 403, "body": b"tunnel refused", "headers": {"Connection": "close"}})
    for var in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(var, proxy.url())
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    r = msv(["probe", "--base-url", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "--key-env", "K",
             "--candidate-host", "dashscope-intl.aliyuncs.com", "--format", "json", "--no-cache", "--timeout", "2"],
            env={"K": canary_key})
    direct = list(no_internet)
    no_internet.clear()          # reported below, not by the guard's teardown
    assert r.exc is None, r.exc
    assert direct == [], f"the probe went around the proxy, straight to {direct}"
    assert proxy.raw, "the probe did not use the proxy from the environment"
    assert all(req["method"] == "CONNECT" for req in proxy.requests), proxy.requests
    assert all(canary_key.encode() not in raw and canary_key[3:].encode() not in raw for raw in proxy.raw)
    doc = json.loads(r.stdout)
    assert all(o["outcome"] != "rejected" for o in _observations(doc))
    assert r.code == 3


def test_no_proxy_from_the_environment_is_honoured(servers, canary_key: str, monkeypatch, no_internet) -> None:
    """``NO_PROXY`` names the catalogue host: the probe goes straight to it (the network guard
    blocks the attempt), the proxy sees nothing."""
    proxy = servers(lambda req: {"status": 403, "body": b"tunnel refused", "headers": {"Connection": "close"}})
    for var in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(var, proxy.url())
    monkeypatch.setenv("NO_PROXY", "example.org,.aliyuncs.com")
    monkeypatch.delenv("no_proxy", raising=False)
    r = msv(["probe", "--base-url", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "--key-env", "K",
             "--candidate-host", "dashscope-intl.aliyuncs.com", "--format", "json", "--no-cache", "--timeout", "2"],
            env={"K": canary_key})
    direct = list(no_internet)
    no_internet.clear()          # expected here: the guard stopped the direct connection
    assert r.exc is None, r.exc
    assert proxy.raw == [], "NO_PROXY was ignored: the probe went through the proxy"
    assert any("dashscope-intl.aliyuncs.com" in d for d in direct), direct
    assert r.code == 3 and canary_key not in r.everything


def test_an_unusable_proxy_in_the_environment_is_a_clear_inconclusive(servers, tmp_path: Path, canary_key: str,
                                                                       monkeypatch, no_internet) -> None:
    """A proxy URL httpx cannot use (here ``ftp://``) makes every non-loopback request
    inconclusive with a cause that says so — no traceback, no direct connection around it, and
    not the proxy's password; loopback still works."""
    for var in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(var, "ftp://proxyuser:hunter2-proxy-pass@proxy.example:21")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    r = msv(["probe", "--base-url", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "--key-env", "K",
             "--candidate-host", "dashscope-intl.aliyuncs.com", "--format", "json", "--no-cache", "--timeout", "2"],
            env={"K": canary_key})
    assert r.exc is None, r.exc
    assert r.code == 3, r
    obs = _observations(json.loads(r.stdout))
    assert obs and all(o["outcome"] == "inconclusive" and "proxy" in o["cause"] for o in obs), obs
    assert "hunter2-proxy-pass" not in r.everything and "Traceback" not in r.everything
    target = servers(lambda req: {"status": 200, "body": MODELS})
    local = _probe(target.url("/compatible-mode/v1"), canary_key, _extension(tmp_path, target))
    assert target.requests and local.code in (0, 1), local


# --------------------------------------------------------------------------- where in the request


@pytest.mark.parametrize("protocol, path, header", [
    ("openai", "/compatible-mode/v1", "authorization"),
    ("anthropic", "/apps/anthropic", "x-api-key"),
    ("dashscope", "/api/v1", "authorization"),
])
def test_the_key_travels_in_one_authentication_header_only(servers, tmp_path: Path, canary_key: str,
                                                           protocol: str, path: str, header: str) -> None:
    refused = {"error": {"message": "messages must not be empty", "type": "invalid_request_error",
                         "code": "invalid_parameter_error"}}
    host = servers(lambda req: {"status": 200, "body": MODELS} if req["method"] == "GET"
                   else {"status": 400, "body": refused})
    r = _probe(host.url(path), canary_key, _extension(tmp_path, host), "--protocol", protocol,
               "--model", "qwen-plus")
    assert host.requests, r
    if protocol != "dashscope":   # the token-free model check was sent too
        assert [q["method"] for q in host.requests].count("POST") == 1, host.requests
    for req in host.requests:
        carrying = [k.lower() for k, v in req["headers"].items() if canary_key in v]
        assert len(carrying) == 1 and carrying[0] in ("authorization", "x-api-key"), (req["target"], carrying)
        if req["method"] == "POST" and protocol == "anthropic":   # the Anthropic model check
            assert carrying == [header]
        assert canary_key not in req["target"] and canary_key[3:] not in req["target"]
        assert canary_key not in req["body"]
    assert canary_key not in r.everything


def test_a_hanging_host_is_a_timeout(servers, tmp_path: Path, canary_key: str) -> None:
    """A host that never answers (ten minutes, past the hang guard) is cut by ``--timeout``:
    inconclusive, exit 3. That this costs one timeout, not the budget: ``bench/probe_concurrency.py``."""
    hang = servers(lambda req: {"mode": "hang", "seconds": 600})
    with hang_guard("a probe of a host that never answers"):
        r = _probe(hang.url("/compatible-mode/v1"), canary_key, _extension(tmp_path, hang), "--timeout", "0.5")
    assert r.code == 3
    obs = [o for o in _observations(json.loads(r.stdout)) if o["host"] == hang.netloc]
    assert obs and all(o["outcome"] == "inconclusive" and o["meaning"] == "timeout" for o in obs), obs
