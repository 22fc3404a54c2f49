"""长辈版 and 标准版 measured in Chromium on a 360×740 phone (issue 11; the MIIT 适老化 rules,
《移动互联网应用适老化通用设计规范》 and 《互联网网站适老化通用设计规范》, 2021): on every resident
page, in both modes, the text is large enough (24 px in 长辈版, 18 px in the standard mode) with
headings larger, lines spaced at least 1.3, every tap target large enough (60 × 60 px in 长辈版,
44 × 44 px in the standard mode; a radio button or checkbox is measured by its label where the
label covers it), text contrast at least 4.5 : 1 against the background it is drawn on, and
nothing needs sideways scrolling. The switch itself works with JavaScript on and off, and an
htmx-boosted page keeps the mode."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests import photo_files
from tests.staff.change_flows import receiving_case
from tests.staff.factory import create_case
from tests.web.flows import YANGZHUANG
from webapp.services import cases, corrections
from webapp.store.engine import connect

from .browsing import (
    apply_for_aid,
    apply_for_temporary_aid,
    arrive,
    declare,
    heading,
    new_phone,
    press,
    save_and_continue,
    settled,
    sign_in,
)
from .test_ratings import refused_case

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
SIZES = {  # CSS px: the smallest text, the smallest tap target
    "standard": {"text": 18, "target": 44},
    "elder": {"text": 24, "target": 60},
}
LINE_SPACING = 1.3
CONTRAST = 4.5
COUNTY = "999901000000"
ELDER_CLASS = re.compile(r"\belder\b")
REVIEWER = {"role": "township_reviewer", "actor": "staff:0", "signature": "兜底服务",
            "service": "兜底服务"}

# Runs in the page: every problem found, as one line each. Text is every element with text of
# its own (and every text box); targets are the interactive elements of <main> and the switch.
MEASURE = r"""
({text, target, spacing, contrast, width}) => {
  const problems = [];
  const name = (el) => {
    const classes = el.classList.length ? "." + [...el.classList].join(".") : "";
    const words = (el.innerText || el.value || el.getAttribute("aria-label") || "")
      .replace(/\s+/g, " ").trim();
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes} "${words.slice(0, 16)}"`;
  };
  const shown = (el) => {
    if (el.closest(".visually-hidden, svg, noscript, template, option")) return false;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden";
  };
  const rgba = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a] = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r, g, b, a: a === undefined ? 1 : a};
  };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a), a: 1});
  const background = (el) => {  // what the element's text is drawn on: its and its ancestors'
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) layers.push(colour);
      if (colour && colour.a >= 1) break;
    }
    return layers.reverse().reduce((below, top) => over(top, below), {r: 255, g: 255, b: 255, a: 1});
  };
  const luminance = ({r, g, b}) => {
    const [R, G, B] = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const TEXT_BOXES = "input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea";
  const withText = [...document.body.querySelectorAll("*")].filter((el) =>
    (el.matches(TEXT_BOXES) ||
     [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) && shown(el));
  const base = parseFloat(getComputedStyle(document.querySelector("main")).fontSize);
  for (const el of withText) {
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    if (size < text - 0.01) problems.push(`text ${size}px < ${text}px: ${name(el)}`);
    if (/^H[1-3]$/.test(el.tagName) && size <= base)
      problems.push(`heading not larger than the text (${size}px): ${name(el)}`);
    const lines = style.lineHeight === "normal" ? NaN : parseFloat(style.lineHeight) / size;
    if (!(lines >= spacing - 0.005) && !el.matches("input, select"))
      problems.push(`line spacing ${style.lineHeight} / ${size}px < ${spacing}: ${name(el)}`);
    const colour = rgba(style.color);
    const behind = background(el);
    const seen = ratio(colour.a < 1 ? over(colour, behind) : colour, behind);
    if (seen < contrast - 0.005)
      problems.push(`contrast ${seen.toFixed(2)} < ${contrast} (${style.color} on ` +
                    `rgb(${behind.r}, ${behind.g}, ${behind.b})): ${name(el)}`);
  }
  const INTERACTIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary, " +
                      "[role=button], [tabindex]:not([tabindex='-1'])";
  const targets = [...document.querySelectorAll("main, .display-mode")]
    .flatMap((area) => [...area.querySelectorAll(INTERACTIVE)]).filter(shown);
  for (const el of targets) {
    let box = el.getBoundingClientRect();
    let what = name(el);
    if (el.matches("input[type=radio], input[type=checkbox]")) {
      // The label is the target where it covers the control (tapping either ticks it).
      const covering = [...el.labels].map((l) => l.getBoundingClientRect()).find((l) =>
        l.left <= box.left + 1 && l.top <= box.top + 1 && l.right >= box.right - 1 &&
        l.bottom >= box.bottom - 1);
      if (covering) { box = covering; what = `label of ${what}`; }
    }
    if (box.width < target - 0.5 || box.height < target - 0.5)
      problems.push(`target ${Math.round(box.width)}×${Math.round(box.height)} < ` +
                    `${target}×${target}: ${what}`);
  }
  const wide = document.documentElement.scrollWidth;
  if (wide > width) problems.push(`scrolls sideways: ${wide}px wide on a ${width}px phone`);
  return problems;
}
"""


class Measure:
    """The `visit` for a walk: measures each page it is shown, once per name, in one mode."""

    def __init__(self, mode: str, shots):
        self.mode = mode
        self.shots = shots
        self.pages: list[str] = []
        self.problems: list[str] = []

    def __call__(self, page, name: str) -> None:
        if name in self.pages:
            return
        self.pages.append(name)
        page.wait_for_load_state()
        elder = expect(page.locator("html"))
        if self.mode == "elder":
            elder.to_have_class(ELDER_CLASS)
        else:
            elder.not_to_have_class(ELDER_CLASS)
        where = f"{name} ({page.url.split('//', 1)[1].split('/', 1)[1]})"
        found = page.evaluate(MEASURE, {**SIZES[self.mode], "spacing": LINE_SPACING,
                                        "contrast": CONTRAST, "width": PHONE_WIDTH})
        self.problems += [f"{where}: {problem}" for problem in found]
        slug = re.sub(r"\W+", "-", name).strip("-") or "page"
        page.screenshot(path=self.shots / f"{len(self.pages):02d}-{slug}.png", full_page=True,
                        caret="initial")


def go(page, url: str, title: str | re.Pattern, measure: Measure, name: str) -> None:
    page.goto(url)
    arrive(page, title, measure, name)


def _db(live_server):
    return connect(live_server.app.config["DATABASE"])


def asked_to_correct(live_server, reference: str) -> int:
    """The township accepts the application and asks for its property to be corrected; returns
    the submission's id."""
    db = _db(live_server)
    try:
        case_id, sid = db.execute("SELECT id, submission_id FROM cases WHERE reference = ?",
                                  [reference]).fetchone()
        cases.act(db, case_id, "accept", **REVIEWER)
        corrections.request(db, case_id, ["property"], "存款和村里了解的不一样，请核对", **REVIEWER)
        return sid
    finally:
        db.close()


def receiving(live_server, phone: str) -> str:
    db = _db(live_server)
    try:
        case_id = receiving_case(db, phone=phone)
        return db.execute("SELECT reference FROM cases WHERE id = ?", [case_id]).fetchone()[0]
    finally:
        db.close()


def on_notice(live_server) -> int:
    """A dibao case of 杨庄村 on its public notice since yesterday, and a published one."""
    today = cases.today()
    db = _db(live_server)
    try:
        create_case(db, state="published", name="王秀英", category="dibao", household_size=1,
                    monthly_amount_fen=52_000, notice_start=(today - timedelta(days=30)).isoformat(),
                    notice_end=(today - timedelta(days=24)).isoformat())
        return create_case(db, state="public_notice", name="赵桂芝", category="dibao",
                           household_size=2, monthly_amount_fen=75_999,
                           notice_start=(today - timedelta(days=1)).isoformat(),
                           notice_end=(today + timedelta(days=5)).isoformat())
    finally:
        db.close()


def correction_pages(page, measure: Measure, sid: int) -> None:
    go(page, "/status", "我的申请和申报", measure, "status asking for a correction")
    page.get_by_role("button", name="去修改").first.click()
    arrive(page, re.compile("补正"), measure, "correction")
    go(page, f"/forms/{sid}/correction/sign", re.compile(".+"), measure, "correction sign")
    press(page, "签名并重新提交")
    expect(page.locator(".error-summary")).to_be_visible()
    measure(page, "correction sign (errors)")


def rating_pages(page, measure: Measure, live_server) -> None:
    phone = new_phone()
    reference = refused_case(live_server, phone)
    sign_in(page, phone)
    go(page, f"/submissions/{reference}", re.compile(".+"), measure, "submission to rate")
    page.locator("#ratings").get_by_role("button", name="提交评价").click()
    expect(page.locator(".error-summary")).to_be_visible()
    arrive(page, "评价办理情况", measure, "rating (errors)")
    page.get_by_label("不满意", exact=True).check()
    press(page, "提交评价")
    expect(page.locator("#ratings .rating-given")).to_be_visible()
    measure(page, "submission rated")


def change_report_pages(page, measure: Measure, live_server) -> None:
    phone = new_phone()
    reference = receiving(live_server, phone)
    sign_in(page, phone)
    go(page, f"/submissions/{reference}", re.compile(".+"), measure, "receiving submission")
    page.get_by_role("link", name="报告家庭变化").click()
    arrive(page, "报告家庭变化", measure, "change report")
    press(page, "报告给乡镇")
    expect(page.locator(".error-summary")).to_be_visible()
    measure(page, "change report (errors)")
    # The whole label is the target: a tap at its far end, away from the radio, ticks it.
    label = page.locator("label", has_text="有家人去世")
    box = label.bounding_box()
    label.click(position={"x": box["width"] - 4, "y": box["height"] / 2})
    expect(page.get_by_label("有家人去世")).to_be_checked()
    go(page, "/", "在手机上办社会救助", measure, "home (signed in)")


def public_pages(page, measure: Measure, live_server) -> None:
    case_id = on_notice(live_server)
    go(page, f"/public/notices/{YANGZHUANG}", re.compile("公示"), measure, "public notice")
    go(page, f"/public/notices/{YANGZHUANG}/object/{case_id}", re.compile(".+"), measure,
       "objection")
    press(page, "提交异议")
    expect(page.locator(".error-summary")).to_be_visible()
    measure(page, "objection (errors)")
    page.get_by_role("textbox").first.fill("她家儿子在县城有两套房")
    press(page, "提交异议")
    expect(page).to_have_url(re.compile("objection-received"))
    arrive(page, re.compile(".+"), measure, "objection received")
    go(page, f"/public/publications/{YANGZHUANG}", re.compile("公布"), measure, "publication")
    go(page, f"/public/ratings/{COUNTY}", re.compile("好差评"), measure, "public ratings")
    # A tab of its own: Chromium logs the 404 as a console error, which the `page` fixture
    # counts as a failure.
    tab = page.context.new_page()
    go(tab, "/no-such-page", "出错了", measure, "error page")
    tab.close()


def switch_on(page) -> None:
    """Press 长辈版 on the home page, as a person would."""
    page.goto("/")
    page.get_by_role("button", name="长辈版（字大）").click()
    expect(page.locator("html")).to_have_class("elder")
    settled(page)


@pytest.mark.parametrize("context", [True], ids=["js"], indirect=True)
@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_every_resident_page_has_the_sizes_of_its_mode(page, mode, live_server,
                                                       tmp_path_factory):
    measure = Measure(mode, tmp_path_factory.mktemp(f"{mode}-screenshots"))
    if mode == "elder":
        switch_on(page)

    _phone, reference = apply_for_aid(page, measure)
    correction_pages(page, measure, asked_to_correct(live_server, reference))
    declare(page, measure)  # includes the risks page showing its mistake
    apply_for_temporary_aid(page, measure, photo=photo_files.phone_jpeg())

    # The first step sent empty: its messages.
    page.goto("/start/application")
    press(page, "开始填写")
    arrive(page, "申请人")
    page.get_by_label("申请人姓名").fill("")
    page.get_by_label("联系电话").fill("")
    save_and_continue(page)
    page.get_by_role("alert").wait_for()
    measure(page, "applicant (errors)")

    rating_pages(page, measure, live_server)
    change_report_pages(page, measure, live_server)
    public_pages(page, measure, live_server)

    print(f"\n{mode}: {len(measure.pages)} pages measured; screenshots in {measure.shots}")
    assert len(measure.pages) >= 40, measure.pages
    assert not measure.problems, f"\n{len(measure.problems)} problems:\n" + "\n".join(
        measure.problems)


def test_the_switch_works_with_and_without_javascript(page):
    page.goto("/signin")
    expect(page.locator("html")).not_to_have_class("elder")
    page.get_by_role("button", name="长辈版（字大）").click()

    expect(page.locator("html")).to_have_class("elder")
    expect(page).to_have_url(re.compile(r"/signin$"))  # back on the page it was pressed on
    expect(heading(page)).to_have_text("用手机号码登录")
    text = page.locator("main p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)") \
        if page.context.javascript else None
    assert text is None or text >= SIZES["elder"]["text"]

    # A link followed (boosted by htmx with JavaScript) keeps the mode.
    page.get_by_role("link", name="返回首页").click()
    arrive(page, "在手机上办社会救助")
    expect(page.locator("html")).to_have_class("elder")
    page.get_by_role("link", name=re.compile("自主申报")).click()
    arrive(page, "自主申报（防止返贫监测）")
    expect(page.locator("html")).to_have_class("elder")

    page.get_by_role("button", name="换回标准版").click()
    expect(page.locator("html")).not_to_have_class("elder")
    expect(heading(page)).to_have_text("自主申报（防止返贫监测）")
    expect(page.get_by_role("button", name="长辈版（字大）")).to_be_visible()

