"""`flask --app wsgi demo --cases N` (issue 8, item 6): synthetic cases in the demo county, over
every state of both machines and every village, with the dates each step sets, all marked as
synthetic, and shown by the staff pages like real ones."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta

import pytest
from conftest import TEST_CONFIG
from web.flows import COUNTY, sql

from webapp.app import create_app
from webapp.domain import case_machine as machine
from webapp.domain.id_number import parse_id_number
from webapp.domain.reference import normalise_reference
from webapp.domain.working_days import WorkingCalendar
from webapp.flows import get_flow
from webapp.services.cases import today
from webapp.store import synthetic
from webapp.store.engine import connect

from .conftest import make_staff, staff_sign_in

CASES = 300
TODAY = today()  # in Beijing, as the command counts


@pytest.fixture
def loaded(app):
    """The demo command run with a few hundred cases."""
    result = app.test_cli_runner().invoke(args=["demo", "--cases", str(CASES), "--seed", "7"])
    assert result.exit_code == 0, result.output
    return app


def rows(app, statement: str, *params) -> list[dict]:
    return [dict(r) for r in sql(app, statement, *params)]


def events_by_case(app) -> dict[int, list[dict]]:
    found = defaultdict(list)
    for event in rows(app, "SELECT * FROM case_events ORDER BY id"):
        found[event["case_id"]].append(event)
    return found


def test_the_command_says_how_many_cases_it_added(loaded):
    result = loaded.test_cli_runner().invoke(args=["demo", "--cases", "5"])

    assert "5 synthetic cases added" in result.output
    assert f"({CASES + 5} synthetic cases in all" in result.output


def test_every_state_of_both_machines_has_cases(loaded):
    found = {(r["machine"], r["state"]) for r in rows(loaded, "SELECT machine, state FROM cases")}

    assert found == {(m.name, s) for m in machine.MACHINES.values() for s in m.states}


def test_every_village_of_the_demo_county_has_cases(loaded):
    villages = {r["code"] for r in rows(loaded, "SELECT code FROM regions WHERE level = 'village'")}
    used = {r["village_code"] for r in rows(loaded, "SELECT village_code FROM cases")}

    assert used == villages
    assert {r["county_code"] for r in rows(loaded, "SELECT county_code FROM cases")} == {COUNTY}


def test_everything_loaded_is_marked_synthetic(loaded):
    cases = rows(loaded, "SELECT * FROM cases")
    submissions = rows(loaded, "SELECT * FROM submissions")
    residents = rows(loaded, "SELECT * FROM residents")

    assert len(cases) == len(submissions) == len(residents) == CASES
    assert all(c["synthetic"] == 1 for c in cases)
    assert all(s["synthetic"] == 1 and s["status"] == "submitted" for s in submissions)
    assert all(r["phone"].startswith(synthetic.PHONE_PREFIX) and len(r["phone"]) == 11 for r in residents)
    for s in submissions:
        assert s["reference"].startswith("SYN") and normalise_reference(s["reference"]) == s["reference"]
    assert {e["actor"] for e in rows(loaded, "SELECT actor FROM case_events")} <= {"synthetic", "public"}


def test_the_copies_on_the_case_are_those_of_its_submission(loaded):
    for c in rows(loaded, "SELECT c.*, s.answers, s.reference AS s_reference, s.submitted_at AS s_at, "
                          "r.phone FROM cases c JOIN submissions s ON s.id = c.submission_id "
                          "JOIN residents r ON r.id = s.resident_id"):
        answers = json.loads(c["answers"])
        person = answers[get_flow(synthetic.FORM_OF[c["machine"]]).person_step]
        assert (c["reference"], c["submitted_at"], c["applicant_phone"]) == (c["s_reference"], c["s_at"],
                                                                             c["phone"])
        assert (c["applicant_name"], c["applicant_id_number"]) == (person["name"], person["id_number"])
        assert c["household_size"] == len(answers["members"])
        for member in answers["members"]:
            parse_id_number(member["id_number"], TODAY)  # a valid number, check digit included


def test_each_case_went_along_its_machine_to_its_state(loaded):
    events = events_by_case(loaded)
    for c in rows(loaded, "SELECT * FROM cases"):
        state = machine.MACHINES[c["machine"]].initial
        notice = machine.notice_period(date.fromisoformat(c["notice_start"])) if c["notice_start"] else None
        for event in events[c["id"]]:
            assert event["from_state"] == state
            state = machine.next_state(c["machine"], state, event["action"], reason=event["reason"] or "",
                                       notice=notice, today=date.fromisoformat(event["at"][:10]))
            assert event["to_state"] == state
        assert state == c["state"]


def test_dates_follow_the_steps_taken(loaded):
    events = events_by_case(loaded)
    calendar = WorkingCalendar()
    for c in rows(loaded, "SELECT * FROM cases"):
        taken = {e["action"]: e["at"][:10] for e in events[c["id"]]}
        days = [c["opened_on"], *(e["at"][:10] for e in events[c["id"]])]
        assert days == sorted(days) and days[-1] <= TODAY.isoformat()
        assert c["submitted_at"][:10] == c["opened_on"]
        if "accept" in taken:
            accepted = date.fromisoformat(c["accepted_on"])
            assert c["accepted_on"] == taken["accept"] >= c["opened_on"]
        if "accept" in taken and c["machine"] == machine.APPLICATION.name:
            assert c["due_on"] == calendar.add_working_days(accepted, 30).due.isoformat() > c["accepted_on"]
        if c["machine"] == machine.TEMPORARY_AID.name and c["state"] in ("accepted", "investigated"):
            accepted = date.fromisoformat(c["accepted_on"])
            assert c["due_on"] == calendar.add_working_days(
                accepted, synthetic.AID_DEADLINE_DAYS).due.isoformat()
        if "start_public_notice" in taken:
            start = date.fromisoformat(c["notice_start"])
            assert c["notice_end"] == (start + timedelta(days=6)).isoformat()
        if "give_preliminary_opinion" in taken:
            assert c["category"] and c["monthly_amount_fen"] is not None and c["household_size"]
        if "confirm" in taken:
            assert c["confirmed_on"] == taken["confirm"] > c["notice_end"]
            assert c["review_due_on"] > c["confirmed_on"]
        if "start_phase_out" in taken:
            assert c["phase_out_until"] == machine.phase_out_until(
                date.fromisoformat(taken["start_phase_out"]), synthetic.PHASE_OUT_MONTHS).isoformat()
        if "end_phase_out" in taken:
            assert taken["end_phase_out"] >= c["phase_out_until"]
        if "book_visit" in taken:
            assert c["visit_on"] > c["visit_booked_on"]


def test_open_cases_were_filed_lately_and_decided_ones_over_years(loaded):
    def age(c):
        return (TODAY - date.fromisoformat(c["opened_on"])).days

    cases = rows(loaded, "SELECT * FROM cases")
    open_ones = [c for c in cases if machine.is_in(machine.Group.OPEN, c["machine"], c["state"])]
    closed = [c for c in cases if not machine.is_in(machine.Group.OPEN, c["machine"], c["state"])]

    assert max(age(c) for c in open_ones) < 90
    assert max(age(c) for c in closed) > 365


def test_a_relapse_case_counts_its_deadlines_in_plain_days(loaded):
    events = events_by_case(loaded)
    for c in rows(loaded, "SELECT * FROM cases WHERE machine = ?", machine.RELAPSE_MONITORING.name):
        taken = {e["action"]: e["at"][:10] for e in events[c["id"]]}
        if not taken:
            assert c["due_on"] == (date.fromisoformat(c["opened_on"]) + timedelta(days=15)).isoformat()
        elif "approve_at_county" in taken and not machine.is_in(machine.Group.MONITORED, c["machine"],
                                                                c["state"]):
            if machine.is_in(machine.Group.OPEN, c["machine"], c["state"]):
                approved = date.fromisoformat(taken["approve_at_county"])
                assert c["due_on"] == (approved + timedelta(days=10)).isoformat()


def test_the_same_seed_gives_the_same_cases_made_in_one_process_or_several(tmp_path, app):
    def load(name: str, **kwargs) -> list[tuple]:
        path = str(tmp_path / name)
        create_app({**TEST_CONFIG, "DATABASE": path})
        db = connect(path)
        synthetic.load(db, 120, synthetic.villages_of(db, COUNTY), seed=3, today=date(2026, 6, 1), **kwargs)
        found = [tuple(r) for r in db.execute("SELECT * FROM cases ORDER BY id")]
        found += [tuple(r) for r in db.execute("SELECT * FROM case_events ORDER BY id")]
        found += [tuple(r) for r in db.execute("SELECT answers, reference FROM submissions ORDER BY id")]
        db.close()
        return found

    assert load("one.db", workers=0) == load("pool.db", workers=2, batch=25)


def test_the_staff_case_page_shows_a_synthetic_case_in_each_state(loaded, db):
    make_staff(db, "county", "county_confirmer", COUNTY, "王确认")
    client = loaded.test_client()
    assert staff_sign_in(client, "county").status_code == 302
    one_per_state = rows(loaded, "SELECT MIN(id) AS id, reference FROM cases GROUP BY machine, state")

    for case in one_per_state:
        response = client.get(f"/staff/cases/{case['id']}")
        assert response.status_code == 200, case
        assert case["reference"] in response.get_data(as_text=True)


def test_the_household_file_of_a_synthetic_application_prints(loaded, db):
    make_staff(db, "county", "county_confirmer", COUNTY, "王确认")
    client = loaded.test_client()
    staff_sign_in(client, "county")
    case_id = rows(loaded, "SELECT MIN(id) AS id FROM cases WHERE machine = ? AND household_size > 1",
                   machine.APPLICATION.name)[0]["id"]

    response = client.get(f"/staff/cases/{case_id}/household-file.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"


def test_a_large_load_leaves_every_index_as_it_was(app, db, monkeypatch):
    def indexes():
        return sorted(tuple(r) for r in db.execute("SELECT name, tbl_name, sql FROM sqlite_master "
                                                   "WHERE type = 'index' AND sql IS NOT NULL"))

    before = indexes()
    monkeypatch.setattr(synthetic, "REBUILD_INDEXES_AT", 10)  # dropped for the load, made again

    synthetic.load(db, 40, synthetic.villages_of(db, COUNTY), workers=0)

    assert indexes() == before
    assert db.execute("SELECT COUNT(*) FROM cases WHERE synthetic = 1").fetchone()[0] == 40
