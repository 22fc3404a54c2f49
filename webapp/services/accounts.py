"""Staff accounts: creation with a role bound to a region, argon2 passwords, sign-in and lock-out."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlite_utils import Database

from webapp.domain import contact_numbers
from webapp.services import audit, regions
from webapp.services.authz import ASSISTANT, ROLE_LABELS, ROLE_LEVEL, ROLES
from webapp.store import staff as store
from webapp.store.engine import immediate
from webapp.web.i18n import _

MAX_FAILED_LOGINS = 5
LOCK_OUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,31}")
BEIJING = timezone(timedelta(hours=8))
LEVEL_NAMES = {"village": _("村（社区）"), "township": _("乡镇"), "county": _("县")}

# argon2 parameters by the PASSWORD_HASH_COST setting: "full" (argon2-cffi's defaults, RFC 9106's
# low-memory choice) for real use; "test" the cheapest the library allows, for the test suite only
# (a full-cost hash takes about a third of a second here).
HASHERS = {"full": PasswordHasher(), "test": PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)}
hasher = HASHERS["full"]


def use_hash_cost(cost: str) -> None:
    """Hash new passwords with the parameters the setting names (once per app, at registration)."""
    global hasher
    if cost not in HASHERS:
        raise ValueError(f"PASSWORD_HASH_COST must be one of {sorted(HASHERS)}, not {cost!r}")
    hasher = HASHERS[cost]


class StaffAccountError(ValueError):
    """An account that cannot be created as asked; the message says why, in Chinese."""


class SignInRefused(Exception):
    """A sign-in refused: `reason` is wrong (unknown user or wrong password alike), locked
    (until `until`) or inactive."""

    def __init__(self, reason: str, until: datetime | None = None):
        super().__init__(reason)
        self.reason = reason
        self.until = until

    @property
    def message(self) -> str:
        if self.reason == "locked" and self.until is not None:
            return _("密码连续输错%d次，账号已锁定。请在北京时间 %s 以后再试。") % (
                MAX_FAILED_LOGINS, beijing_minute(self.until))
        if self.reason == "inactive":
            return _("这个账号已停用。请联系县级管理员。")
        return _("用户名或密码不对。")


@dataclass(frozen=True)
class Staff:
    id: int
    username: str
    name: str
    role: str
    region_code: str
    active: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Staff:
        return cls(row["id"], row["username"], row["name"], row["role"], row["region_code"],
                   bool(row["active"]))

    @property
    def actor(self) -> str:
        """How the audit log names this staff member."""
        return f"staff:{self.id}"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def beijing_minute(moment: datetime) -> str:
    """'3月2日 09:36' in Beijing time, rounded up to the minute (never too early)."""
    local = moment.astimezone(BEIJING)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


# --- creating accounts -------------------------------------------------------------------

def create_staff(db: Database, username: str, name: str, role: str, region_code: str,
                 password: str, now: datetime | None = None, public_phone: str = "") -> Staff:
    """Add a staff member bound to a region of the level their role needs (a village assistant
    may publish a number for the residents of their village: `public_phone`)."""
    username, name, region_code = normalise_username(username), (name or "").strip(), \
        (region_code or "").strip()
    _check_account(db, username, name, role, region_code, password)
    public_phone = check_public_phone(role, public_phone)
    password_hash = hasher.hash(password)  # slow: before the write lock
    with immediate(db):
        if get_by_username(db, username) is not None:
            raise StaffAccountError(_("用户名 %s 已经有人用了。") % username)
        staff_id = store.insert(db, {
            "username": username, "name": name, "role": role, "region_code": region_code,
            "password_hash": password_hash, "failed_logins": 0, "active": 1,
            "created_at": iso(now or now_utc()), "public_phone": public_phone,
        })
        audit.record(db, "system", "staff_created", f"staff:{staff_id}", role=role,
                     region=region_code, username=username)
    return get(db, staff_id)


def _check_account(db: Database, username: str, name: str, role: str, region_code: str,
                   password: str) -> None:
    if not USERNAME.fullmatch(username):
        raise StaffAccountError(_("用户名要用3到32位小写英文字母、数字或 . _ -，以字母或数字开头。"))
    if not name:
        raise StaffAccountError(_("请填写姓名。"))
    if role not in ROLES:
        raise StaffAccountError(_("没有这个角色：%s。可选：%s") % (role, "、".join(ROLES)))
    check_region(db, role, region_code)
    check_password(password, username)


def check_region(db: Database, role: str, region_code: str) -> None:
    """A village assistant belongs to a village, a township reviewer to a township, county staff
    to a county; raise StaffAccountError otherwise."""
    region = regions.get(db, region_code)
    needed = ROLE_LEVEL[role]
    if region is None:
        raise StaffAccountError(_("找不到行政区划代码 %s。") % region_code)
    if region.level != needed:
        raise StaffAccountError(_("%s必须属于一个%s，%s（%s）是%s。") % (
            ROLE_LABELS[role], LEVEL_NAMES[needed], region.name, region.code,
            LEVEL_NAMES[region.level]))


def check_public_phone(role: str, phone: str) -> str:
    """The number as residents will see it; only a village assistant's is ever shown, so only
    an assistant may publish one (issue 11)."""
    try:
        phone = contact_numbers.normalise(phone)
    except contact_numbers.InvalidNumber:
        raise StaffAccountError(_("电话号码只能有数字和“-”，例如 13800138000 或 0311-12345678。")) \
            from None
    if phone and role != ASSISTANT:
        raise StaffAccountError(_("只有村协理员的电话会公开给村民，其他角色不用填。"))
    return phone


def check_password(password: str, username: str = "") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise StaffAccountError(_("密码至少要%d位。") % MIN_PASSWORD_LENGTH)
    if username and username in password.lower():
        raise StaffAccountError(_("密码里不能含有用户名。"))


def get(db: Database, staff_id: int) -> Staff:
    return Staff.from_row(store.get(db, staff_id))


def get_by_username(db: Database, username: str) -> sqlite3.Row | None:
    return store.by_username(db, normalise_username(username))


# --- signing in ---------------------------------------------------------------------------

@cache
def _dummy_hash(with_hasher: PasswordHasher) -> str:
    """A hash made at the cost in use, so checking it takes as long as a real one."""
    return with_hasher.hash("not anyone's password")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(db: Database, username: str, password: str, now: datetime | None = None,
                 client_address: str = "") -> Staff:
    """The staff member whose username and password these are; raises SignInRefused.

    The slow hash is checked outside any write transaction; failures are counted and
    committed before the refusal is raised. The audit log gets the attempt and where from."""
    now = now or now_utc()
    username = normalise_username(username)
    row = get_by_username(db, username)
    if row is None:
        _verify(_dummy_hash(hasher), password)  # as slow as a real check: no telling who exists
        with db.atomic():
            audit.record(db, "staff:unknown", "staff_sign_in_failed", "staff:unknown",
                         username=username[:64], client_address=client_address)
        raise SignInRefused("wrong")
    until = _locked_until(row, now)
    if until is not None:
        raise SignInRefused("locked", until)
    if not _verify(row["password_hash"], password):
        with immediate(db):
            refusal = _count_failure(db, row["id"], now, client_address)
        raise refusal
    new_hash = hasher.hash(password) if hasher.check_needs_rehash(row["password_hash"]) else None
    with immediate(db):
        refusal = _succeed(db, row["id"], row["password_hash"], new_hash, now, client_address)
    if refusal:
        raise refusal
    return get(db, row["id"])


def _locked_until(row: sqlite3.Row, now: datetime) -> datetime | None:
    if row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > now:
        return datetime.fromisoformat(row["locked_until"])
    return None


def _count_failure(db: Database, staff_id: int, now: datetime,
                   client_address: str) -> SignInRefused:
    row = store.get(db, staff_id)
    until = _locked_until(row, now)
    if until is not None:  # locked by a parallel attempt meanwhile
        return SignInRefused("locked", until)
    failures = row["failed_logins"] + 1
    actor = f"staff:{staff_id}"
    audit.record(db, actor, "staff_sign_in_failed", actor, failures=failures,
                 client_address=client_address)
    if failures < MAX_FAILED_LOGINS:
        store.update(db, staff_id, {"failed_logins": failures})
        return SignInRefused("wrong")
    until = (now + LOCK_OUT).replace(microsecond=0)  # as stored, so the message says the same
    # the count starts again when the lock ends
    store.update(db, staff_id, {"failed_logins": 0, "locked_until": iso(until)})
    audit.record(db, actor, "staff_locked_out", actor, until=iso(until),
                 client_address=client_address)
    return SignInRefused("locked", until)


def _succeed(db: Database, staff_id: int, verified_hash: str, new_hash: str | None,
             now: datetime, client_address: str) -> SignInRefused | None:
    row = store.get(db, staff_id)
    until = _locked_until(row, now)
    if until is not None:
        return SignInRefused("locked", until)
    if not row["active"]:
        audit.record(db, f"staff:{staff_id}", "staff_sign_in_refused", f"staff:{staff_id}",
                     reason="inactive", client_address=client_address)
        return SignInRefused("inactive")
    changes = {"failed_logins": 0, "locked_until": None}
    if new_hash and row["password_hash"] == verified_hash:  # not changed meanwhile
        changes["password_hash"] = new_hash  # stronger parameters than when it was set
    store.update(db, staff_id, changes)
    audit.record(db, f"staff:{staff_id}", "staff_signed_in", f"staff:{staff_id}",
                 rehashed=bool(new_hash), client_address=client_address)
    return None


def set_active(db: Database, staff_id: int, active: bool, actor: str) -> None:
    """Deactivate (or reactivate) an account; its sessions end at their next request."""
    with immediate(db):
        store.update(db, staff_id, {"active": int(active)})
        audit.record(db, actor, "staff_activated" if active else "staff_deactivated",
                     f"staff:{staff_id}")
