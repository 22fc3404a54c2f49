"""Staff take a case through its steps on the case page; nobody sees a case outside their
region, and a step the procedure or the role does not allow is refused with a message."""

from __future__ import annotations

import pytest
from conftest import csrf, page

from tests.staff.conftest import make_staff, staff_sign_in
from tests.staff.finding_fields import filled
from tests.web.flows import CHENGGUAN, submit_application
from webapp.services import cases
from webapp.store.engine import connect


@pytest.fixture
def case_id(resident, app):
    submit_application(resident)
    return connect(app.config["DATABASE"]).execute("SELECT id FROM cases").fetchone()[0]


def signed_in(app, db, username, role, region):
    make_staff(db, username=username, role=role, region=region)
    client = app.test_client()
    staff_sign_in(client, username)
    return client


def step(client, case_id, action, reason="", **fields):
    token = csrf(client.get(f"/staff/cases/{case_id}"))
    if action == "book_visit":  # the visit needs its date: today, so it can be recorded at once
        fields.setdefault("visit_on", cases.today().isoformat())
    return client.post(f"/staff/cases/{case_id}/{action}", data={"csrf_token": token,
                                                               "reason": reason, **filled(action), **fields})


def test_the_township_reviewer_accepts_and_sees_the_deadline(app, db, case_id):
    client = signed_in(app, db, "liulin", "township_reviewer", "999901102000")
    assert step(client, case_id, "accept").status_code == 302
    shown = page(client.get(f"/staff/cases/{case_id}"))
    assert shown.select_one(".case-state").get_text() == "已受理"
    assert "还剩 30 个工作日" in shown.select_one(".case-due").get_text()
    assert "受理" in shown.select_one(".staff-cases").get_text()


def test_a_step_not_allowed_now_is_refused_with_a_message(app, db, case_id):
    client = signed_in(app, db, "liulin", "township_reviewer", "999901102000")
    response = step(client, case_id, "confirm")
    assert response.status_code == 422
    assert "不能办理" in page(response).select_one(".error-summary").get_text()


def test_a_county_confirmer_is_not_offered_the_township_steps(app, db, case_id):
    client = signed_in(app, db, "county", "county_confirmer", "999901000000")
    shown = page(client.get(f"/staff/cases/{case_id}"))
    assert not shown.select(".case-step")
    response = step(client, case_id, "accept")
    assert response.status_code == 422


def test_staff_of_another_township_cannot_see_or_act_on_the_case(app, db, case_id):
    client = signed_in(app, db, "chengguan", "township_reviewer", CHENGGUAN)
    assert client.get(f"/staff/cases/{case_id}").status_code == 404
    token = csrf(client.get("/staff/"))
    response = client.post(f"/staff/cases/{case_id}/accept", data={"csrf_token": token})
    assert response.status_code == 404
    row = connect(app.config["DATABASE"]).execute("SELECT state FROM cases").fetchone()
    assert row[0] == "submitted"


def test_every_view_of_a_case_is_in_the_audit_log(app, db, case_id):
    client = signed_in(app, db, "liulin", "township_reviewer", "999901102000")
    client.get(f"/staff/cases/{case_id}")
    logged = connect(app.config["DATABASE"]).execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'viewed_case' AND subject = ?",
        [f"case:{case_id}"]).fetchone()[0]
    assert logged == 1


def take(client, case_id, *actions):
    for action in actions:
        response = step(client, case_id, action)
        assert response.status_code == 302, (action, page(response).get_text(" ", strip=True)[:300])


def test_the_preliminary_opinion_shows_its_calculation_line_by_line(app, db, case_id):
    client = signed_in(app, db, "liulin", "township_reviewer", "999901102000")
    take(client, case_id, "accept", "book_visit", "record_investigation", "record_records_check",
         "give_preliminary_opinion")
    case = connect(app.config["DATABASE"]).execute(
        "SELECT category, monthly_amount_fen, household_size FROM cases").fetchone()
    # flows data: 2 people, 11,000 yuan counted a year -> 458.33 a month each, above the rural
    # standard of 420 (Henan 2022 example values) and below 1.5 x 420 = 630: near-dibao.
    assert (case["category"], case["household_size"]) == ("near_dibao", 2)
    calculation = page(client.get(f"/staff/cases/{case_id}")).select_one(".calculation").get_text()
    assert "人均月收入" in calculation and "458.33" in calculation and "420" in calculation


def test_confirmation_tells_the_applicant_the_category_and_amount(app, db, case_id):
    client = signed_in(app, db, "liulin", "township_reviewer", "999901102000")
    take(client, case_id, "accept", "book_visit", "record_investigation", "record_records_check",
         "give_preliminary_opinion", "start_public_notice")
    database = connect(app.config["DATABASE"])
    with database.conn:  # the 7-day notice has passed
        database.conn.execute("UPDATE cases SET notice_start = '2026-01-01', notice_end = '2026-01-07'")
    county = signed_in(app, db, "county", "county_confirmer", "999901000000")
    take(county, case_id, "confirm")
    # near-dibao brings help but no monthly payment: the message names no amount
    body = database.execute(
        "SELECT body FROM outbox WHERE template = 'confirmed_no_amount'").fetchone()[0]
    assert "已批准" in body and "低保边缘家庭" in body and "元" not in body
    take(client, case_id, "publish")
    assert database.execute("SELECT state FROM cases").fetchone()[0] == "published"


def test_the_work_queues_split_cases_by_state(app, db, case_id):
    client = signed_in(app, db, "liulin", "township_reviewer", "999901102000")
    step(client, case_id, "accept")
    home = page(client.get("/staff/"))
    assert "已受理（1）" in home.select_one(".queues").get_text()
    assert len(page(client.get("/staff/?state=accepted")).select("tr.case-row")) == 1
    assert page(client.get("/staff/?state=submitted")).select("tr.case-row") == []


def test_an_extension_moves_the_deadline_to_45_working_days_with_its_reason(app, db, case_id):
    client = signed_in(app, db, "liulin", "township_reviewer", "999901102000")
    step(client, case_id, "accept")
    token = csrf(client.get(f"/staff/cases/{case_id}"))
    refused = client.post(f"/staff/cases/{case_id}/extend", data={"csrf_token": token,
                                                                 "extension_reason": "tired"})
    assert refused.status_code == 422
    response = client.post(f"/staff/cases/{case_id}/extend", data={
        "csrf_token": token, "extension_reason": "members_living_apart", "note": "儿子在外省"})
    assert response.status_code == 302
    shown = page(client.get(f"/staff/cases/{case_id}"))
    assert "还剩 45 个工作日" in shown.select_one(".case-due").get_text()
    assert "人户分离：儿子在外省" in shown.select(".staff-cases")[-1].get_text()
