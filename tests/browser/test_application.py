"""The aid application filled in end to end on a phone, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from .browsing import (
    APPLICANT,
    TOWNSHIP,
    VILLAGE,
    WRONG_CHECK_DIGIT,
    WRONG_CHECK_MESSAGE,
    add_person,
    application_to_members,
    apply_for_aid,
    arrive,
    choose,
    choose_village,
    fill_plain_income,
    fresh_id_number,
    read_sms,
    save_and_continue,
    start,
)

pytestmark = pytest.mark.browser


def test_resident_applies_for_aid(page):
    phone, reference = apply_for_aid(page)

    # The same reference comes by SMS, sent by the worker.
    sms = read_sms(page.context, phone, rf"编号{reference}", sent=True)
    assert "社会救助申请" in sms.string

    # Submitted is final: the status page offers nothing more to fill in.
    expect(page.get_by_role("link", name="接着填写")).to_have_count(0)


def test_answers_are_kept_when_one_is_wrong(page):
    """Sending a page with a mistake keeps everything typed; the message is beside the
    wrong answer (a full page without JavaScript, an htmx swap with it)."""
    start(page, "申请社会救助", "社会救助申请", "申请人")
    phone = page.get_by_label("联系电话").input_value()
    page.get_by_label("申请人姓名").fill(APPLICANT["name"])
    page.get_by_label("申请人身份证号码").fill(WRONG_CHECK_DIGIT)
    save_and_continue(page)
    expect(page.get_by_role("alert")).to_contain_text(WRONG_CHECK_MESSAGE)
    arrive(page, "申请人")
    expect(page.locator("#field-id_number .error")).to_have_text(WRONG_CHECK_MESSAGE)
    expect(page.get_by_label("申请人姓名")).to_have_value(APPLICANT["name"])
    expect(page.get_by_label("申请人身份证号码")).to_have_value(WRONG_CHECK_DIGIT)
    expect(page.get_by_label("联系电话")).to_have_value(phone)
    expect(page.locator(".error")).to_have_count(1)

    page.get_by_label("申请人身份证号码").fill(fresh_id_number())
    save_and_continue(page)
    arrive(page, "住在哪里")
    choose_village(page)
    page.get_by_label("详细住址").fill("3组12号")
    choose(page, "户口在这个村吗？", "否")  # then 户口所在地 is needed, and is left empty
    save_and_continue(page)
    expect(page.locator("#field-hukou_place .error")).to_have_text("户口不在这个村的，请填写户口所在地")
    expect(page.locator(".error")).to_have_count(1)
    expect(page.get_by_label("乡镇（街道）").locator("option:checked")).to_have_text(TOWNSHIP)
    expect(page.get_by_label("村（社区）").locator("option:checked")).to_have_text(VILLAGE)
    expect(page.get_by_label("详细住址")).to_have_value("3组12号")
    expect(page.get_by_role("group", name="户口在这个村吗？").get_by_label("否", exact=True)).to_be_checked()

    page.get_by_label("户口所在地").fill("柳林乡小河村")
    save_and_continue(page)
    arrive(page, "您自己的情况")


def test_back_link_returns_to_the_previous_step(page):
    """返回上一步 goes to the step before, with its answers (it once pointed nowhere: the
    `back` macro shadowed the `back` URL in the step templates)."""
    start(page, "申请社会救助", "社会救助申请", "申请人")
    page.get_by_label("申请人姓名").fill(APPLICANT["name"])
    page.get_by_label("申请人身份证号码").fill(fresh_id_number())
    save_and_continue(page)
    arrive(page, "住在哪里")
    back = page.get_by_role("link", name="返回上一步")
    assert re.search(r"/forms/\d+/step/applicant$", back.get_attribute("href") or ""), \
        back.get_attribute("href")
    back.click()
    arrive(page, "申请人")
    expect(page.get_by_label("申请人姓名")).to_have_value(APPLICANT["name"])


def test_three_people_with_one_earner_open_one_income_page(page):
    """Issue 11 (Done means): 张三 earns; his wife's only money is the basic pension of the
    urban-rural resident pension — not counted (001… 二(八)), so she answers 没有, as the
    list's hint says — and the grandson is a pupil (没有 by default). Only 张三's income page is
    opened, and the application is submitted. One person per page, with 「添加一位家人」."""
    opened = []  # the income pages shown (a page load, or htmx's swap; not the phone's copies)
    page.on("request", lambda r: opened.append(r.url) if "/income/" in r.url and (
        r.is_navigation_request() or r.headers.get("hx-request")) else None)
    application_to_members(page)
    page.get_by_role("link", name="添加一位家人").click()
    arrive(page, "添加一位家人")
    add_person(page, "李四", fresh_id_number(birth="19500101"), "配偶", another=True,
               labor="只能干一些轻活", work="退休")
    arrive(page, "添加一位家人")
    add_person(page, "张小明", fresh_id_number(birth="20160304"), "孙子女、外孙子女",
               labor="不能干活", work="上学")
    arrive(page, "家里一起生活的人")
    expect(page.locator("#members > h2")).to_have_text("已登记 3 人")
    boy = page.get_by_role("group", name="张小明有没有收入？")
    expect(boy.get_by_label("没有", exact=True)).to_be_checked()  # a pupil: 没有 by default
    choose(page, f"{APPLICANT['name']}有没有收入？", "有")
    choose(page, "李四有没有收入？", "没有")
    page.get_by_role("button", name="家里的人都填好了，下一步").click()

    arrive(page, f"{APPLICANT['name']}的收入")
    fill_plain_income(page, work="2.4万")
    save_and_continue(page)
    arrive(page, "财产")
    page.get_by_label("家里有几处房子？").fill("1")
    page.get_by_label("有几辆汽车？").fill("0")
    page.get_by_label("全家存款合计（元）").fill("0")
    choose(page, "家里有没有开店、办厂或公司？", "没有")
    save_and_continue(page)
    arrive(page, "看病和上学花费")
    save_and_continue(page)
    arrive(page, "困难情况")
    page.get_by_label("家里遇到了什么困难？").fill("老伴年纪大了，孙子上学")
    choose(page, "希望在哪些方面得到帮助？（可以选多项）", "日常生活")
    save_and_continue(page)

    arrive(page, "核对填写的内容")
    rows = page.locator("main")
    expect(rows).to_contain_text("计入收入 24,000元/年")
    expect(rows).to_contain_text("李四没有收入")
    expect(rows).to_contain_text("张小明没有收入")
    expect(rows).to_contain_text("有没有收入：没有")
    page.get_by_role("button", name="没问题，下一步：阅读告知书").click()
    arrive(page, "社会救助申请告知书")
    page.get_by_label("我已经读完、听懂了这份告知书").check()
    page.get_by_role("button", name="下一步：承诺和授权").click()
    arrive(page, "承诺和授权")
    page.get_by_label("我承诺以上内容都是真的").check()
    page.get_by_label("我同意授权核对我的信息", exact=True).check()
    page.get_by_label("李四输入自己的姓名").fill("李四")
    page.get_by_label("我是李四，我同意授权核对我的信息").check()
    page.get_by_role("button", name="签名并提交").click()
    arrive(page, "已提交")
    assert {re.sub(r"\?.*", "", url).rsplit("/", 1)[1] for url in opened} == {"0"}
