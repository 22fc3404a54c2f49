"""The failed-deliveries list at county scale: pages of the newest messages by message id, the
region compared with one column of the case; page 1, a far page and every page together agree
with a full scan, and the menu counts no further than 99+."""

from __future__ import annotations

import pytest
from conftest import page

from tests.staff.sms_cases import apply_from, message_of, post_form, staff_client
from tests.web.flows import CHENGGUAN, DONGGUAN, LIULIN, OTHER_PHONE, PHONE, sql
from webapp.sms import followup

LIST = "/staff/messages/undelivered"
FAILED = "(o.status = 'failed' OR o.delivery_status IN ('undelivered', 'failed'))"


def copies(app, message_id: int, n: int, **changes) -> None:
    """n more messages like this one, each failed (or as `changes` say)."""
    status = changes.get("status", "failed")
    delivery = changes.get("delivery_status")
    for _ in range(n):
        sql(app, "INSERT INTO outbox (reference, phone, template, params, body, segments, urgent, "
                 "kind, status, delivery_status, submission_id, created_at, send_after, error) "
                 "SELECT lower(hex(randomblob(16))), phone, template, params, body, segments, urgent, "
                 "kind, ?, ?, submission_id, created_at, send_after, '30005' FROM outbox WHERE id = ?",
            status, delivery, message_id)


@pytest.fixture
def backlog(app):
    """Failed messages in 柳林乡 (some undelivered after sending, one already told in person,
    some that arrived) and in 城关镇."""
    ours, _ = apply_from(app, PHONE)
    theirs, _ = apply_from(app, OTHER_PHONE, village=DONGGUAN, township=CHENGGUAN)
    mine, other = message_of(app, ours)["id"], message_of(app, theirs)["id"]
    for _ in range(3):
        copies(app, mine, 4)
        copies(app, other, 3)
        copies(app, mine, 2, status="sent", delivery_status="undelivered")
        copies(app, mine, 2, status="sent", delivery_status="delivered")
    return ours


def full_scan(app, township: str) -> list[int]:
    return [r[0] for r in sql(
        app, f"SELECT o.id FROM outbox o JOIN cases c ON c.submission_id = o.submission_id "
             f"WHERE {FAILED} AND o.kind != 'code' AND c.township_code = ? AND o.id NOT IN "
             "(SELECT outbox_id FROM sms_followups) ORDER BY o.id DESC", township)]


def ids(response) -> list[int]:
    return [int(i["value"]) for i in page(response).select("tr.undelivered-row input[name=message]")]


def test_pages_of_the_list_agree_with_a_full_scan(app, db, backlog, monkeypatch):
    monkeypatch.setattr(followup, "PAGE_SIZE", 5)
    client = staff_client(app, db, "liulin", "township_reviewer", LIULIN)
    first = full_scan(app, LIULIN)[0]
    assert post_form(client, LIST, {"message": str(first)}, token_from=LIST).status_code == 302
    expected = full_scan(app, LIULIN)
    assert len(expected) == 17

    response = client.get(LIST)
    assert ids(response) == expected[:5]
    pages = [ids(response)]
    while link := page(response).select_one("a.undelivered-older"):
        response = client.get(link["href"])
        assert response.status_code == 200
        pages.append(ids(response))
    assert [i for p in pages for i in p] == expected and len(pages) == 4
    far = client.get(LIST, query_string={"before": expected[9]})
    assert ids(far) == expected[10:15]


def test_a_bad_page_position_is_explained(app, db):
    client = staff_client(app, db, "liulin", "township_reviewer", LIULIN)
    response = client.get(LIST, query_string={"before": "abc"})
    assert response.status_code == 422
    assert "翻页的位置不对" in page(response).get_text()


def test_the_menu_counts_up_to_99_plus(app, db, backlog, monkeypatch):
    monkeypatch.setattr(followup, "COUNT_UP_TO", 10)
    client = staff_client(app, db, "liulin", "township_reviewer", LIULIN)
    assert "（9+）" in page(client.get("/staff/")).select_one(".nav-undelivered").get_text()
    monkeypatch.setattr(followup, "COUNT_UP_TO", 100)
    assert "（18）" in page(client.get("/staff/")).select_one(".nav-undelivered").get_text()
