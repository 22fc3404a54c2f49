"""Reading the periodic review's form as typed: the result, each member's income now (元, full-
width digits, 1,200; empty for the application's figure), the findings, the month the amount is
paid from. Each problem is a ReviewRefused naming its field, never a 500."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from webapp.domain.findings import CATEGORY
from webapp.domain.money import InvalidAmount, parse_yuan
from webapp.domain.review import ReviewRefused
from webapp.services.reviews import ReviewInput
from webapp.web.i18n import _

# The review form's one finding box; the other findings (supporters, own wish, single-person
# household, webapp/domain/findings.py CATEGORY) carry over from the preliminary opinion.
FINDING_NAMES = ("property_over_limits",)
REASON_MAX, MOST_MEMBERS = 500, 30


def income_field(index: int) -> str:
    return f"income-{index}"


def typed(form: Mapping[str, str]) -> dict[str, str]:
    """What was typed, shortened, to show back on a refusal or a new calculation."""
    names = ("result", "effective_month", "reason", *FINDING_NAMES,
             *(income_field(i) for i in range(MOST_MEMBERS)))
    return {name: (form.get(name) or "")[:REASON_MAX] for name in names if name in form}


def read(form: Mapping[str, str], members: int, findings: dict | None = None,
         base: dict | None = None) -> ReviewInput:
    """The form's fields as the review takes them; `findings` where the form has not been sent
    yet (the preliminary opinion's, as the page starts from), else `base` (the opinion's) with
    the boxes as ticked."""
    incomes = {}
    for index in range(min(members, MOST_MEMBERS)):
        text = (form.get(income_field(index)) or "").strip()
        if text:
            incomes[index] = _amount(text, income_field(index))
    return ReviewInput(result=(form.get("result") or "").strip(), incomes=incomes,
                       findings=findings_of(form, base) if findings is None else findings,
                       effective_month=(form.get("effective_month") or "").strip())


def findings_of(form: Mapping[str, str], base: dict | None = None) -> dict:
    """The opinion's findings (`base`) with the review's box as ticked: in the category
    findings where the opinion has them, else as the checkbox opinions kept it."""
    over = form.get("property_over_limits") == "yes"
    found = copy.deepcopy(base or {})
    if isinstance(found.get(CATEGORY), dict):
        found[CATEGORY]["property_within_limits"] = not over
    else:
        found["property_over_limits"] = over
    return found


def ticked(findings: dict) -> dict[str, bool]:
    """The review's boxes as the findings have them."""
    category = findings.get(CATEGORY)
    if isinstance(category, dict):
        return {"property_over_limits": not category.get("property_within_limits")}
    return {"property_over_limits": bool(findings.get("property_over_limits"))}


def _amount(text: str, field: str) -> int:
    try:
        return parse_yuan(text)
    except InvalidAmount as wrong:
        raise ReviewRefused(_("年收入：%s") % wrong.message, field) from None
