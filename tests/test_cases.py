"""Cases: every submission opens one, and staff take it through the procedure step by step
(RULES.md "Procedure and deadlines for dibao")."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tests.web.flows import APPLICANT, CHENGGUAN, LIULIN, PHONE, sql, submit_application
from webapp.domain.case_machine import IllegalTransition, RoleNotAllowed
from webapp.services import cases, queues
from webapp.store.engine import connect


@pytest.fixture
def case_id(resident, app):
    submit_application(resident)
    db = connect(app.config["DATABASE"])
    return db.execute("SELECT id FROM cases").fetchone()[0]


def act(app, case_id, action, role="township_reviewer", reason="", day=None):
    db = connect(app.config["DATABASE"])
    return cases.act(db, case_id, action, role=role, actor="staff:1", reason=reason,
                     signature="兜底服务", service="兜底服务", day=day)


def test_a_submitted_application_opens_a_case_in_its_village(app, case_id):
    case = cases.get(connect(app.config["DATABASE"]), case_id)
    assert (case.machine, case.state, case.township_code) == ("application", "submitted", LIULIN)
    assert case.state_label == "已提交，待受理"


def test_acceptance_sets_the_deadline_thirty_working_days_on_and_tells_the_applicant(app, case_id):
    case = act(app, case_id, "accept")
    assert case.state == "accepted" and case.accepted_on == cases.today().isoformat()
    due = date.fromisoformat(case.due_on)
    assert cases.calendar(connect(app.config["DATABASE"])).working_days_left(
        date.fromisoformat(case.accepted_on), due) == 30
    db = connect(app.config["DATABASE"])
    body = db.execute("SELECT body FROM outbox WHERE template = 'accepted'").fetchone()[0]
    assert "已受理" in body and f"{due.month}月{due.day}日" in body


def test_a_step_the_procedure_does_not_allow_now_is_refused(app, case_id):
    with pytest.raises(IllegalTransition):
        act(app, case_id, "start_public_notice")
    assert cases.get(connect(app.config["DATABASE"]), case_id).state == "submitted"


def test_a_village_assistant_cannot_accept(app, case_id):
    with pytest.raises(RoleNotAllowed):
        act(app, case_id, "accept", role="village_assistant")


def test_refusing_to_accept_needs_a_reason_and_sends_it(app, case_id):
    with pytest.raises(IllegalTransition):
        act(app, case_id, "refuse_acceptance")
    act(app, case_id, "refuse_acceptance", reason="户籍不在本乡镇")
    db = connect(app.config["DATABASE"])
    assert "户籍不在本乡镇" in db.execute(
        "SELECT body FROM outbox WHERE template = 'refused'").fetchone()[0]


def test_every_step_is_kept_and_cannot_be_changed(app, case_id):
    act(app, case_id, "accept")
    act(app, case_id, "book_visit", day=cases.today())
    db = connect(app.config["DATABASE"])
    steps = [(e["action"], e["from_state"], e["to_state"]) for e in cases.events(db, case_id)]
    assert steps == [("accept", "submitted", "accepted"), ("book_visit", "accepted", "visit_booked")]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE case_events SET action = 'x'")


def test_the_queue_of_a_township_holds_its_cases_and_another_townships_does_not(app, case_id):
    db = connect(app.config["DATABASE"])
    assert [row["id"] for row in queues.queue(db, LIULIN).rows] == [case_id]
    assert queues.queue(db, CHENGGUAN).rows == []
    act(app, case_id, "accept")
    assert queues.queue(db, LIULIN, "accepted").rows[0]["days_left"] == cases.calendar(db).working_days_left(
        cases.today(), date.fromisoformat(cases.get(db, case_id).due_on))


def test_a_case_opens_with_the_applicant_lists_and_search_read(app, case_id):
    row = sql(app, "SELECT c.reference, c.applicant_name, c.applicant_phone, c.submitted_at, "
                   "s.reference, s.submitted_at FROM cases c JOIN submissions s ON s.id = c.submission_id")[0]
    assert row[0] == row[4] and row[3] == row[5] and row[1] == APPLICANT["name"]
    assert row[2] == PHONE
