"""A periodic review's result (定期复核, RULES.md "Procedure and deadlines for dibao": dynamic
management). `002…` 民政厅 6: 乡镇定期复核，并根据复核情况及时报请县级民政部门办理续发、停发、减发
或增发手续 — continue, stop, lower or raise. A new amount is the one the calculation gives with
the figures found at the review and the parameters in force on the review day; the result the
reviewer picks must agree with it, and the amount is paid from a month on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from webapp.domain.assessment import CATEGORIES, NOT_ELIGIBLE
from webapp.domain.case_machine import REVIEW_INTERVAL_MONTHS, SILENT, IllegalTransition, add_months
from webapp.domain.money import format_yuan
from webapp.web.i18n import _


class ReviewResult(StrEnum):
    """`002…` 民政厅 6: 续发、增发、减发、停发."""

    CONTINUE = "continue"
    RAISE = "raise"
    LOWER = "lower"
    STOP = "stop"


RESULTS = {
    ReviewResult.CONTINUE: _("续发（金额不变）"),
    ReviewResult.RAISE: _("增发"),
    ReviewResult.LOWER: _("减发"),
    ReviewResult.STOP: _("停发（停止救助）"),
}
SHORT_RESULTS = {ReviewResult.CONTINUE: _("续发"), ReviewResult.RAISE: _("增发"),
                 ReviewResult.LOWER: _("减发"), ReviewResult.STOP: _("停发")}
# Where an amount is recorded from: the county's confirmation, or a periodic review.
CONFIRM, REVIEW = "confirm", "review"


class ReviewRefused(IllegalTransition):
    """A review the rules do not allow as given; `field` names the form field at fault."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, the unit assistance is paid in."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def from_iso(cls, text: str) -> Month:
        """From "YYYY-MM" as stored."""
        year, month = text.split("-")
        return cls(int(year), int(month))

    def plus(self, months: int) -> Month:
        return Month.of(add_months(date(self.year, self.month, 1), months))

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return _("%d年%d月") % (self.year, self.month)


_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def parse_month(text: str) -> Month:
    """A month picked or typed: 2027-01 (what a month input sends), 2027/1 or 2027年1月."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    match = _MONTH.fullmatch(cleaned)
    if match is None or not 1 <= int(match[2]) <= 12:
        raise ReviewRefused(_("“%s”不是有效的月份，请按“年-月”填写，例如 2027-01") % cleaned[:20],
                            "effective_month")
    return Month(int(match[1]), int(match[2]))


def default_effective_month(reviewed_on: date) -> Month:
    """Paid from the month after the review, as a confirmed amount is paid from the month after
    confirmation (RULES.md "Procedure and deadlines for dibao")."""
    return Month.of(reviewed_on).plus(1)


def check_effective_month(month: Month, reviewed_on: date) -> None:
    """A new amount takes effect no earlier than the review's month (a review cannot change what
    was paid before it), and no later than the next review is due."""
    earliest = Month.of(reviewed_on)
    latest = earliest.plus(REVIEW_INTERVAL_MONTHS)
    if month < earliest:
        raise ReviewRefused(_("新的金额最早从复核当月（%s）起执行") % earliest.label, "effective_month")
    if month > latest:
        raise ReviewRefused(_("新的金额最晚从%s起执行（下次复核之前）") % latest.label, "effective_month")


def effective_month(typed: str, reviewed_on: date) -> Month:
    """The month a review's amount takes effect: as typed (checked), else the default."""
    month = parse_month(typed) if typed.strip() else default_effective_month(reviewed_on)
    check_effective_month(month, reviewed_on)
    return month


def suggest(current_fen: int, calculated_fen: int, category: str) -> ReviewResult:
    """The result the calculation points to: stop where the household is no longer eligible,
    else continue, raise or lower as the amount stays, rises or falls."""
    if category == NOT_ELIGIBLE:
        return ReviewResult.STOP
    if calculated_fen == current_fen:
        return ReviewResult.CONTINUE
    return ReviewResult.RAISE if calculated_fen > current_fen else ReviewResult.LOWER


def check_result(result: ReviewResult, current_fen: int, calculated_fen: int, category: str) -> None:
    """The result must agree with the calculation (`002…` 民政厅 6): continue keeps the amount,
    raise gives more, lower less. A household the calculation finds no longer eligible is
    stopped; a stop needs no calculation, since it may have other grounds (moved away, death)."""
    expected = suggest(current_fen, calculated_fen, category)
    if result is ReviewResult.STOP or result is expected:
        return
    if expected is ReviewResult.STOP:
        raise ReviewRefused(_("按复核的情况计算，这户已不符合救助条件：请选择“停发”，或核对填写的收入"),
                            "result")
    raise ReviewRefused(_("按复核的情况计算每月 %s 元，现在每月 %s 元：应选择“%s”")
                        % (format_yuan(calculated_fen), format_yuan(current_fen),
                           SHORT_RESULTS[expected]), "result")


def message_for(result: ReviewResult, monthly_amount_fen: int) -> str:
    """The SMS a review's result sends (the record_review row names review_continued). A stop is
    told by the stop_assistance step the review leads to, with its reason and how to appeal."""
    if result is ReviewResult.STOP:
        return SILENT
    if result is ReviewResult.CONTINUE:
        return "review_continued" if monthly_amount_fen else "review_continued_no_amount"
    if not monthly_amount_fen:
        return "review_no_amount"  # e.g. now a near-dibao household: help, but no monthly payment
    return "review_raised" if result is ReviewResult.RAISE else "review_lowered"


@dataclass(frozen=True)
class Outcome:
    """What a review decided: the result, the amount and category from the month it takes
    effect, the household size counted, and the calculation's lines (label, value)."""

    result: ReviewResult
    monthly_amount_fen: int
    category: str | None
    household_size: int | None
    month: Month
    lines: tuple[tuple[str, str], ...] = ()

    @property
    def detail(self) -> dict[str, object]:
        """The record_review event's detail (the vocabulary the resident's timeline reads)."""
        return {"result": str(self.result), "monthly_amount_fen": self.monthly_amount_fen,
                "effective_month": self.month.iso}

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category or "", "")


@dataclass(frozen=True)
class Amount:
    """One row of a case's history of amounts, in the order it was recorded."""

    monthly_amount_fen: int
    effective_month: Month


def in_force(history: Sequence[Amount], month: Month) -> Amount | None:
    """The amount paid in `month`: the one recorded last among those in effect by then (a later
    decision supersedes an earlier one from its own month on)."""
    return next((a for a in reversed(history) if a.effective_month <= month), None)

