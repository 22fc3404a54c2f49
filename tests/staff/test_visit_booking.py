"""The township books the home visit for a date and may move it; it sets the first day of the
public notice, up to 7 days ahead. The applicant hears each date by SMS; bad dates are refused
next to their field with nothing lost (RULES.md "Procedure and deadlines for dibao")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import page

from tests.staff.conftest import case_row, field_error, post_step
from tests.staff.finding_fields import filled
from tests.web.flows import YANGZHUANG, submit_application
from webapp.services import cases
from webapp.store.engine import connect

TODAY = cases.today()


@pytest.fixture
def case_id(resident, app):
    submit_application(resident)
    return connect(app.config["DATABASE"]).execute("SELECT id FROM cases").fetchone()[0]




def bodies(app, template: str) -> list[str]:
    return [r[0] for r in connect(app.config["DATABASE"]).execute(
        "SELECT body FROM outbox WHERE template = ? ORDER BY id", [template])]


def md(day: date) -> str:
    return f"{day.month}月{day.day}日"


@pytest.fixture
def accepted(reviewer_client, case_id):
    assert post_step(reviewer_client, case_id, "accept").status_code == 302
    return case_id


# RULES.md "Procedure and deadlines for dibao": the household economic investigation starts with
# a home visit; the applicant is told its date.
def test_the_visit_is_booked_for_a_date_and_the_sms_carries_that_date(app, reviewer_client, accepted):
    visit = TODAY + timedelta(days=3)
    shown = page(reviewer_client.get(f"/staff/cases/{accepted}"))
    assert shown.select_one("input#visit_on")["type"] == "date"

    response = post_step(reviewer_client, accepted, "book_visit", visit_on=visit.isoformat())

    assert response.status_code == 302
    row = case_row(app, accepted)
    assert (row["state"], row["visit_on"]) == ("visit_booked", visit.isoformat())
    [body] = bodies(app, "visit_booked")
    assert md(visit) in body and "http" not in body
    if visit != TODAY:
        assert md(TODAY) not in body.replace(md(visit), "")
    assert visit.isoformat() in page(reviewer_client.get(f"/staff/cases/{accepted}")).select_one(
        ".case-visit").get_text()


@pytest.mark.parametrize(("typed", "message"), [
    ("", "请选择入户调查的日期"),
    ("明天下午", "不是有效的日期"),
    ("2026-02-30", "不是有效的日期"),
    ((TODAY - timedelta(days=1)).isoformat(), "不能早于今天"),
    ((TODAY + timedelta(days=400)).isoformat(), "不能晚于办结期限"),
], ids=["empty", "words", "no-such-day", "past", "after-the-deadline"])
def test_a_missing_past_or_nonsense_visit_date_is_refused_next_to_the_field(
        app, reviewer_client, accepted, typed, message):
    response = post_step(reviewer_client, accepted, "book_visit", visit_on=typed)

    assert response.status_code == 422
    assert message in field_error(response, "visit_on")
    assert page(response).select_one("#visit_on")["value"] == typed  # nothing lost
    assert case_row(app, accepted)["state"] == "accepted"
    assert bodies(app, "visit_booked") == []


def test_a_visit_date_typed_the_chinese_way_is_understood(app, reviewer_client, accepted):
    visit = TODAY + timedelta(days=2)
    response = post_step(reviewer_client, accepted, "book_visit",
                         visit_on=f"{visit.year}年{visit.month}月{visit.day}日")
    assert response.status_code == 302
    assert case_row(app, accepted)["visit_on"] == visit.isoformat()


def test_the_visit_can_be_moved_and_the_applicant_hears_the_new_date(app, reviewer_client, accepted):
    first, second = TODAY + timedelta(days=2), TODAY + timedelta(days=5)
    post_step(reviewer_client, accepted, "book_visit", visit_on=first.isoformat())
    form = page(reviewer_client.get(f"/staff/cases/{accepted}"))
    assert form.select_one("form[action$='/rebook_visit'] #visit_on")["value"] == first.isoformat()

    response = post_step(reviewer_client, accepted, "rebook_visit", visit_on=second.isoformat())

    assert response.status_code == 302
    row = case_row(app, accepted)
    assert (row["state"], row["visit_on"]) == ("visit_booked", second.isoformat())
    [body] = bodies(app, "visit_rebooked")
    assert "改为" in body and md(second) in body


def test_a_rebooking_into_the_past_is_refused_and_the_booked_date_stands(app, reviewer_client, accepted):
    visit = TODAY + timedelta(days=2)
    post_step(reviewer_client, accepted, "book_visit", visit_on=visit.isoformat())
    response = post_step(reviewer_client, accepted, "rebook_visit",
                         visit_on=(TODAY - timedelta(days=3)).isoformat())
    assert response.status_code == 422
    assert "不能早于今天" in field_error(response, "visit_on")
    assert case_row(app, accepted)["visit_on"] == visit.isoformat()


def to_opinion(reviewer_client, case_id: int) -> None:
    for action, fields in (("book_visit", {"visit_on": TODAY.isoformat()}),
                           ("record_investigation", {}), ("record_records_check", {}),
                           ("give_preliminary_opinion", {})):
        response = post_step(reviewer_client, case_id, action, **filled(action), **fields)
        assert response.status_code == 302, page(response).get_text(" ", strip=True)[:300]


# RULES.md "Procedure and deadlines for dibao": 7 days of public notice in the village.
def test_the_notice_starts_today_unless_another_day_is_chosen(app, reviewer_client, accepted):
    to_opinion(reviewer_client, accepted)
    shown = page(reviewer_client.get(f"/staff/cases/{accepted}"))
    assert shown.select_one("#notice_start")["value"] == TODAY.isoformat()

    assert post_step(reviewer_client, accepted, "start_public_notice").status_code == 302

    row = case_row(app, accepted)
    assert (row["notice_start"], row["notice_end"], row["notice_posted_on"]) == (
        TODAY.isoformat(), (TODAY + timedelta(days=6)).isoformat(), TODAY.isoformat())


# RULES.md "Procedure and deadlines for dibao": the notice is public only while it runs.
def test_a_notice_starting_later_is_on_the_public_page_only_from_its_first_day(app, client, reviewer_client,
                                                                                accepted):
    start = TODAY + timedelta(days=3)
    to_opinion(reviewer_client, accepted)

    assert post_step(reviewer_client, accepted, "start_public_notice",
                     notice_start=start.isoformat()).status_code == 302

    row = case_row(app, accepted)
    assert (row["notice_start"], row["notice_end"]) == (start.isoformat(),
                                                        (start + timedelta(days=6)).isoformat())
    [body] = bodies(app, "notice_posted")
    assert md(start) in body and md(start + timedelta(days=6)) in body
    assert page(client.get(f"/public/notices/{YANGZHUANG}")).select("tr.public-row") == []
    # Nobody can object before it starts: the objection page does not exist yet.
    assert client.get(f"/public/notices/{YANGZHUANG}/object/{accepted}").status_code == 404
    # From the first day on, the notice lists the case.
    database = connect(app.config["DATABASE"])
    with database.conn:
        database.conn.execute("UPDATE cases SET notice_start = ?, notice_end = ? WHERE id = ?",
                              [TODAY.isoformat(), (TODAY + timedelta(days=6)).isoformat(), accepted])
    assert len(page(client.get(f"/public/notices/{YANGZHUANG}")).select("tr.public-row")) == 1


@pytest.mark.parametrize(("offset", "message"), [(-1, "不能早于今天"), (8, "最晚可以定在")],
                         ids=["yesterday", "in-8-days"])
def test_a_notice_start_in_the_past_or_more_than_7_days_ahead_is_refused(app, reviewer_client, accepted,
                                                                         offset, message):
    to_opinion(reviewer_client, accepted)
    typed = (TODAY + timedelta(days=offset)).isoformat()

    response = post_step(reviewer_client, accepted, "start_public_notice", notice_start=typed)

    assert response.status_code == 422
    assert message in field_error(response, "notice_start")
    assert page(response).select_one("#notice_start")["value"] == typed
    assert case_row(app, accepted)["state"] == "preliminary_opinion"


def test_a_notice_may_start_exactly_7_days_ahead(app, reviewer_client, accepted):
    to_opinion(reviewer_client, accepted)
    start = TODAY + timedelta(days=7)
    assert post_step(reviewer_client, accepted, "start_public_notice",
                     notice_start=start.isoformat()).status_code == 302
    assert case_row(app, accepted)["notice_start"] == start.isoformat()
