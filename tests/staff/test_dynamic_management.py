"""After publication the township reviews the household periodically, may phase the assistance
out, and stops it; each step is recorded on the case and told to the household by SMS
(RULES.md "Procedure and deadlines for dibao": dynamic management, phase-out)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import csrf, page

from tests.staff.conftest import case_row, make_staff, post_step, staff_sign_in
from tests.staff.procedure import act, take_to_confirmation
from tests.web.flows import LIULIN, sql, submit_application
from webapp.domain.case_machine import add_months
from webapp.domain.phase_out import EMPLOYMENT, Grounds
from webapp.services import board, cases, queues
from webapp.store.engine import connect

TODAY = cases.today()
# 000… 一(三): a member found work and per-capita income is above the 420 元 standard (issue 12).
EMPLOYED = Grounds(EMPLOYMENT, 500_00)


@pytest.fixture
def confirmed(resident, app):
    """张三's application taken through the procedure to confirmation (the notice's 7 days moved
    into the past, as if they had passed)."""
    submit_application(resident)
    case_id = sql(app, "SELECT id FROM cases")[0][0]
    take_to_confirmation(app, case_id)
    return case_id


@pytest.fixture
def published(app, confirmed):
    act(app, confirmed, "publish")
    return confirmed


def bodies(app, template: str) -> list[str]:
    return [r[0] for r in sql(app, "SELECT body FROM outbox WHERE template = ? ORDER BY id", template)]


def md(day: date) -> str:
    return f"{day.month}月{day.day}日"


# RULES.md "Procedure and deadlines for dibao": dynamic management starts from confirmation.
def test_confirmation_records_its_day_and_the_first_periodic_review_a_year_on(app, confirmed):
    row = case_row(app, confirmed)
    assert row["confirmed_on"] == TODAY.isoformat()
    assert row["review_due_on"] == add_months(TODAY, 12).isoformat()


def test_the_reviewer_is_offered_the_dynamic_management_steps_of_a_published_case(
        app, db, reviewer_client, published):
    shown = page(reviewer_client.get(f"/staff/cases/{published}"))
    buttons = [b.get_text() for b in shown.select(".case-step button")]
    assert buttons == ["记录定期复核", "进入渐退期", "停止救助"]
    assert add_months(TODAY, 12).isoformat() in shown.select_one(".case-review-due").get_text()
    make_staff(db, username="county", role="county_confirmer", region="999901000000")
    county = app.test_client()
    staff_sign_in(county, "county")
    assert page(county.get(f"/staff/cases/{published}")).select(".case-step") == []


# RULES.md "Procedure and deadlines for dibao": the township reviews recipients periodically (its
# results and amounts: tests/staff/test_review_result.py).
def review(client, case_id: int, **fields):
    token = csrf(client.get(f"/staff/cases/{case_id}/review"))
    return client.post(f"/staff/cases/{case_id}/review", data={"csrf_token": token, **fields})


def test_a_periodic_review_needs_its_result_and_keeps_what_was_typed(app, reviewer_client, published):
    response = review(reviewer_client, published, result="continue", reason=" ")
    assert response.status_code == 422
    error = page(response).select_one("#field-reason-record_review .error")
    assert error is not None and "需要写明理由" in error.get_text()
    assert page(response).select_one("#result-continue").has_attr("checked")
    assert bodies(app, "review_continued_no_amount") == []


def test_a_periodic_review_is_recorded_told_and_sets_the_next_one(app, reviewer_client, published):
    sql(app, "UPDATE cases SET review_due_on = ? WHERE id = ?",
        (TODAY + timedelta(days=3)).isoformat(), published)

    response = review(reviewer_client, published, result="continue", reason="情况未变，继续享受")

    assert response.status_code == 302
    row = case_row(app, published)
    assert (row["state"], row["reviewed_on"], row["review_result"], row["review_due_on"]) == (
        "published", TODAY.isoformat(), "情况未变，继续享受", add_months(TODAY, 12).isoformat())
    [body] = bodies(app, "review_continued_no_amount")  # 张三's household: near-dibao, no payment
    assert "经复核继续按低保边缘家庭帮扶" in body
    shown = page(reviewer_client.get(f"/staff/cases/{published}"))
    assert "情况未变，继续享受" in shown.select_one(".case-review").get_text()


# RULES.md "Procedure and deadlines for dibao": phase-out up to 6 months, a parameter.
def test_a_phase_out_runs_the_parameters_months_and_tells_the_household_until_when(
        app, reviewer_client, published):
    until = add_months(TODAY, 6)  # the demo county's parameters: 6 months

    assert post_step(reviewer_client, published, "start_phase_out",
                     phase_out_reason="employment", phase_out_income="500").status_code == 302

    row = case_row(app, published)
    assert (row["state"], row["phase_out_until"]) == ("phasing_out", until.isoformat())
    [body] = bodies(app, "phase_out")
    assert "渐退期" in body and md(until) in body
    shown = page(reviewer_client.get(f"/staff/cases/{published}"))
    assert shown.select_one(".case-state").get_text() == "渐退期"
    assert until.isoformat() in shown.select_one(".case-phase-out").get_text()


def test_a_phase_out_is_ended_only_once_it_is_over(app, reviewer_client, published):
    act(app, published, "start_phase_out", phase_out=EMPLOYED)
    early = post_step(reviewer_client, published, "end_phase_out")
    assert early.status_code == 422
    assert "到期后才能办理" in page(early).select_one(".error-summary").get_text()
    assert case_row(app, published)["state"] == "phasing_out"

    sql(app, "UPDATE cases SET phase_out_until = ? WHERE id = ?", TODAY.isoformat(), published)
    assert post_step(reviewer_client, published, "end_phase_out").status_code == 302

    assert case_row(app, published)["state"] == "ended"
    [body] = bodies(app, "phase_out_over")
    assert "渐退期已满" in body and "再次申请" in body


# RULES.md "Honest reporting" and "Procedure and deadlines for dibao": ineligible → stop; the
# household is told why and how to appeal, as for a refusal.
@pytest.mark.parametrize("from_phase_out", [False, True])
def test_stopping_assistance_needs_a_reason_and_tells_how_to_appeal(app, reviewer_client, published,
                                                                    from_phase_out):
    if from_phase_out:
        act(app, published, "start_phase_out", phase_out=EMPLOYED)
    refused = post_step(reviewer_client, published, "stop_assistance")
    assert refused.status_code == 422
    assert page(refused).select_one("#field-reason-stop_assistance .error") is not None

    response = post_step(reviewer_client, published, "stop_assistance", reason="家庭人均收入已超过低保标准")

    assert response.status_code == 302
    assert case_row(app, published)["state"] == "ended"
    [body] = bodies(app, "assistance_stopped")
    assert "已停止" in body and "家庭人均收入已超过低保标准" in body and "行政复议" in body
    shown = page(reviewer_client.get(f"/staff/cases/{published}"))
    assert shown.select_one(".case-state").get_text() == "停止救助"
    assert shown.select(".case-step") == []


def test_a_case_in_phase_out_past_its_old_deadline_is_not_overdue_on_the_board(app, published):
    sql(app, "UPDATE cases SET due_on = '2026-01-05' WHERE id = ?", published)
    act(app, published, "start_phase_out", phase_out=EMPLOYED)
    db = connect(app.config["DATABASE"])
    summary = board.from_counts(*queues.board_counts(db, LIULIN, TODAY, cases.calendar(db)), TODAY)
    assert [(s.state, s.count, s.overdue) for s in summary.states] == [("phasing_out", 1, 0)]
