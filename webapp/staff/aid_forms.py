"""Reading a temporary-aid step's form as typed: amounts in yuan (元, full-width digits, 1,200),
the way it was paid, the day, the number of people, the major-hardship box and who took part.
Each problem is an AidRefused or InvalidDate naming its field, never a 500."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from webapp.domain import temporary_aid as aid
from webapp.domain.case_machine import parse_day
from webapp.domain.money import InvalidAmount, parse_yuan
from webapp.services.aid_steps import AidInput
from webapp.web.i18n import _

# The fields of the forms, as the case page names them; kept as typed when a step is refused.
FIELDS = ("amount", "method", "paid_on", "note", "household_size", "major_hardship", "participants",
          "reason")
FIELDS += ("major_hardship_finding",)  # issue 12: 一事一议 rests on it
FINDING_MAX = 500
NOTE_MAX, PARTICIPANTS_MAX, MOST_PEOPLE = 200, 300, 99


def typed(form: Mapping[str, str]) -> dict[str, str]:
    """What was typed into the fields, shortened, to show back on a refusal."""
    return {name: (form.get(name) or "")[:500] for name in FIELDS}


def read(form: Mapping[str, str]) -> AidInput:
    """The form's fields as the step takes them."""
    return AidInput(amount=_amount(form.get("amount") or ""), method=(form.get("method") or "").strip(),
                    paid_on=_day(form.get("paid_on") or ""), note=(form.get("note") or "").strip()[:NOTE_MAX],
                    household_size=_people(form.get("household_size") or ""),
                    major_hardship=form.get("major_hardship") == "yes",
                    participants=(form.get("participants") or "").strip()[:PARTICIPANTS_MAX],
                    major_hardship_finding=(form.get("major_hardship_finding") or "").strip()[:FINDING_MAX])


def _amount(text: str) -> int:
    try:
        return parse_yuan(text)
    except InvalidAmount as wrong:
        raise aid.AidRefused(wrong.message, "amount") from None


def _day(text: str):
    text = text.strip()
    return parse_day(text, "paid_on", _("发放日期")) if text else None


def _people(text: str) -> int | None:
    """The number of people helped; empty for the applicant's own figure."""
    cleaned = unicodedata.normalize("NFKC", text).strip().removesuffix("人").strip()
    if not cleaned:
        return None
    if not cleaned.isascii() or not cleaned.isdigit() or not 1 <= int(cleaned) <= MOST_PEOPLE:
        raise aid.AidRefused(_("受助人数请填 1 到 %d 之间的整数") % MOST_PEOPLE, "household_size")
    return int(cleaned)
