"""Change reports for staff: the village assistant or the township records what a household
reports (a death too); it reaches the township's queue, not another's; the township
acknowledges and decides — no change, an earlier review, or a stop through the procedure — and
the applicant hears each by SMS. A death brings the review to within 3 months of it (000… 一(三)),
on the deadline board and in the queue, with its reminder."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import csrf, page
from web.flows import CHENGGUAN, YANGZHUANG

from tests.staff.change_flows import days_ago, outbox_rows, receiving_case
from tests.staff.conftest import make_staff, staff_sign_in
from webapp.domain.case_machine import add_months
from webapp.services import cases
from webapp.sms import reminders

PHONE = "13700137002"


@pytest.fixture
def household(db):
    return receiving_case(db, phone=PHONE)


def signed_in(app, db, username: str, role: str, region: str):
    make_staff(db, username=username, role=role, region=region, name=username)
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return client


@pytest.fixture
def assistant(app, db):
    """The village assistant of 杨庄村, signed in."""
    return signed_in(app, db, "yangzhuang", "assistant", YANGZHUANG)


def record(client, case_id: int, **fields):
    url = f"/staff/cases/{case_id}/change"
    return client.post(url, data={"csrf_token": csrf(client.get(url)), **fields})


def decide(client, report_id: int, **fields):
    token = csrf(client.get(f"/staff/changes/{report_id}"))
    return client.post(f"/staff/changes/{report_id}/decide", data={"csrf_token": token, **fields})


def reported(db, case_id: int) -> dict:
    return dict(db.execute("SELECT * FROM change_reports WHERE case_id = ? ORDER BY id DESC",
                           [case_id]).fetchone())


def case_column(db, case_id: int, column: str):
    return db.execute(f"SELECT {column} FROM cases WHERE id = ?", [case_id]).fetchone()[0]


def events(db, case_id: int, action: str) -> list[dict]:
    return [dict(r) for r in db.execute("SELECT * FROM case_events WHERE case_id = ? AND action = ?",
                                        [case_id, action])]


def test_the_assistant_records_a_change_and_the_applicant_hears_of_it(assistant, db, household):
    response = record(assistant, household, kind="moved_out", happened_on=days_ago(30),
                      description="二儿子户口迁到城里了")

    assert response.status_code == 302
    row = reported(db, household)
    assert (row["kind"], row["reported_by"], row["actor"].startswith("staff:")) == (
        "moved_out", "village_assistant", True)
    assert outbox_rows(db, PHONE)[-1]["template"] == "change_received"
    assert events(db, household, "report_change")
    audit = db.execute("SELECT actor FROM audit_log WHERE action = 'change_reported' AND subject = ?",
                       [f"case:{household}"]).fetchone()
    assert audit is not None and audit[0] == row["actor"]


def test_a_change_report_reaches_the_townships_queue_and_no_other(app, db, assistant, household,
                                                                 reviewer_client):
    record(assistant, household, kind="income", happened_on=days_ago(3), description="找到了工作")
    reference = case_column(db, household, "reference")
    other = signed_in(app, db, "chengguan", "township_reviewer", CHENGGUAN)

    queue = page(reviewer_client.get("/staff/changes"))
    elsewhere = page(other.get("/staff/changes"))

    assert reference in queue.select_one(".change-queue").get_text()
    assert "（1）" in queue.select_one(".nav-changes").get_text()
    assert elsewhere.select_one(".change-queue") is None
    assert reference not in elsewhere.get_text()
    report_id = reported(db, household)["id"]
    assert other.get(f"/staff/changes/{report_id}").status_code == 404


def test_the_case_page_lists_the_households_reports(db, assistant, household, reviewer_client):
    record(assistant, household, kind="address", happened_on=days_ago(2), description="搬到镇上")

    rows = page(reviewer_client.get(f"/staff/cases/{household}")).select(
        ".case-change-reports .change-report-row")

    assert len(rows) == 1 and "住址变化" in rows[0].get_text() and "新报告" in rows[0].get_text()


def test_the_township_acknowledges_a_report(db, assistant, household, reviewer_client):
    record(assistant, household, kind="income", happened_on=days_ago(3), description="工资涨了")
    report_id = reported(db, household)["id"]
    token = csrf(reviewer_client.get(f"/staff/changes/{report_id}"))

    response = reviewer_client.post(f"/staff/changes/{report_id}/acknowledge",
                                    data={"csrf_token": token})

    assert response.status_code == 302
    assert reported(db, household)["status"] == "acknowledged"
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'change_acknowledged'"
                      ).fetchone()[0] == 1


def test_no_change_is_decided_and_told(db, assistant, household, reviewer_client):
    record(assistant, household, kind="income", happened_on=days_ago(3), description="工资涨了100元")
    report_id = reported(db, household)["id"]

    response = decide(reviewer_client, report_id, decision="no_change", reason="仍低于低保标准")

    assert response.status_code == 302
    row = reported(db, household)
    assert (row["status"], row["decision"], row["decision_reason"]) == (
        "decided", "no_change", "仍低于低保标准")
    [event] = events(db, household, "decide_change")
    assert json.loads(event["detail"]) == {"decision": "no_change", "report_id": report_id}
    assert outbox_rows(db, PHONE)[-1]["template"] == "change_no_change"
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'change_decided'").fetchone()[0] == 1
    assert decide(reviewer_client, report_id, decision="review",
                  review_by=cases.today().isoformat()).status_code == 422  # decided once only


def test_a_review_brings_the_review_day_forward_and_is_told(db, assistant, household,
                                                            reviewer_client):
    record(assistant, household, kind="property", happened_on=days_ago(3), description="买了一辆车")
    report_id = reported(db, household)["id"]
    review_by = (cases.today() + timedelta(days=20)).isoformat()

    response = decide(reviewer_client, report_id, decision="review", review_by=review_by)

    assert response.status_code == 302
    assert case_column(db, household, "review_due_on") == review_by
    [event] = events(db, household, "decide_change")
    assert json.loads(event["detail"])["review_due_on"] == review_by
    sent = outbox_rows(db, PHONE)[-1]
    assert sent["template"] == "change_review"


def test_a_review_later_than_the_one_due_is_refused_with_what_was_typed(db, assistant, household,
                                                                        reviewer_client):
    record(assistant, household, kind="property", happened_on=days_ago(3), description="买了一辆车")
    report_id = reported(db, household)["id"]
    due = case_column(db, household, "review_due_on")
    later = (date.fromisoformat(due) + timedelta(days=5)).isoformat()

    response = decide(reviewer_client, report_id, decision="review", review_by=later)

    assert response.status_code == 422
    shown = page(response)
    assert "不能比它晚" in shown.select_one("#field-review_by .error").get_text()
    assert shown.select_one("input[name=review_by]")["value"] == later
    assert case_column(db, household, "review_due_on") == due
    assert reported(db, household)["status"] == "new"


def test_a_stop_takes_the_procedures_step_with_its_reason(db, assistant, household,
                                                         reviewer_client):
    record(assistant, household, kind="income", happened_on=days_ago(40), description="儿子月薪6000元")
    report_id = reported(db, household)["id"]

    assert decide(reviewer_client, report_id, decision="stop").status_code == 422  # no reason
    response = decide(reviewer_client, report_id, decision="stop", reason="家庭人均收入超过低保标准")

    assert response.status_code == 302
    assert case_column(db, household, "state") == "ended"
    [stop] = events(db, household, "stop_assistance")
    assert stop["reason"] == "家庭人均收入超过低保标准"
    [event] = events(db, household, "decide_change")
    assert json.loads(event["detail"])["decision"] == "stop"
    # The stop is a finished service, so the invitation to rate it follows the stop's SMS.
    assert [r["template"] for r in outbox_rows(db, PHONE)][-2:] == ["assistance_stopped",
                                                                      "rating_invite"]


def death_due(db, case_id: int) -> date:
    return date.fromisoformat(case_column(db, case_id, "review_due_on"))


def test_000_1_3_a_death_recorded_by_staff_has_its_review_within_3_months(db, household,
                                                                          reviewer_client):
    died = date.fromisoformat(days_ago(15))

    response = record(reviewer_client, household, kind="death", happened_on=died.isoformat(),
                      description="户主因病去世")

    assert response.status_code == 302
    assert death_due(db, household) == add_months(died, 3) <= add_months(died, 3)
    assert reported(db, household)["reported_by"] == "township_reviewer"
    [event] = events(db, household, "report_change")
    assert json.loads(event["detail"])["review_due_on"] == add_months(died, 3).isoformat()
    assert outbox_rows(db, PHONE)[-1]["template"] == "change_death_received"


def test_000_1_3_a_death_shows_on_the_board_and_in_the_queue(db, assistant, household,
                                                             reviewer_client):
    record(assistant, household, kind="death", happened_on=days_ago(15), description="老人去世")
    reference = case_column(db, household, "reference")
    due = death_due(db, household).isoformat()

    board = page(reviewer_client.get("/staff/board"))
    reviews = page(reviewer_client.get("/staff/changes?view=reviews"))

    row = board.select_one(".board-change-reviews .change-review-row")
    assert reference in row.get_text() and due in row.get_text() and "家人去世" in row.get_text()
    assert reference in reviews.select_one(".change-queue").get_text()
    assert due in reviews.select_one(".change-queue .review-due").get_text()


@pytest.mark.parametrize("state", ["published", "phasing_out"])
def test_000_1_3_the_review_after_a_death_is_reminded_to_the_household(app, db, assistant, state):
    case_id = receiving_case(db, phone="13700137010", state=state,
                             phase_out_until=add_months(cases.today(), 5).isoformat())
    record(assistant, case_id, kind="death", happened_on=days_ago(15), description="老人去世")
    due = death_due(db, case_id)
    ahead = due - cases.today() - timedelta(days=10)

    queued = reminders.run(db, app.config, datetime.now(UTC) + ahead)

    assert queued >= 1
    sent = [r for r in outbox_rows(db, "13700137010") if r["template"] == "review_due"]
    assert len(sent) == 1 and f"{due.month}月{due.day}日" in sent[0]["body"]
    assert reminders.run(db, app.config, datetime.now(UTC) + ahead) == 0  # once


def test_an_assistant_of_another_village_or_a_county_role_cannot_record(app, db, household):
    other = signed_in(app, db, "dongguan", "assistant", "999901101201")
    county = signed_in(app, db, "county", "county_confirmer", "999901000000")

    assert other.get(f"/staff/cases/{household}/change").status_code == 404
    assert county.get(f"/staff/cases/{household}/change").status_code == 403


def test_an_assistant_cannot_decide(db, assistant, household):
    record(assistant, household, kind="income", happened_on=days_ago(3), description="工资涨了")
    report_id = reported(db, household)["id"]
    token = csrf(assistant.get(f"/staff/changes/{report_id}"))

    response = assistant.post(f"/staff/changes/{report_id}/decide",
                              data={"csrf_token": token, "decision": "no_change"})

    assert response.status_code == 403
    assert reported(db, household)["status"] == "new"


def test_a_bad_report_by_staff_comes_back_with_its_messages(db, assistant, household):
    response = record(assistant, household, kind="death", happened_on="明天", description="")

    assert response.status_code == 422
    shown = page(response)
    assert "不是有效的日期" in shown.select_one("#field-happened_on .error").get_text()
    assert shown.select_one("#field-description .error") is not None
    assert shown.select_one("input[name=kind][value=death]").has_attr("checked")


def test_a_household_with_two_reports_is_listed_once_with_the_review_that_stands(
        db, assistant, household, reviewer_client):
    record(assistant, household, kind="income", happened_on=days_ago(9), description="打零工")
    income_id = reported(db, household)["id"]
    record(assistant, household, kind="death", happened_on=days_ago(5), description="老人去世")
    sooner = (cases.today() + timedelta(days=10)).isoformat()
    decide(reviewer_client, income_id, decision="review", review_by=sooner)

    rows = page(reviewer_client.get("/staff/board")).select(".board-change-reviews .change-review-row")

    assert len(rows) == 1
    assert sooner in rows[0].get_text() and "收入变化" in rows[0].get_text()
