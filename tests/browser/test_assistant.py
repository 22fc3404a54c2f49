"""A village assistant files for residents on their own phone (issue 5): one resident confirms
with the code sent to their own phone (JavaScript on and off), one with no phone writes their
name on the screen; a township reviewer then sees both the resident and the assistant."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from webapp.services import accounts
from webapp.store.engine import connect

from .browsing import (
    REFERENCE,
    arrive,
    choose,
    fill_member,
    fill_plain_income,
    heading,
    javascript,
    new_phone,
    press,
    read_sms,
    save_and_continue,
)
from .conftest import new_context
from .test_accessibility import Audit

PASSWORD = "Assist-walk-2026!"
ASSISTANT = ("walk-assistant", "王协理", "assistant", "999901102202")  # 杨庄村
REVIEWER = ("walk-reviewer-5", "李审核", "township_reviewer", "999901102000")  # 柳林乡
WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_people = iter(range(100, 999))


def id_number(birth: str = "19480203") -> str:
    """A valid ID number no other test uses (the check character computed here)."""
    first_17 = "110105" + birth + f"{next(_people):03d}"
    value = (12 - sum(int(d) * w for d, w in zip(first_17, WEIGHTS, strict=True)) % 11) % 11
    return first_17 + ("X" if value == 10 else str(value))


def account(live_server, username: str, name: str, role: str, region: str) -> None:
    db = connect(live_server.app.config["DATABASE"])
    try:
        if not db.execute("SELECT 1 FROM staff WHERE username = ?", [username]).fetchone():
            accounts.create_staff(db, username, name, role, region, PASSWORD)
    finally:
        db.close()


def staff_sign_in(page: Page, live_server, who: tuple[str, str, str, str]) -> None:
    account(live_server, *who)
    page.goto("/staff/signin")
    page.get_by_label("用户名").fill(who[0])
    page.get_by_label("密码").fill(PASSWORD)
    press(page, "登录")
    arrive(page, "工作台")


def choose_resident(page: Page, live_server, link: str, name: str, number: str,
                    phone: str | None) -> None:
    """The assistant's page → 帮村民… → who the form is for → the first step."""
    staff_sign_in(page, live_server, ASSISTANT)
    page.get_by_role("link", name="协理员工作台").click()
    arrive(page, "协理员工作台")
    page.get_by_role("link", name=link).click()
    arrive(page, "帮村民办理")
    page.get_by_label("村民姓名").fill(name)
    page.get_by_label("村民身份证号码").fill(number)
    if phone:
        page.get_by_label("村民本人的手机号码（没有可以不填）").fill(phone)
    press(page, "开始填写")


def acting_for(page: Page, name: str) -> None:
    expect(page.locator(".acting")).to_contain_text(f"代办：村协理员王协理正在为{name}填写")


def fill_application(page: Page, name: str, phone: str) -> None:
    """Every page of the aid application for a one-person household, as the assistant fills it."""
    arrive(page, "申请人")
    acting_for(page, name)
    expect(page.get_by_label("申请人姓名")).to_have_value(name)  # as typed when choosing
    expect(page.get_by_label("联系电话")).to_have_value(phone)
    save_and_continue(page)
    arrive(page, "住在哪里")
    expect(page.get_by_label("村（社区）").locator("option:checked")).to_have_text("杨庄村")
    page.get_by_label("详细住址").fill("5组3号")
    choose(page, "户口在这个村吗？", "是")
    save_and_continue(page)
    arrive(page, "您自己的情况")
    choose(page, "您是否同意？", "同意")
    fill_member(page, labor="只能干一些轻活")
    save_and_continue(page)
    arrive(page, "家里一起生活的人")
    choose(page, f"{name}有没有收入？", "有")
    press(page, "家里的人都填好了，下一步")
    arrive(page, f"{name}的收入")
    fill_plain_income(page, work="3000")
    save_and_continue(page)
    arrive(page, "财产")
    page.get_by_label("家里有几处房子？").fill("1")
    page.get_by_label("有几辆汽车？").fill("0")
    choose(page, "家里有没有开店、办厂或公司？", "没有")
    save_and_continue(page)
    arrive(page, "看病和上学花费")
    save_and_continue(page)
    arrive(page, "困难情况")
    page.get_by_label("家里遇到了什么困难？").fill("一个人住，腿脚不好")
    choose(page, "希望在哪些方面得到帮助？（可以选多项）", "日常生活")
    save_and_continue(page)
    arrive(page, "核对填写的内容")
    press(page, "没问题，下一步：阅读告知书")
    arrive(page, "社会救助申请告知书")
    acting_for(page, name)
    page.get_by_label("我已经读完、听懂了这份告知书").check()
    press(page, "下一步：承诺和授权")
    arrive(page, "承诺和授权")


def submitted(page: Page, name: str) -> str:
    arrive(page, "已提交")
    reference = page.locator(".reference.big").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    expect(page.locator(".filled-by")).to_have_text("由王协理（村协理员）代办。")
    expect(page.locator("main")).to_contain_text(name)
    return reference


