"""Many phones at once against the server as the README starts it, beside a bare Flask anchor.

Prepares a database (`flask --app wsgi demo`), starts `flask --app wsgi serve` on 127.0.0.1 (its
web processes and the worker, settings as given by DOUDI_* or their defaults), then N phones at
once, each on one kept-alive connection, asking R resident pages in turn (home, the two start
pages, sign-in; the stylesheet once, after the first page, as a browser that keeps it by its
hash) with a browser's Accept-Encoding, pausing between pages as a person reading does (--think
seconds on average; 0: each phone asks again the moment it has its answer). Then the same walk
against the anchor, bench/anchor_app.py: a fixed page and stylesheet of the same size under the
same `serve` (same processes, threads and limits; no worker, database or session), in the same
run. Prints p50, p95, p99 and the slowest latency, each phone's first response, and errors.

The phones are one asyncio loop in this process (raw HTTP/1.1 over asyncio streams, no threads),
so the load generator does not add the waits of 200 threads taking turns on one interpreter
lock; it reports its own CPU time and how late its loop woke (a timer every 10 ms), which bound
what it adds to the figures. Loopback only, bounded in count and time; the servers are stopped.
Run: .venv/bin/python bench/phones.py [--phones 200 --requests 20 --think 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PAGES = ["/", "/start/application", "/start/self_declaration", "/signin"]
HEADERS = {"Accept-Encoding": "gzip, deflate, br", "User-Agent": "bench-phone",
           "Accept": "text/html,*/*"}
TIMEOUT = 30.0  # seconds one request may take before it counts as an error
LAG_TICK = 0.01  # the loop-lag probe's timer
WARM_CONNECTIONS = 16  # before the walk (2 web processes: each gets none with p = 2 × 2⁻¹⁶)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def flask(env: dict, app: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", app, *args], cwd=ROOT,
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


def request_bytes(path: str, port: int) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{port}",
             *(f"{k}: {v}" for k, v in HEADERS.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   request: bytes) -> tuple[int, bool, bytes]:
    """One request on an open connection: (status, whether it stays open, body)."""
    writer.write(request)
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:] if h)}
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = await chunked(reader)
    else:
        return status, False, await reader.read()
    return status, headers.get("connection", "").lower() != "close", body


async def chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
        parts.append((await reader.readexactly(size + 2))[:-2])
    while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers, then the blank line
        pass
    return b"".join(parts)


async def phone(port: int, urls: list[str], start: asyncio.Event, deadline: float,
                think: float, pauses: random.Random, out: dict) -> None:
    """One phone: one kept-alive connection, its pages in turn; latencies and errors."""
    await start.wait()
    conn = None
    for n, url in enumerate(urls):
        if n and think and n != 1:
            await asyncio.sleep(pauses.uniform(0.5, 1.5) * think)
        if time.monotonic() > deadline:
            out["errors"].append("out of time")
            break
        began = time.perf_counter()
        try:
            async with asyncio.timeout(TIMEOUT):
                if conn is None:
                    conn = await asyncio.open_connection(HOST, port)
                status, keep, _ = await exchange(*conn, request_bytes(url, port))
        except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError) as error:
            out["errors"].append(f"{url}: {error!r}")
            conn = close(conn)
            continue
        out["latencies"].append(time.perf_counter() - began)
        if status != 200:
            out["errors"].append(f"{url}: {status}")
        if not keep:
            conn = close(conn)
    close(conn)


def close(conn) -> None:
    if conn is not None:
        conn[1].close()


async def loop_lag(done: asyncio.Event, lags: list[float]) -> None:
    """How late this loop wakes for a timer: what the load generator itself adds, at most."""
    loop = asyncio.get_running_loop()
    while not done.is_set():
        asked = loop.time()
        await asyncio.sleep(LAG_TICK)
        lags.append(loop.time() - asked - LAG_TICK)


async def stylesheet(port: int) -> str:
    conn = await asyncio.open_connection(HOST, port)
    lines = ["GET / HTTP/1.1", f"Host: {HOST}:{port}"]
    _, _, html = await exchange(*conn, ("\r\n".join(lines) + "\r\n\r\n").encode())
    close(conn)
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', html.decode()).group(1)


async def warm_up(port: int, urls: list[str]) -> None:
    """WARM_CONNECTIONS connections at once, each asking every page once, before the walk: the
    kernel spreads them over the web processes, so each has compiled its templates and opened
    its threads' database connections, as a server that has been running has."""
    async def one() -> None:
        conn = await asyncio.open_connection(HOST, port)
        for url in urls:
            await exchange(*conn, request_bytes(url, port))
        close(conn)
    await asyncio.gather(*(one() for _ in range(WARM_CONNECTIONS)))


