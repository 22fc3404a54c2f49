"""A single-person household (单人户) as the seed describes it: 王强, 30, unemployed, with a grade 1
physical disability (重度残疾, 成年无业), lives with his mother 刘芳, 58, who farms and earns
20,000 yuan a year — enough that the household as a whole is not below the standard (000… 一(一):
a household that qualifies as a whole is never split), so only the single-person route helps
him. The case waits for the home visit, booked for today."""

from __future__ import annotations

from web.flows import YANGZHUANG, id_number, years_ago

from tests.staff.factory import create_case
from webapp.services import cases

SON_ID = id_number(years_ago(30), sequence="031")
MOTHER_ID = id_number(years_ago(58), sequence="042")
SON = {"name": "王强", "id_number": SON_ID, "relation": "self", "serious_illness": "no",
       "labor_ability": "none", "work": "unemployed", "disability_kind": "physical", "disability_grade": "1"}
MOTHER = {"name": "刘芳", "id_number": MOTHER_ID, "relation": "parent", "serious_illness": "no",
          "labor_ability": "partial", "work": "farming", "disability_kind": ""}
ANSWERS = {"applicant": {"name": "王强", "id_number": SON_ID},
           "residence": {"village": YANGZHUANG, "address": "2组5号", "hukou_same": "yes"},
           "members": [SON, MOTHER], "income": {"0": {}, "1": {"farming": 2_000_000}},
           "spending": {}}


def disabled_son_case(db, **columns) -> int:
    """王强's case, waiting for the home visit booked for today."""
    columns = {"visit_on": cases.today().isoformat(), "accepted_on": cases.today().isoformat(),
               **columns}
    return create_case(db, state="visit_booked", name="王强", id_number=SON_ID, answers=ANSWERS,
                       resident=True, **columns)

# 王强 as the township sees him at the visit: as declared.
SEEN = {"visit-members-0-labor_ability": "none", "visit-members-0-disability_kind": "physical",
        "visit-members-0-disability_grade": "1", "visit-members-1-labor_ability": "partial"}
