"""One open application per person (issue 10), in the browser at 360×740, JavaScript on and
off: after applying, starting a second application for the same ID number says so next to the
field — with the open one's reference and state — and keeps what was typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .browsing import (
    APPLICANT,
    USED_ID_NUMBERS,
    apply_for_aid,
    javascript,
    save_and_continue,
    start,
)

pytestmark = pytest.mark.browser


def test_a_second_application_for_the_same_id_number_is_refused_with_the_open_ones_reference(
        page: Page):
    _phone, reference = apply_for_aid(page)
    number = USED_ID_NUMBERS[-1]
    start(page, "申请社会救助", "社会救助申请", "申请人")
    page.get_by_label("申请人姓名").fill(APPLICANT["name"])
    id_input = page.get_by_label("申请人身份证号码")
    id_input.fill(number)
    message = page.locator("#field-id_number .error")

    if javascript(page):  # told as soon as the field is left
        id_input.press("Tab")
        expect(message).to_contain_text(reference)
    save_and_continue(page)

    expect(page.get_by_role("alert")).to_contain_text(reference)
    expect(message).to_contain_text(f"编号 {reference}，现在：已提交，待受理")
    expect(message).to_contain_text("查询进度")
    expect(page.get_by_label("申请人姓名")).to_have_value(APPLICANT["name"])
    expect(id_input).to_have_value(number)
