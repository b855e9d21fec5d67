"""Probing N hosts takes about as long as the slowest one, not their sum.

    python bench/probe_concurrency.py [--hosts 12] [--delay 0.3] [--runs 3]

Starts ``--hosts`` fake Model Studio hosts on 127.0.0.1 (threads, real HTTP), each answering
the token-free key probe after ``--delay`` seconds, maps them to regions with a user catalogue
extension, and runs the real probe path (``msv probe --regions``: every host at once) on one
key. Prints the wall time of each run next to the sum of the per-host latencies (what a
sequential doctor would take), and exits 1 if the best run is not below twice the delay
(12 × 300 ms must finish in < 0.6 s).
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


def start_host(delay: float, stop: threading.Event) -> _Server:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

        def do_GET(self) -> None:
            stop.wait(delay)
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=12)
    ap.add_argument("--delay", type=float, default=0.3)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)

    from validator.catalogue import load
    from validator.model import Location, Origin, Secret, Target, Value
    from validator.probe.runner import ProbeSettings, probe_async

    stop = threading.Event()
    servers = [start_host(args.delay, stop) for _ in range(args.hosts)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-catalogue.yaml"
        path.write_text(extension(servers), encoding="utf-8")
        catalogue = load([str(path)])
        first = f"http://127.0.0.1:{servers[0].server_address[1]}/compatible-mode/v1"
        settings = ProbeSettings(timeout=5, total=10, concurrency=max(16, args.hosts), regions=True, cache=False,
                                 check_models=False, candidate_hosts=("127.0.0.1:*",))
        os.environ.setdefault("MSV_CACHE_DIR", tmp)
        results = []
        for _ in range(args.runs):
            t = Target(name="bench", client="openai-sdk", origin=Location("<bench>"), protocol="openai",
                       base_url=Value(first, Location("<bench>"), Origin.DECLARED),
                       key=Value(Secret(KEY), Location("<bench>"), Origin.DECLARED), key_variable="OPENAI_API_KEY")
            start = time.perf_counter()
            run = asyncio.run(probe_async([t], catalogue, settings))
            wall = time.perf_counter() - start
            lat = [o.latency_ms / 1000 for o in run.observations if o.latency_ms is not None]
            results.append((wall, sum(lat), max(lat) if lat else 0.0, len(run.observations)))
    stop.set()
    for s in servers:
        s.shutdown()
        s.server_close()

    print(f"hosts: {args.hosts}, each answering after {args.delay * 1000:.0f} ms (python {sys.version.split()[0]})")
    print(f"{'run':>4} {'probed':>7} {'wall':>9} {'slowest':>9} {'sum (sequential)':>17} {'speed-up':>9}")
    for i, (wall, total, slowest, n) in enumerate(results, 1):
        print(f"{i:>4} {n:>7} {wall * 1000:>7.0f}ms {slowest * 1000:>7.0f}ms {total * 1000:>15.0f}ms {total / wall:>8.1f}x")
    best = min(r[0] for r in results)
    limit = 2 * args.delay
    ok = best < limit and all(r[3] == args.hosts for r in results)
    print(f"best wall time {best * 1000:.0f} ms; limit {limit * 1000:.0f} ms: {'ok' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
