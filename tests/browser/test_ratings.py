"""好差评 in Chromium on a 360×740 phone, JavaScript on and off (国办发〔2019〕51号): the township
refuses an application; its applicant rates the refusal on the submission's page — a rating
sent without a level comes back with its message and the comment kept — as 非常不满意; the
township reviewer answers the follow-up on their phone, and the applicant reads the answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.staff.factory import create_case
from webapp.services import cases
from webapp.store.engine import connect

from .browsing import new_phone, sign_in
from .test_accessibility import Audit
from .test_temporary_aid import TOWNSHIP, staff_on_phone

pytestmark = pytest.mark.browser


def refused_case(live_server, phone: str) -> str:
    """An application of the resident with `phone`, refused acceptance by the township."""
    db = connect(live_server.app.config["DATABASE"])
    try:
        case_id = create_case(db, state="submitted", resident=True, phone=phone)
        cases.act(db, case_id, "refuse_acceptance", role="township_reviewer", actor="staff:0",
                  reason="户籍不在本乡", signature="兜底服务", service="兜底服务")
        return db.execute("SELECT reference FROM cases WHERE id = ?", [case_id]).fetchone()[0]
    finally:
        db.close()


def test_a_resident_rates_a_refusal_and_reads_the_townships_answer(context, browser, live_server):
    phone = new_phone()
    reference = refused_case(live_server, phone)
    resident = context.new_page()
    sign_in(resident, phone)

    resident.goto(f"/submissions/{reference}")
    ratings = resident.locator("#ratings")
    expect(ratings).to_contain_text("不予受理")
    ratings.get_by_label("想说的话（可不填）").fill("电话一直打不通")
    ratings.get_by_role("button", name="提交评价").click()
    expect(resident.locator(".error-summary")).to_contain_text("请选一个评价")
    expect(resident.get_by_label("想说的话（可不填）")).to_have_value("电话一直打不通")
    resident.get_by_label("非常不满意").check()
    resident.get_by_role("button", name="提交评价").click()
    expect(resident.locator(".notice").first).to_contain_text("乡镇会核实情况")
    expect(resident.locator("#ratings .rating-given")).to_have_text("您的评价：非常不满意")

    reviewer = staff_on_phone(browser, live_server, context.javascript,
                              f"rating-reviewer-{int(context.javascript)}", "township_reviewer",
                              TOWNSHIP)
    reviewer.get_by_role("link", name="差评回访").click()
    row = reviewer.locator(".followup-row", has_text=reference)
    expect(row).to_contain_text("电话一直打不通")
    row.get_by_label("答复内容").fill("已上门说明：户籍在城关镇，请到城关镇申请。")
    row.get_by_role("button", name="答复").click()
    expect(reviewer.locator(".notice").first).to_contain_text("已答复")
    expect(reviewer.locator(".followup-row", has_text=reference)).to_have_count(0)
    reviewer.context.close()

    resident.reload()
    expect(resident.locator(".rating-answer")).to_contain_text("请到城关镇申请")


def test_the_county_administrator_sees_the_townships_ratings(context, browser, live_server):
    admin = staff_on_phone(browser, live_server, context.javascript,
                           f"rating-admin-{int(context.javascript)}", "county_admin",
                           "999901000000")
    admin.get_by_role("link", name="好差评情况").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("好差评情况")
    admin.context.close()


@pytest.mark.parametrize("context", [True], ids=["js"], indirect=True)
def test_the_rating_pages_are_accessible_on_a_small_phone(page, browser, live_server,
                                                          tmp_path_factory):
    audit = Audit(tmp_path_factory.mktemp("rating-screenshots"))
    phone = new_phone()
    reference = refused_case(live_server, phone)
    sign_in(page, phone)

    page.goto(f"/submissions/{reference}")
    audit(page, "submission with its rating prompt")
    page.locator("#ratings").get_by_role("button", name="提交评价").click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit(page, "rating sent without a level")
    page.get_by_label("不满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    audit(page, "submission rated")
    for role, region, url in (("township_reviewer", TOWNSHIP, "/staff/ratings/followups"),
                              ("county_admin", "999901000000", "/staff/county/ratings")):
        staff = staff_on_phone(browser, live_server, True, f"rating-audit-{role}", role, region)
        staff.goto(url)
        audit(staff, url)
        staff.context.close()

    assert audit.problems == []
