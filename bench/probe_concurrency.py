"""Target 4 of the speed issue: probing N hosts takes as long as the slowest, not their sum.

    python bench/probe_concurrency.py [--hosts 12] [--delay 0.3] [--runs 3] [--timeout 1.0]

Starts ``--hosts`` fake Model Studio hosts on 127.0.0.1 (threads, real HTTP), each answering
the token-free key probe after ``--delay`` seconds, maps them to regions with a user catalogue
extension, and runs the real probe path (``msv probe --regions``: every host at once) on one
key. Two scenarios, each printed with its limit:

1. all hosts answer: the wall time of each run next to the sum of the per-host latencies (what a
   sequential doctor would take); 12 x 300 ms must finish in < 0.6 s (twice the delay);
2. one of the hosts never answers (it accepts the connection and hangs), with a per-request
   timeout of ``--timeout``: the report must come back within that timeout (+ 0.25 s of slack),
   the hanging host reported as a timeout and every other host answered.

Exit status 1 when a limit is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

KEY = "sk-" + "5e" * 16
REGIONS = ("cn-beijing", "ap-southeast-1", "us-east-1", "cn-hongkong")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass


HANG = float("inf")


def start_host(delay: float, stop: threading.Event) -> _Server:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

        def do_GET(self) -> None:
            stop.wait(None if delay == HANG else delay)   # a hanging host waits until the bench ends
            accepted = self.headers.get("Authorization") == f"Bearer {KEY}"
            body = json.dumps({"object": "list", "data": [{"id": "qwen-plus"}]} if accepted else
                              {"code": "InvalidApiKey", "message": "Invalid API-key provided."}).encode()
            self.send_response(200 if accepted else 401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = _Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def extension(servers: list[_Server]) -> str:
    lines = ["hosts:"]
    for i, s in enumerate(servers):
        lines += [f"  - id: bench-{i}", f"    pattern: \"127.0.0.1:{s.server_address[1]}\"", "    family: shared",
                  f"    region: {REGIONS[i % len(REGIONS)]}", "    plan: payg", "    status: supported",
                  "    callers: any-workspace", "    usage: any",
                  "    protocols: {openai: /compatible-mode/v1, dashscope: /api/v1}", "    allow_http: true",
                  "    source: inferred", "    confidence: inferred"]
    return "\n".join(lines) + "\n"


def scenario(delays: list[float], settings_kw: dict, runs: int) -> list[tuple[float, list]]:
    """Run the real probe over hosts answering after ``delays``; (wall, observations) per run."""
    from validator.catalogue import load
    from validator.model import Location, Origin, Secret, Target, Value
    from validator.probe.runner import ProbeSettings, probe_async

    stop = threading.Event()
    servers = [start_host(d, stop) for d in delays]
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench-catalogue.yaml"
            path.write_text(extension(servers), encoding="utf-8")
            catalogue = load([str(path)])
            first = f"http://127.0.0.1:{servers[0].server_address[1]}/compatible-mode/v1"
            settings = ProbeSettings(concurrency=max(16, len(delays)), regions=True, cache=False, check_models=False,
                                     candidate_hosts=("127.0.0.1:*",), **settings_kw)
            os.environ.setdefault("MSV_CACHE_DIR", tmp)
            for _ in range(runs):
                t = Target(name="bench", client="openai-sdk", origin=Location("<bench>"), protocol="openai",
                           base_url=Value(first, Location("<bench>"), Origin.DECLARED),
                           key=Value(Secret(KEY), Location("<bench>"), Origin.DECLARED), key_variable="OPENAI_API_KEY")
                start = time.perf_counter()
                run = asyncio.run(probe_async([t], catalogue, settings))
                results.append((time.perf_counter() - start, list(run.observations)))
    finally:
        stop.set()
        for s in servers:
            s.shutdown()
            s.server_close()
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=12)
    ap.add_argument("--delay", type=float, default=0.3)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=1.0, help="per-request timeout of the hanging-host scenario")
    args = ap.parse_args(argv)

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    results = scenario([args.delay] * args.hosts, {"timeout": 5, "total": 10}, args.runs)
    print(f"1. {args.hosts} hosts, each answering after {args.delay * 1000:.0f} ms")
    print(f"{'run':>4} {'probed':>7} {'wall':>9} {'slowest':>9} {'sum (sequential)':>17} {'speed-up':>9}")
    for i, (wall, obs) in enumerate(results, 1):
        lat = [o.latency_ms / 1000 for o in obs if o.latency_ms is not None]
        total, slowest = sum(lat), max(lat, default=0.0)
        print(f"{i:>4} {len(obs):>7} {wall * 1000:>7.0f}ms {slowest * 1000:>7.0f}ms {total * 1000:>15.0f}ms "
              f"{total / wall:>8.1f}x")
    best = min(r[0] for r in results)
    limit = 2 * args.delay
    ok1 = best < limit and all(len(obs) == args.hosts for _, obs in results)
    print(f"   best wall time {best * 1000:.0f} ms = {best / args.delay:.2f}x one host's delay; "
          f"limit {limit * 1000:.0f} ms: {'OK' if ok1 else 'TOO SLOW'}\n")

    delays = [args.delay] * (args.hosts - 1) + [HANG]
    results = scenario(delays, {"timeout": args.timeout, "total": 10}, args.runs)
    print(f"2. {args.hosts - 1} hosts answering after {args.delay * 1000:.0f} ms + 1 host that never answers; "
          f"per-request timeout {args.timeout:.1f} s")
    slack = 0.25
    ok2 = True
    for i, (wall, obs) in enumerate(results, 1):
        timeouts = [o for o in obs if o.outcome == "inconclusive" and o.meaning == "timeout"]
        answered = [o for o in obs if o.outcome == "accepted"]
        good = wall <= args.timeout + slack and len(timeouts) == 1 and len(answered) == args.hosts - 1
        ok2 &= good
        print(f"{i:>4}   wall {wall * 1000:>5.0f}ms = {wall / args.timeout:.2f}x the timeout; "
              f"{len(answered)} answered, {len(timeouts)} timed out "
              f"({timeouts[0].cause if timeouts else 'none'})")
    print(f"   limit: the timeout + {slack * 1000:.0f} ms ({(args.timeout + slack) * 1000:.0f} ms), the hanging host "
          f"reported, the others answered: {'OK' if ok2 else 'MISSED'}")
    return 0 if ok1 and ok2 else 1


if __name__ == "__main__":
    sys.exit(main())
