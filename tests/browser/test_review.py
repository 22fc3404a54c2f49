"""A periodic review on a 360×740 phone, JavaScript on and off (issue 10 item 5): the township
reviewer opens the review from the case page, enters the income found now, sees the new amount
calculated line by line, records 减发, and the case page lists the amounts with their months."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.staff.factory import create_case
from tests.web.flows import id_number
from webapp.domain.review import default_effective_month
from webapp.services import cases
from webapp.store.engine import connect

from .test_temporary_aid import TOWNSHIP, sms_templates, staff_on_phone

pytestmark = pytest.mark.browser

# Two people, 6,000 元 a year: (420 − 250) × 2 = 340 元 a month under the demo parameters.
ANSWERS = {"members": [{"name": "周七", "id_number": id_number("19700202", sequence="031")},
                       {"name": "吴八", "id_number": id_number("19720303", sequence="042")}],
           "income": {"0": {"wages": 600000}}, "residence": {"village": "999901102202"}}


def published_case(live_server) -> int:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return create_case(db, state="published", resident=True, answers=ANSWERS, category="dibao",
                           monthly_amount_fen=34000, household_size=2)
    finally:
        db.close()


def test_the_township_lowers_the_amount_after_a_review(context, browser, live_server):
    case_id = published_case(live_server)
    reviewer = staff_on_phone(browser, live_server, context.javascript,
                              f"review-reviewer-{int(context.javascript)}", "township_reviewer",
                              TOWNSHIP)
    reviewer.goto(f"/staff/cases/{case_id}")
    reviewer.get_by_role("button", name="记录定期复核").click()
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text("定期复核")
    expect(reviewer.locator(".review-suggested")).to_contain_text("应选择“续发（金额不变）”")

    reviewer.get_by_label("周七").fill("7200")
    reviewer.get_by_role("button", name="按填写的情况计算").click()
    expect(reviewer.locator(".review-suggested")).to_contain_text("算出每月 240 元：应选择“减发”")
    expect(reviewer.locator(".review-calculation")).to_contain_text("7,200 元")
    reviewer.get_by_label("增发").check()
    reviewer.get_by_label("复核情况").fill("周七在镇上打零工，收入增加")
    reviewer.get_by_role("button", name="记录复核结果").click()
    expect(reviewer.locator("#field-result .error")).to_contain_text("应选择“减发”")
    expect(reviewer.get_by_label("周七")).to_have_value("7200")

    reviewer.get_by_label("减发").check()
    reviewer.get_by_role("button", name="记录复核结果").click()
    expect(reviewer.locator(".notice")).to_have_text(re.compile(r"^已记录复核结果 \w+，并短信告诉申请人。$"))
    month = default_effective_month(cases.today())
    [row] = reviewer.locator(".case-amounts tbody tr").all()  # the factory's case has no confirmation row
    expect(row).to_contain_text(month.label)
    expect(row).to_contain_text("240 元")
    expect(row).to_contain_text("定期复核：减发")
    expect(reviewer.locator(".case-review")).to_contain_text("周七在镇上打零工，收入增加")
    assert sms_templates(live_server, case_id) == ["review_lowered"]
    reviewer.context.close()
