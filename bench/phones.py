"""Many phones at once against the server as the README starts it.

Prepares a database (`flask --app wsgi demo`), starts `flask --app wsgi serve` on 127.0.0.1
(waitress and the worker), then N phones at once, each on one kept-alive connection, asking
R resident pages in turn (home, the two start pages, sign-in; the stylesheet once, after the
first page, as a browser that keeps it by its hash) with a browser's Accept-Encoding, pausing
between pages as a person reading does (--think seconds on average; 0: each phone asks again
the moment it has its answer). Prints p50, p95, p99 and the slowest latency, each phone's first
response, and errors. Loopback only, bounded in count and time; the server is stopped at the end.
Run: .venv/bin/python bench/phones.py [--phones 200 --requests 20]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PAGES = ["/", "/start/application", "/start/self_declaration", "/signin"]
HEADERS = {"Accept-Encoding": "gzip, deflate, br", "User-Agent": "bench-phone",
           "Accept": "text/html,*/*"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def flask(env: dict, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                            env=env, **kwargs)


def wait_for(port: int, seconds: float) -> None:
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not open port {port} in {seconds:.0f} s")


def stylesheet(port: int) -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", "/")
    html = conn.getresponse().read().decode()
    conn.close()
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)


def phone(port: int, urls: list[str], start: threading.Barrier, deadline: float,
          think: float, out: dict) -> None:
    """One phone: one kept-alive connection, its pages in turn; latencies and errors."""
    pauses = random.Random(len(out["latencies"]) + id(out))
    start.wait()
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    for n, url in enumerate(urls):
        if n and think and n != 1:
            time.sleep(pauses.uniform(0.5, 1.5) * think)
        if time.monotonic() > deadline:
            out["errors"].append("out of time")
            break
        began = time.perf_counter()
        try:
            conn.request("GET", url, headers=HEADERS)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                out["errors"].append(f"{url}: {response.status}")
        except (OSError, http.client.HTTPException) as error:
            out["errors"].append(f"{url}: {error!r}")
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        out["latencies"].append(time.perf_counter() - began)
    conn.close()


def pages(n: int, count: int, css: str) -> list[str]:
    """Phone n's requests: pages in turn from its own first one, the stylesheet second."""
    asked = [PAGES[(n + i) % len(PAGES)] for i in range(count - 1)]
    return asked[:1] + [css] + asked[1:]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages (s)")
    parser.add_argument("--seconds", type=float, default=120.0, help="bound on the whole run")
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DOUDI_DATABASE": f"{tmp}/phones.db", "DOUDI_SECRET_KEY": "bench",
               "DOUDI_SESSION_COOKIE_SECURE": "false"}
        flask(env, "demo", stdout=subprocess.DEVNULL).wait(timeout=120)
        server = flask(env, "serve", "--host", HOST, "--port", str(port),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(port, 60)
            css = stylesheet(port)
            start = threading.Barrier(args.phones)
            deadline = time.monotonic() + args.seconds
            results = [{"latencies": [], "errors": []} for _ in range(args.phones)]
            threads = [threading.Thread(target=phone, daemon=True, args=(
                port, pages(n, args.requests, css), start, deadline, args.think, results[n]))
                for n in range(args.phones)]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=max(1.0, deadline - time.monotonic() + 35))
            took = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=20)
    latencies = [x * 1000 for r in results for x in r["latencies"]]
    firsts = [r["latencies"][0] * 1000 for r in results if r["latencies"]]
    errors = [e for r in results for e in r["errors"]]
    print(f"{args.phones} phones × {args.requests} requests, kept alive, {args.think:g} s between "
          f"pages on average: {len(latencies):,} "
          f"answered in {took:.1f} s ({len(latencies) / took:,.0f} req/s), {len(errors)} errors")
    print("| | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |")
    print("|---|---:|---:|---:|---:|")
    for name, values in (("every request", latencies), ("each phone's first response", firsts)):
        if values:
            print(f"| {name} | {statistics.median(values):.0f} | {percentile(values, 95):.0f} | "
                  f"{percentile(values, 99):.0f} | {max(values):.0f} |")
    for error in errors[:5]:
        print("error:", error)


if __name__ == "__main__":
    main()
