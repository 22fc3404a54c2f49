"""Issue 10's "Done means": a resident applies on a 360×740 phone (JavaScript on and off), the
township and the county take the case through every step to publication, and after each step
the resident's status page shows that step in the timeline with the case's state; then 查询,
sent through the signed Twilio webhook and through Alibaba Cloud's push, is answered with the
state the case is in."""

from __future__ import annotations

import itertools
import re
import uuid

import pytest
from playwright.sync_api import Page, expect
from twilio.request_validator import RequestValidator

from webapp.services import accounts, cases
from webapp.store.engine import connect

from .browsing import apply_for_aid, read_sms
from .test_staff_workflow import PASSWORD, open_case, staff_page, take

pytestmark = pytest.mark.browser

TOWNSHIP, COUNTY = "999901102000", "999901000000"  # 柳林乡, 清河县（演示）
TWILIO_TOKEN = "timeline-walk-twilio-token"
PUSH_TOKEN = "timeline-walk-push-token"
PUBLIC_URL = "https://doudi.example.org"
_sequence = itertools.count(1)

# (who, the staff step's button, the state the resident then reads, the words of the new step)
WALK = [
    ("reviewer", "受理", "已受理", "乡镇受理了您的申请。"),
    ("reviewer", "预约入户调查", "已预约入户调查", "约好了上门了解情况的日子："),
    ("reviewer", "记录入户调查和经济状况调查", "已完成入户调查", "工作人员到您家了解了情况。"),
    ("reviewer", "记录信息核对结果", "已完成信息核对", "核对了您家的收入、财产等信息。"),
    ("reviewer", "提出初审意见", "已提出初审意见", "乡镇提出了初审意见。"),
    ("reviewer", "开始公示", "公示中", "初审意见在村务公开栏公示："),
    ("confirmer", "审核确认", "已审核确认", "批准了"),
    ("reviewer", "公布", "已公布", "在村里公布了"),
]


def staff(browser, live_server) -> dict[str, Page]:
    db = connect(live_server.app.config["DATABASE"])
    try:
        for username, role, region in (("walk-reviewer", "township_reviewer", TOWNSHIP),
                                       ("walk-confirmer", "county_confirmer", COUNTY)):
            if not db.execute("SELECT 1 FROM staff WHERE username = ?", [username]).fetchone():
                accounts.create_staff(db, username, "测试" + role, role, region, PASSWORD)
    finally:
        db.close()
    return {"reviewer": staff_page(browser, live_server, "walk-reviewer"),
            "confirmer": staff_page(browser, live_server, "walk-confirmer")}


def notice_over(live_server, reference: str) -> None:
    """The seven days of the notice have passed without objection."""
    db = connect(live_server.app.config["DATABASE"])
    try:
        with db.conn:
            db.conn.execute("UPDATE cases SET notice_start = '2026-01-01', notice_end = '2026-01-07' "
                            "WHERE reference = ?", [reference])
    finally:
        db.close()


def expect_on_status_page(page: Page, reference: str, state: str, newest: str) -> None:
    page.goto("/status")
    item = page.locator(".case").filter(has=page.locator(".reference", has_text=reference))
    expect(item.locator(".case-state")).to_have_text(f"现在：{state}")
    expect(item.locator(".timeline-what").last).to_contain_text(newest)
    expect(item.locator(".next-what")).not_to_be_empty()


def ask_through_twilio(app, phone: str) -> None:
    params = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "d0" * 16,
              "From": "+86" + phone, "To": "+15005550006", "Body": "查询", "NumMedia": "0"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_URL + "/sms/twilio/inbound",
                                                                 params)
    response = app.test_client().post("/sms/twilio/inbound", data=params,
                                      headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200


def ask_through_aliyun(app, phone: str) -> None:
    items = [{"phone_number": "86" + phone, "send_time": "2026-11-23 10:00:00", "content": "CX",
              "sign_name": "兜底服务", "dest_code": "1234", "sequence_id": next(_sequence)}]
    response = app.test_client().post(f"/sms/aliyun/inbound/{PUSH_TOKEN}", json=items)
    assert response.status_code == 200 and response.get_json()["code"] == 0


@pytest.fixture
def inbound_configured(live_server):
    """The live app accepts Twilio's signed replies and Alibaba Cloud's pushes for this test."""
    config = live_server.app.config
    before = {k: config.get(k) for k in ("TWILIO_AUTH_TOKEN", "PUBLIC_URL", "ALIYUN_PUSH_TOKEN")}
    config.update(TWILIO_AUTH_TOKEN=TWILIO_TOKEN, PUBLIC_URL=PUBLIC_URL, ALIYUN_PUSH_TOKEN=PUSH_TOKEN)
    yield live_server.app
    config.update(before)


def test_every_staff_step_shows_on_the_residents_status_page_and_query_names_the_state(
        page, browser, live_server, inbound_configured):
    phone, reference = apply_for_aid(page)
    expect_on_status_page(page, reference, "已提交，待受理", "收到了您的申请。")
    steps = staff(browser, live_server)
    for who, button, state, newest in WALK:
        worker = steps[who]
        if button == "审核确认":
            notice_over(live_server, reference)
        open_case(worker, reference)
        if button == "预约入户调查":
            worker.get_by_label("入户调查日期").fill(cases.today().isoformat())  # recorded at once
        take(worker, button)
        expect(worker.locator(".case-state")).to_have_text(state)
        expect_on_status_page(page, reference, state, newest)
        if state == "公示中":  # the next step names the notice's last day
            expect(page.locator(".next-what").first).to_contain_text(re.compile(r"到\d{4}年\d+月\d+日结束"))

    page.get_by_role("link", name=re.compile("^查看全部进度")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("社会救助申请")
    expect(page.locator(".case-progress .timeline-entry")).to_have_count(len(WALK) + 1)
    expect(page.locator(".case-progress .next-due")).to_have_count(0)  # published: no deadline runs

    ask_through_twilio(inbound_configured, phone)
    read_sms(page.context, phone, rf"编号{reference}）：已公布")
    ask_through_aliyun(inbound_configured, phone)
    replies = connect(live_server.app.config["DATABASE"]).execute(
        "SELECT body FROM outbox WHERE phone = ? AND kind = 'reply' ORDER BY id", [phone]).fetchall()
    assert len(replies) == 2 and all(f"编号{reference}）：已公布" in r[0] for r in replies)
