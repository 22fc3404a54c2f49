"""What htmx adds that a person notices, with JavaScript on; and that every page still works
through plain form posts with JavaScript off."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .browsing import (
    APPLICANT,
    REFRESH_VILLAGES,
    SPOUSE,
    WRONG_CHECK_DIGIT,
    WRONG_CHECK_MESSAGE,
    action,
    add_spouse,
    application_to_members,
    arrive,
    expect_not_reloaded,
    fresh_id_number,
    javascript,
    mark_page,
    member_names,
    save_and_continue,
    settled,
    start,
)

pytestmark = pytest.mark.browser

JS_ONLY = pytest.mark.parametrize("context", [True], ids=["js"], indirect=True)


def to_applicant_step(page):
    start(page, "申请社会救助", "社会救助申请", "申请人")


def to_residence_step(page):
    to_applicant_step(page)
    page.get_by_label("申请人姓名").fill(APPLICANT["name"])
    page.get_by_label("申请人身份证号码").fill(fresh_id_number())
    save_and_continue(page)
    arrive(page, "住在哪里")


def test_id_number_is_checked_when_the_field_is_left(page):
    to_applicant_step(page)
    url = page.url
    id_field = page.locator("#field-id_number")
    id_input = page.get_by_label("申请人身份证号码")
    page.get_by_label("申请人姓名").fill(APPLICANT["name"])

    if javascript(page):
        mark_page(page)
        id_input.fill(WRONG_CHECK_DIGIT)
        id_input.press("Tab")
        # The message appears beside the field at once, without loading a page.
        expect(id_field.locator(".error")).to_have_text(WRONG_CHECK_MESSAGE)
        settled(page)
        assert page.url == url
        expect_not_reloaded(page)
        expect(id_input).to_have_value(WRONG_CHECK_DIGIT)
        expect(id_input).to_have_attribute("aria-invalid", "true")
        expect(id_input).to_have_attribute("aria-describedby", re.compile(r"\berror-id_number\b"))
        expect(page.get_by_label("申请人姓名")).to_have_value(APPLICANT["name"])
        # Putting it right takes the message away, again in place.
        id_input.fill(fresh_id_number())
        id_input.press("Tab")
        expect(id_field.locator(".error")).to_have_count(0)
        expect(id_field).not_to_have_class(re.compile(r"\binvalid\b"))
        expect_not_reloaded(page)
    else:
        # Without JavaScript nothing happens on leaving the field; sending the page shows the
        # same message in the same place.
        id_input.fill(WRONG_CHECK_DIGIT)
        id_input.press("Tab")
        expect(id_field.locator(".error")).to_have_count(0)
        save_and_continue(page)
        arrive(page, "申请人")
        expect(page.get_by_role("alert")).to_contain_text(WRONG_CHECK_MESSAGE)
        expect(id_field.locator(".error")).to_have_text(WRONG_CHECK_MESSAGE)
        expect(page.get_by_label("申请人身份证号码")).to_have_value(WRONG_CHECK_DIGIT)


def test_household_list_changes_in_place(page):
    application_to_members(page)
    js = javascript(page)
    count = page.locator("#members > h2")

    # One person per page (issue 11): 「添加一位家人」 opens a page, saving comes back.
    add_spouse(page)
    expect(count).to_have_text("已登记 2 人")
    expect(member_names(page)).to_have_text([APPLICANT["name"], SPOUSE["name"]])
    if js:
        mark_page(page)

    action(page, "button", "删除", SPOUSE["name"]).click()
    expect(count).to_have_text("已登记 1 人")
    expect(member_names(page)).to_have_text([APPLICANT["name"]])
    expect(action(page, "button", "删除", APPLICANT["name"])).to_have_count(0)  # 申请人 stays
    if js:
        expect_not_reloaded(page)
    expect(page).to_have_url(re.compile(r"/forms/\d+/step/members"))


def test_village_list_follows_the_township(page):
    to_residence_step(page)
    township = page.get_by_label("乡镇（街道）")
    village = page.get_by_label("村（社区）")
    refresh = page.get_by_role("button", name=REFRESH_VILLAGES)
    expect(village.locator("option")).to_have_text(["请选择村"])

    if javascript(page):
        mark_page(page)
        expect(refresh).to_have_count(0)  # inside <noscript>: not there with JavaScript
        township.select_option(label="柳林乡")
        expect(village.locator("option")).to_have_text(["请选择村", "柳林村", "杨庄村", "小河村", "石桥村"])
        settled(page)
        village.select_option(label="杨庄村")
        township.select_option(label="白马镇")
        expect(village.locator("option")).to_have_text(["请选择村", "白马村", "前营村", "后营村"])
        settled(page)
        expect_not_reloaded(page)
    else:
        expect(refresh).to_be_visible()
        township.select_option(label="柳林乡")
        expect(village.locator("option")).to_have_text(["请选择村"])  # not until asked
        refresh.click()
        expect(village.locator("option")).to_have_text(["请选择村", "柳林村", "杨庄村", "小河村", "石桥村"])
        # Refreshing the list is not sending the page: no errors for what is not chosen yet.
        expect(page.locator(".error")).to_have_count(0)
        expect(township.locator("option:checked")).to_have_text("柳林乡")
        township.select_option(label="白马镇")
        refresh.click()
        expect(village.locator("option")).to_have_text(["请选择村", "白马村", "前营村", "后营村"])

    expect(township.locator("option:checked")).to_have_text("白马镇")
    village.select_option(label="前营村")
    page.get_by_role("group", name="户口在这个村吗？").get_by_label("是", exact=True).check()
    save_and_continue(page)
    arrive(page, "您自己的情况")


@JS_ONLY
def test_add_member_fields_are_checked_in_place(page):
    """Each field of the add-member form is checked when left, and only that field changes
    (the form's own hx-select="#members" must not apply to these one-field answers)."""
    application_to_members(page)
    page.get_by_role("link", name="添加一位家人").click()
    arrive(page, "添加一位家人")
    mark_page(page)
    form = page.locator("form.add-member")
    form.get_by_label("姓名").fill(SPOUSE["name"])
    form.get_by_label("身份证号码").fill(WRONG_CHECK_DIGIT)  # leaving 姓名 checks it
    form.get_by_label("和申请人的关系").focus()  # leaving 身份证号码 checks it
    expect(form.locator("#field-id_number .error")).to_have_text(WRONG_CHECK_MESSAGE)
    expect(form.get_by_label("姓名")).to_have_value(SPOUSE["name"])
    expect(form.get_by_label("身份证号码")).to_have_value(WRONG_CHECK_DIGIT)
    expect_not_reloaded(page)


@JS_ONLY
def test_a_field_left_while_another_is_checked_is_still_checked(page):
    """On a slow connection a field left while the previous field's check is still on its way
    is checked too (field checks once used hx-sync "closest form:abort", which DROPS a request
    while another one of the form is in flight)."""
    to_applicant_step(page)
    held = []
    name_check = re.compile(r"\?validate=name$")
    page.route(name_check, lambda route: held.append(route))  # the name check is slow
    page.get_by_label("申请人姓名").fill(APPLICANT["name"])
    id_input = page.get_by_label("申请人身份证号码")
    id_input.fill(WRONG_CHECK_DIGIT)  # leaving 姓名: its check goes out and hangs
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(20)
    id_input.press("Tab")  # leaving the ID number while the name is still being checked
    page.wait_for_timeout(200)
    held[0].continue_()
    page.unroute(name_check)
    expect(page.locator("#field-id_number .error")).to_have_text(WRONG_CHECK_MESSAGE,
                                                                  timeout=3000)


@JS_ONLY
def test_the_township_chosen_last_is_the_one_kept(page):
    """A township chosen while the previous choice's village list is still loading wins (with
    no hx-sync, the late first answer used to replace #regions and the second request, queued
    on the replaced <select>, was dropped: the page showed the first township)."""
    to_residence_step(page)
    township = page.get_by_label("乡镇（街道）")
    held = []
    refresh = re.compile(r"/step/residence$")
    page.route(refresh, lambda route: held.append(route) if not held else route.continue_())
    township.select_option(label="城关镇")  # a slip of the finger ...
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(20)
    township.select_option(label="柳林乡")  # ... put right while the list is still loading
    page.wait_for_timeout(200)
    try:
        held[0].continue_()  # the first list arrives late
    except PlaywrightError:
        pass  # already cancelled by the page
    page.unroute(refresh)
    page.wait_for_timeout(500)
    settled(page)
    expect(township.locator("option:checked")).to_have_text("柳林乡", timeout=1000)
    expect(page.get_by_label("村（社区）").locator("option")).to_have_text(
        ["请选择村", "柳林村", "杨庄村", "小河村", "石桥村"], timeout=1000)


# Field checks go out while the resident moves on (a check for the last field left and the page
# sent by 保存 reach the server together), so page loads and checks overlap all the time.
OVERLAPPING_REQUESTS = """async (path) => {
    const token = document.querySelector('input[name=csrf_token]').value;
    const seen = {};
    for (let round = 0; round < 100 && !seen['GET 500']; round++) {
        const requests = [];
        for (let i = 0; i < 6; i++) {
            requests.push(fetch(path).then(r => 'GET ' + r.status));
            requests.push(fetch(path + '?validate=address', {
                method: 'POST', body: new URLSearchParams({csrf_token: token, address: '3组'}),
            }).then(r => 'POST ' + r.status));
        }
        for (const status of await Promise.all(requests)) seen[status] = (seen[status] || 0) + 1;
    }
    return seen;
}"""


@JS_ONLY
def test_step_pages_load_while_field_checks_are_running(context, no_server_errors):
    """Step pages load while field checks are running (held_posts.take once read then wrote
    in a deferred transaction: 'database is locked', a 500, in ~1% of overlapping requests)."""
    page = context.new_page()  # its console would (rightly) report the 500s
    to_residence_step(page)
    path = re.sub(r"^https?://[^/]+", "", page.url)
    seen = page.evaluate(OVERLAPPING_REQUESTS, path)
    failures = [r.getMessage() for r in no_server_errors.records]
    no_server_errors.records.clear()  # reported here instead
    assert set(seen) == {"GET 200", "POST 200"}, (seen, failures[:3])
