"""A township reviewer and a county confirmer take a resident's application from acceptance to
publication in Chromium; the public notice page shows nothing beyond the allowed fields."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from webapp.services import accounts, cases
from webapp.store.engine import connect

from .browsing import APPLICANT, SPOUSE, USED_ID_NUMBERS, apply_for_aid
from .findings_steps import fill_findings

VILLAGE = "999901102202"  # 杨庄村, where the walk in browsing.py applies
PASSWORD = "Staff-walk-2026!"
REVIEWER_STEPS = ["受理", "预约入户调查", "记录入户调查和经济状况调查", "记录信息核对结果",
                  "提出初审意见", "开始公示"]


def staff_page(browser, live_server, username: str) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900},
                                  locale="zh-CN")
    page = context.new_page()
    page.goto("/staff/signin")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    return page


def open_case(page: Page, reference: str) -> None:
    """By search: the live server's database holds every browser test's cases, so the case may
    not be on the first page of the reviewer's list."""
    page.goto(f"/staff/search?q={reference}")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"案件 {reference}")


def take(page: Page, step: str) -> None:
    fill_findings(page, step)  # the steps that investigate record what was found
    page.get_by_role("button", name=step, exact=True).click()
    # The confirmation names the step and the case (「已受理 F33RV32，办结期限 …」).
    expect(page.locator(".notice")).to_have_text(re.compile(f"^已{re.escape(step)} \\w+"))


@pytest.mark.parametrize("context", [True], indirect=True)
def test_reviewer_and_confirmer_take_a_case_to_publication(page, browser, live_server):
    phone, reference = apply_for_aid(page)
    applicant_id = USED_ID_NUMBERS[-1]
    db = connect(live_server.app.config["DATABASE"])
    for username, role, region in (("walk-reviewer", "township_reviewer", "999901102000"),
                                   ("walk-confirmer", "county_confirmer", "999901000000")):
        if not db.execute("SELECT 1 FROM staff WHERE username = ?", [username]).fetchone():
            accounts.create_staff(db, username, "测试" + role, role, region, PASSWORD)

    reviewer = staff_page(browser, live_server, "walk-reviewer")
    open_case(reviewer, reference)
    for step in REVIEWER_STEPS:
        if step == "预约入户调查":  # today, so that it can be recorded; the notice starts today
            reviewer.get_by_label("入户调查日期").fill(cases.today().isoformat())
        take(reviewer, step)
    expect(reviewer.locator(".case-state")).to_have_text("公示中")
    expect(reviewer.locator(".calculation")).to_contain_text("人均月收入")

    notice = reviewer.context.new_page()
    notice.goto(f"/public/notices/{VILLAGE}")
    text = notice.locator("main").inner_text()
    assert APPLICANT["name"] in text
    for secret in (applicant_id, SPOUSE["id_number"], SPOUSE["name"], phone,
                   "3组12号", reference, "残疾", "病"):
        assert secret not in text, secret

    with db.conn:  # the seven days of the notice have passed without objection
        db.conn.execute("UPDATE cases SET notice_start = '2026-01-01', notice_end = '2026-01-07' "
                        "WHERE submission_id = (SELECT id FROM submissions WHERE reference = ?)",
                        [reference])
    confirmer = staff_page(browser, live_server, "walk-confirmer")
    open_case(confirmer, reference)
    take(confirmer, "审核确认")
    expect(confirmer.locator(".case-state")).to_have_text("已审核确认")

    open_case(reviewer, reference)
    take(reviewer, "公布")
    expect(reviewer.locator(".case-state")).to_have_text("已公布")
    publication = reviewer.context.new_page()
    publication.goto(f"/public/publications/{VILLAGE}")
    shown = publication.locator("main").inner_text()
    assert APPLICANT["name"] in shown and phone not in shown and applicant_id not in shown
