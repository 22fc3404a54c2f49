"""Staff pages in Chromium for a desktop clerk (issue 11, item 9): at 1280×800 the case list and
the deadline board use the width of the screen and no table cell is squeezed to a character per
line; at 360×740, JavaScript on and off, the staff navigation wraps on the screen with targets of
at least 44 × 44 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.staff.factory import create_aid_case, create_case
from webapp.domain.case_machine import MACHINES
from webapp.services import accounts
from webapp.store.engine import connect

pytestmark = pytest.mark.browser

PASSWORD = "Staff-desk-2026!"
COUNTY = "999901000000"

# Every cell with two or more characters: narrower than two characters, or a run of its text
# broken to about one character per line (each text node's line boxes against its characters).
SQUEEZED = """() => [...document.querySelectorAll('main table td, main table th')].flatMap(cell => {
  const text = cell.innerText.trim();
  if ([...text].length < 2) return [];
  const style = getComputedStyle(cell);
  const width = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const size = parseFloat(style.fontSize);
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  let squeezed = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const chars = [...node.textContent.trim()].length;
    if (chars < 3) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    if (lines > 1 && chars / lines < 2) squeezed = true;
  }
  return width < 2 * size || squeezed ? [`${text.slice(0, 20)}: ${Math.round(width)}px`] : [];
})"""
# Every link and button of the staff navigation: its box, and whether it leaves the screen.
NAV_TARGETS = """() => [...document.querySelectorAll('.staff-nav a, .staff-nav button')].map(el => {
  const box = el.getBoundingClientRect();
  return {text: el.innerText.trim(), width: box.width, height: box.height, right: box.right};
})"""


@pytest.fixture(scope="module")
def region_cases(live_server):
    """Cases in every state of every machine in 杨庄村, so the lists have every kind of row."""
    db = connect(live_server.app.config["DATABASE"])
    try:
        for username, role, region in (("desk-reviewer", "township_reviewer", "999901102000"),
                                       ("desk-admin", "county_admin", COUNTY)):
            if not db.execute("SELECT 1 FROM staff WHERE username = ?", [username]).fetchone():
                accounts.create_staff(db, username, "测试" + role, role, region, PASSWORD)
        for machine in MACHINES.values():
            for state in machine.states:
                if machine.name == "temporary_aid":
                    create_aid_case(db, state=state)
                else:
                    create_case(db, state=state, machine=machine.name, name="欧阳建国",
                                due_on="2026-12-31")
    finally:
        db.close()


def signed_in(page: Page, username: str) -> Page:
    page.goto("/staff/signin")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    return page


@pytest.mark.parametrize("context", [True], indirect=True)
def test_at_1280_the_lists_use_the_width_and_no_cell_wraps_a_character_per_line(
        context, browser, live_server, region_cases):
    desk = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800},
                               locale="zh-CN")
    try:
        page = signed_in(desk.new_page(), "desk-reviewer")
        for url in ("/staff/", "/staff/cases", "/staff/cases?queue=finished", "/staff/board",
                    "/staff/board?queue=finished"):
            page.goto(url)
            assert page.locator("main table").count() > 0, url
            assert page.locator("main").bounding_box()["width"] > 1000, url
            assert page.evaluate(SQUEEZED) == [], url
            # The page itself never scrolls sideways: a wide table scrolls in its own box.
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280, url
    finally:
        desk.close()


def test_at_360_the_staff_navigation_wraps_with_large_targets(context, region_cases):
    page = context.new_page()
    signed_in(page, "desk-admin")  # the county administrator has the most links
    for url in ("/staff/", "/staff/board", "/staff/audit"):
        page.goto(url)
        targets = page.evaluate(NAV_TARGETS)
        assert len(targets) >= 10, url
        small = [t for t in targets if t["width"] < 44 or t["height"] < 44]
        outside = [t for t in targets if t["right"] > 360]
        assert small == [] and outside == [], (url, small, outside)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
