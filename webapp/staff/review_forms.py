"""Reading the periodic review's form as typed: the result, each member's income now (元, full-
width digits, 1,200; empty for the application's figure), the findings, the month the amount is
paid from. Each problem is a ReviewRefused naming its field, never a 500."""

from __future__ import annotations

from collections.abc import Mapping

from webapp.domain.money import InvalidAmount, parse_yuan
from webapp.domain.review import ReviewRefused
from webapp.services.reviews import ReviewInput
from webapp.web.i18n import _

FINDING_NAMES = ("property_over_limits", "no_income_source", "no_supporter")
REASON_MAX, MOST_MEMBERS = 500, 30


def income_field(index: int) -> str:
    return f"income-{index}"


def typed(form: Mapping[str, str]) -> dict[str, str]:
    """What was typed, shortened, to show back on a refusal or a new calculation."""
    names = ("result", "effective_month", "reason", *FINDING_NAMES,
             *(income_field(i) for i in range(MOST_MEMBERS)))
    return {name: (form.get(name) or "")[:REASON_MAX] for name in names if name in form}


def read(form: Mapping[str, str], members: int, findings: dict[str, bool] | None = None) -> ReviewInput:
    """The form's fields as the review takes them; `findings` where the form has not been sent
    yet (the preliminary opinion's, as the page starts from)."""
    incomes = {}
    for index in range(min(members, MOST_MEMBERS)):
        text = (form.get(income_field(index)) or "").strip()
        if text:
            incomes[index] = _amount(text, income_field(index))
    return ReviewInput(result=(form.get("result") or "").strip(), incomes=incomes,
                       findings=findings_of(form) if findings is None else findings,
                       effective_month=(form.get("effective_month") or "").strip())


def findings_of(form: Mapping[str, str]) -> dict[str, bool]:
    """The findings boxes as ticked."""
    return {name: form.get(name) == "yes" for name in FINDING_NAMES}


def _amount(text: str, field: str) -> int:
    try:
        return parse_yuan(text)
    except InvalidAmount as wrong:
        raise ReviewRefused(_("年收入：%s") % wrong.message, field) from None
