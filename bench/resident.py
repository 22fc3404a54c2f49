"""Resident requests against their anchors, under the same harness, in the same run.

- a form step GET (signed in, the property step) vs a bare Flask page rendering the same fields,
  by a Jinja loop and through WTForms (Flask-Compress on both, the same Accept-Encoding as
  Chromium over HTTPS; and once more with no compression asked);
- a form step POST (saved, redirected) and the final submission (sign) vs a bare Flask POST
  that does a raw case + outbox insert (one transaction, two INSERTs, a reused connection with
  the app's pragmas) into a real SQLite file and redirects.
Measured twice: as WSGI apps called in this process through Flask's test client, and over HTTP
"under the same server": one waitress process with `flask serve`'s settings serving the app and,
mounted beside it at /bare, the anchors, asked by this process on one kept-alive connection (the
server on one core, the client on the other). Ratios are requests per second of the subject over
the anchor's. Run: .venv/bin/python bench/resident.py
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from flask import Flask, redirect, request
from flask_compress import Compress
from waitress import serve
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from wtforms import Form, RadioField, StringField

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from pages import (  # noqa: E402
    APPLICANT,
    APPLICANT_OWN,
    NO_INCOME,
    SPOUSE,
    VILLAGE,
    post,
    post_from,
    sign_in,
)

from webapp import create_app  # noqa: E402
from webapp.domain.id_number import check_character  # noqa: E402
from webapp.serving import waitress_options  # noqa: E402

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
PROPERTY = {"houses": "1", "vehicles": "0", "business": "no"}
SIGN = {"commit": "yes", "authorize": "yes", "member-1-name": "李四", "member-1-agree": "yes"}
BARE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/site.css"></head><body><main><h1>{{ title }}</h1>
<form method="post"><input type="hidden" name="csrf_token" value="{{ token }}">
{% for f in fields %}<div class="field"><label for="{{ f.id }}">{{ f.label }}</label>
{% if f.options %}{% for o in f.options %}<label><input type="radio" name="{{ f.name }}"
 value="{{ o }}"> {{ o }}</label>{% endfor %}{% else %}<input id="{{ f.id }}" name="{{ f.name }}"
 value="{{ f.value }}" inputmode="numeric">{% endif %}</div>{% endfor %}
<button>保存，下一步</button></form></main></body></html>"""
BARE_WTFORMS = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/site.css"></head><body><main><h1>{{ title }}</h1>
<form method="post"><input type="hidden" name="csrf_token" value="{{ token }}">
{% for field in form %}<div class="field">{{ field.label }} {{ field() }}</div>{% endfor %}
<button>保存，下一步</button></form></main></body></html>"""


def batch(call: Callable[[], object], count: int) -> float:
    """Calls per second over count calls in a row."""
    start = time.perf_counter()
    for _ in range(count):
        call()
    return count / (time.perf_counter() - start)


def compare(subject: Callable[[], object], anchor: Callable[[], object], count: int,
            seconds: float) -> tuple[float, float, float]:
    """Requests per second of subject and anchor in alternating batches (so that both see the
    same machine), and the median of the batches' ratios; bounded in count and time."""
    per_batch = max(1, count // 10)
    pairs = []
    stop = time.monotonic() + seconds
    for _ in range(10):
        pairs.append((batch(subject, per_batch), batch(anchor, per_batch)))
        if time.monotonic() > stop:
            break
    return (statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs),
            statistics.median(a / b for a, b in pairs))


def fields_of(html: str) -> list[dict]:
    """The questions of a step page: label, name, and choices or value."""
    soup = BeautifulSoup(html, "html.parser")
    found: dict[str, dict] = {}
    for field in soup.select("main form input[name], main form select[name], main form textarea"):
        name = field["name"]
        if name == "csrf_token" or field.get("type") == "hidden":
            continue
        label = soup.find("label", {"for": field.get("id")})
        entry = found.setdefault(name, {"name": name, "id": field.get("id", name), "options": [],
                                        "label": label.get_text(strip=True) if label else name,
                                        "value": field.get("value", "")})
        if field.get("type") in ("radio", "checkbox"):
            entry["options"].append(field.get("value"))
    return list(found.values())


def bare_app(fields: list[dict], title: str, insert: Callable[[dict], None]) -> Flask:
    """A Flask page with the same fields and nothing else (no database, no session), and a
    POST that does the raw insert of what it is sent and redirects, as a step does."""
    app = Flask("bare")
    app.config.update(COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_BR_LEVEL=4)
    Compress(app)
    page = app.jinja_env.from_string(BARE)  # compiled once, as a template file would be
    app.add_url_rule("/", "page", lambda: page.render(fields=fields, title=title, token="x" * 88))
    with_forms = app.jinja_env.from_string(BARE_WTFORMS)
    form_class = wtforms_form(fields)
    app.add_url_rule("/wtforms", "wtforms", lambda: with_forms.render(
        form=form_class(), title=title, token="x" * 88))

    def inserted():
        insert(request.form.to_dict())
        return redirect("/")

    app.add_url_rule("/insert", "insert", inserted, methods=["POST"])
    return app


