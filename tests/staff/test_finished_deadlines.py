"""A finished case (refused, stopped, not included) or a settled one (published, in phase-out)
shows no running deadline anywhere: not on the case page, the board's list, the household file
header, nor in the CSV and Excel exports; an open case still does."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import page

from tests.staff.factory import create_case
from webapp.domain.case_machine import Group
from webapp.services import cases

DUE = "2026-01-10"  # long past: a running deadline here would read 已超期


@pytest.mark.parametrize("state", ["refused", "ended", "published", "phasing_out"])
def test_a_finished_or_settled_case_page_shows_no_deadline(reviewer_client, db, state):
    case_id = create_case(db, state=state, due_on=DUE, accepted_on="2025-11-20")

    shown = page(reviewer_client.get(f"/staff/cases/{case_id}"))

    assert shown.select_one(".case-due") is None
    assert "已超期" not in shown.get_text()


def test_an_open_case_page_still_shows_its_deadline(reviewer_client, db):
    case_id = create_case(db, state="investigated", due_on=DUE, accepted_on="2025-11-20")
    assert "已超期" in page(reviewer_client.get(f"/staff/cases/{case_id}")).select_one(".case-due").get_text()


def test_the_board_lists_finished_cases_without_a_deadline(reviewer_client, db):
    create_case(db, state="refused", due_on=DUE)

    shown = page(reviewer_client.get(f"/staff/board?queue={Group.FINISHED.value}"))

    [row] = shown.select(".board-cases .case-row")
    assert DUE not in row.get_text() and "已超期" not in row.get_text()


def test_the_exports_leave_the_deadline_of_finished_and_settled_cases_empty(reviewer_client, db):
    create_case(db, state="ended", due_on=DUE, reference="AAAAAAA2", submitted_at="2026-01-01T00:00:00+00:00")
    create_case(db, state="published", due_on=DUE, reference="AAAAAAA3",
                submitted_at="2026-01-02T00:00:00+00:00")
    create_case(db, state="investigated", due_on=DUE, reference="AAAAAAA4",
                submitted_at="2026-01-03T00:00:00+00:00")

    rows = list(csv.reader(io.StringIO(reviewer_client.get("/staff/board/cases.csv").get_data()
                                       .decode("utf-8-sig"))))[1:]

    by_reference = {r[0]: r for r in rows}
    assert by_reference["AAAAAAA2"][5:] == ["", ""]
    assert by_reference["AAAAAAA3"][5:] == ["", ""]
    assert by_reference["AAAAAAA4"][5] == DUE and int(by_reference["AAAAAAA4"][6]) < 0


def test_a_finished_case_has_no_running_deadline_as_the_case_row_says(db):
    assert not cases.get(db, create_case(db, state="ended", due_on=DUE)).deadline_running
    assert cases.get(db, create_case(db, state="accepted", due_on=DUE)).deadline_running
