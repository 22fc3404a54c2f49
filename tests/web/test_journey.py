"""Small things on the way through a form that a resident would trip over."""

from __future__ import annotations

from conftest import latest_code, page

from tests.web.flows import (
    APPLICATION,
    CHENGGUAN,
    LIULIN,
    YANGZHUANG,
    fill_application,
    post,
    saved,
    step_url,
    text,
    token,
)


def test_pressing_start_before_signing_in_lands_on_the_first_question_after_signing_in(client, app):
    response = client.post("/start/application/begin",
                           data={"csrf_token": token(client, "/start/application")})
    signin_url = response.headers["Location"]
    saved(post(client, signin_url, {"phone": "13500135000"}))
    landing = saved(post(client, "/signin/code", {"code": latest_code(client, app, "13500135000")}))
    assert landing == "/start/application/begin"
    first = client.get(landing, follow_redirects=True)
    assert first.request.path.endswith("/step/applicant")
    assert "第 1 步" in text(first)


def test_enter_in_the_address_box_saves_the_page_when_the_village_list_is_current(resident):
    sid = fill_application(resident, "residence")
    # Enter presses the first button of the form: with JS off that is the list-refresh button.
    answers = {**APPLICATION["residence"], "action": "refresh"}
    location = saved(post(resident, step_url(sid, "residence"), answers))
    assert location.endswith("/step/consent")


def test_the_refresh_button_only_refreshes_when_the_township_changed(resident):
    sid = fill_application(resident, "residence")
    answers = {**APPLICATION["residence"], "township": CHENGGUAN, "village": YANGZHUANG,
               "action": "refresh", "address": "3组12号"}
    response = post(resident, step_url(sid, "residence"), answers)
    assert response.status_code == 200
    soup = page(response)
    villages = [o.get_text() for o in soup.select("#village option")]
    assert "东关村" in villages and "杨庄村" not in villages
    assert soup.find("input", {"name": "address"})["value"] == "3组12号"
    assert not soup.select(".error")
    assert LIULIN not in [o["value"] for o in soup.select("#township option[selected]")]


def test_check_page_leaves_out_follow_up_questions_that_were_never_asked(resident):
    sid = fill_application(resident, "check")
    check = text(resident.get(f"/forms/{sid}/check"))
    assert "户口在这个村吗？" in check
    assert "户口所在地" not in check
    assert "做什么生意" not in check
