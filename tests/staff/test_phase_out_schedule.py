"""Starting a phase-out from the case page: only for income raised above the standard by
employment (`000…` 一(三): 对就业后家庭人均收入超过当地低保标准的低保家庭，可给予 … 渐退期), the
reason and the income asked and recorded, and the amount of each month following the county's
schedule (`003…` 二(二)3: 补助金逐季递减 — a schedule of percentages of the last amount)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import page

from tests.staff.conftest import case_row, make_staff, post_step, staff_sign_in
from tests.staff.factory import create_case
from tests.web.flows import LIULIN, sql
from webapp.domain.case_machine import add_months
from webapp.domain.policy import HENAN_2022
from webapp.domain.review import Month
from webapp.services import cases, policy_store

TODAY = cases.today()


@pytest.fixture
def reviewer(app, db):
    make_staff(db, username="liulin", role="township_reviewer", region=LIULIN, name="李审核")
    client = app.test_client()
    staff_sign_in(client, "liulin")
    return client


@pytest.fixture
def published(db):
    return create_case(db, state="published", resident=True, category="dibao",
                       monthly_amount_fen=300_00, household_size=2)


def start(client, case_id, **fields):
    return post_step(client, case_id, "start_phase_out", **fields)


def amounts(app, case_id):
    return [(r["effective_month"], r["monthly_amount_fen"]) for r in sql(
        app, "SELECT * FROM case_amounts WHERE case_id = ? AND source = 'phase_out' ORDER BY id", case_id)]


def test_000_1_3_a_phase_out_for_another_reason_is_refused_next_to_the_reason(app, reviewer, published):
    response = start(reviewer, published, phase_out_reason="other", phase_out_income="500")
    assert response.status_code == 422
    shown = page(response)
    assert "就业" in shown.select_one("#phase_out_reason .error").get_text()
    assert shown.select_one("#phase_out_reason-other").has_attr("checked")
    assert shown.select_one("#phase_out_income")["value"] == "500"
    assert case_row(app, published)["state"] == "published"


def test_000_1_3_income_not_above_the_standard_is_no_phase_out(app, reviewer, published):
    response = start(reviewer, published, phase_out_reason="employment", phase_out_income="420")
    assert response.status_code == 422
    assert "没有超过低保标准" in page(response).select_one("#field-phase_out_income .error").get_text()
    assert start(reviewer, published, phase_out_income="500").status_code == 422  # no reason chosen


def test_000_1_3_a_phase_out_for_employment_pays_the_full_amount_for_the_county_s_months(
        app, reviewer, published):
    assert start(reviewer, published, phase_out_reason="employment",
                 phase_out_income="500").status_code == 302
    row = case_row(app, published)
    assert (row["state"], row["phase_out_until"]) == ("phasing_out", add_months(TODAY, 6).isoformat())
    first = Month.of(TODAY).plus(1)
    assert amounts(app, published) == [(first.plus(i).iso, 300_00) for i in range(6)]
    [detail] = [json.loads(r[0]) for r in sql(
        app, "SELECT detail FROM case_events WHERE case_id = ? AND action = 'start_phase_out'", published)]
    assert (detail["phase_out_reason"], detail["phase_out_income_fen"]) == ("employment", 500_00)
    shown = page(reviewer.get(f"/staff/cases/{published}"))
    assert "渐退期（按渐退安排）" in shown.select_one(".case-amounts").get_text()


def test_003_2_2_3_the_amount_of_each_month_follows_the_schedule_and_a_disabled_household_s(
        app, db, reviewer, published):
    policy_store.add_version(db, replace(
        HENAN_2022, effective_from=TODAY, phase_out_months=4, phase_out_schedule=(100, 100, 50, 50),
        phase_out_schedule_disabled=(100, 100, 100, 75, 75, 75)), source="清民〔2026〕9号", actor="staff:1")
    assert start(reviewer, published, phase_out_reason="employment", phase_out_income="500",
                 phase_out_disabled="yes").status_code == 302
    assert [a for _, a in amounts(app, published)] == [300_00] * 3 + [225_00] * 3
    assert case_row(app, published)["phase_out_until"] == add_months(TODAY, 6).isoformat()

    other = create_case(db, state="published", resident=True, category="dibao",
                        monthly_amount_fen=300_00, household_size=2)
    assert start(reviewer, other, phase_out_reason="employment", phase_out_income="500").status_code == 302
    assert [a for _, a in amounts(app, other)] == [300_00, 300_00, 150_00, 150_00]
