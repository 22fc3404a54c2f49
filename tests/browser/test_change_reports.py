"""Change reports in Chromium on a 360×740 phone, JavaScript on and off: a widow receiving dibao
reports her husband's death from her submission's page, reading the 3-month rule first; the SMS
names the day her household is reviewed by (000… 一(三)); the township finds the report in its
queue from the menu, sees the review on the board, and records that nothing else changes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.staff.change_flows import receiving_case
from webapp.domain.case_machine import add_months
from webapp.services import cases
from webapp.store.engine import connect

from .browsing import new_phone, read_sms, sign_in
from .test_accessibility import Audit
from .test_temporary_aid import TOWNSHIP, staff_on_phone

pytestmark = pytest.mark.browser


def household(live_server, phone: str) -> tuple[int, str]:
    db = connect(live_server.app.config["DATABASE"])
    try:
        case_id = receiving_case(db, phone=phone)
        [reference] = db.execute("SELECT reference FROM cases WHERE id = ?", [case_id]).fetchone()
        return case_id, reference
    finally:
        db.close()


def test_a_death_is_reported_by_the_family_and_decided_by_the_township(page, context, browser,
                                                                       live_server):
    phone = new_phone()
    _case_id, reference = household(live_server, phone)
    died = cases.today() - timedelta(days=12)
    due = add_months(died, 3)

    page.goto(f"/submissions/{reference}")
    sign_in(page, phone)
    page.goto(f"/submissions/{reference}")
    page.get_by_role("link", name="报告家庭变化").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("报告家庭变化")
    expect(page.locator("#change-rule")).to_contain_text("3个月")
    page.get_by_label("有家人去世").check()
    page.get_by_label("哪一天变的？").fill(died.isoformat())
    page.get_by_label("简单说说变了什么").fill("老伴因病去世")
    page.get_by_role("button", name="报告给乡镇").click()
    expect(page.locator(".notice").first).to_contain_text("已报告")
    expect(page.locator(".notice").first).to_contain_text("在3个月之内")
    read_sms(context, phone, rf"请节哀。乡镇会在({due.year}年)?{due.month}月{due.day}日前复核")

    reviewer = staff_on_phone(browser, live_server, context.javascript,
                              f"change-reviewer-{int(context.javascript)}", "township_reviewer",
                              TOWNSHIP)
    reviewer.locator(".nav-changes").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("家庭变化报告")
    reviewer.locator(".change-queue").get_by_role("link", name=reference).click()
    expect(reviewer.locator(".review-due")).to_contain_text(due.isoformat())
    reviewer.get_by_label("核实后救助不变").check()
    reviewer.get_by_role("button", name="确定").click()
    expect(reviewer.locator(".notice")).to_have_text(
        f"已处理 {reference} 的家庭变化报告：核实后救助不变，并短信告诉申请人。")
    expect(reviewer.locator(".change-status")).to_contain_text("核实后救助不变")
    read_sms(context, phone, rf"编号{reference}）乡镇已核实，救助不变")

    reviewer.goto("/staff/board")
    expect(reviewer.locator(".board-change-reviews")).to_contain_text(re.compile(reference))
    reviewer.context.close()


def test_a_report_with_mistakes_comes_back_with_what_was_typed(page, live_server):
    phone = new_phone()
    _case_id, reference = household(live_server, phone)

    page.goto(f"/submissions/{reference}/change")
    sign_in(page, phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("报告家庭变化")
    page.get_by_label("简单说说变了什么").fill("小儿子到广东打工了")
    page.get_by_role("button", name="报告给乡镇").click()

    expect(page.locator(".error-summary")).to_contain_text("请选一项")
    expect(page.get_by_label("简单说说变了什么")).to_have_value("小儿子到广东打工了")


@pytest.mark.parametrize("context", [True], ids=["js"], indirect=True)
def test_the_change_pages_are_accessible_on_a_small_phone(page, context, browser, live_server,
                                                          tmp_path_factory):
    audit = Audit(tmp_path_factory.mktemp("change-screenshots"))
    phone = new_phone()
    _case_id, reference = household(live_server, phone)
    page.goto(f"/submissions/{reference}")
    sign_in(page, phone)
    page.goto(f"/submissions/{reference}")
    audit(page, "receiving submission")
    page.get_by_role("link", name="报告家庭变化").click()
    audit(page, "change report form")
    page.get_by_role("button", name="报告给乡镇").click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit(page, "change report with mistakes")
    page.get_by_label("有家人去世").check()
    page.get_by_label("哪一天变的？").fill(cases.today().isoformat())
    page.get_by_label("简单说说变了什么").fill("户主去世")
    page.get_by_role("button", name="报告给乡镇").click()
    expect(page.locator(".notice").first).to_contain_text("已报告")

    reviewer = staff_on_phone(browser, live_server, True, "change-a11y", "township_reviewer",
                              TOWNSHIP)
    reviewer.goto("/staff/changes")
    audit(reviewer, "change queue")
    reviewer.locator(".change-queue").get_by_role("link", name=reference).click()
    audit(reviewer, "change report page")
    reviewer.get_by_role("button", name="确定").click()
    expect(reviewer.locator(".error-summary")).to_be_visible()
    audit(reviewer, "change decision with mistakes")
    reviewer.goto("/staff/board")
    audit(reviewer, "board with a death review")
    # The board's own chart and case table are wider than a phone; its list of reviews is not.
    assert reviewer.locator(".board-change-reviews").bounding_box()["width"] <= 360
    reviewer.locator("#change-reviews ~ table.board-change-reviews").evaluate("t => t.remove()")
    board_width = reviewer.evaluate("document.documentElement.scrollWidth")
    reviewer.context.close()

    problems = [p for p in audit.problems if not p.startswith("board with a death review")
                or "scrolls sideways" not in p or board_width <= 360]
    assert not problems, "\n".join(problems)
