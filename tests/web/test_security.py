"""Guards over the whole app: CSRF, headers, cookies, sign-in on every route, other people's
drafts, the dev SMS page, and bad input."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from flask import url_for

from webapp.app import create_app

from .flows import (
    APPLICANT,
    OTHER_PHONE,
    PHONE,
    SPOUSE,
    fill_application,
    page,
    post,
    sign_in_again,
    step_url,
    submission,
    submit_application,
    text,
    token,
)

PUBLIC = {"static", "resident.home", "resident.start", "auth.phone", "auth.code",
          "auth.signout", "dev_sms.messages", "staff.signin", "staff.signout", "public.notice",
          "public.publication", "public.objection", "public.objection_received", "public.ratings",
          "resident.display_mode", "public.privacy"}
# Signed by the provider instead of sign-in and CSRF (tests/sms/test_twilio.py refuses unsigned).
SIGNED = {"sms_webhooks.twilio_status", "sms_webhooks.twilio_inbound", "aliyun_push.report",
          "aliyun_push.uplink"}
ARGUMENTS = {"sid": 1, "index": 1, "step_id": "applicant", "form": "application",
             "reference": "TJ4N3883", "filename": "site.css", "token": "not-the-token",
             "case_id": 1, "action": "accept", "village_code": "999901102202", "photo_id": 1,
             "report_id": 1, "followup_id": 1, "invitation_id": 1, "county_code": "999901000000",
             "region_code": "999901102000",
             "part": "step-applicant", "digest": "0123456789abcdef0123"}


def routes(app, method: str) -> list[tuple[str, str]]:
    """(endpoint, url) of every route answering `method`, filled with sample arguments."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if method in rule.methods:
                url = url_for(rule.endpoint, **{a: ARGUMENTS[a] for a in rule.arguments})
                found.append((rule.endpoint, url))
    return sorted(found)


def build_app(tmp_path, **config):
    """An app as deployed: the defaults, only what the test names overridden."""
    return create_app({"DATABASE": str(tmp_path / "other.db"), "SECRET_KEY": "other-secret",
                       **config})


# --- CSRF --------------------------------------------------------------------------------

def test_csrf_protection_is_on_in_the_test_app(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


def test_every_post_without_a_csrf_token_is_refused(resident, app):
    submitted = fill_application(resident, "sign")
    refused = {}
    for endpoint, url in routes(app, "POST"):
        if endpoint in SIGNED:
            continue
        response = resident.post(url, data={**APPLICANT, "action": "continue"})
        refused[endpoint] = response.status_code
    assert set(refused.values()) == {400}, refused
    assert submission(app, submitted)["status"] == "draft"


def test_refused_post_says_the_page_expired(resident):
    sid = fill_application(resident, "applicant")

    response = resident.post(step_url(sid, "applicant"), data=APPLICANT)

    assert response.status_code == 400
    assert "页面停留太久已过期" in text(response)


def test_csrf_token_of_another_session_is_refused(resident, app):
    sid = fill_application(resident, "applicant")
    stranger = app.test_client()

    response = resident.post(step_url(sid, "applicant"),
                             data={**APPLICANT, "csrf_token": token(stranger, "/signin")})

    assert response.status_code == 400


def test_sign_out_without_a_token_does_not_sign_out(resident):
    resident.post("/signout")

    assert resident.get("/status").status_code == 200


# --- headers and cookies -------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/signin", "/start/application", "/no-such-page"])
def test_pages_forbid_framing_sniffing_and_outside_scripts(client, url):
    headers = client.get(url).headers

    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_signed_in_pages_are_not_cached(resident):
    assert resident.get("/status").headers["Cache-Control"] == "no-store"


def session_cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("doudi=")]
    return cookie


def test_session_cookie_is_http_only_and_same_site_lax(client):
    cookie = session_cookie(client.get("/signin"))

    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_session_cookie_is_secure_by_default(tmp_path):
    app = build_app(tmp_path)

    cookie = session_cookie(app.test_client().get("/signin"))

    assert "; Secure" in cookie
    assert "HttpOnly" in cookie


def test_session_cookie_lasts_only_the_idle_time(resident, app):
    sid = fill_application(resident, "applicant")

    response = resident.get(step_url(sid, "applicant"))

    expires = re.search(r"Expires=([^;]+)", session_cookie(response)).group(1)
    lasts = parsedate_to_datetime(expires) - datetime.now(UTC)
    assert timedelta(minutes=29) < lasts <= timedelta(minutes=30)


# --- every route needs sign-in unless listed as public ------------------------------------

def test_public_list_names_real_routes(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}

    assert PUBLIC | SIGNED <= endpoints


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_other_route_sends_a_visitor_to_sign_in(app, method):
    visitor = app.test_client()
    csrf_token = token(visitor, "/signin")
    checked = []
    for endpoint, url in routes(app, method):
        if endpoint in PUBLIC | SIGNED:
            continue
        if method == "GET":
            response = visitor.get(url)
        else:
            response = visitor.post(url, data={"csrf_token": csrf_token})
        location = urlsplit(response.headers.get("Location", ""))
        signin = "/staff/signin" if endpoint.startswith("staff.") else "/signin"
        assert (response.status_code, location.path) == (302, signin), endpoint
        assert f"next={url}" in location.query.replace("%2F", "/"), endpoint
        checked.append(endpoint)
    assert checked


