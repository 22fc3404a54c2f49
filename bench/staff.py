"""Staff pages at county scale (issue 8, item 7): median and p95 server time at 10 k, 100 k and 1 M
synthetic cases, the 1 M / 10 k ratio per page, and the CSV export's time and peak memory.

Each size is a database filled by `flask --app wsgi demo --cases N` (the real command), kept
under --cache keyed by its size and reused by later runs (--rebuild to make it again). Two staff
accounts are made in it — a township reviewer of 柳林乡 and a county confirmer of the demo county —
and each signs in through the real sign-in form. Requests go through the Flask test client (the
WSGI app in this process, no network), and so does the anchor: a bare Flask page rendering a
small template, timed in the same run, so a figure can be read as a multiple of it.

A page that does not exist yet reports "missing" (404); one that fails reports its status.
Run: .venv/bin/python bench/staff.py [--sizes 10000,100000,1000000] [--requests 50] [--cache DIR] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, render_template_string  # noqa: E402

from webapp.app import create_app  # noqa: E402
from webapp.services import accounts  # noqa: E402
from webapp.store.engine import connect  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COUNTY = "999901000000"  # 清河县（演示）
LIULIN = "999901102000"  # 柳林乡
PASSWORD = "bench password, not a secret"
STAFF = {"township": ("bench-liulin", "柳林审核", "township_reviewer", LIULIN),
         "county": ("bench-county", "县级确认", "county_confirmer", COUNTY)}

# The pages, as webapp/staff/views.py (branch `lists`) and board_views.py name them now.
HOME = "/staff/"
BOARD = "/staff/board"
CASE_LIST = "/staff/cases?page={page}"  # the default queue (在办) of the reviewer's township
SEARCH = "/staff/search?q={q}"  # reference, ID number, phone or name
CASE_PAGE = "/staff/cases/{case_id}"
CSV_EXPORT = "/staff/board/cases.csv"


@dataclass
class Figure:
    """One page's timings in milliseconds, or why there are none."""

    page: str
    times: list[float]
    status: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def database_for(size: int, cache: Path, rebuild: bool) -> Path:
    """The database with `size` synthetic cases, made with the demo command unless kept."""
    path = cache / f"cases-{size}.db"
    if path.exists() and not rebuild:
        return path
    cache.mkdir(parents=True, exist_ok=True)
    building = cache / f"cases-{size}.building.db"
    for stale in cache.glob(f"cases-{size}.*"):
        stale.unlink()
    started = time.perf_counter()
    env = {**os.environ, "DOUDI_DATABASE": str(building), "DOUDI_SECRET_KEY": "bench"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "demo", "--cases", str(size)],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"built {size} cases in {time.perf_counter() - started:.0f} s: {path}", file=sys.stderr)
    building.rename(path)
    for side in ("-wal", "-shm"):
        Path(str(building) + side).unlink(missing_ok=True)
    return path


def make_app(path: Path) -> Flask:
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "SMS_QUIET_HOURS": "off"})
    db = connect(str(path))
    for username, name, role, region in STAFF.values():
        if accounts.get_by_username(db, username) is None:
            accounts.create_staff(db, username, name, role, region, PASSWORD)
    db.close()
    return app


def signed_in(app: Flask, who: str):
    """A test client in which the staff member signed in through the sign-in form."""
    client = app.test_client()
    page = client.get("/staff/signin").get_data(as_text=True)
    token = page.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    response = client.post("/staff/signin", data={"csrf_token": token, "username": STAFF[who][0],
                                                   "password": PASSWORD})
    assert response.status_code == 302, f"{who} could not sign in: {response.status_code}"
    return client


def timed(get: Callable[[], object], page: str, requests: int) -> Figure:
    """`requests` GETs after two to warm up; a page that is not 200 reports its status."""
    times = []
    for number in range(requests + 2):
        started = time.perf_counter()
        response = get()
        response.get_data()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            return Figure(page, [], "missing" if response.status_code == 404 else str(response.status_code))
        if number >= 2:
            times.append(elapsed)
    return Figure(page, times)


