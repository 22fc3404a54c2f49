"""Loading a year's official calendar counts again the deadlines of the open cases that run
through it (issue 12: 000… 四(一) counts in working days, which follow the State Council's
calendar); the case page and the resident's timeline say the deadline moved, and from when."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import page

from tests.staff.factory import create_aid_case, create_case
from tests.staff.test_calendar import admin_client, upload, year_csv
from webapp.domain import timeline as words
from webapp.domain.working_days import WorkingCalendar
from webapp.services import timeline
from webapp.store import cases as store
from webapp.store.engine import connect

ACCEPTED = date(2027, 1, 20)
# Spring Festival 2027 as a county might load it: Monday 8 to Friday 12 February off.
SPRING_FESTIVAL = {date(2027, 2, 8) + timedelta(days=i) for i in range(5)}
LOADED = {date(2027, 1, 1) + timedelta(days=i): None for i in range(365)}


def loaded_calendar() -> WorkingCalendar:
    days = {d: d.weekday() < 5 and d not in SPRING_FESTIVAL and d != date(2027, 1, 1)
            for d in LOADED}
    return WorkingCalendar(days)


def accepted_case(db, accepted_on: date = ACCEPTED, state: str = "accepted", **columns) -> int:
    guessed = WorkingCalendar().add_working_days(accepted_on, 30)
    return create_case(db, state=state, accepted_on=accepted_on.isoformat(),
                       due_on=guessed.due.isoformat(), due_fallback=int(guessed.fallback_used),
                       resident=True, **columns)


def load_2027(app, db):
    client = admin_client(app, db)
    holidays = SPRING_FESTIVAL | {date(2027, 1, 1)}
    response = upload(client, year_csv(2027, holidays))
    assert response.status_code == 302
    return client


def fresh(app, case_id: int):
    return store.get(connect(app.config["DATABASE"]), case_id)


def test_loading_a_year_moves_an_open_cases_deadline_over_its_holidays(app, db):
    case_id = accepted_case(db)
    guessed = WorkingCalendar().add_working_days(ACCEPTED, 30).due

    client = load_2027(app, db)

    case = fresh(app, case_id)
    counted = loaded_calendar().add_working_days(ACCEPTED, 30)
    assert counted.due > guessed  # five more days off in February
    assert (case.due_on, case.due_fallback) == (counted.due.isoformat(), 0)
    assert "1 件在办案件的办理期限随之调整" in page(client.get("/staff/calendar")).get_text()
    shown = page(client.get(f"/staff/cases/{case_id}")).get_text()
    assert "按载入的日历调整办理期限" in shown
    assert f"由 {guessed.isoformat()} 改为 {counted.due.isoformat()}" in shown


def test_the_resident_timeline_says_the_deadline_moved_and_from_when(app, db):
    case_id = accepted_case(db)
    guessed = WorkingCalendar().add_working_days(ACCEPTED, 30).due
    load_2027(app, db)

    conn = connect(app.config["DATABASE"])
    case = store.get(conn, case_id)
    entries = words.entries(timeline.facts_of(case),
                            [timeline.event_of(r) for r in store.events(conn, case_id)])
    [moved] = [e for e in entries if "办理期限改为" in e.what]
    assert moved.what.startswith("按2027年的放假安排重新计算")
    assert words.day_words(date.fromisoformat(case.due_on)) in moved.what
    assert words.day_words(guessed) in moved.detail


def test_deadlines_outside_the_year_finished_cases_and_plain_day_deadlines_stay(app, db):
    before = accepted_case(db, accepted_on=date(2026, 6, 1))  # due in July 2026
    finished = accepted_case(db, state="published")
    relapse = create_case(db, state="declared", due_on="2027-02-10", accepted_on="2027-01-20")
    kept = {i: fresh(app, i) for i in (before, finished, relapse)}

    load_2027(app, db)

    for case_id, case in kept.items():
        now = fresh(app, case_id)
        assert (now.due_on, now.due_fallback) == (case.due_on, case.due_fallback), case.state
        assert not [e for e in store.events(connect(app.config["DATABASE"]), case_id)
                    if e["action"] == "move_deadline"]


def test_a_loaded_year_that_agrees_with_the_guess_only_clears_the_warning(app, db):
    case_id = accepted_case(db, accepted_on=date(2026, 12, 15))  # due 27 January 2027, guessed
    assert fresh(app, case_id).due_fallback == 1

    load_2027(app, db)

    case = fresh(app, case_id)
    assert (case.due_on, case.due_fallback) == ("2027-01-27", 0)
    assert not [e for e in store.events(connect(app.config["DATABASE"]), case_id)
                if e["action"] == "move_deadline"]


def test_a_first_aid_explanation_is_counted_from_the_day_the_aid_was_recorded(app, db):
    recorded = date(2027, 2, 3)
    guessed = WorkingCalendar().add_working_days(recorded, 5)
    case_id = create_aid_case(db, state="first_aid_given", accepted_on="2027-02-01",
                              due_on=guessed.due.isoformat(), due_fallback=1)
    store.add_event(db, case_id, at="2027-02-03T02:00:00+00:00", actor="staff:1",
                    action="give_first_aid", from_state="accepted", to_state="first_aid_given",
                    reason=None, detail={})
    db.conn.commit()

    load_2027(app, db)

    assert fresh(app, case_id).due_on == loaded_calendar().add_working_days(recorded, 5).due.isoformat()
    assert fresh(app, case_id).due_on != guessed.due.isoformat()