def wtforms_form(fields: list[dict]) -> type:
    """A WTForms form with the same fields: choices as radio buttons, the rest as text."""
    attrs = {f["name"]: RadioField(f["label"], choices=f["options"]) if f["options"]
             else StringField(f["label"], default=f["value"]) for f in fields}
    return type("SameFields", (Form,), attrs)


def raw_insert(path: str) -> Callable[[dict], None]:
    """A case and its outbox message, inserted in one transaction into a real SQLite file
    (a connection per thread, reused, as the app's are)."""
    made = connect_raw(path)
    made.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, reference TEXT UNIQUE, "
                 "state TEXT, answers TEXT, created_at TEXT)")
    made.execute("CREATE TABLE outbox (id INTEGER PRIMARY KEY, case_id INTEGER REFERENCES "
                 "cases(id), phone TEXT, body TEXT, status TEXT, created_at TEXT)")
    local = threading.local()
    count = iter(range(os.getpid() * 10**6, 10**12))

    def insert(sent: dict) -> None:
        if getattr(local, "pid", None) != os.getpid():
            local.conn, local.pid = connect_raw(path), os.getpid()
        conn = local.conn
        n = next(count)
        answers = json.dumps({"applicant": APPLICANT, "members": [SPOUSE], "property": sent},
                             ensure_ascii=False)
        conn.execute("BEGIN")
        case = conn.execute("INSERT INTO cases (reference, state, answers, created_at) "
                            "VALUES (?, 'submitted', ?, datetime('now'))",
                            [f"R{n:08d}", answers]).lastrowid
        conn.execute("INSERT INTO outbox (case_id, phone, body, status, created_at) "
                     "VALUES (?, '13800138000', ?, 'queued', datetime('now'))",
                     [case, f"您的申请已受理，编号R{n:08d}"])
        conn.execute("COMMIT")

    return insert


