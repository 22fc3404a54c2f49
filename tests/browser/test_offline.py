"""Offline: the network goes in the middle of a form, the form is finished on the phone, and
when the network returns what was kept is sent, once; sent again, it still counts once.

The server is watched while the phone is offline: no request may reach it, so every page shown
then came from the phone's own copy."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from webapp.store.engine import connect

from .browsing import (
    APPLICANT,
    SPOUSE,
    add_person,
    add_spouse,
    application_to_members,
    arrive,
    choose,
    fill_plain_income,
    fresh_id_number,
    heading,
    press,
    save_and_continue,
    sign_in,
)
from .conftest import EXPECTED_CONSOLE, new_context

pytestmark = pytest.mark.browser

JS_ONLY = pytest.mark.parametrize("context", [True], ids=["js"], indirect=True)
BANNER = "#outbox"  # what waits to be sent, on every page
# A sign POST refused because its letters changed (409) is an answer the phone shows too.
# A 409 (letters changed) is an answer these tests expect; so is a send the network drops in the
# first moments after the phone reconnects (offline.js tries again within seconds).
CONSOLE_409 = re.compile(r"Failed to load resource: (.* status of 409 |net::ERR_FAILED$)")


@pytest.fixture
def page(context) -> Page:
    """conftest's tab, where a 409 in the console is no failure either."""
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def console(message):
        text = message.text
        if message.location.get("url", "").endswith("/favicon.ico"):
            text = "favicon " + text
        if message.type == "error" and not EXPECTED_CONSOLE.search(text) \
                and not CONSOLE_409.search(text):
            problems.append(f"console on {page.url}: {text}")

    page.on("console", console)
    yield page
    assert not problems, "\n".join(problems)


# --- the server's side ----------------------------------------------------------------------

def query(live_server, statement: str, *params) -> list:
    db = connect(live_server.app.config["DATABASE"])
    try:
        rows = [dict(row) for row in db.execute(statement, params).fetchall()]
        db.conn.commit()
        return rows
    finally:
        db.close()


def drafts_of(live_server, phone: str) -> list[dict]:
    return query(live_server, "SELECT s.* FROM submissions s JOIN residents r "
                              "ON r.id = s.resident_id WHERE r.phone = ?", phone)


def replays(live_server, key: str) -> int:
    """How often a form sent with this key was answered from the first response."""
    return query(live_server, "SELECT replayed FROM idempotency_keys WHERE key = ?", key)[0][
        "replayed"]


def answers(row: dict) -> dict:
    return json.loads(row["answers"])


@contextmanager
def server_watched(live_server):
    """Every path the server is asked for while the block runs."""
    app = live_server.app
    asked: list[str] = []
    serve = app.wsgi_app

    def watching(environ, start_response):
        asked.append(environ.get("PATH_INFO", ""))
        return serve(environ, start_response)

    app.wsgi_app = watching
    try:
        yield asked
    finally:
        app.wsgi_app = serve


# --- the phone's side -----------------------------------------------------------------------

def sid_of(page) -> int:
    return int(re.search(r"/forms/(\d+)/", page.url).group(1))


def wait_until_kept(page, paths: list[str]) -> None:
    """Wait until the phone has kept copies of this form's pages from here on (offline.js
    marks the page when it is done), among them these."""
    expect(page.locator('main[data-kept="all"]')).to_have_count(1)
    assert page.evaluate(
        "async paths => (await Promise.all(paths.map(p => caches.match(p, {ignoreVary: true}))))"
        ".every(Boolean)", paths)


