"""Staff accounts apart from the web: argon2 hashes, the role's region, sign-in and lock-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from web.flows import CHENGGUAN, COUNTY, DONGGUAN, LIULIN, YANGZHUANG

from webapp.services import accounts
from webapp.services.accounts import SignInRefused, StaffAccountError, authenticate

from .conftest import PASSWORD, make_staff

T0 = datetime(2026, 3, 2, 1, 20, 30, tzinfo=UTC)  # 09:20:30 in Beijing


def refusal(db, username="liulin", password="wrong password", now=T0) -> SignInRefused:
    with pytest.raises(SignInRefused) as refused:
        authenticate(db, username, password, now)
    return refused.value


def fail(db, times: int, now=T0) -> list[SignInRefused]:
    return [refusal(db, now=now) for _ in range(times)]


# --- hashing ---------------------------------------------------------------------------------

def test_the_password_is_stored_only_as_an_argon2id_hash(db):
    staff = make_staff(db)

    stored = db.execute("SELECT password_hash FROM staff WHERE id = ?", [staff.id]).fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_no_password_typed_is_written_anywhere_in_the_database(db, app):
    make_staff(db)
    fail(db, 2)
    authenticate(db, "liulin", PASSWORD, T0)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    for path in Path(app.config["DATABASE"]).parent.glob("doudi.db*"):
        content = path.read_bytes()
        assert PASSWORD.encode() not in content, path
        assert b"wrong password" not in content, path


def test_a_hash_made_with_weaker_parameters_is_renewed_at_sign_in(db):
    staff = make_staff(db)
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    db["staff"].update(staff.id, {"password_hash": weak})

    authenticate(db, "liulin", PASSWORD, T0)

    renewed = db.execute("SELECT password_hash FROM staff WHERE id = ?", [staff.id]).fetchone()[0]
    assert renewed != weak
    assert not accounts.hasher.check_needs_rehash(renewed)
    assert authenticate(db, "liulin", PASSWORD, T0).id == staff.id


# --- role and region ---------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "region"), [
    ("assistant", YANGZHUANG), ("township_reviewer", LIULIN), ("county_confirmer", COUNTY),
    ("county_admin", COUNTY)])
def test_each_role_is_bound_to_a_region_of_its_level(db, role, region):
    staff = make_staff(db, role=role, region=region)

    assert (staff.role, staff.region_code) == (role, region)


@pytest.mark.parametrize(("role", "region", "message"), [
    ("assistant", LIULIN, "村协理员必须属于一个村（社区），柳林乡（999901102000）是乡镇。"),
    ("assistant", COUNTY, "村协理员必须属于一个村（社区）"),
    ("township_reviewer", DONGGUAN, "乡镇审核员必须属于一个乡镇，东关村（999901101201）是村（社区）。"),
    ("township_reviewer", COUNTY, "乡镇审核员必须属于一个乡镇"),
    ("county_confirmer", CHENGGUAN, "县级审批确认员必须属于一个县"),
    ("county_admin", YANGZHUANG, "县级管理员必须属于一个县"),
    ("township_reviewer", "123456789012", "找不到行政区划代码 123456789012。"),
    ("mayor", COUNTY, "没有这个角色：mayor。"),
])
def test_a_region_that_does_not_fit_the_role_is_refused(db, role, region, message):
    with pytest.raises(StaffAccountError) as refused:
        make_staff(db, role=role, region=region)

    assert str(refused.value).startswith(message)
    assert db.execute("SELECT COUNT(*) FROM staff").fetchone()[0] == 0


def test_account_errors_are_value_errors():
    assert issubclass(StaffAccountError, ValueError)


@pytest.mark.parametrize(("changes", "message"), [
    ({"password": "short"}, "密码至少要10位。"),
    ({"password": "liulin-password"}, "密码里不能含有用户名。"),
    ({"username": "李审核"}, "用户名要用3到32位小写英文字母"),
    ({"username": "ab"}, "用户名要用3到32位小写英文字母"),
    ({"name": "  "}, "请填写姓名。"),
])
def test_weak_passwords_and_odd_usernames_are_refused(db, changes, message):
    with pytest.raises(StaffAccountError, match=message):
        make_staff(db, **changes)


def test_usernames_are_unique_whatever_the_case(db):
    make_staff(db)

    with pytest.raises(StaffAccountError, match="用户名 liulin 已经有人用了。"):
        make_staff(db, username="LiuLin", region=CHENGGUAN)


# --- signing in ---------------------------------------------------------------------------------

def test_the_right_password_signs_in(db):
    staff = make_staff(db)

    assert authenticate(db, " LiuLin ", PASSWORD, T0) == staff


def test_unknown_user_and_wrong_password_are_refused_alike(db):
    make_staff(db)

    wrong = refusal(db, "liulin", "wrong password")
    unknown = refusal(db, "nobody", PASSWORD)

    assert (wrong.reason, wrong.message) == (unknown.reason, unknown.message)
    assert wrong.message == "用户名或密码不对。"


def test_an_unknown_user_takes_about_as_long_as_a_wrong_password(db, monkeypatch):
    """A dummy hash is checked, so a quick answer does not tell that nobody has this name. With the
    real argon2 cost: the test suite's cheap one takes less time than the database work around
    it, so the comparison would measure noise."""
    import time

    monkeypatch.setattr(accounts, "hasher", accounts.HASHERS["full"])
    make_staff(db)

    def fastest(username):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            refusal(db, username, "wrong password")
            times.append(time.perf_counter() - start)
        return min(times)

    assert fastest("nobody") > 0.3 * fastest("liulin")


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(db):
    make_staff(db)

    refusals = fail(db, 5)

    assert [r.reason for r in refusals] == ["wrong"] * 4 + ["locked"]
    assert refusals[-1].until == T0 + timedelta(minutes=15)


def test_the_lock_out_message_says_until_when_in_beijing_time(db):
    make_staff(db)

    locked = fail(db, 5)[-1]

    # 01:35:30 UTC is 09:35:30 in Beijing: shown as 09:36, never a minute too early
    assert locked.message == "密码连续输错5次，账号已锁定。请在北京时间 3月2日 09:36 以后再试。"


def test_the_right_password_is_refused_while_locked_and_accepted_after(db):
    staff = make_staff(db)
    fail(db, 5)

    still_locked = refusal(db, password=PASSWORD, now=T0 + timedelta(minutes=14, seconds=59))

    assert still_locked.reason == "locked"
    assert authenticate(db, "liulin", PASSWORD, T0 + timedelta(minutes=15)) == staff


def test_after_the_lock_the_count_starts_again(db):
    make_staff(db)
    fail(db, 5)
    later = T0 + timedelta(minutes=16)

    assert [r.reason for r in fail(db, 5, now=later)] == ["wrong"] * 4 + ["locked"]


def test_a_successful_sign_in_resets_the_count(db):
    make_staff(db)
    fail(db, 4)
    authenticate(db, "liulin", PASSWORD, T0)

    assert [r.reason for r in fail(db, 4)] == ["wrong"] * 4


def test_failures_of_another_account_do_not_count(db):
    make_staff(db)
    make_staff(db, username="chengguan", region=CHENGGUAN)
    fail(db, 4)

    assert refusal(db, "chengguan").reason == "wrong"
    assert refusal(db, "liulin").reason == "locked"


def test_an_inactive_account_is_refused_even_with_the_right_password(db):
    staff = make_staff(db)
    accounts.set_active(db, staff.id, False, actor="staff:99")

    refused = refusal(db, password=PASSWORD)

    assert refused.reason == "inactive"
    assert refused.message == "这个账号已停用。请联系县级管理员。"


def test_an_inactive_account_with_a_wrong_password_says_only_that_it_is_wrong(db):
    staff = make_staff(db)
    accounts.set_active(db, staff.id, False, actor="staff:99")

    assert refusal(db).reason == "wrong"


def test_sign_ins_failures_and_lock_outs_are_audited_without_passwords(db):
    staff = make_staff(db)
    refusal(db, "nobody")
    fail(db, 5)
    authenticate(db, "liulin", PASSWORD, T0 + timedelta(minutes=20))

    rows = [tuple(r) for r in db.execute(
        "SELECT actor, action, subject FROM audit_log WHERE action LIKE 'staff_%' "
        "AND action != 'staff_created' ORDER BY id")]
    me = f"staff:{staff.id}"
    assert rows == [("staff:unknown", "staff_sign_in_failed", "staff:unknown")] \
        + [(me, "staff_sign_in_failed", me)] * 5 \
        + [(me, "staff_locked_out", me), (me, "staff_signed_in", me)]
    details = " ".join(r[0] for r in db.execute("SELECT detail FROM audit_log"))
    assert "nobody" in details
    assert PASSWORD not in details and "wrong password" not in details
