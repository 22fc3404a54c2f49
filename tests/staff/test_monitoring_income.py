"""A monitored household's income recorded on its case page, and risk removal checked from the
recorded figures (`002…` 乡村振兴局 一(三): 风险消除标准就是收入稳定超过监测线半年以上; 一(四)2
十二: 整户无劳动力的监测对象 … 回退 — never marked removed)."""

from __future__ import annotations

import pytest
from conftest import csrf, page

from tests.staff.conftest import case_row, field_error, make_staff, staff_sign_in
from tests.staff.factory import create_case
from tests.staff.test_case_page import step
from tests.web.flows import LIULIN
from webapp.domain.case_machine import add_months
from webapp.services import cases

TODAY = cases.today()
GROUNDS = "收入稳定超过监测线半年以上，两不愁三保障稳固"


@pytest.fixture
def reviewer(app, db):
    make_staff(db, username="liulin", role="township_reviewer", region=LIULIN, name="李审核")
    client = app.test_client()
    staff_sign_in(client, "liulin")
    return client


@pytest.fixture
def monitored(db):
    return create_case(db, state="plan_entered", machine="relapse_monitoring", resident=True)


def record(client, case_id: int, **fields):
    token = csrf(client.get(f"/staff/cases/{case_id}"))
    return client.post(f"/staff/cases/{case_id}/monitoring/income", data={"csrf_token": token, **fields})


def test_the_case_page_shows_the_year_s_line_carried_over_and_no_figures_yet(reviewer, monitored):
    shown = page(reviewer.get(f"/staff/cases/{monitored}"))
    line = shown.select_one(".monitoring-line").get_text()
    assert "6,900" in line and "8,000" in line and "沿用 2022 年" in line
    assert "还没有记录收入" in shown.select_one("#why-remove_risk").get_text()


def test_002_xczx_1_3_risk_removal_waits_for_six_months_above_the_line(app, reviewer, monitored):
    earlier = add_months(TODAY, -6).isoformat()
    assert record(reviewer, monitored, recorded_on=TODAY.isoformat(), income="9000",
                  labour_force="2").status_code == 302
    shown = page(reviewer.get(f"/staff/cases/{monitored}"))
    assert "才满半年" in shown.select_one("#why-remove_risk").get_text()
    refused = step(reviewer, monitored, "remove_risk", reason=GROUNDS)
    assert refused.status_code == 422 and case_row(app, monitored)["state"] == "plan_entered"

    assert record(reviewer, monitored, recorded_on=earlier, income="8,800元",
                  labour_force="2").status_code == 302
    shown = page(reviewer.get(f"/staff/cases/{monitored}"))
    assert shown.select_one("#why-remove_risk") is None
    assert len(shown.select(".monitoring-income")) == 2
    assert step(reviewer, monitored, "remove_risk", reason=GROUNDS).status_code == 302
    assert case_row(app, monitored)["state"] == "risk_removed"


def test_002_xczx_1_4_a_household_with_no_labour_force_is_not_removed(app, reviewer, monitored):
    for day in (add_months(TODAY, -7), TODAY):
        assert record(reviewer, monitored, recorded_on=day.isoformat(), income="9000",
                      labour_force="0").status_code == 302
    refused = step(reviewer, monitored, "remove_risk", reason=GROUNDS)
    assert refused.status_code == 422
    assert "没有劳动力" in page(refused).select_one(".error-summary").get_text()
    assert case_row(app, monitored)["state"] == "plan_entered"


def test_a_wrong_figure_is_refused_next_to_its_field_and_kept(reviewer, monitored):
    response = record(reviewer, monitored, recorded_on=TODAY.isoformat(), income="九千",
                      labour_force="2", note="上门核实")
    assert response.status_code == 422
    assert field_error(response, "monitoring-income")
    shown = page(response)
    assert shown.select_one("#monitoring-income")["value"] == "九千"
    assert shown.select_one("#monitoring-note")["value"] == "上门核实"
    response = record(reviewer, monitored, recorded_on=TODAY.isoformat(), income="9000", labour_force="两")
    assert "劳动力人数" in field_error(response, "monitoring-labour_force")


def test_income_is_recorded_only_on_a_monitored_household(db, reviewer):
    declared = create_case(db, state="declared", machine="relapse_monitoring", resident=True)
    response = record(reviewer, declared, recorded_on=TODAY.isoformat(), income="9000", labour_force="2")
    assert response.status_code == 422
    assert "帮扶计划已录入" in page(response).select_one(".error-summary").get_text()


def test_002_xczx_1_1_the_declared_income_is_weighed_against_the_line_on_the_case_page(db, reviewer):
    """3 people declaring 12,000 元 a year: 4,000 each, below 6,900 — in principle included."""
    declared = create_case(db, state="declared", machine="relapse_monitoring", resident=True,
                           answers={"risks": {"income": 12_000_00}, "members": [{}, {}]})
    hint = page(reviewer.get(f"/staff/cases/{declared}")).select_one(".monitoring-inclusion").get_text()
    assert "4,000" in hint and "原则上都要纳入" in hint
