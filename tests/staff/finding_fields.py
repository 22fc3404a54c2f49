"""The findings forms of the dibao steps as a township reviewer fills them in (webapp/staff/
finding_forms.py), for tests that post a step on the case page: a valid minimal form per step,
with `changes` (field name -> value) on top."""

from __future__ import annotations

from webapp.domain.findings import RECORD_KINDS
from webapp.services import cases


def home_visit(members: int = 2, visited_on: str | None = None) -> dict:
    fields = {"visit-visited_on": visited_on or cases.today().isoformat(), "visit-visitors": "李审核、王协理",
              "visit-present": "张三", "visit-housing": "own"}
    for i in range(members):
        fields |= {f"visit-members-{i}-labor_ability": "full", f"visit-members-{i}-lives": "together"}
    return fields


def records_check(members: int = 2) -> dict:
    fields = {}
    for kind in RECORD_KINDS:
        fields |= {f"records-records-{kind}-checked": "yes", f"records-records-{kind}-result": "无异常",
                   f"records-records-{kind}-matches": "yes"}
    return fields


def category(members: int = 2) -> dict:
    """Property within limits; the applicant has a son able to support him (as the opinion's
    unticked "no supporter" box said before the findings were structured)."""
    return {"category-property_within_limits": "yes", "category-members-0-supporters-0-relation": "儿子",
            "category-members-0-supporters-0-age": "50"}


def democratic_review(members: int = 2) -> dict:
    return {"review-held_on": cases.today().isoformat(), "review-participants": "村两委成员、村民代表",
            "review-outcome": "agrees", "review-votes_for": "9", "review-votes_against": "1",
            "review-votes_abstain": "0"}


STEPS = {"record_investigation": home_visit, "record_records_check": records_check,
         "give_preliminary_opinion": category, "hold_democratic_review": democratic_review}


def filled(action: str, members: int = 2, **changes) -> dict:
    """The step's findings form filled in (nothing for a step without one), with `changes`."""
    maker = STEPS.get(action)
    return {**(maker(members) if maker else {}), **changes}
