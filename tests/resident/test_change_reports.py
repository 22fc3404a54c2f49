"""A household receiving assistance reports a change of its own (如实申报) from its submission's
page, as a phone with JavaScript off sends it: the 3-month rule is shown, a bad answer comes back
with its message and what was typed, a good one reaches the township and an SMS the applicant.
RULES.md "Honest reporting" (000… 五(五); 004… 五(三)) and "Death of a member" (000… 一(三))."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import page, post, sign_in

from tests.staff.change_flows import days_ago, outbox_rows, receiving_case
from tests.staff.factory import create_case
from webapp.domain.case_machine import add_months
from webapp.services import cases

PHONE = "13700137001"


@pytest.fixture
def household(app, client, db):
    """A published case of the signed-in resident; its reference."""
    case_id = receiving_case(db, phone=PHONE)
    sign_in(client, app, PHONE)
    return case_id, db.execute("SELECT reference FROM cases WHERE id = ?", [case_id]).fetchone()[0]


def report(client, reference: str, **fields):
    return post(client, f"/submissions/{reference}/change", fields)


def test_a_receiving_household_has_the_link_to_report_a_change(client, household):
    _case_id, reference = household

    link = page(client.get(f"/submissions/{reference}")).select_one(".change-report-link a")

    assert link is not None and link["href"] == f"/submissions/{reference}/change"
    assert "报告家庭变化" in link.get_text()


def test_an_application_still_in_procedure_has_no_such_link(app, client, db):
    create_case(db, state="accepted", resident=True, phone=PHONE, reference="CHG2ACCP")
    sign_in(client, app, PHONE)

    assert page(client.get("/submissions/CHG2ACCP")).select_one(".change-report-link") is None
    assert client.get("/submissions/CHG2ACCP/change").status_code == 302


def test_the_form_says_the_3_month_rule_in_plain_words(client, household):
    shown = page(client.get(f"/submissions/{household[1]}/change"))

    rule = shown.select_one("#change-rule").get_text()
    assert "3个月" in rule and "批评教育" in rule and "去世之日起3个月内" in rule
    assert {i["value"] for i in shown.select("input[name=kind]")} == {
        "income", "birth", "marriage", "moved_out", "death", "address", "property"}


def test_a_change_reported_reaches_the_case_and_the_applicant_hears_of_it(client, db, household):
    case_id, reference = household

    response = report(client, reference, kind="income", happened_on=days_ago(10),
                      description="大儿子在县城打工，每月工资2500元")

    assert response.status_code == 302 and response.location.endswith(f"/submissions/{reference}")
    row = dict(db.execute("SELECT * FROM change_reports WHERE case_id = ?", [case_id]).fetchone())
    assert (row["kind"], row["status"], row["in_time"], row["reported_by"]) == (
        "income", "new", 1, "applicant")
    event = dict(db.execute("SELECT * FROM case_events WHERE case_id = ? AND action = "
                            "'report_change'", [case_id]).fetchone())
    assert json.loads(event["detail"]) == {"kind": "income", "happened_on": days_ago(10),
                                           "report_id": row["id"]}
    assert event["from_state"] == event["to_state"] == "published"
    sent = outbox_rows(db, PHONE)
    assert sent[-1]["template"] == "change_received" and reference in sent[-1]["body"]
    assert "收入变化" in sent[-1]["body"]
    followed = page(client.get(response.location)).get_text()
    assert "已报告" in followed and "在3个月之内" in followed


def test_a_change_over_3_months_old_is_taken_and_said_to_be_late(client, db, household):
    case_id, reference = household
    happened = add_months(cases.today(), -4)

    response = report(client, reference, kind="property", happened_on=happened.isoformat(),
                      description="卖了一头牛，得了8000元")

    assert response.status_code == 302
    assert db.execute("SELECT in_time FROM change_reports WHERE case_id = ?",
                      [case_id]).fetchone()[0] == 0
    assert "已经超过3个月" in page(client.get(response.location)).get_text()


def test_a_bad_answer_comes_back_with_its_message_and_nothing_typed_lost(client, db, household):
    case_id, reference = household
    tomorrow = date.fromordinal(cases.today().toordinal() + 1).isoformat()

    response = report(client, reference, happened_on=tomorrow, description="二女儿出嫁了")

    assert response.status_code == 422
    shown = page(response)
    assert "请选一项" in shown.select_one("#field-kind .error").get_text()
    assert "不能晚于今天" in shown.select_one("#field-happened_on .error").get_text()
    assert shown.select_one("textarea[name=description]").get_text().strip() == "二女儿出嫁了"
    assert shown.select_one("input[name=happened_on]")["value"] == tomorrow
    assert db.execute("SELECT count(*) FROM change_reports").fetchone()[0] == 0


def test_a_date_typed_the_chinese_way_is_understood(client, db, household):
    case_id, reference = household
    day = date.fromisoformat(days_ago(3))

    response = report(client, reference, kind="address", description="搬到镇上住了",
                      happened_on=f"{day.year}年{day.month}月{day.day}日")

    assert response.status_code == 302
    assert db.execute("SELECT happened_on FROM change_reports").fetchone()[0] == day.isoformat()


def test_000_1_3_a_death_reported_by_the_family_brings_the_review_within_3_months(client, db,
                                                                                  household):
    case_id, reference = household
    died = date.fromisoformat(days_ago(20))

    response = report(client, reference, kind="death", happened_on=died.isoformat(),
                      description="老伴因病去世")

    assert response.status_code == 302
    due = date.fromisoformat(db.execute("SELECT review_due_on FROM cases WHERE id = ?",
                                        [case_id]).fetchone()[0])
    assert due == add_months(died, 3)
    row = dict(db.execute("SELECT review_due_on, review_reason FROM change_reports").fetchone())
    assert row == {"review_due_on": due.isoformat(), "review_reason": "death"}
    sent = outbox_rows(db, PHONE)[-1]
    assert sent["template"] == "change_death_received"
    assert f"{due.month}月{due.day}日" in sent["body"]


def test_a_resident_cannot_report_on_someone_elses_case(app, client, db, household):
    other = receiving_case(db, phone="13700137999")
    reference = db.execute("SELECT reference FROM cases WHERE id = ?", [other]).fetchone()[0]

    assert client.get(f"/submissions/{reference}/change").status_code == 404
    token = page(client.get(f"/submissions/{household[1]}/change")).find(
        "input", {"name": "csrf_token"})["value"]
    refused = client.post(f"/submissions/{reference}/change",
                          data={"csrf_token": token, "kind": "death", "happened_on": days_ago(1),
                                "description": "假的"})
    assert refused.status_code == 404
    assert db.execute("SELECT count(*) FROM change_reports").fetchone()[0] == 0


def test_the_form_lists_the_changes_reported_before(client, household):
    reference = household[1]
    report(client, reference, kind="birth", happened_on=days_ago(5), description="添了个孙子")

    rows = page(client.get(f"/submissions/{reference}/change")).select(".change-report-row")

    assert len(rows) == 1 and "添了孩子" in rows[0].get_text() and "新报告" in rows[0].get_text()


def test_the_same_report_sent_twice_is_kept_and_told_once(client, db, household):
    case_id, reference = household
    fields = {"kind": "marriage", "happened_on": days_ago(7), "description": "大女儿出嫁了"}

    assert report(client, reference, **fields).status_code == 302
    assert report(client, reference, **fields).status_code == 302

    assert db.execute("SELECT count(*) FROM change_reports").fetchone()[0] == 1
    assert [r["template"] for r in outbox_rows(db, PHONE)].count("change_received") == 1


def test_leaving_the_date_field_says_whether_the_report_is_within_3_months(client, household):
    reference = household[1]
    url = f"/submissions/{reference}/change"
    token = page(client.get(url)).find("input", {"name": "csrf_token"})["value"]
    late = add_months(cases.today(), -5).isoformat()

    response = client.post(f"{url}?validate=happened_on",
                           data={"csrf_token": token, "happened_on": late},
                           headers={"HX-Request": "true"})

    assert response.status_code == 200
    field = page(response).select_one("#field-happened_on")
    assert "已经超过3个月" in field.select_one(".hint").get_text()
    assert field.select_one(".error") is None


def test_a_report_sent_after_the_session_ended_comes_back_after_signing_in(app, client, db,
                                                                           household):
    _case_id, reference = household
    url = f"/submissions/{reference}/change"
    token = page(client.get(url)).find("input", {"name": "csrf_token"})["value"]
    with db.conn:
        db.conn.execute("UPDATE resident_sessions SET last_seen = '2000-01-01T00:00:00+00:00'")

    response = client.post(url, data={"csrf_token": token, "kind": "income",
                                      "happened_on": days_ago(4), "description": "孙子考上大学了"})
    assert response.status_code == 302 and response.location.startswith("/signin")
    with db.conn:
        db.conn.execute("UPDATE sign_in_codes SET created_at = '2000-01-01T00:00:00+00:00'")
    sign_in(client, app, PHONE)

    shown = page(client.get(url))
    assert shown.select_one("input[name=kind][value=income]").has_attr("checked")
    assert shown.select_one("textarea[name=description]").get_text().strip() == "孙子考上大学了"
    assert "刚才填的内容都还在" in shown.get_text()
    assert db.execute("SELECT count(*) FROM change_reports").fetchone()[0] == 0
