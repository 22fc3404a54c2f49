"""长辈版 / 标准版 without JavaScript (issue 11, MIIT 适老化 rules): every resident page has the
switch, a plain form POST with its CSRF token; it keeps the choice in a long-lived cookie that
names only the size, and goes back to the page it was pressed on, never to another site."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.conftest import csrf, page
from tests.web.flows import YANGZHUANG
from webapp.app import create_app

PAGES = ["/", "/signin", "/start/application", "/start/self_declaration",
         f"/public/notices/{YANGZHUANG}", f"/public/publications/{YANGZHUANG}",
         "/public/ratings/999901000000", "/no-such-page"]


def switch(response):
    return page(response).select_one("form.display-mode")


def press(client, mode: str, back: str, url: str = "/", **kwargs):
    """Press the switch on the page at `url` as a browser without JavaScript would."""
    form = switch(client.get(url, **kwargs))
    data = {"csrf_token": form.select_one("input[name=csrf_token]")["value"], "mode": mode,
            "back": back}
    return client.post(form["action"], data=data, **kwargs)


def mode_cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("doudi_mode=")]
    return cookie


def html_class(response) -> list[str]:
    return page(response).find("html").get("class") or []


@pytest.mark.parametrize("url", PAGES)
def test_every_resident_page_has_the_switch_to_come_back_to(client, url):
    form = switch(client.get(url))

    assert form is not None, url
    assert (form["method"], form["action"], form["hx-boost"]) == ("post", "/display-mode", "false")
    assert form.select_one("input[name=back]")["value"] == url
    assert form.select_one("input[name=csrf_token]")["value"]
    assert form.select_one("button[name=mode]")["value"] == "elder"
    assert form.select_one("button").get_text(strip=True) == "长辈版（字大）"


def test_a_staff_page_has_no_switch(client):
    assert switch(client.get("/staff/signin")) is None


def test_elder_mode_is_kept_in_a_lax_cookie_for_a_long_time_and_goes_back(client):
    back = f"/public/publications/{YANGZHUANG}?page=2"
    response = press(client, "elder", back)

    assert response.status_code == 302
    assert response.headers["Location"] == back
    cookie = mode_cookie(response)
    assert cookie.startswith("doudi_mode=elder;")
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie and "Path=/" in cookie
    max_age = int(re.search(r"Max-Age=(\d+)", cookie).group(1))
    assert max_age >= timedelta(days=365).total_seconds()


def test_the_pages_say_elder_once_it_is_on_and_offer_the_way_back(client):
    press(client, "elder", "/start/application")

    for url in ("/start/application", "/signin", f"/public/notices/{YANGZHUANG}", "/nope"):
        response = client.get(url)
        assert html_class(response) == ["elder"], url
        button = switch(response).select_one("button")
        assert (button["value"], button.get_text(strip=True)) == ("standard", "换回标准版")
    assert html_class(client.get("/staff/signin")) == []  # the staff's pages keep their sizes


def test_switching_back_to_standard_forgets_the_cookie(client):
    press(client, "elder", "/")
    response = press(client, "standard", "/signin")

    assert response.headers["Location"] == "/signin"
    cookie = mode_cookie(response)
    assert cookie.startswith("doudi_mode=;") and "Expires=Thu, 01 Jan 1970" in cookie
    assert html_class(client.get("/signin")) == []


def test_a_plain_page_view_sets_no_mode_cookie(client):
    client.set_cookie("doudi_mode", "elder")
    response = client.get("/start/application")

    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("doudi_mode=")]
    assert html_class(response) == ["elder"]


def test_the_cookie_is_secure_by_default(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "other.db"), "SECRET_KEY": "other-secret",
                      "PASSWORD_HASH_COST": "test"})
    client = app.test_client()

    # Over HTTPS, Flask-WTF also wants the Referer of the page the form was on.
    response = press(client, "elder", "/", base_url="https://localhost",
                     headers={"Referer": "https://localhost/"})

    assert response.status_code == 302
    assert "; Secure" in mode_cookie(response)


@pytest.mark.parametrize("back", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "/status\r\nSet-Cookie: x=1", "evil.example", ""])
def test_it_never_goes_back_to_another_site(client, back):
    response = press(client, "elder", back)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_page_showing_a_forms_mistakes_comes_back_to_the_page_the_form_was_on(client):
    form_page = client.get("/signin?next=/status")
    shown = client.post("/signin?next=/status", data={"csrf_token": csrf(form_page), "phone": "1"},
                        headers={"Referer": "http://localhost/signin?next=/status"})

    assert shown.status_code == 422
    assert switch(shown).select_one("input[name=back]")["value"] == "/signin?next=/status"


def test_a_mode_that_does_not_exist_is_refused_with_a_message(client):
    response = press(client, "huge", "/signin")

    assert response.status_code == 422
    assert "没有这种显示方式" in page(response).select_one("main").get_text()
    assert page(response).select_one("main a[href='/signin']")  # back where it was pressed
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("doudi_mode=")]


def test_the_switch_without_its_csrf_token_is_refused(client):
    response = client.post("/display-mode", data={"mode": "elder", "back": "/"})

    assert response.status_code == 400
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("doudi_mode=")]
