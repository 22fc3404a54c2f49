"""Page weight and server time of every resident page.

For each page: bytes on the wire of the HTML and of the CSS it links (its first render needs
both) as a browser receives them, asked with Chromium's Accept-Encoding over HTTPS (the server
compresses: brotli here, gzip for a browser that asks only that), and the median server time
over N requests through the WSGI app with a real SQLite file.
Run: .venv/bin/python bench/pages.py [--requests 200] [--markdown]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp.app import create_app  # noqa: E402
from webapp.sms import get_client, outbox  # noqa: E402
from webapp.store.engine import connect  # noqa: E402

BUDGET = 14 * 1024
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # Chromium over HTTPS
APPLICANT = {"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000"}
SPOUSE = {"action": "add", "name": "李四", "id_number": "110105195001010012",
          "relation": "spouse", "disability_kind": "physical", "disability_grade": "2",
          "serious_illness": "no", "labor_ability": "partial", "work": "farming"}
VILLAGE = {"county": "999901000000", "township": "999901102000", "village": "999901102202"}


def post(client, url: str, data: dict):
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": found.group(1), **data})


# The applicant's own questions, asked with the consent (issue 11), and the plain income page
# answered 没有 for every source.
APPLICANT_OWN = {"serious_illness": "no", "labor_ability": "full", "work": "farming"}
NO_INCOME = {f"has_{source}": "no" for source in ("farming", "work", "business", "pension",
                                                  "subsidy", "relatives", "rent")}


def post_from(client, page_url: str, url: str, data: dict | None = None):
    """Press a button on page_url whose form posts to url."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get(page_url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": found.group(1), **(data or {})})


def sign_in(client, app) -> None:
    post(client, "/signin", {"phone": "13800138000"})
    db = connect(app.config["DATABASE"])
    outbox.deliver_pending(db, get_client(app.config), app.config)
    body = db.execute("SELECT body FROM outbox ORDER BY id DESC LIMIT 1").fetchone()[0]
    db.close()
    post(client, "/signin/code", {"code": re.search(r"验证码(\d{6})", body).group(1)})


def walk_application(client, pages) -> None:
    first = post_from(client, "/start/application", "/start/application/begin").headers["Location"]
    sid = first.rsplit("/", 1)[1]
    step = f"/forms/{sid}/step/"
    for name, data in [("applicant", APPLICANT), ("residence", {**VILLAGE, "hukou_same": "yes"}),
                       ("consent", {"sensitive": "yes", **APPLICANT_OWN})]:
        pages(f"application: {name}", step + name)
        post(client, step + name, data)
    pages("application: members", step + "members")
    pages("application: add a member", f"/forms/{sid}/members/new")
    post(client, f"/forms/{sid}/members/new", SPOUSE)
    post(client, step + "members", {"action": "continue", "income-0": "yes", "income-1": "no"})
    pages("application: member's income", f"/forms/{sid}/income/0")
    post(client, f"/forms/{sid}/income/0", {**NO_INCOME, "has_work": "yes", "work": "12000"})
    pages("application: income", step + "income")
    for name, data in [("property", {"houses": "1", "vehicles": "0", "business": "no"}),
                       ("spending", {"medical": "8000"}),
                       ("situation", {"what_happened": "老伴生病", "help": "medical"})]:
        pages(f"application: {name}", step + name)
        post(client, step + name, data)
    pages("application: check", f"/forms/{sid}/check")
    post(client, f"/forms/{sid}/check", {})
    pages("application: notice letter", f"/forms/{sid}/notice")
    post(client, f"/forms/{sid}/notice", {"read": "yes"})
    pages("application: sign", f"/forms/{sid}/sign")
    done = post(client, f"/forms/{sid}/sign", {"commit": "yes", "authorize": "yes",
                                              "member-1-name": "李四", "member-1-agree": "yes"})
    pages("confirmation", done.headers["Location"])


def walk_self_declaration(client, pages) -> None:
    first = post_from(client, "/start/self_declaration",
                      "/start/self_declaration/begin").headers["Location"]
    sid = first.rsplit("/", 1)[1]
    step = f"/forms/{sid}/step/"
    pages("self-declaration: declarant", step + "declarant")
    post(client, step + "declarant", {**VILLAGE, "name": "张三", "id_number": APPLICANT["id_number"]})
    pages("self-declaration: risks", step + "risks")
    post(client, step + "risks", {"risks": "disaster"})
    pages("self-declaration: members", step + "members")
    post(client, step + "members", {"action": "continue"})
    pages("self-declaration: check", f"/forms/{sid}/check")
    post(client, f"/forms/{sid}/check", {})
    pages("self-declaration: sign", f"/forms/{sid}/sign")


def wire(client, url: str) -> tuple[int, bytes, str]:
    """Bytes on the wire of a response as a browser asks for it, its body and its encoding."""
    with client.get(url, headers=BROWSER) as response:
        assert response.status_code == 200, (url, response.status_code)
        return (len(response.data), response.data,
                response.headers.get("Content-Encoding", "none"))


def measure(client, url: str, requests: int) -> tuple[int, int, float, str]:
    html_bytes, _body, encoding = wire(client, url)
    html = client.get(url).get_data()
    css = sum(wire(client, href.decode())[0]
              for href in re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html))
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url, headers=BROWSER).get_data()
        times.append((time.perf_counter() - start) * 1000)
    return html_bytes, css, statistics.median(times), encoding


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE": f"{tmp}/bench.db", "SECRET_KEY": "bench",
                          "SESSION_COOKIE_SECURE": False, "SMS_QUIET_HOURS": "off"})
        anonymous = app.test_client()
        pages = {"home": "/", "start: application": "/start/application",
                 "start: self-declaration": "/start/self_declaration", "sign in": "/signin"}
        rows = [(name, *measure(anonymous, url, args.requests)) for name, url in pages.items()]
        client = app.test_client()
        post(client, "/signin", {"phone": "13900139000"})
        rows.append(("sign-in code", *measure(client, "/signin/code", args.requests)))
        client = app.test_client()
        sign_in(client, app)

        def visit(name: str, url: str) -> None:
            rows.append((name, *measure(client, url, args.requests)))

        walk_application(client, visit)
        walk_self_declaration(client, visit)
        visit("status", "/status")
    print("| page | HTML on the wire (B) | CSS on the wire (B) | first render (B) | encoding "
          "| median server time (ms) |")
    print("|---|---:|---:|---:|---|---:|")
    for name, html, css, median, encoding in rows:
        flag = "" if html + css <= BUDGET else " ⚠ over 14 KB"
        print(f"| {name} | {html:,} | {css:,} | {html + css:,}{flag} | {encoding} | {median:.1f} |")
    worst = max(rows, key=lambda r: r[1] + r[2])
    print(f"\nheaviest first render: {worst[0]} {worst[1] + worst[2]:,} B (budget {BUDGET:,} B); "
          f"slowest median: {max(r[3] for r in rows):.1f} ms (budget 20 ms)")
    print("scripts, deferred and kept by the service worker (on the wire): " + ", ".join(
        f"{name} {wire(anonymous, '/static/' + name)[0]:,} B"
        for name in ("htmx-2.0.11.min.js", "offline.js", "sw.js")))


if __name__ == "__main__":
    main()
