"""Households receiving assistance, for the change-report tests: a published dibao case (or one
in phase-out) of 杨庄村 with its resident's phone, confirmed a while ago and its yearly review due."""

from __future__ import annotations

from datetime import timedelta

from tests.staff.factory import create_case
from webapp.domain.case_machine import add_months
from webapp.services import cases


def receiving_case(db, *, phone: str, state: str = "published", **columns) -> int:
    """A household receiving assistance: confirmed 2 months ago, its review due in 10 months."""
    today = cases.today()
    confirmed = add_months(today, -2)
    return create_case(db, state=state, resident=True, phone=phone, name="刘桂兰",
                       confirmed_on=confirmed.isoformat(), monthly_amount_fen=42_000,
                       category="dibao", household_size=3,
                       review_due_on=add_months(confirmed, 12).isoformat(), **columns)


def days_ago(n: int) -> str:
    return (cases.today() - timedelta(days=n)).isoformat()


def outbox_rows(db, phone: str) -> list[dict]:
    return [dict(r) for r in db.execute(
        "SELECT template, body, params FROM outbox WHERE phone = ? ORDER BY id", [phone])]
