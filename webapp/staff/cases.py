"""The submissions staff work on, found through the village each one names."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database

# Where each form keeps the village and the person it is about.
VILLAGE_PATH = {"application": "$.residence.village", "self_declaration": "$.declarant.village"}
NAME_PATH = {"application": "$.applicant.name", "self_declaration": "$.declarant.name"}


def _by_form(paths: dict[str, str]) -> str:
    cases = " ".join(f"WHEN '{form}' THEN json_extract(s.answers, '{path}')"
                     for form, path in paths.items())
    return f"CASE s.form {cases} END"


# Every region at or below the staff member's, then the submitted cases naming one of its
# villages.
IN_REGION = f"""
WITH RECURSIVE covered(code) AS (
    SELECT code FROM regions WHERE code = :region
    UNION
    SELECT r.code FROM regions r JOIN covered c ON r.parent_code = c.code
)
SELECT s.id, s.reference, s.form, s.submitted_at, {_by_form(NAME_PATH)} AS name,
       v.code AS village_code, v.name AS village, t.name AS township,
       c.id AS case_id, c.machine, c.state, c.due_on
FROM submissions s
JOIN cases c ON c.submission_id = s.id
JOIN regions v ON v.code = {_by_form(VILLAGE_PATH)} AND v.level = 'village'
JOIN covered ON covered.code = v.code
LEFT JOIN regions t ON t.code = v.parent_code
WHERE s.status = 'submitted'
ORDER BY c.due_on IS NULL, c.due_on, s.submitted_at DESC, s.id DESC
"""


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    form: str
    submitted_at: str
    name: str
    village_code: str
    village: str
    township: str
    case_id: int
    machine: str
    state: str
    due_on: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> CaseRow:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__})

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


def submitted_in_region(db: Database, region_code: str) -> list[CaseRow]:
    """Submitted cases from villages at or below a region, newest first."""
    return [CaseRow.from_row(r) for r in db.execute(IN_REGION, {"region": region_code})]


def mask_name(name: str | None) -> str:
    """'张*' for 张三, '欧*明' for 欧阳明: enough to tell cases apart on a list."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
