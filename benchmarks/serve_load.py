"""Load on ``presslens serve``: concurrent clients on 127.0.0.1, bounded in count and time.

Starts ``presslens serve`` in a subprocess (a fresh SQLite database, ``--workers N``), then
for each endpoint sends requests from ``--clients`` concurrent connections until
``--requests`` are done or ``--seconds`` have passed, and reports requests/s, p50/p90/p99
latency and errors:

- ``GET /healthz``: no work; the ceiling of the HTTP stack on this machine (the baseline
  the other rates are divided by);
- ``POST /v1alpha1/comments:analyze``: Perspective-format scoring of real comments (the
  shared comment data sets' texts, cycled), all six attributes;
- ``POST /v1/analyze``: whole pages (dragnet-dev pages cut to ``--page-chars``).

    python benchmarks/serve_load.py [--clients 8] [--requests 2000] [--seconds 60]
        [--workers 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]


def comments(shared: Path, count: int) -> list[str]:
    """Real reader comments: the news-site comments of the shared toxic_spans data."""
    path = shared / "data" / "comments" / "toxic_spans" / "comments.csv"
    found: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = (row.get("comment_text") or "").strip()
            if 20 <= len(text) <= 2000:
                found.append(text)
            if len(found) >= count:
                break
    if not found:
        raise SystemExit(f"no comment texts in {path}")
    return found


def pages(shared: Path, count: int, max_chars: int) -> list[str]:
    from presslens.segment.evaluate import load_marked_page

    folder = shared / "data" / "pages" / "dragnet-dev" / "gold"
    out = []
    for path in sorted(folder.glob("*.txt"))[:count]:
        text = load_marked_page(path).text
        if len(text) > max_chars:
            cut = text.rfind("\n\n", 0, max_chars)
            text = text[: cut if cut > 0 else max_chars]
        if text.strip():
            out.append(text)
    return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "presslens", "serve", "--db", db,
        "--port", str(port), "--workers", str(workers),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PRESSLENS_API_KEY"}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"server exited: {server.stderr.read().decode() if server.stderr else ''}"
            )
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start in 120 s")


async def load(
    base: str,
    method: str,
    path: str,
    bodies: Iterator[Any] | None,
    clients: int,
    requests: int,
    seconds: float,
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def worker() -> None:
            nonlocal sent
            while sent < requests and time.perf_counter() < deadline:
                sent += 1
                body = next(bodies) if bodies is not None else None
                start = time.perf_counter()
                try:
                    response = await client.request(method, path, json=body)
                    ok = response.status_code < 400
                    key = f"HTTP {response.status_code}"
                except httpx.HTTPError as err:
                    ok, key = False, err.__class__.__name__
                latencies.append(time.perf_counter() - start)
                if not ok:
                    errors[key] = errors.get(key, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {
        "requests": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "seconds": round(elapsed, 1),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
    }


def cycle(items: list[Any]) -> Iterator[Any]:
    while True:
        yield from items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint (pages: /10)")
    parser.add_argument("--seconds", type=float, default=60, help="per endpoint, at most")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--page-chars", type=int, default=4000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    attributes = {
        a: {}
        for a in ("TOXICITY", "SEVERE_TOXICITY", "INSULT", "IDENTITY_ATTACK", "THREAT", "PROFANITY")
    }
    perspective = [
        {
            "comment": {"text": t},
            "requestedAttributes": attributes,
            "languages": ["en"],
            "doNotStore": True,
        }
        for t in comments(args.shared, 5000)
    ]
    page_bodies = [{"text": t} for t in pages(args.shared, 200, args.page_chars)]
    results: dict[str, Any] = {
        "clients": args.clients,
        "workers": args.workers,
        "cores": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        server = start_server(f"sqlite:///{folder}/load.db", port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            runs = [
                ("GET /healthz", "GET", "/healthz", None, args.requests),
                ("POST /v1alpha1/comments:analyze", "POST", "/v1alpha1/comments:analyze",
                 cycle(perspective), args.requests),
                ("POST /v1/analyze", "POST", "/v1/analyze", cycle(page_bodies),
                 max(1, args.requests // 10)),
            ]  # fmt: skip
            for name, method, path, bodies, count in runs:
                # a short warm-up so first-request costs do not count
                asyncio.run(load(base, method, path, bodies, 2, 4, 30))
                results[name] = asyncio.run(
                    load(base, method, path, bodies, args.clients, count, args.seconds)
                )
                print(name, results[name], flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    ceiling = results["GET /healthz"]["requests_per_s"]
    for name in ("POST /v1alpha1/comments:analyze", "POST /v1/analyze"):
        results[name]["ratio_to_healthz"] = round(results[name]["requests_per_s"] / ceiling, 3)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
