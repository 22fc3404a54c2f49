"""Issue 12's "Done means" on a 360×740 phone, JavaScript on and off: a township reviewer records
a home visit, the record check and the findings that decide the category; the opinion shows them
line by line; 王强, an adult unemployed man with a grade 1 physical disability who lives with
his mother, is proposed as a single-person household (000… 一(一): 单人户)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.staff.disabled_son import disabled_son_case
from webapp.domain.findings import RECORD_KINDS
from webapp.store.engine import connect

from .test_temporary_aid import TOWNSHIP, staff_on_phone

pytestmark = pytest.mark.browser


def son_case(live_server) -> int:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return disabled_son_case(db)
    finally:
        db.close()


def test_the_reviewer_records_the_findings_and_the_opinion_shows_them(context, browser, live_server):
    case_id = son_case(live_server)
    reviewer = staff_on_phone(browser, live_server, context.javascript,
                              f"findings-reviewer-{int(context.javascript)}", "township_reviewer", TOWNSHIP)
    reviewer.goto(f"/staff/cases/{case_id}")

    # The home visit: the members start as declared; the housing is left out at first.
    expect(reviewer.locator("#visit-members-0-disability_kind")).to_have_value("physical")
    reviewer.get_by_label("在场人员").fill("王强、母亲刘芳")
    reviewer.locator("#visit-members-0-care_level").select_option("partial_care")
    reviewer.get_by_role("button", name="记录入户调查和经济状况调查").click()
    expect(reviewer.locator("#field-visit-housing .error")).to_have_text("请选择住房情况")
    expect(reviewer.get_by_label("在场人员")).to_have_value("王强、母亲刘芳")
    reviewer.get_by_label("自有住房").check()
    reviewer.get_by_role("button", name="记录入户调查和经济状况调查").click()
    expect(reviewer.locator(".notice")).to_contain_text(re.compile(r"^已记录入户调查和经济状况调查"))

    # The record check, kind by kind of the authorisation.
    for kind in RECORD_KINDS:
        reviewer.locator(f"#records-records-{kind}-checked-0").check()
        reviewer.locator(f"#records-records-{kind}-result").fill("无登记" if kind == "vehicle" else "无异常")
        reviewer.locator(f"#records-records-{kind}-matches-0").check()
    reviewer.get_by_role("button", name="记录信息核对结果").click()
    expect(reviewer.locator(".notice")).to_contain_text(re.compile(r"^已记录信息核对结果"))

    # The findings that decide the category: his mother supports him; he applies alone.
    reviewer.locator("#category-property_within_limits-0").check()
    reviewer.locator("#category-members-0-supporters-0-relation").fill("母亲")
    reviewer.locator("#category-members-0-supporters-0-age").fill("58")
    reviewer.get_by_label("申请人单独作为单人户（单人户）").check()
    reviewer.get_by_label("单人户的依据").fill("成年无业重度残疾人（肢体一级）")
    reviewer.get_by_role("button", name="提出初审意见").click()
    expect(reviewer.locator(".notice")).to_contain_text(re.compile(r"^已提出初审意见"))

    calculation = reviewer.locator(".calculation")
    expect(calculation).to_contain_text("1 人（单人户：成年无业重度残疾人）")
    expect(calculation).to_contain_text("最低生活保障")
    found = reviewer.locator(".staff-recorded-findings")
    expect(found.locator(".findings-home_visit")).to_contain_text("王强无劳动能力；无重大疾病；肢体残疾一级；共同生活；半护理")
    expect(found.locator(".findings-records_check")).to_contain_text("车辆已核对，与申报一致；无登记")
    opinion = reviewer.locator(".staff-answers .findings-category")
    expect(opinion).to_contain_text("母亲，58岁，有履行义务能力")
    expect(opinion).to_contain_text("申请人单独提出申请；成年无业重度残疾人（肢体一级）")
    reviewer.context.close()
