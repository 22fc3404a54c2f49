"""Anyone may object to a case during its public notice (RULES.md "Procedure and deadlines for
dibao": objection -> re-investigate or community review); not before, not after."""

from __future__ import annotations

import pytest

from tests.public.helpers import case_of, put_on_notice
from tests.web.flows import DONGGUAN, YANGZHUANG, csrf, page, sql, submit_application
from webapp.services import cases
from webapp.store.engine import connect

NOTICE = f"/public/notices/{YANGZHUANG}"


def form_url(case_id: int, village: str = YANGZHUANG) -> str:
    return f"/public/notices/{village}/object/{case_id}"


@pytest.fixture
def on_notice(resident, app):
    case_id = case_of(app, submit_application(resident))
    put_on_notice(app, case_id)
    return case_id


def state(app, case_id: int) -> str:
    return cases.get(connect(app.config["DATABASE"]), case_id).state


def objections(app) -> list:
    return sql(app, "SELECT case_id, text, contact, client_address FROM objections")


def test_the_notice_links_each_case_to_its_objection_form(app, on_notice):
    anyone = app.test_client()
    link = page(anyone.get(NOTICE)).select_one("tr.public-row a")
    assert link["href"] == form_url(on_notice)
    form = anyone.get(link["href"])
    assert form.status_code == 200
    assert "对张三的公示提出异议" in page(form).get_text()


def test_an_objection_is_recorded_and_moves_the_case_to_objection_raised(app, on_notice):
    anyone = app.test_client()  # not signed in
    token = csrf(anyone.get(form_url(on_notice)))
    response = anyone.post(form_url(on_notice), data={
        "csrf_token": token, "text": "  他家在县城有门面房出租  ", "contact": "村民老刘"})
    assert response.status_code == 302
    thanks = anyone.get(response.headers["Location"])
    assert thanks.status_code == 200 and "异议已收到" in page(thanks).get_text()
    assert [tuple(r) for r in objections(app)] == [
        (on_notice, "他家在县城有门面房出租", "村民老刘", "127.0.0.1")]
    assert state(app, on_notice) == "objection_raised"
    [event] = [e for e in cases.events(connect(app.config["DATABASE"]), on_notice)
               if e["action"] == "raise_objection"]
    assert (event["actor"], event["reason"]) == ("public", "他家在县城有门面房出租")
    # No longer on notice: off the list, and the form is gone.
    assert page(anyone.get(NOTICE)).select("tr.public-row") == []
    assert anyone.get(form_url(on_notice)).status_code == 404


def test_the_contact_is_optional(app, on_notice):
    anyone = app.test_client()
    token = csrf(anyone.get(form_url(on_notice)))
    response = anyone.post(form_url(on_notice), data={"csrf_token": token, "text": "收入不实"})
    assert response.status_code == 302
    assert [tuple(r) for r in objections(app)] == [(on_notice, "收入不实", None, "127.0.0.1")]


@pytest.mark.parametrize("data, message", [
    ({"text": "   "}, "请写明您的异议"),
    ({"text": "字" * 501}, "异议最多 500 个字"),
    ({"text": "收入不实", "contact": "1" * 61}, "联系方式最多 60 个字"),
])
def test_an_objection_must_be_written_and_not_too_long(app, on_notice, data, message):
    anyone = app.test_client()
    token = csrf(anyone.get(form_url(on_notice)))
    response = anyone.post(form_url(on_notice), data={"csrf_token": token, **data})
    assert response.status_code == 422
    assert message in page(response).select_one(".error-summary").get_text()
    assert objections(app) == [] and state(app, on_notice) == "public_notice"


def test_an_objection_without_the_csrf_token_is_refused(app, on_notice):
    anyone = app.test_client()
    response = anyone.post(form_url(on_notice), data={"text": "收入不实"})
    assert response.status_code == 400
    assert objections(app) == [] and state(app, on_notice) == "public_notice"


def test_an_objection_after_the_notice_ended_is_refused_with_a_clear_message(app, on_notice):
    anyone = app.test_client()
    token = csrf(anyone.get(form_url(on_notice)))
    put_on_notice(app, on_notice, started_days_ago=7)  # ended yesterday
    for response in (anyone.get(form_url(on_notice)),
                     anyone.post(form_url(on_notice), data={"csrf_token": token, "text": "收入不实"})):
        assert response.status_code == 410
        assert "公示已于" in page(response).get_text() and "不能再提出异议" in page(response).get_text()
    assert objections(app) == [] and state(app, on_notice) == "public_notice"


def test_no_objection_form_for_a_case_not_on_notice_or_of_another_village(app, resident):
    case_id = case_of(app, submit_application(resident))
    anyone = app.test_client()
    assert anyone.get(form_url(case_id)).status_code == 404  # submitted, not on notice
    put_on_notice(app, case_id, started_days_ago=-1)  # the notice begins tomorrow
    assert anyone.get(form_url(case_id)).status_code == 404
    put_on_notice(app, case_id)
    assert anyone.get(form_url(case_id, DONGGUAN)).status_code == 404
    assert anyone.get(form_url(case_id + 1000)).status_code == 404
    assert anyone.get(form_url(case_id)).status_code == 200