def reviewer_sees_both(browser: Browser, live_server, reference: str, name: str) -> Page:
    """A township reviewer opens the case: the resident and the assistant who filled it."""
    page = new_context(browser, live_server, javascript=True).new_page()
    staff_sign_in(page, live_server, REVIEWER)
    page.get_by_role("link", name=reference).click()
    expect(heading(page)).to_have_text(f"案件 {reference}")
    expect(page.locator(".case-resident")).to_contain_text(name)
    expect(page.locator(".case-assistant")).to_have_text("由王协理（村协理员）代为填写，本人确认并签名")
    return page


def test_assistant_files_for_a_resident_who_types_the_code_from_their_phone(page, browser,
                                                                          live_server):
    name, phone = "赵大娘", new_phone()
    choose_resident(page, live_server, "帮村民申请社会救助", name, id_number(), phone)
    fill_application(page, name, phone)

    # The resident confirms on the assistant's phone with the code sent to their own.
    expect(page.get_by_label("短信验证码：发到本人手机 " + phone[:3] + "****" + phone[-4:] + "，本人输入")) \
        .to_be_checked()
    page.get_by_label("我承诺以上内容都是真的").check()
    page.get_by_label("我同意授权核对我的信息", exact=True).check()
    press(page, "发送验证码")
    expect(page.locator(".sent")).to_contain_text("验证码已发到")
    expect(page.get_by_label("我承诺以上内容都是真的")).to_be_checked()  # kept
    code = read_sms(page.context, phone, r"验证码(\d{6})").group(1)
    page.get_by_label("本人输入短信里的6位验证码").fill(code)
    page.get_by_label("已向本人朗读（本人不识字或看不清时，协理员读给本人听后勾选）").check()
    if javascript(page):
        press(page, "签名并提交")
    else:  # Enter in the code field signs too (never sends another code)
        page.get_by_label("本人输入短信里的6位验证码").press("Enter")
    reference = submitted(page, name)

    reviewer_sees_both(browser, live_server, reference, name).context.close()


@pytest.mark.parametrize("context", [True], indirect=True)
def test_a_resident_with_no_phone_writes_their_name_on_the_screen(page, browser, live_server):
    name = "钱老汉"
    choose_resident(page, live_server, "帮村民自主申报", name, id_number("19450607"), None)
    arrive(page, "申报人")
    acting_for(page, name)
    expect(page.get_by_label("申报人姓名")).to_have_value(name)
    save_and_continue(page)
    arrive(page, "遇到的风险")
    choose(page, "家里遇到了哪些风险？（可以选多项）", "收入大幅减少")
    save_and_continue(page)
    arrive(page, "家庭成员（可以不填）")
    press(page, "家庭成员都填好了，下一步")
    arrive(page, "核对填写的内容")
    press(page, "没问题，下一步：承诺和授权")
    arrive(page, "承诺和授权")

    # No phone: the drawn signature is the way, and is chosen already.
    expect(page.get_by_text("发送验证码")).to_have_count(0)
    expect(page.get_by_label("手写签名：本人用手指在屏幕上写下自己的名字")).to_be_checked()
    page.get_by_label("我同意以上承诺和授权").check()
    press(page, "签名并提交")  # nothing drawn yet: the page says so, next to the pad
    expect(page.locator("#field-signature .error")).to_have_text("请本人在方框里写下自己的名字")
    draw(page)
    page.get_by_label("我是村协理员王协理，我在场见证：上面是钱老汉本人亲手写的名字").check()
    press(page, "签名并提交")
    reference = submitted(page, name)
    expect(page.locator("main")).to_contain_text("本人没有手机，收不到短信")

    reviewer = reviewer_sees_both(browser, live_server, reference, name)
    expect(reviewer.locator(".case-resident")).to_contain_text("没有手机")
    expect(reviewer.locator(".in-person")).to_contain_text("申请人没有手机，所有通知都要当面告知")
    reviewer.context.close()


def draw(page: Page) -> None:
    """Write a stroke on the pad with the pointer, as a finger would."""
    pad = page.locator("canvas.signature-pad")
    expect(pad).to_be_visible()
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x, y = box["x"], box["y"]
    page.mouse.move(x + 20, y + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + 20 + step * 20, y + box["height"] * (0.7 - 0.4 * (step % 2)), steps=3)
    page.mouse.up()
    expect(page.locator("#signature-data")).to_have_value(re.compile(r"^data:image/png;base64,"))


