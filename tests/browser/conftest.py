"""Browser fixtures: the real app served over HTTP with its SMS worker running beside it, and
Chromium (through Playwright) on a small phone, with JavaScript on and off.

Run with:  .venv/bin/pytest tests/browser -q
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from werkzeug.serving import make_server

from webapp.app import create_app
from webapp.sms import get_client, outbox
from webapp.store.engine import connect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE_VIEWPORT = {"width": 360, "height": 740}
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser drives a real browser."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


# --- the server and its worker ------------------------------------------------------------


class LiveServer:
    def __init__(self, app, url: str):
        self.app = app
        self.url = url


def _worker_loop(app, stop: threading.Event) -> None:
    """What `flask worker` does (webapp.worker.run), minus the SIGTERM handler, which can only
    be installed from the main thread."""
    db = connect(app.config["DATABASE"])
    client = get_client(app.config)
    try:
        while not stop.is_set():
            try:
                sent = outbox.deliver_pending(db, client, app.config)
            except Exception:  # keep delivering; `no_server_errors` fails the running test
                app.logger.exception("the SMS worker failed")
                sent = 0
            if not sent:
                stop.wait(0.1)
    finally:
        db.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    app = create_app({
        "DATABASE": str(tmp_path_factory.mktemp("browser") / "doudi.db"),
        "SECRET_KEY": "browser-test-secret",
        "SESSION_COOKIE_SECURE": False,
        # Every browser context says it comes from its own address (X-Forwarded-For, see
        # `context`), as residents behind a proxy would, so the per-address sign-in limit
        # (20 codes an hour) is not shared by the whole suite.
        "TRUSTED_PROXIES": 1,
        "SMS_QUIET_HOURS": "off",  # the suite runs at any hour
        "SMS_RATE_PER_SECOND": 0,
    })
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    stop = threading.Event()
    working = threading.Thread(target=_worker_loop, args=(app, stop), name="sms-worker",
                               daemon=True)
    serving.start()
    working.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        stop.set()
        serving.join(10)
        working.join(10)


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_server_errors(live_server):
    """A page that failed on the server (a 500) fails the test with the server's traceback,
    not just with "the expected heading never came". A test that expects failures can take
    this fixture and clear `.records`."""
    errors = _Errors()
    live_server.app.logger.addHandler(errors)
    yield errors
    live_server.app.logger.removeHandler(errors)
    if errors.records:
        pytest.fail("the server failed:\n" + "\n".join(
            logging.Formatter().format(r) for r in errors.records), pytrace=False)


# --- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


_addresses = itertools.count(1)


def new_context(browser: Browser, live_server: LiveServer, javascript: bool) -> BrowserContext:
    n = next(_addresses)
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=javascript,
        viewport=PHONE_VIEWPORT,
        locale="zh-CN",
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        extra_http_headers={"X-Forwarded-For": f"10.{n // 250 % 250}.{n % 250}.7"},
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.javascript = javascript  # for the tests to branch on
    return context


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def context(request, browser, live_server):
    """A fresh phone: JavaScript on and off. Narrow with
    `@pytest.mark.parametrize("context", [True], indirect=True)`."""
    context = new_context(browser, live_server, request.param)
    yield context
    context.close()


# Console errors that are not failures:
# - a 422 (a page sent with mistakes) or 429 is an answer the page shows; Chromium logs it;
# - there is no /favicon.ico (404), which Chromium asks for on every full page load;
# - htmx logs, as errors, the check-as-you-go requests it cancels on purpose
#   (hx-sync="closest form:abort") when the whole page is sent.
EXPECTED_CONSOLE = re.compile(
    r"Failed to load resource: .* status of 4(22|29) "
    r"|^favicon Failed to load resource: .* status of 404 "
    r"|^htmx:(sendAbort|afterRequest), ")


@pytest.fixture
def page(context) -> Page:
    """A tab; a script error or console error on any page (e.g. a CSP refusal) fails the test."""
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def console(message):
        text = message.text
        if message.location.get("url", "").endswith("/favicon.ico"):
            text = "favicon " + text
        if message.type == "error" and not EXPECTED_CONSOLE.search(text):
            problems.append(f"console on {page.url}: {text}")

    page.on("console", console)
    yield page
    assert not problems, "\n".join(problems)
