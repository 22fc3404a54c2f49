"""Temporary aid in Chromium on a 360×740 phone, JavaScript on and off: a migrant worker whose
hukou is in another province asks for it in a village of the demo county with a photo of the
fire report; the township gives a first amount, then the regular approval; an amount over the
township's limit cannot be approved there and goes to the county."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests import photo_files
from tests.staff.factory import create_aid_case
from webapp.services import accounts
from webapp.store.engine import connect

from .browsing import MIGRANT, apply_for_temporary_aid, read_sms
from .conftest import new_context

pytestmark = pytest.mark.browser

VILLAGE = "999901102202"  # 杨庄村


def case_of(live_server, reference: str) -> dict:
    db = connect(live_server.app.config["DATABASE"])
    try:
        row = db.execute("SELECT c.*, s.id AS sid FROM cases c JOIN submissions s "
                         "ON s.id = c.submission_id WHERE s.reference = ?", [reference]).fetchone()
        return dict(row)
    finally:
        db.close()


def photos_of(live_server, submission_id: int) -> list[bytes]:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return [r[0] for r in db.execute("SELECT image FROM submission_photos WHERE submission_id = ?",
                                         [submission_id])]
    finally:
        db.close()


def test_a_migrant_from_another_province_asks_for_temporary_aid_with_a_photo(page, live_server):
    phone, reference = apply_for_temporary_aid(page, photo=photo_files.phone_jpeg())

    case = case_of(live_server, reference)
    assert (case["machine"], case["state"], case["village_code"]) == ("temporary_aid", "submitted",
                                                                     VILLAGE)
    assert case["applicant_name"] == MIGRANT["name"]
    [photo] = photos_of(live_server, case["sid"])
    assert not Image.open(io.BytesIO(photo)).getexif()
    assert "临时救助申请已提交" in read_sms(page.context, phone, rf"编号{reference}").string


# --- the township and the county, on a phone -----------------------------------------------

TOWNSHIP = "999901102000"  # 柳林乡, where 杨庄村 is
COUNTY = "999901000000"
PASSWORD = "Staff-aid-walk-2026!"


def staff_on_phone(browser, live_server, javascript: bool, username: str, role: str, region: str):
    """A staff member signed in on a 360×740 phone with JavaScript on or off."""
    db = connect(live_server.app.config["DATABASE"])
    try:
        if not db.execute("SELECT 1 FROM staff WHERE username = ?", [username]).fetchone():
            accounts.create_staff(db, username, "测试" + role, role, region, PASSWORD)
    finally:
        db.close()
    page = new_context(browser, live_server, javascript).new_page()
    page.goto("/staff/signin")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    return page


def aid_case(live_server, **columns) -> tuple[int, str]:
    """A temporary-aid case filed in 杨庄村 (the factory; the resident's walk is the test above)."""
    db = connect(live_server.app.config["DATABASE"])
    try:
        case_id = create_aid_case(db, **columns)
        [reference] = db.execute("SELECT reference FROM cases WHERE id = ?", [case_id]).fetchone()
        return case_id, reference
    finally:
        db.close()


def sms_templates(live_server, case_id: int) -> list[str]:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return [r[0] for r in db.execute(
            "SELECT o.template FROM outbox o JOIN cases c ON c.submission_id = o.submission_id "
            "WHERE c.id = ? AND o.template != 'rating_invite' ORDER BY o.id", [case_id])]
    finally:
        db.close()


def take(page: Page, step: str, done: str | None = None, reason: str | None = None,
         action: str | None = None) -> None:
    if reason is not None:
        page.locator(f"#reason-{action}").fill(reason)
    page.get_by_role("button", name=step, exact=True).click()
    # The confirmation names the step and the case (「已标记为急难 F33RV32」).
    expect(page.locator(".notice")).to_have_text(done or re.compile(f"^已{re.escape(step)} \\w+"))


def test_the_township_gives_first_aid_then_approves_within_its_limit(context, browser, live_server):
    """001… 二(六) 小金额先行救助，事后补充说明; 002… 民政厅 第三类 2: up to 3 × 630 per person
    the township approves — 5,670 yuan for three people."""
    case_id, reference = aid_case(live_server)
    reviewer = staff_on_phone(browser, live_server, context.javascript,
                              f"aid-reviewer-{int(context.javascript)}", "township_reviewer", TOWNSHIP)
    aid_queue = reviewer.locator("section.aid-queue")
    aid_queue.get_by_role("link", name=reference).click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(f"案件 {reference}")

    take(reviewer, "标记为急难", reason="宿舍失火，衣物被褥全烧了", action="mark_urgent")
    expect(reviewer.locator(".case-urgent")).to_have_text("急难")
    reviewer.locator("#give_first_aid-amount").fill("５００")
    reviewer.locator("#give_first_aid-method").select_option("cash")
    reviewer.locator("#give_first_aid-note").fill("先买被褥")
    take(reviewer, "先行救助", f"已记录先行救助 {reference}，并短信告诉申请人。")
    expect(reviewer.locator(".case-state")).to_have_text("已先行救助，待补充说明")
    expect(reviewer.locator(".aid-paid")).to_have_text("500")

    take(reviewer, "补充说明先行救助情况", reason="当天入户查看，情况属实", action="explain_first_aid")
    take(reviewer, "记录调查核实情况", reason="入户核实，宿舍损毁", action="record_investigation")
    reviewer.locator("#propose_aid-amount").fill("5670")
    reviewer.locator("#propose_aid-household_size").fill("3")
    take(reviewer, "提出救助意见", f"已提出救助意见 {reference}")
    expect(reviewer.locator(".aid-level")).to_contain_text("乡镇（街道）审批")
    take(reviewer, "批准救助 5,670 元", f"已批准救助 {reference}，并短信告诉申请人。")
    expect(reviewer.locator(".case-state")).to_have_text("已批准救助")
    assert sms_templates(live_server, case_id) == ["first_aid_given", "aid_approved"]
    reviewer.context.close()


def test_over_the_township_limit_the_county_approves(context, browser, live_server):
    """002… 民政厅 第三类 2: over 3 × per person (5,670 yuan for three), up to 6 ×, the county."""
    case_id, reference = aid_case(live_server, state="proposed", aid_amount_fen=6000_00,
                                  aid_household_size=3, aid_level="county")
    reviewer = staff_on_phone(browser, live_server, context.javascript,
                              f"aid-reviewer-{int(context.javascript)}", "township_reviewer", TOWNSHIP)
    reviewer.goto(f"/staff/cases/{case_id}")
    expect(reviewer.locator(".aid-not-township")).to_contain_text("乡镇（街道）不能批准，请报县级民政部门")
    expect(reviewer.locator("form.aid-approve")).to_have_count(0)
    token = reviewer.locator("input[name=csrf_token]").first.get_attribute("value")
    tried = reviewer.request.post(f"/staff/cases/{case_id}/aid/approve", form={"csrf_token": token})
    assert tried.status == 422 and "请报县级民政部门" in tried.text()
    reviewer.context.close()

    confirmer = staff_on_phone(browser, live_server, context.javascript,
                               f"aid-confirmer-{int(context.javascript)}", "county_confirmer", COUNTY)
    confirmer.goto(f"/staff/cases/{case_id}")
    expect(confirmer.locator(".aid-level")).to_contain_text("县级民政部门审批")
    take(confirmer, "批准救助 6,000 元", f"已批准救助 {reference}，并短信告诉申请人。")
    expect(confirmer.locator(".case-state")).to_have_text("已批准救助")
    expect(confirmer.locator(".aid-approved")).to_contain_text("县级")
    assert sms_templates(live_server, case_id) == ["aid_approved"]
    confirmer.context.close()