@pytest.mark.parametrize("context", [False], indirect=True)
def test_without_javascript_the_page_says_why_there_is_no_drawing(page, live_server):
    choose_resident(page, live_server, "帮村民自主申报", "孙奶奶", id_number("19400101"), None)
    arrive(page, "申报人")
    assert not javascript(page)
    save_and_continue(page)
    arrive(page, "遇到的风险")
    choose(page, "家里遇到了哪些风险？（可以选多项）", "收入大幅减少")
    save_and_continue(page)
    arrive(page, "家庭成员（可以不填）")
    press(page, "家庭成员都填好了，下一步")
    arrive(page, "核对填写的内容")
    press(page, "没问题，下一步：承诺和授权")
    arrive(page, "承诺和授权")

    expect(page.locator(".no-drawing")).to_contain_text("手写签名要用到浏览器的 JavaScript")
    expect(page.locator("canvas.signature-pad")).to_be_hidden()


# The browser's speech synthesis with the voices a phone has, recording instead of speaking.
VOICES = """
(() => {
  window.__spoken = [];
  const voices = %s;
  const synth = window.speechSynthesis;
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  synth.getVoices = () => voices;
  synth.speak = (words) => window.__spoken.push({text: words.text, lang: words.lang,
                                                 voice: words.voice && words.voice.lang});
  synth.cancel = () => {};
})();
"""
CHINESE = '[{lang: "zh-CN", name: "普通话", default: true, localService: true, voiceURI: "zh"}]'
ENGLISH_ONLY = '[{lang: "en-US", name: "English", default: true, localService: true, voiceURI: "en"}]'


def notice_page(page: Page, live_server, voices: str) -> None:
    """The notice letter of a new application, on a phone with these voices."""
    page.context.add_init_script(VOICES % voices)
    choose_resident(page, live_server, "帮村民申请社会救助", "周大爷", id_number("19420808"),
                    new_phone())
    arrive(page, "申请人")
    sid = re.search(r"/staff/for/(\d+)/", page.url).group(1)
    save_and_continue(page)
    arrive(page, "住在哪里")
    page.goto(f"/staff/for/{sid}/notice")
    arrive(page, "社会救助申请告知书")


@pytest.mark.parametrize("context", [True], indirect=True)
def test_the_letter_is_read_aloud_where_the_phone_has_a_chinese_voice(page, live_server):
    notice_page(page, live_server, CHINESE)
    button = page.locator(".letter").get_by_role("button", name="听一听")

    button.click()

    expect(page.get_by_role("button", name="停止")).to_have_attribute("aria-pressed", "true")
    spoken = page.evaluate("window.__spoken")
    letter = heading(page).inner_text() + page.locator(".letter-text").inner_text()
    assert len(spoken) == 1 and spoken[0]["lang"] == "zh-CN" and spoken[0]["voice"] == "zh-CN"
    assert "".join(spoken[0]["text"].split()) == "".join(letter.split())
    page.get_by_role("button", name="停止").click()
    expect(page.locator(".letter").get_by_role("button", name="听一听")).to_be_visible()


@pytest.mark.parametrize("context", [True], indirect=True)
def test_without_a_chinese_voice_the_letter_is_read_by_the_servers_audio(page, live_server):
    """Issue 11: no hidden button any more; the server's audio plays instead
    (tests/browser/test_read_aloud.py follows it on the resident's pages)."""
    notice_page(page, live_server, ENGLISH_ONLY)

    with page.expect_response(re.compile(r"/staff/for/\d+/speech/letter-notice_letter/")) as got:
        page.locator(".letter").get_by_role("button", name="听一听").click()

    assert got.value.ok and got.value.headers["content-type"] == "audio/mpeg"
    assert page.evaluate("window.__spoken") == []


@pytest.mark.parametrize("context", [True], indirect=True)
def test_the_assistants_pages_are_accessible_on_a_small_phone(page, live_server, tmp_path_factory):
    audit = Audit(tmp_path_factory.mktemp("assistant-screenshots"))
    staff_sign_in(page, live_server, ASSISTANT)
    page.get_by_role("link", name="协理员工作台").click()
    arrive(page, "协理员工作台")
    audit(page, "assistant's page")
    page.get_by_role("link", name="帮村民自主申报").click()
    arrive(page, "帮村民办理")
    press(page, "开始填写")
    page.get_by_role("alert").wait_for()
    audit(page, "choose the resident (errors)")
    page.get_by_label("村民姓名").fill("吴婆婆")
    page.get_by_label("村民身份证号码").fill(id_number("19380911"))
    press(page, "开始填写")
    arrive(page, "申报人")
    audit(page, "declarant, on behalf")
    save_and_continue(page)
    arrive(page, "遇到的风险")
    choose(page, "家里遇到了哪些风险？（可以选多项）", "收入大幅减少")
    save_and_continue(page)
    arrive(page, "家庭成员（可以不填）")
    press(page, "家庭成员都填好了，下一步")
    arrive(page, "核对填写的内容")
    press(page, "没问题，下一步：承诺和授权")
    arrive(page, "承诺和授权")
    audit(page, "sign on the assistant's phone")
    press(page, "签名并提交")
    page.get_by_role("alert").wait_for()
    audit(page, "sign on the assistant's phone (errors)")

    assert not audit.problems, "\n" + "\n".join(audit.problems)
