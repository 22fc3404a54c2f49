"""The list of failed deliveries: each staff member sees the messages of their own region that did
not arrive, tells the person in person, and records it (已当面告知) — which takes the message off
the list, is kept append-only and audited, and shows on the case page."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from conftest import page

from tests.staff.sms_cases import apply_from, message_of, post_form, receipt, staff_client, text_of
from tests.web.flows import CHENGGUAN, DONGGUAN, LIULIN, OTHER_PHONE, PHONE, YANGZHUANG, sql
from webapp.sms import receipts
from webapp.store.engine import connect

LIST = "/staff/messages/undelivered"


@pytest.fixture
def cases(app):
    """A case in 杨庄村 (柳林乡) and one in 东关村 (城关镇); neither confirmation arrived."""
    ours, _ = apply_from(app, PHONE)
    theirs, _ = apply_from(app, OTHER_PHONE, village=DONGGUAN, township=CHENGGUAN)
    receipt(app, ours, "undelivered", "30005")
    receipt(app, theirs, "failed", "30003")
    return ours, theirs


@pytest.fixture
def reviewer(app, db):
    return staff_client(app, db, "liulin", "township_reviewer", LIULIN)


def listed(client) -> list[str]:
    return [row.select_one(".reference").get_text(strip=True)
            for row in page(client.get(LIST)).select("tr.undelivered-row")]


def reference_of(app, case_id) -> str:
    return sql(app, "SELECT s.reference FROM submissions s JOIN cases c ON c.submission_id = s.id "
                    "WHERE c.id = ?", case_id)[0][0]


def tell(client, message_id, note="", back=None):
    data = {"message": str(message_id), "note": note, **({"back": back} if back else {})}
    return post_form(client, LIST, data, token_from=LIST)


def test_the_list_shows_only_the_messages_of_ones_own_region(cases, reviewer, app):
    ours, theirs = cases
    response = reviewer.get(LIST)
    assert response.status_code == 200
    [row] = page(response).select("tr.undelivered-row")
    assert row.select_one(".reference").get_text(strip=True) == reference_of(app, ours)
    assert row.select_one(".reference a")["href"].startswith(f"/staff/cases/{ours}")
    assert "杨庄村" in row.get_text()
    assert row.select_one(".phone").get_text() == "138****8000"
    assert "您的社会救助申请已提交" in row.get_text()
    assert "号码不存在或已停机（30005）" in row.select_one(".why").get_text()
    assert PHONE not in response.get_data(as_text=True)
    assert reference_of(app, theirs) not in response.get_data(as_text=True)
    logged = [(r["action"], r["subject"]) for r in sql(app, "SELECT * FROM audit_log")]
    assert ("viewed_undelivered_sms", f"region:{LIULIN}") in logged


def test_the_county_sees_every_township_and_an_assistant_only_their_village(cases, app, db):
    ours, theirs = cases
    county = staff_client(app, db, "county", "county_confirmer", "999901000000")
    assert sorted(listed(county)) == sorted([reference_of(app, ours), reference_of(app, theirs)])
    assistant = staff_client(app, db, "yangzhuang", "assistant", YANGZHUANG)
    assert listed(assistant) == [reference_of(app, ours)]


def test_told_in_person_takes_it_off_the_list_and_is_audited(cases, reviewer, app):
    ours, _ = cases
    message = message_of(app, ours)

    response = tell(reviewer, message["id"], note="下午到家里说了")

    assert response.status_code == 302
    assert listed(reviewer) == []
    assert "没有需要当面告知的短信" in text_of(reviewer.get(LIST), ".no-undelivered")
    staff_id = sql(app, "SELECT id FROM staff WHERE username = 'liulin'")[0][0]
    [kept] = sql(app, "SELECT * FROM sms_followups")
    assert (kept["outbox_id"], kept["case_id"], kept["staff_id"], kept["note"]) == \
        (message["id"], ours, staff_id, "下午到家里说了")
    logged = [(r["actor"], r["action"], r["subject"]) for r in sql(app, "SELECT * FROM audit_log")]
    assert (f"staff:{staff_id}", "sms_told_in_person", f"case:{ours}") in logged


def test_a_handled_message_stays_on_the_case_page_as_handled(cases, reviewer, app):
    ours, _ = cases
    tell(reviewer, message_of(app, ours)["id"], note="已上门")
    shown = text_of(reviewer.get(f"/staff/cases/{ours}"), "#case-messages")
    assert "已当面告知：李审核" in shown and "已上门" in shown
    assert page(reviewer.get(f"/staff/cases/{ours}")).select("form.told-in-person") == []


def test_told_in_person_from_the_case_page_goes_back_to_the_case(cases, reviewer, app):
    ours, _ = cases
    form = page(reviewer.get(f"/staff/cases/{ours}")).select_one("#case-messages form.told-in-person")
    assert form is not None and form.select_one("[name=back]")["value"] == "case"
    response = tell(reviewer, message_of(app, ours)["id"], back="case")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/staff/cases/{ours}")


def test_pressing_twice_records_once(cases, reviewer, app):
    ours, _ = cases
    message_id = message_of(app, ours)["id"]
    tell(reviewer, message_id)
    response = tell(reviewer, message_id)
    assert response.status_code == 302
    assert len(sql(app, "SELECT * FROM sms_followups")) == 1
    followed = reviewer.get(response.headers["Location"])
    assert "之前已经记录" in text_of(followed, "main")


def test_another_regions_message_cannot_be_marked(cases, reviewer, app):
    _, theirs = cases
    response = tell(reviewer, message_of(app, theirs)["id"])
    assert response.status_code == 404
    assert sql(app, "SELECT * FROM sms_followups") == []


@pytest.mark.parametrize("bad", ["", "abc", "-1", "99999999999999999999999"])
def test_a_bad_message_number_is_refused_with_a_message(cases, reviewer, app, bad):
    response = post_form(reviewer, LIST, {"message": bad}, token_from=LIST)
    assert response.status_code == 422
    assert "没有找到这条短信" in text_of(response, ".error-summary")


def test_a_note_too_long_is_refused_with_a_message(cases, reviewer, app):
    ours, _ = cases
    response = tell(reviewer, message_of(app, ours)["id"], note="说" * 201)
    assert response.status_code == 422
    assert "最多200个字" in text_of(response, ".error-summary")
    assert sql(app, "SELECT * FROM sms_followups") == []


def test_a_delivered_message_is_not_listed(app, reviewer):
    case_id, _ = apply_from(app, PHONE)
    receipt(app, case_id, "delivered")
    assert listed(reviewer) == []


def test_a_message_with_no_receipt_for_72_hours_is_listed(app, reviewer):
    case_id, _ = apply_from(app, PHONE)
    receipt(app, case_id, "sent")
    long_ago = (datetime.now(UTC) - timedelta(hours=73)).isoformat(timespec="seconds")
    sql(app, "UPDATE outbox SET provider = 'twilio', sent_at = ? WHERE template = "
             "'submission_received'", long_ago)
    database = connect(app.config["DATABASE"])
    try:
        assert receipts.expire_silent(database) == 1
    finally:
        database.close()
    [row] = page(reviewer.get(LIST)).select("tr.undelivered-row")
    assert "发出72小时仍没有送达回执" in row.select_one(".why").get_text()


def test_the_menu_shows_how_many_wait(cases, reviewer, app):
    assert text_of(reviewer.get("/staff/"), ".nav-undelivered") == "未送达短信（1）"
    tell(reviewer, message_of(app, cases[0])["id"])
    assert text_of(reviewer.get("/staff/"), ".nav-undelivered") == "未送达短信"


def test_the_record_is_append_only(cases, reviewer, app):
    tell(reviewer, message_of(app, cases[0])["id"])
    for statement in ("UPDATE sms_followups SET note = 'x'", "DELETE FROM sms_followups"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            sql(app, statement)


def test_the_list_needs_a_signed_in_staff_member(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/staff/signin" in response.headers["Location"]
