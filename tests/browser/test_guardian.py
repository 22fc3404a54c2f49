"""A guardian path (issue 11, item 6) on a phone at 360×740, JavaScript on and off: a mother
signs for her severely disabled adult son as his guardian; a village assistant records the
in-person consent of a resident with no phone, without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from webapp.store.engine import connect

from .browsing import arrive, choose, javascript, press, start
from .conftest import new_context
from .test_assistant import REVIEWER, choose_resident, staff_sign_in, submitted

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_people = iter(range(200, 999, 2))  # even sequence numbers: a woman's ID number


def id_number(birth: str, sequence: int | None = None) -> str:
    """A valid ID number no other test uses (the check character computed here)."""
    first_17 = "110106" + birth + f"{sequence if sequence is not None else next(_people):03d}"
    value = (12 - sum(int(d) * w for d, w in zip(first_17, WEIGHTS, strict=True)) % 11) % 11
    return first_17 + ("X" if value == 10 else str(value))


NO_SOURCES = [f"has_{source}" for source in ("farming", "work", "business", "pension", "subsidy",
                                              "relatives", "rent")]


def send(page: Page, path: str, fields: dict) -> None:
    """Save one page of the form as its own form would (the pages themselves are walked by the
    other browser tests; here only the sign page is)."""
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    response = page.request.post(path, data=urlencode({**fields, "csrf_token": token}, doseq=True),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"},
                                 max_redirects=0)
    assert response.status == 302, (path, response.status)


def household_to_notice(page: Page) -> tuple[str, str]:
    """王秀英 applies for herself and her son 刘小军, 26, with a grade-one intellectual
    disability; every page up to the notice letter is saved. (name, son's name)."""
    start(page, "申请社会救助", "社会救助申请", "申请人")
    sid = re.search(r"/forms/(\d+)/", page.url).group(1)
    mother = {"name": "王秀英", "id_number": id_number("19700315"),
              "phone": page.get_by_label("联系电话").input_value()}
    son = {"name": "刘小军", "id_number": id_number("20000506", next(_people) + 1),
           "relation": "child", "serious_illness": "no", "labor_ability": "none", "work": "other",
           "disability_kind": "intellectual", "disability_grade": "1"}
    base = f"/forms/{sid}"
    send(page, f"{base}/step/applicant", mother)
    send(page, f"{base}/step/residence", {"county": "999901000000", "township": "999901102000",
                                          "village": "999901102202", "address": "2组7号",
                                          "hukou_same": "yes"})
    # the mother's own situation is asked with the consent; the son has a page of his own
    send(page, f"{base}/step/consent", {"sensitive": "yes", "serious_illness": "no",
                                        "labor_ability": "partial", "work": "farming",
                                        "disability_kind": ""})
    send(page, f"{base}/members/new", {"action": "done", **son})
    # only the mother has income: the son's income page is never opened
    send(page, f"{base}/step/members", {"action": "continue", "income-0": "yes",
                                        "income-1": "no"})
    send(page, f"{base}/income/0", {**dict.fromkeys(NO_SOURCES, "no"), "has_work": "yes",
                                    "work": "6000"})
    send(page, f"{base}/step/property", {"houses": "1", "vehicles": "0", "deposits": "0",
                                         "business": "no"})
    send(page, f"{base}/step/spending", {"medical": "3000", "education": ""})
    send(page, f"{base}/step/situation", {"what_happened": "儿子智力残疾，离不开人照顾",
                                          "help": ["living"]})
    send(page, f"{base}/check", {})
    page.goto(f"{base}/notice")
    arrive(page, "社会救助申请告知书")
    return mother["name"], son["name"]


def signatures_of(live_server, reference: str) -> list:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return [dict(r) for r in db.execute(
            "SELECT g.* FROM signatures g JOIN submissions s ON s.id = g.submission_id "
            "WHERE s.reference = ? ORDER BY g.id", [reference])]
    finally:
        db.close()


def test_a_mother_signs_for_her_disabled_adult_son_as_his_guardian(page, live_server):
    mother, son = household_to_notice(page)
    page.get_by_label("我已经读完、听懂了这份告知书").check()
    press(page, "下一步：承诺和授权")
    arrive(page, "承诺和授权")
    section = page.locator(".co-signer")
    expect(section.locator("h2")).to_have_text(f"{son}本人授权")

    page.get_by_label("我承诺以上内容都是真的").check()
    page.get_by_label("我同意授权核对我的信息", exact=True).check()
    page.get_by_label(f"{son}不能自己签字，由监护人代签").check()
    # The son's own name box gives way to the guardian's part.
    expect(page.get_by_label(f"{son}输入自己的姓名")).to_be_hidden()
    choose(page, f"{son}为什么不能自己签字", "智力残疾或精神残疾，不能辨认自己的行为")
    expect(page.get_by_label(f"{mother}（申请人）")).to_be_checked()
    expect(page.get_by_label(f"监护人是{son}的什么人").locator("option:checked")).to_have_text("母亲")
    page.get_by_label("监护人输入自己的姓名").fill(mother)
    press(page, "签名并提交")  # the guardian's tick forgotten: asked for, nothing lost
    expect(page.get_by_role("alert")).to_contain_text(f"请监护人{mother}勾选代为同意授权")
    expect(page.get_by_label("监护人输入自己的姓名")).to_have_value(mother)
    expect(page.get_by_label(f"{son}不能自己签字，由监护人代签")).to_be_checked()

    agree = page.get_by_label(f"我是{son}的监护人，我以监护人的身份代{son}同意授权核对{son}的信息")
    agree.check()
    press(page, "签名并提交")
    arrive(page, "已提交")
    reference = page.locator(".reference.big").inner_text().strip()

    signed = [s for s in signatures_of(live_server, reference) if s["member_index"] == 1]
    assert [(s["signer_role"], s["signer_name"], s["signed_for"], s["guardian_relation"])
            for s in signed] == [("guardian", mother, son, "mother")]


@pytest.mark.parametrize("context", [False], indirect=True)
def test_without_javascript_the_assistant_records_an_in_person_consent(page, browser,
                                                                      live_server):
    name = "孙奶奶"
    choose_resident(page, live_server, "帮村民自主申报", name, id_number("19410101"), None)
    arrive(page, "申报人")
    assert not javascript(page)
    press(page, "保存，下一步")
    arrive(page, "遇到的风险")
    choose(page, "家里遇到了哪些风险？（可以选多项）", "收入大幅减少")
    press(page, "保存，下一步")
    arrive(page, "家庭成员（可以不填）")
    press(page, "家庭成员都填好了，下一步")
    arrive(page, "核对填写的内容")
    press(page, "没问题，下一步：承诺和授权")
    arrive(page, "承诺和授权")

    expect(page.get_by_label("手写签名：本人用手指在屏幕上写下自己的名字")).to_be_hidden()
    page.get_by_label("我同意以上承诺和授权").check()
    page.get_by_label("协理员见证：本人当面说同意，输入自己的姓名，协理员写下见证").check()
    page.get_by_label(f"{name}输入自己的姓名").fill(name)
    press(page, "签名并提交")  # no witness line yet: asked for, the name kept
    expect(page.locator("#field-witnessed-line .error")).to_have_text(
        "请协理员写下见证：在哪里、怎样确认本人同意的")
    expect(page.get_by_label(f"{name}输入自己的姓名")).to_have_value(name)
    page.get_by_label("协理员王协理写下见证（在哪里、怎样确认的）").fill("在孙奶奶家里读给她听，她说同意")
    page.get_by_label("已向本人朗读（本人不识字或看不清时，协理员读给本人听后勾选）").check()
    press(page, "签名并提交")
    reference = submitted(page, name)

    reviewer = new_context(browser, live_server, javascript=False).new_page()
    staff_sign_in(reviewer, live_server, REVIEWER)
    reviewer.get_by_role("link", name=reference).click()
    how = reviewer.locator(".case-signatures .signed-how").first
    expect(how).to_contain_text("协理员见证：本人当面同意，输入自己的姓名（没有手写签名）")
    expect(how).to_contain_text("在孙奶奶家里读给她听，她说同意")
    reviewer.context.close()