def outbox(page) -> list[dict]:
    """What the phone keeps to send (IndexedDB), oldest first."""
    return page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open("doudi-offline", 1);
        open.onsuccess = () => {
            const all = open.result.transaction("outbox").objectStore("outbox").getAll();
            all.onsuccess = () => resolve(all.result);
            all.onerror = () => reject(all.error);
        };
        open.onerror = () => reject(open.error);
    })""")


def resend(page, items: list[dict]) -> list[int]:
    """Send kept forms again, as a phone that never heard they arrived would: same key, same
    fields, a fresh CSRF token. Returns the status of each final page."""
    return page.evaluate("""async items => {
        const token = document.body.getAttribute("hx-headers").match(/"X-CSRFToken": "([^"]+)"/)[1];
        const statuses = [];
        for (const item of items) {
            const body = new URLSearchParams(item.body);
            body.set("csrf_token", token);
            const response = await fetch(item.url, {method: "POST", body,
                headers: {"Idempotency-Key": item.key, "X-CSRFToken": token}});
            statuses.push(response.status);
        }
        return statuses;
    }""", items)


def banner_says(page, count: int) -> None:
    expect(page.locator(BANNER)).to_be_visible()
    expect(page.locator(f"{BANNER} strong")).to_have_text(f"有 {count} 项待发送，联网后自动发送")


def all_sent(page) -> None:
    expect(page.locator(BANNER)).to_be_hidden()
    assert outbox(page) == []


def to_income(page) -> str:
    """Sign in and answer up to the income page, online: the household is 张三 and 李四."""
    phone = application_to_members(page)
    add_spouse(page)
    choose(page, f"{APPLICANT['name']}有没有收入？", "有")
    choose(page, f"{SPOUSE['name']}有没有收入？", "有")
    press(page, "家里的人都填好了，下一步")
    arrive(page, f"{APPLICANT['name']}的收入")
    return phone


def finish_answers(page) -> None:
    """The income, property, spending and situation pages, as a resident fills them."""
    arrive(page, f"{APPLICANT['name']}的收入")
    fill_plain_income(page, work="12000", costs="1000")
    save_and_continue(page)
    arrive(page, f"{SPOUSE['name']}的收入")
    fill_plain_income(page, resident_pension="1800")
    save_and_continue(page)
    arrive(page, "财产")
    page.get_by_label("家里有几处房子？").fill("1")
    page.get_by_label("有几辆汽车？").fill("0")
    page.get_by_label("全家存款合计（元）").fill("3000")
    choose(page, "家里有没有开店、办厂或公司？", "没有")
    save_and_continue(page)
    arrive(page, "看病和上学花费")
    page.get_by_label("看病花了多少钱（元）").fill("8000")
    save_and_continue(page)
    arrive(page, "困难情况")
    page.get_by_label("家里遇到了什么困难？").fill("老伴生病，干不了重活")
    choose(page, "希望在哪些方面得到帮助？（可以选多项）", "看病")
    save_and_continue(page)


def read_and_sign(page) -> None:
    arrive(page, "社会救助申请告知书")
    page.get_by_label("我已经读完、听懂了这份告知书").check()
    press(page, "下一步：承诺和授权")
    arrive(page, "承诺和授权")
    page.get_by_label("我承诺以上内容都是真的").check()
    page.get_by_label("我同意授权核对我的信息", exact=True).check()
    page.get_by_label(f"{SPOUSE['name']}输入自己的姓名").fill(SPOUSE["name"])
    page.get_by_label(f"我是{SPOUSE['name']}，我同意授权核对我的信息").check()


# --- the tests ------------------------------------------------------------------------------

@JS_ONLY
def test_answers_given_offline_are_sent_once_when_the_network_returns(page, live_server):
    phone = to_income(page)
    sid = sid_of(page)
    base = f"/forms/{sid}"
    wait_until_kept(page, [f"{base}/income/0", f"{base}/income/1", f"{base}/step/property",
                           f"{base}/step/spending", f"{base}/step/situation"])

    with server_watched(live_server) as asked:
        page.context.set_offline(True)
        finish_answers(page)
        # The check page was never opened: it waits for the network, the answers are kept.
        expect(heading(page)).to_have_text("困难情况")
        expect(page.locator(".offline-message")).to_contain_text("下一页还没有存到手机上")
        banner_says(page, 5)
        expect(page.locator(f"{BANNER} li")).to_have_text([
            "张三的收入", "李四的收入", "财产", "看病和上学花费", "困难情况"])
        kept = outbox(page)
        # Gone back, a page shows the answers kept for it, not its older copy's.
        page.get_by_role("link", name="返回上一步").click()
        arrive(page, "看病和上学花费")
        expect(page.get_by_label("看病花了多少钱（元）")).to_have_value("8000")
        page.go_back()
        arrive(page, "困难情况")
        expect(page.get_by_label("家里遇到了什么困难？")).to_have_value("老伴生病，干不了重活")
        assert asked == [], "pages were asked of the server while offline"
        [waiting] = drafts_of(live_server, phone)
        assert "property" not in answers(waiting)

        page.context.set_offline(False)
        # Sent in order; the phone goes on to where the last one leads: the check page.
        arrive(page, "核对填写的内容")
        all_sent(page)
        assert f"{base}/step/situation" in asked
    [draft] = drafts_of(live_server, phone)
    saved = answers(draft)  # amounts in fen
    assert (saved["income"]["0"]["wages"], saved["income"]["0"]["employment_costs"]) == \
        (1200000, 100000)
    assert saved["income"]["1"]["wages"] == 0
    assert (saved["property"]["houses"], saved["property"]["deposits"]) == (1, 300000)
    assert saved["spending"]["medical"] == 800000
    assert saved["situation"] == {"what_happened": "老伴生病，干不了重活", "help": ["medical"]}
    assert [m["name"] for m in saved["members"]] == [APPLICANT["name"], SPOUSE["name"]]

    # Sent again, as a phone that never heard back would: nothing changes.
    assert resend(page, kept) == [200] * len(kept)
    [again] = drafts_of(live_server, phone)
    assert (again["answers"], again["status"]) == (draft["answers"], "draft")
    assert [replays(live_server, item["key"]) for item in kept] == [1] * len(kept)

    # And on to the end, online: one submission.
    press(page, "没问题，下一步：阅读告知书")
    read_and_sign(page)
    press(page, "签名并提交")
    arrive(page, "已提交")
    assert [d["status"] for d in drafts_of(live_server, phone)] == ["submitted"]


@JS_ONLY
def test_a_member_added_offline_is_added_once(page, live_server):
    phone = application_to_members(page)
    sid = sid_of(page)
    wait_until_kept(page, [f"/forms/{sid}/step/members", f"/forms/{sid}/members/new"])

    with server_watched(live_server) as asked:
        page.context.set_offline(True)
        page.get_by_role("link", name="添加一位家人").click()
        arrive(page, "添加一位家人")  # the page of one person, from the phone's copy
        add_person(page, SPOUSE["name"], SPOUSE["id_number"], "配偶", labor="只能干一些轻活",
                   disability="肢体残疾", grade="二级")
        arrive(page, "家里一起生活的人")
        banner_says(page, 1)
        expect(page.locator(f"{BANNER} li")).to_have_text([f"添加一位家人 · {SPOUSE['name']}"])
        kept = outbox(page)
        assert asked == [], "pages were asked of the server while offline"

    page.context.set_offline(False)
    expect(page.locator("#members .member-name")).to_have_text([APPLICANT["name"], SPOUSE["name"]])
    all_sent(page)
    assert resend(page, kept) == [200]
    [draft] = drafts_of(live_server, phone)
    assert [m["name"] for m in answers(draft)["members"]] == [APPLICANT["name"], SPOUSE["name"]]


@JS_ONLY
def test_offline_the_list_skips_the_income_page_of_a_person_without_income(page, live_server):
    """The household list, saved offline, goes on to the one person with income; her page, to
    the step after income: no income page for the person who has none."""
    phone = application_to_members(page)
    add_spouse(page)
    sid = sid_of(page)
    base = f"/forms/{sid}"
    wait_until_kept(page, [f"{base}/income/0", f"{base}/income/1", f"{base}/step/property"])

    with server_watched(live_server) as asked:
        page.context.set_offline(True)
        choose(page, f"{APPLICANT['name']}有没有收入？", "没有")
        choose(page, f"{SPOUSE['name']}有没有收入？", "有")
        press(page, "家里的人都填好了，下一步")
        arrive(page, f"{SPOUSE['name']}的收入")
        fill_plain_income(page, resident_pension="1800")
        save_and_continue(page)
        arrive(page, "财产")  # past the income step: 张三's page was never opened
        banner_says(page, 2)
        expect(page.locator(f"{BANNER} li")).to_have_text(["家里一起生活的人", "李四的收入"])
        assert asked == [], "pages were asked of the server while offline"

    page.context.set_offline(False)
    all_sent(page)
    saved = answers(drafts_of(live_server, phone)[0])
    assert saved["income"]["0"] == {}
    assert saved["income"]["1"]["excluded"]["basic_pension"] == 180000


@JS_ONLY
def test_signed_offline_is_submitted_once_when_the_network_returns(page, live_server):
    phone = to_income(page)
    finish_answers(page)
    arrive(page, "核对填写的内容")
    press(page, "没问题，下一步：阅读告知书")
    read_and_sign(page)

    page.context.set_offline(True)
    press(page, "签名并提交")
    expect(page.locator(".offline-message")).to_have_text(
        "已经签名，联网后自动提交，提交后会显示编号。")
    banner_says(page, 1)
    expect(page.locator(f"{BANNER} li")).to_have_text(["承诺和授权"])
    kept = outbox(page)
    assert drafts_of(live_server, phone)[0]["status"] == "draft"

    page.context.set_offline(False)
    arrive(page, "已提交")
    all_sent(page)
    reference = page.locator(".reference.big").inner_text().strip()
    assert resend(page, kept) == [200]
    [submitted] = drafts_of(live_server, phone)
    assert (submitted["status"], submitted["reference"]) == ("submitted", reference)
    signed = query(live_server, "SELECT letter_kind FROM signatures WHERE submission_id = ? "
                                "AND letter_kind != 'sensitive_consent'", submitted["id"])
    assert sorted(s["letter_kind"] for s in signed) == \
        ["authorization", "authorization", "commitment", "notice_letter"]


@JS_ONLY
def test_letters_changed_while_the_signature_waited_are_read_and_signed_again(
        page, live_server, browser):
    phone = to_income(page)
    finish_answers(page)
    arrive(page, "核对填写的内容")
    press(page, "没问题，下一步：阅读告知书")
    read_and_sign(page)
    page.context.set_offline(True)
    press(page, "签名并提交")
    banner_says(page, 1)

    # Meanwhile, on another phone, the spouse's name is put right. (The codes sent so far are
    # made a day old, so that the phone may be sent one more.)
    for code in query(live_server, "SELECT id, created_at FROM sign_in_codes WHERE phone = ?",
                      phone):
        day_before = datetime.fromisoformat(code["created_at"]) - timedelta(days=1)
        query(live_server, "UPDATE sign_in_codes SET created_at = ? WHERE id = ?",
              day_before.isoformat(timespec="seconds"), code["id"])
    other = new_context(browser, live_server, True)
    try:
        tab = other.new_page()
        tab.goto(f"/forms/{sid_of(page)}/members/1")
        sign_in(tab, phone)
        arrive(tab, f"{SPOUSE['name']}的情况")
        # Another person altogether: her ID number is bound to 李四 (one name per ID number).
        tab.get_by_label("姓名").fill("李思")
        tab.get_by_label("身份证号码").fill(fresh_id_number(birth="19500101"))
        press(tab, "保存")
        arrive(tab, "家里一起生活的人")
    finally:
        other.close()

    page.context.set_offline(False)
    # The signature was not sent as if the letters were the same: the phone says so.
    item = page.locator(f"{BANNER} li")
    expect(item).to_contain_text("内容改过，请重新阅读告知书再签名")
    assert drafts_of(live_server, phone)[0]["status"] == "draft"
    item.get_by_role("link", name="打开").click()
    arrive(page, "社会救助申请告知书")
    page.get_by_label("我已经读完、听懂了这份告知书").check()
    press(page, "下一步：承诺和授权")
    arrive(page, "承诺和授权")
    page.get_by_label("我承诺以上内容都是真的").check()
    page.get_by_label("我同意授权核对我的信息", exact=True).check()
    page.get_by_label("李思输入自己的姓名").fill("李思")
    page.get_by_label("我是李思，我同意授权核对我的信息").check()
    press(page, "签名并提交")
    arrive(page, "已提交")
    all_sent(page)
    [submitted] = drafts_of(live_server, phone)
    texts = query(live_server, "SELECT text FROM signatures WHERE submission_id = ? "
                               "AND letter_kind = 'authorization' AND member_index = 1",
                  submitted["id"])
    assert [t["text"].count("李思") > 0 for t in texts] == [True]


@JS_ONLY
def test_an_answer_refused_when_sent_is_shown_to_put_right(page, live_server):
    phone = to_income(page)
    sid = sid_of(page)
    wait_until_kept(page, [f"/forms/{sid}/step/property"])
    fill_plain_income(page, work="12000")
    save_and_continue(page)
    arrive(page, f"{SPOUSE['name']}的收入")
    fill_plain_income(page)
    save_and_continue(page)
    arrive(page, "财产")
    wait_until_kept(page, [f"/forms/{sid}/step/spending"])

    page.context.set_offline(True)
    save_and_continue(page)  # nothing filled in: the server will refuse it
    arrive(page, "看病和上学花费")
    banner_says(page, 1)

    page.context.set_offline(False)
    item = page.locator(f"{BANNER} li")
    expect(item).to_contain_text("没有通过检查，请打开修改")
    item.get_by_role("link", name="打开").click()
    arrive(page, "财产")
    page.get_by_label("家里有几处房子？").fill("1")
    page.get_by_label("有几辆汽车？").fill("0")
    choose(page, "家里有没有开店、办厂或公司？", "没有")
    save_and_continue(page)
    arrive(page, "看病和上学花费")
    all_sent(page)
    assert answers(drafts_of(live_server, phone)[0])["property"]["business"] == "no"


@pytest.mark.parametrize("context", [False], ids=["nojs"], indirect=True)
def test_without_javascript_there_is_no_service_worker(page, live_server):
    page.goto("/")
    arrive(page, "在手机上办社会救助")
    expect(page.locator(BANNER)).to_be_hidden()
    assert page.context.service_workers == []
    assert page.locator('link[rel="manifest"]').get_attribute("href") == \
        "/static/manifest.webmanifest"
