"""The staff sign-in page: messages next to the field, lock-out, inactive accounts, guards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from conftest import page
from web.flows import COUNTY, DONGGUAN, YANGZHUANG, sql, text

from webapp.services import accounts

from .conftest import PASSWORD, field_error, make_staff, staff_cookie, staff_sign_in


def test_signing_in_leads_to_the_first_page_with_name_role_and_region(client, reviewer):
    response = staff_sign_in(client)

    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    shown = text(client.get("/staff/"))
    assert "李审核（liulin）" in shown
    assert "乡镇审核员" in shown
    assert "清河县（演示） 柳林乡" in shown


def test_signing_in_goes_back_to_the_staff_page_asked_for(client, reviewer):
    first = client.get("/staff/")

    assert first.headers["Location"] == "/staff/signin?next=/staff/"
    assert staff_sign_in(client, next_url="/staff/").headers["Location"] == "/staff/"


def test_signing_in_never_leads_off_the_staff_pages(client, reviewer):
    for target in ("https://example.com/staff/", "//example.com/staff/", "/status",
                   "/staff/\\example.com"):
        assert staff_sign_in(client, next_url=target).headers["Location"] == "/staff/", target


def test_a_wrong_password_is_shown_next_to_the_field(client, reviewer):
    response = staff_sign_in(client, password="wrong password")

    assert response.status_code == 422
    assert field_error(response, "password") == "用户名或密码不对。"
    assert "用户名或密码不对。" in text(response, ".error-summary")
    assert staff_cookie(client) is None


def test_an_unknown_user_gets_the_same_page_as_a_wrong_password(client, reviewer):
    wrong = staff_sign_in(client, password="wrong password")
    unknown = staff_sign_in(client, username="nobody", password=PASSWORD)

    assert unknown.status_code == wrong.status_code == 422
    assert text(unknown, ".error-summary") == text(wrong, ".error-summary")
    assert field_error(unknown, "password") == field_error(wrong, "password")


def test_the_password_is_never_shown_back(client, reviewer):
    response = staff_sign_in(client, password="wrong password")

    assert not page(response).select_one("#password").get("value")
    assert "wrong password" not in response.get_data(as_text=True)


def test_empty_fields_are_asked_for(client):
    response = staff_sign_in(client, username=" ", password="")

    assert response.status_code == 422
    assert field_error(response, "username") == "请填写用户名"
    assert field_error(response, "password") == "请填写密码"


def test_the_fifth_wrong_password_locks_the_account_and_says_until_when(client, reviewer, app):
    statuses = [staff_sign_in(client, password="wrong password").status_code for _ in range(4)]
    locked = staff_sign_in(client, password="wrong password")

    assert statuses == [422] * 4
    assert locked.status_code == 429
    [until] = sql(app, "SELECT locked_until FROM staff WHERE username = 'liulin'")
    beijing = datetime.fromisoformat(until[0]).astimezone(timezone(timedelta(hours=8)))
    shown = (beijing.replace(second=0) + timedelta(minutes=1 if beijing.second else 0))
    assert field_error(locked, "password") == (
        f"密码连续输错5次，账号已锁定。请在北京时间 {shown.month}月{shown.day}日 "
        f"{shown:%H:%M} 以后再试。")


def test_while_locked_the_right_password_is_refused_and_after_it_is_accepted(client, reviewer,
                                                                               app):
    for _ in range(5):
        staff_sign_in(client, password="wrong password")

    assert staff_sign_in(client).status_code == 429
    sql(app, "UPDATE staff SET locked_until = ?",
        (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="seconds"))
    assert staff_sign_in(client).status_code == 302


def test_an_inactive_account_is_refused(client, reviewer, db):
    accounts.set_active(db, reviewer.id, False, actor="staff:99")

    response = staff_sign_in(client)

    assert response.status_code == 422
    assert field_error(response, "password") == "这个账号已停用。请联系县级管理员。"


def test_signing_in_and_failing_are_in_the_audit_log(client, reviewer, app):
    staff_sign_in(client, password="wrong password")
    staff_sign_in(client)

    rows = sql(app, "SELECT actor, action, detail FROM audit_log WHERE actor = ? ORDER BY id",
               f"staff:{reviewer.id}")
    assert [tuple(r)[:2] for r in rows] == [(f"staff:{reviewer.id}", "staff_sign_in_failed"),
                                            (f"staff:{reviewer.id}", "staff_signed_in")]
    assert all('"client_address": "127.0.0.1"' in r["detail"] for r in rows)


# --- role and region guards (pages of tests/staff/conftest.py) -----------------------------------

def test_a_role_not_allowed_gets_a_plain_chinese_403(reviewer_client):
    response = reviewer_client.get("/staff/probe/admin")

    assert response.status_code == 403
    assert "您没有权限查看这个页面。" in text(response)


def test_the_allowed_role_gets_the_page(client, db):
    make_staff(db, username="admin", role="county_admin", region=COUNTY, name="赵管理")
    staff_sign_in(client, username="admin")

    assert client.get("/staff/probe/admin").get_data(as_text=True) == "admin page for 赵管理"


def test_a_page_of_a_region_not_covered_is_not_found(reviewer_client):
    assert reviewer_client.get(f"/staff/probe/region/{YANGZHUANG}").status_code == 200
    assert reviewer_client.get(f"/staff/probe/region/{DONGGUAN}").status_code == 404
    assert reviewer_client.get("/staff/probe/region/nowhere").status_code == 404


def test_guarded_pages_send_a_visitor_to_sign_in_first(client):
    for url in ("/staff/", "/staff/probe/admin", f"/staff/probe/region/{YANGZHUANG}"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/staff/signin?next=/staff/")