def connect_raw(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


_households = iter(range(1, 10**6))


def id_number(birth: str, n: int) -> str:
    first_17 = f"110105{birth}{n % 1000:03d}"
    return first_17 + check_character(first_17)


def to_property(client) -> str:
    """Walk an application up to its property step; the step address. Each walk is a new
    household (new ID numbers): a person has one open application at a time."""
    n = next(_households)
    applicant = {**APPLICANT, "id_number": id_number(f"1949{1 + n // 1000 % 12:02d}01", n)}
    spouse = {**SPOUSE, "id_number": id_number(f"1950{1 + n // 1000 % 12:02d}01", n)}
    first = post_from(client, "/start/application", "/start/application/begin").headers["Location"]
    step = first + "/step/"
    for name, data in [("applicant", applicant), ("residence", {**VILLAGE, "hukou_same": "yes"}),
                       ("consent", {"sensitive": "yes", **APPLICANT_OWN})]:
        post(client, step + name, data)
    sid = step.split("/")[2]
    post(client, f"/forms/{sid}/members/new", spouse)
    post(client, step + "members", {"action": "continue", "income-0": "yes", "income-1": "no"})
    post(client, f"/forms/{sid}/income/0", {**NO_INCOME, "has_work": "yes", "work": "12000"})
    return step + "property"


def to_sign(client, step: str) -> str:
    """From the property step on to the sign page; its address."""
    sid = step.split("/")[2]
    for name, data in [("property", PROPERTY), ("spending", {"medical": "8000"}),
                       ("situation", {"what_happened": "老伴生病", "help": "medical"})]:
        post(client, step.rsplit("/", 1)[0] + "/" + name, data)
    post(client, f"/forms/{sid}/check", {})
    post(client, f"/forms/{sid}/notice", {"read": "yes"})
    return f"/forms/{sid}/sign"


def submit(client, step: str) -> None:
    """Sign and send the draft of this step, so that the next walk starts a new one (starting a
    form while one is open resumes it)."""
    url = to_sign(client, step)
    response = client.post(url, data={"csrf_token": token(client, url), **SIGN})
    assert response.status_code == 302, (response.status_code, url)


def token(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


class Phone:
    """One kept-alive HTTP connection with the resident's session cookie."""

    def __init__(self, port: int, cookie: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = cookie

    def ask(self, method: str, url: str, headers: dict, data: dict | None = None) -> int:
        body = urllib.parse.urlencode(data) if data is not None else None
        sent = {**headers, "Cookie": self.cookie}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, url, body=body, headers=sent)
        response = self.conn.getresponse()
        response.read()
        return response.status


def start_server(app, bare) -> tuple[int, int]:
    """A child process serving the app, and the anchors at /bare, with waitress as `flask serve`
    configures it; its port and pid."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    port = sock.getsockname()[1]
    pid = os.fork()
    if pid == 0:
        try:
            serve(DispatcherMiddleware(app, {"/bare": bare}), sockets=[sock], _quiet=True,
                  **waitress_options(app.config))
        finally:
            os._exit(0)
    sock.close()
    return port, pid


def over_http(app, client, bare, args) -> list[tuple]:
    """The same comparisons through waitress on loopback, on a new draft."""
    step = to_property(client)
    csrf = token(client, step)
    port, pid = start_server(app, bare)
    try:
        phone = Phone(port, "doudi=" + client.get_cookie("doudi").value)
        for _ in range(100):
            if phone_ready(phone):
                break
            time.sleep(0.1)

        def get(url, headers):
            def call():
                assert phone.ask("GET", url, headers) == 200
            return call

        def posting(url, data):
            def call():
                assert phone.ask("POST", url, {}, data) == 302
            return call

        results = [(f"form step GET ({label})", anchor_name, *compare(
            get(step, headers), get("/bare" + url, headers), args.requests, args.seconds))
            for label, headers in (("compressed", BROWSER), ("uncompressed", {}))
            for anchor_name, url in (("bare Flask page", "/"),
                                     ("bare Flask + WTForms page", "/wtforms"))]
        raw_post = posting("/bare/insert", {"csrf_token": csrf, **PROPERTY})
        results.append(("form step POST", "raw case + outbox insert", *compare(
            posting(step, {"csrf_token": csrf, **PROPERTY}), raw_post, args.requests,
            args.seconds)))
        submit(client, step)
        results.append(final_submissions(
            client, lambda url, data: phone.ask("POST", url, {}, data), raw_post, args))
        return results
    finally:
        os.kill(pid, 15)
        os.waitpid(pid, 0)


def final_submissions(client, sign: Callable[[str, dict], int], raw_post, args) -> tuple:
    """Signings one at a time (each after a new walk, not timed), against 10 raw inserts each;
    `sign` posts the sign page and returns its status."""
    signs, raws = [], []
    deadline = time.monotonic() + args.seconds * 2
    for _ in range(args.submissions):
        if time.monotonic() > deadline:
            break
        url = to_sign(client, to_property(client))
        data = {"csrf_token": token(client, url), **SIGN}
        start = time.perf_counter()
        status = sign(url, data)
        signs.append(time.perf_counter() - start)
        assert status == 302, (status, url)
        raws.append(batch(raw_post, 10))
    sign_rate, raw_rate = 1 / statistics.median(signs), statistics.median(raws)
    return ("final submission (sign)", "raw case + outbox insert", sign_rate, raw_rate,
            sign_rate / raw_rate)


def phone_ready(phone: Phone) -> bool:
    try:
        return phone.ask("GET", "/bare/", {}) == 200
    except OSError:
        phone.conn.close()
        return False


def table(title: str, results: list[tuple]) -> None:
    targets = {"form step GET (compressed)": 0.6, "form step GET (uncompressed)": 0.6,
               "form step POST": 0.7, "final submission (sign)": 0.3}
    print(f"\n{title}\n")
    print("| request | req/s | anchor | anchor req/s | ratio | target |")
    print("|---|---:|---|---:|---:|---:|")
    for name, anchor_name, subject, anchor, ratio in results:
        print(f"| {name} | {subject:,.0f} | {anchor_name} | {anchor:,.0f} | {ratio:.2f} "
              f"| ≥ {targets[name]} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=30.0, help="bound per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE": f"{tmp}/bench.db", "SECRET_KEY": "bench",
                          "SESSION_COOKIE_SECURE": False, "SMS_QUIET_HOURS": "off"})
        client = app.test_client()
        sign_in(client, app)
        step = to_property(client)
        html = client.get(step).get_data(as_text=True)
        title = BeautifulSoup(html, "html.parser").h1.get_text(strip=True)
        bare_server = bare_app(fields_of(html), title, raw_insert(f"{tmp}/raw.db"))
        bare = bare_server.test_client()
        csrf = token(client, step)

        def step_get(who, headers, url="/"):
            return lambda: who.get(step if who is client else url, headers=headers).get_data()

        def step_post():
            response = client.post(step, data={"csrf_token": csrf, **PROPERTY})
            assert response.status_code == 302, response.status_code

        results = []
        for label, headers in (("compressed", BROWSER), ("uncompressed", {})):
            for anchor_name, url in (("bare Flask page", "/"),
                                     ("bare Flask + WTForms page", "/wtforms")):
                results.append((f"form step GET ({label})", anchor_name, *compare(
                    step_get(client, headers), step_get(bare, headers, url), args.requests,
                    args.seconds)))

        def raw_post():
            response = bare.post("/insert", data={"csrf_token": csrf, **PROPERTY})
            assert response.status_code == 302, response.status_code

        results.append(("form step POST", "raw case + outbox insert",
                         *compare(step_post, raw_post, args.requests, args.seconds)))
        submit(client, step)
        results.append(final_submissions(
            client, lambda url, data: client.post(url, data=data).status_code, raw_post, args))
        http_results = over_http(app, client, bare_server, args)
    table("In process (Flask's test client, no server)", results)
    table("Over HTTP, one waitress process as `flask serve` runs it", http_results)

if __name__ == "__main__":
    main()
