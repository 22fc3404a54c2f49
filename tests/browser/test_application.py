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
    apply_for_aid,
    arrive,
    choose,
    choose_village,
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
    arrive(page, "敏感信息单独同意")


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