def test_public_pages_open_without_signing_in(client):
    for url in ("/", "/start/application", "/start/self_declaration", "/signin", "/dev/sms",
                "/static/site.css", "/public/privacy"):
        with client.get(url) as response:
            assert response.status_code == 200, url


# --- other people's drafts -----------------------------------------------------------------

@pytest.fixture
def neighbour(app):
    """Another resident, signed in on their own phone."""
    client = app.test_client()
    sign_in_again(client, app, OTHER_PHONE)
    return client


@pytest.mark.parametrize("url", [
    "/forms/1", "/forms/1/step/applicant", "/forms/1/step/members", "/forms/1/members/1",
    "/forms/1/income/0", "/forms/1/check", "/forms/1/notice", "/forms/1/sign"])
def test_another_resident_cannot_open_someone_elses_draft(resident, neighbour, url):
    fill_application(resident, "sign")

    assert neighbour.get(url).status_code == 404


@pytest.mark.parametrize(("url", "data"), [
    ("/forms/1/step/applicant", {**APPLICANT, "name": "王五"}),
    ("/forms/1/members/1", {**SPOUSE, "name": "王五"}),
    ("/forms/1/members/1/remove", {}),
    ("/forms/1/sign", {"commit": "yes", "authorize": "yes"}),
])
def test_another_resident_cannot_change_someone_elses_draft(resident, neighbour, app, url, data):
    fill_application(resident, "sign")
    before = submission(app, 1)["answers"]

    response = neighbour.post(url, data={**data, "csrf_token": token(neighbour)})

    assert response.status_code == 404
    assert submission(app, 1)["answers"] == before


def test_another_resident_cannot_see_someone_elses_confirmation(resident, neighbour):
    reference = submit_application(resident)

    assert neighbour.get(f"/submissions/{reference}").status_code == 404


# --- the development SMS page ---------------------------------------------------------------

def test_dev_sms_page_exists_with_the_console_backend(client):
    assert client.get("/dev/sms").status_code == 200


def test_dev_sms_page_is_absent_with_a_real_sms_backend(tmp_path):
    app = build_app(tmp_path, SMS_BACKEND="twilio")

    assert "dev_sms.messages" not in {rule.endpoint for rule in app.url_map.iter_rules()}
    assert app.test_client().get("/dev/sms").status_code == 404


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/forms/abc", "/forms/1/members/abc", "/forms/1/members/-1", "/forms/1/members/99",
    "/forms/1/income/x", "/forms/1/income/99", "/forms/1/step/nope", "/forms/1/step/check",
    "/forms/0/check", "/forms/2/step/applicant", "/start/nope", "/submissions/nope",
    "/submissions/tj4n3883", "/forms/1/step/applicant?return=%00",
])
def test_bad_addresses_never_break_the_server(resident, url):
    fill_application(resident, "members")

    response = resident.get(url)

    assert response.status_code < 500
    assert response.status_code in (200, 302, 404)


@pytest.mark.parametrize(("url", "data"), [
    ("/start/nope/begin", {}),
    ("/forms/1/members/0/remove", {}),
    ("/forms/1/members/9/remove", {}),
    ("/forms/1/step/applicant?validate=nope", {}),
    ("/forms/1/step/applicant?validate=", {"name": ["张三", "李四"]}),
    ("/forms/1/step/residence", {"county": "\x00", "township": "' OR 1=1 --", "village": "x",
                                 "hukou_same": "maybe"}),
    ("/forms/1/step/members", {"action": "add", **SPOUSE, "relation": "self"}),
    ("/forms/1/step/situation", {"what_happened": "x" * 100_000, "help": ["living"] * 50}),
    ("/forms/1/income/0", {"wages": "1e9", "business": "NaN", "farming": "∞"}),
    ("/forms/1/sign", {"commit": "yes", "member-1-name": ["a", "b"]}),
])
def test_bad_form_input_never_breaks_the_server(resident, url, data):
    fill_application(resident, "members")

    response = post(resident, url, data)

    assert response.status_code in (302, 400, 404, 422)


def test_huge_form_number_is_not_found(resident):
    response = resident.get("/forms/99999999999999999999/check")

    assert response.status_code == 404


def test_names_are_shown_as_text_not_run_as_html(resident):
    sid = fill_application(resident, "sign",
                           applicant={**APPLICANT, "name": "<script>alert(1)</script>"})

    for url in (f"/forms/{sid}/check", f"/forms/{sid}/step/members", f"/forms/{sid}/sign"):
        soup = page(resident.get(url))
        # Only the app's own files (the check page's photos.js): no script the name could make.
        assert not [s for s in soup.select("main script")
                    if not s.get("src", "").startswith("/static/") or s.string], url
        assert "<script>alert(1)</script>" in soup.select_one("main").get_text(), url


def test_signed_in_phone_is_masked_on_the_status_page(resident):
    shown = text(resident.get("/status"))

    assert PHONE not in shown
    assert "138****8000" in shown