def pages(n: int, count: int, css: str) -> list[str]:
    """Phone n's requests: pages in turn from its own first one, the stylesheet second."""
    asked = [PAGES[(n + i) % len(PAGES)] for i in range(count - 1)]
    return asked[:1] + [css] + asked[1:]


async def walk(port: int, args) -> dict:
    """Every phone at once against the server on port; their figures and the client's own."""
    css = await stylesheet(port)
    await warm_up(port, [*PAGES, css])
    start, done = asyncio.Event(), asyncio.Event()
    deadline = time.monotonic() + args.seconds
    results = [{"latencies": [], "errors": []} for _ in range(args.phones)]
    phones = [asyncio.create_task(phone(port, pages(n, args.requests, css), start, deadline,
                                        args.think, random.Random(n), results[n]))
              for n in range(args.phones)]
    lags: list[float] = []
    probe = asyncio.create_task(loop_lag(done, lags))
    await asyncio.sleep(0.05)  # every phone is waiting at the start
    cpu, began = time.process_time(), time.perf_counter()
    start.set()
    await asyncio.gather(*phones)
    took, cpu = time.perf_counter() - began, time.process_time() - cpu
    done.set()
    await probe
    return {"results": results, "took": took, "cpu": cpu, "lags": lags}


def measure(env: dict, app: str, serve_args: list[str], args) -> dict:
    port = free_port()
    server = flask(env, app, "serve", "--host", HOST, "--port", str(port), *serve_args,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, 60)
        return asyncio.run(walk(port, args))
    finally:
        server.terminate()
        server.wait(timeout=30)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name: str, run: dict, args) -> None:
    results = run["results"]
    latencies = [x * 1000 for r in results for x in r["latencies"]]
    firsts = [r["latencies"][0] * 1000 for r in results if r["latencies"]]
    errors = [e for r in results for e in r["errors"]]
    lags = [x * 1000 for x in run["lags"]] or [0.0]
    print(f"\n{name}: {args.phones} phones × {args.requests} requests, kept alive, {args.think:g} s "
          f"between pages on average: {len(latencies):,} answered in {run['took']:.1f} s "
          f"({len(latencies) / run['took']:,.0f} req/s), {len(errors)} errors; the phones' own "
          f"CPU {100 * run['cpu'] / run['took']:.0f} % of one core, their loop woke late by "
          f"p50 {statistics.median(lags):.1f} / p99 {percentile(lags, 99):.1f} / "
          f"max {max(lags):.0f} ms")
    print("| | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |")
    print("|---|---:|---:|---:|---:|")
    for label, values in (("every request", latencies), ("each phone's first response", firsts)):
        if values:
            print(f"| {label} | {statistics.median(values):.0f} | {percentile(values, 95):.0f} | "
                  f"{percentile(values, 99):.0f} | {max(values):.0f} |")
    for error in errors[:5]:
        print("error:", error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages (s)")
    parser.add_argument("--seconds", type=float, default=120.0, help="bound on each walk")
    parser.add_argument("--no-anchor", action="store_true", help="the app only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DOUDI_DATABASE": f"{tmp}/phones.db", "DOUDI_SECRET_KEY": "bench",
               "DOUDI_SESSION_COOKIE_SECURE": "false"}
        flask(env, "wsgi", "demo", stdout=subprocess.DEVNULL).wait(timeout=120)
        settings = {k: v for k, v in env.items() if k.startswith("DOUDI_SERVE_")}
        print(f"settings given: {settings or 'none (the defaults)'}; {os.cpu_count()} CPUs")
        report("doudi (flask --app wsgi serve)", measure(env, "wsgi", [], args), args)
        if not args.no_anchor:
            report("anchor (bare Flask page, same serve)",
                   measure(env, "bench.anchor_app", ["--no-worker"], args), args)


if __name__ == "__main__":
    main()
