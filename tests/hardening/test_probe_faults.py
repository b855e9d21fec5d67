"""Probe faults: each classified for what it is, none read as a bad key, the run bounded by its timeouts.

Extends tests/probe/test_probe_locator.py (slow, reset, 500, 503, malformed JSON, HTML 200,
307, refused, TLS, DNS) with the answers real networks produce besides: 429 with and without
``Retry-After`` (never waited for), 401/403 pages from a proxy or WAF, empty and truncated bodies,
a body slower than the timeout, a huge body and a gzip bomb (read only up to the probe's cap),
a connection closed without an answer, a 3xx without ``Location``, 502/504 gateway pages — and all
of them at once, bounded by the whole-run timeout. The slow faults (a dribbled body, a host that
never answers) would outlast the hang guard if no timeout cut them, so a run that ends at all
proves the timeouts work; how close to ``--total-timeout`` it ends is ``bench/probe_concurrency.py``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from hangguard import hang_guard
from hardkit import Scripted, msv

MODELS = {"object": "list", "data": [{"id": "qwen-plus", "object": "model"}]}
RATE = {"error": {"message": "Requests rate limit exceeded, please try again later.", "type": "limit_requests",
                  "code": "limit_requests"}}
QUOTA = {"error": {"message": "You exceeded your current quota, please check your plan and billing details.",
                   "type": "insufficient_quota", "code": "insufficient_quota"}}
HTML = b"<html><head><title>401 Authorization Required</title></head><body>Sign in to the proxy</body></html>"

FAULTS: dict[str, dict] = {
    "429-retry-after": {"status": 429, "headers": {"Retry-After": "3600"}, "body": RATE},
    "429-no-retry-after": {"status": 429, "body": QUOTA},
    "429-text": {"status": 429, "headers": {"Content-Type": "text/plain"}, "body": b"Too Many Requests"},
    "401-proxy-html": {"status": 401, "headers": {"Content-Type": "text/html"}, "body": HTML},
    "401-empty": {"status": 401, "body": b""},
    "401-truncated-json": {"status": 401, "body": b'{"error": {"message": "Incorrect API', "content_length": 400,
                           "mode": "truncate"},
    "403-waf": {"status": 403, "headers": {"Content-Type": "text/html"}, "body": b"<h1>Request blocked</h1>"},
    "200-truncated-listing": {"status": 200, "body": b'{"object": "list", "data": [{"id": "qwen', "content_length": 999,
                              "mode": "truncate"},
    "200-not-json": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": b"OK"},
    # one byte every 0.3 s (under the read timeout), 150 s in all: only --total-timeout ends it
    "200-dribble": {"status": 200, "body": json.dumps(MODELS).encode() + b" " * 450, "mode": "dribble", "delay": 0.3},
    "close": {"mode": "close"},
    "302-no-location": {"status": 302, "body": b""},
    "502-gateway": {"status": 502, "headers": {"Content-Type": "text/html"}, "body": b"<html>Bad Gateway</html>"},
    "504-gateway": {"status": 504, "headers": {"Content-Type": "text/html"}, "body": b"<html>Gateway Timeout</html>"},
    "200-huge": {"status": 200, "body": b'{"object": "list", "data": [' + b'{"id": "x"},' * 2_000_000 + b"]}"},
    "401-gzip-bomb": {"status": 401, "headers": {"Content-Encoding": "gzip"},
                      "body": gzip.compress(b'{"error": {"message": "' + b" " * 50_000_000 + b'"}}', 9)},
}
# How each fault must read. Never "rejected": nothing here is Model Studio saying the key is wrong.
EXPECTED_MEANING = {"429-retry-after": "rate-limit", "429-no-retry-after": "quota"}



def _extension(tmp_path: Path, hosts: dict[str, Scripted]) -> str:
    from fakems import catalogue_extension

    regions = ["cn-beijing", "ap-southeast-1", "cn-hongkong", "us-east-1", "eu-central-1", "ap-northeast-1"]
    path = tmp_path / "ext.yaml"
    path.write_text(catalogue_extension({f"f-{name}": (h, regions[i % len(regions)])
                                         for i, (name, h) in enumerate(hosts.items())}), encoding="utf-8")
    return str(path)


def _run(base: str, key: str, cat: str, *extra: str):
    r = msv(["probe", "--base-url", base, "--key-env", "K", "--catalogue", cat, "--candidate-host", "127.0.0.1:*",
             "--format", "json", "--no-cache", *extra], env={"K": key})
    assert r.exc is None, r.exc
    return r


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_on_the_configured_host(servers, tmp_path: Path, canary_key: str, fault: str) -> None:
    reply = FAULTS[fault]
    host = servers(lambda req: reply)
    cat = _extension(tmp_path, {"h": host})
    with hang_guard(f"a probe of {fault}"):
        r = _run(host.url("/compatible-mode/v1"), canary_key, cat, "--timeout", "1", "--total-timeout", "5")
    assert r.code in (0, 1, 3), r
    doc = json.loads(r.stdout)
    obs = [o for t in doc["targets"] for o in t["observations"] if o["host"] == host.netloc and o["purpose"] == "key"]
    assert obs, doc
    assert all(o["outcome"] != "rejected" for o in obs), (fault, obs)
    assert "probe-key-rejected" not in [f["rule"] for f in doc["findings"]]
    assert len(host.requests) == 1, f"{fault}: retried ({len(host.requests)} requests)"
    if fault in EXPECTED_MEANING:
        assert obs[0]["meaning"] == EXPECTED_MEANING[fault], obs
        assert "probe-quota" in [f["rule"] for f in doc["findings"]]
    else:
        assert obs[0]["outcome"] == "inconclusive", (fault, obs)
        assert r.code == 3
    assert canary_key not in r.everything


def test_every_fault_at_once_is_bounded_by_the_whole_run_timeout(servers, tmp_path: Path, canary_key: str) -> None:
    """One configured host that rejects the key, and every faulty server as a candidate: the run
    ends within ``--total-timeout`` (+ start-up), says the verdict is inconclusive — not that the
    key is bad everywhere — and sends each server at most one request."""
    rejecting = servers(lambda req: {"status": 401, "body": {"code": "InvalidApiKey",
                                                             "message": "Invalid API-key provided."}})
    faulty = {name: servers(lambda req, reply=reply: reply) for name, reply in FAULTS.items()}
    hang = servers(lambda req: {"mode": "hang", "seconds": 600})
    cat = _extension(tmp_path, {"configured": rejecting, **faulty, "hang": hang})
    with hang_guard("a probe of every fault at once"):
        r = _run(rejecting.url("/compatible-mode/v1"), canary_key, cat, "--timeout", "1.5", "--total-timeout", "4",
                 "--concurrency", "4")
    doc = json.loads(r.stdout)
    rules = [f["rule"] for f in doc["findings"]]
    assert "probe-key-rejected" not in rules, rules
    assert all(len(s.requests) <= 1 for s in (*faulty.values(), hang))
    assert canary_key not in r.everything