def sample_case(path: Path) -> tuple[int, str]:
    """A synthetic case of 柳林乡 in the middle of the table: its id and reference."""
    db = sqlite3.connect(path)
    try:
        count = db.execute("SELECT COUNT(*) FROM cases WHERE township_code = ?", [LIULIN]).fetchone()[0]
        return db.execute("SELECT id, reference FROM cases WHERE township_code = ? ORDER BY id "
                          "LIMIT 1 OFFSET ?", [LIULIN, count // 2]).fetchone()
    finally:
        db.close()


def anchor(requests: int) -> Figure:
    """A bare Flask page with a small template, through the test client like the rest."""
    bare = Flask("anchor")
    bare.get("/")(lambda: render_template_string("<!doctype html><title>{{ t }}</title><p>{{ t }}</p>",
                                                 t="anchor"))
    client = bare.test_client()
    return timed(lambda: client.get("/"), "anchor: bare Flask page", requests)


def download(client) -> tuple[int, int]:
    """The CSV export read as a browser downloads it, chunk by chunk, never held whole:
    (status, rows)."""
    response = client.get(CSV_EXPORT, buffered=False)
    lines = sum(chunk.count(b"\n") for chunk in response.iter_encoded())
    response.close()
    return response.status_code, lines - 1


def export(client, page: str) -> tuple[Figure, float, int]:
    """The CSV export once timed, once under tracemalloc: (time, peak MB, rows). Both read it
    streamed, so the peak is what the server holds, not the file's size."""
    started = time.perf_counter()
    status, rows = download(client)
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        return Figure(page, [], "missing" if status == 404 else str(status)), 0.0, 0
    tracemalloc.start()
    download(client)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return Figure(page, [elapsed]), peak, rows


def measure(size: int, args: argparse.Namespace) -> tuple[list[Figure], str]:
    path = database_for(size, args.cache, args.rebuild)
    app = make_app(path)
    township, county = signed_in(app, "township"), signed_in(app, "county")
    case_id, reference = sample_case(path)
    n = args.requests
    figures = [anchor(n),
               timed(lambda: township.get(HOME), "township home /staff/", n),
               timed(lambda: county.get(HOME), "county home /staff/", n),
               timed(lambda: county.get(BOARD), "county board /staff/board", n),
               timed(lambda: township.get(CASE_LIST.format(page=1)), "township case list, page 1", n),
               timed(lambda: township.get(CASE_LIST.format(page=50)), "township case list, page 50", n),
               timed(lambda: county.get(SEARCH.format(q=reference)), "county search by reference", n),
               timed(lambda: township.get(CASE_PAGE.format(case_id=case_id)), "case page", n)]
    csv_figure, peak, rows = export(county, "county CSV export")
    figures.append(csv_figure)
    note = (f"CSV export: {rows} rows in {csv_figure.median / 1000:.2f} s, peak traced memory "
            f"{peak:.1f} MB" if not csv_figure.status else f"CSV export: {csv_figure.status}")
    return figures, note


def table(size: int, figures: list[Figure], note: str) -> str:
    base = figures[0].median
    lines = [f"### {size:,} cases", "", "| page | median ms | p95 ms | × anchor |", "|---|---:|---:|---:|"]
    for f in figures:
        if f.status:
            lines.append(f"| {f.page} | {f.status} | | |")
        else:
            lines.append(f"| {f.page} | {f.median:.1f} | {f.p95:.1f} | {f.median / base:.0f} |")
    return "\n".join([*lines, "", note, ""])


def ratios(sizes: list[int], results: dict[int, list[Figure]]) -> str:
    small, large = sizes[0], sizes[-1]
    lines = [f"### {large:,} / {small:,} cases (median, p95)", "", "| page | median | p95 |",
             "|---|---:|---:|"]
    for a, b in zip(results[small], results[large], strict=True):
        if a.status or b.status:
            lines.append(f"| {a.page} | {a.status or b.status} | |")
        else:
            lines.append(f"| {a.page} | {b.median / a.median:.2f} | {b.p95 / a.p95:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="numbers of synthetic cases, comma-separated, smallest first")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/doudi-bench"))
    parser.add_argument("--rebuild", action="store_true", help="make the databases again")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results = {}
    for size in sizes:
        figures, note = measure(size, args)
        results[size] = figures
        print(table(size, figures, note), flush=True)
    if len(sizes) > 1:
        print(ratios(sizes, results))
    print(f"Flask test client, {args.requests} requests per page after 2 warm-up ones; "
          f"CASE_LIST = {CASE_LIST}, SEARCH = {SEARCH}")


if __name__ == "__main__":
    main()
