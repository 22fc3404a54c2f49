"""Reminders computed from a case's dates by the scheduled job: the public notice's first and
last day, the day before the home visit, reporting changes every 3 months, the periodic review
and the end of a phase-out coming due. Each goes out on its day (Beijing), once, never to a
number that opted out, and waits out quiet hours (RULES.md "Procedure and deadlines for dibao",
"Honest reporting")."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from conftest import csrf, deliver

from tests.web.flows import PHONE, sql, submit_application
from webapp import worker
from webapp.domain.case_machine import add_months
from webapp.services import cases
from webapp.sms import reminders
from webapp.store.engine import connect

DAY = date(2026, 6, 15)


def at(day: date, hour: int = 10) -> datetime:
    """A moment of a Beijing day, as the job's clock (UTC) gives it."""
    return datetime.combine(day, time(hour), tzinfo=cases.BEIJING).astimezone(UTC)


@pytest.fixture
def case_id(resident, app):
    submit_application(resident)
    return sql(app, "SELECT id FROM cases")[0][0]


def set_case(app, case_id: int, **columns) -> None:
    values = {k: v.isoformat() if isinstance(v, date) else v for k, v in columns.items()}
    sql(app, "UPDATE cases SET " + ", ".join(f"{k} = ?" for k in values) + " WHERE id = ?",
        *values.values(), case_id)


def run(app, day: date, hour: int = 10) -> int:
    db = connect(app.config["DATABASE"])
    try:
        return reminders.run(db, app.config, at(day, hour))
    finally:
        db.close()


def sent(app, template: str) -> list:
    return sql(app, "SELECT * FROM outbox WHERE template = ? ORDER BY id", template)


def days_sending(app, days, template: str) -> list[date]:
    """Run the job on each day; the days on which it queued this reminder."""
    found = []
    for day in days:
        before = len(sent(app, template))
        run(app, day)
        if len(sent(app, template)) > before:
            found.append(day)
    return found


def around(day: date, before: int = 3, after: int = 3) -> list[date]:
    return [day + timedelta(days=n) for n in range(-before, after + 1)]


# RULES.md "Procedure and deadlines for dibao": the 7-day notice in the village.
def test_the_notice_start_is_reminded_on_its_first_day_when_posted_earlier(app, case_id):
    set_case(app, case_id, state="public_notice", notice_posted_on=DAY - timedelta(days=4),
             notice_start=DAY, notice_end=DAY + timedelta(days=6))

    assert days_sending(app, around(DAY), "notice_starts") == [DAY]

    [row] = sent(app, "notice_starts")
    assert (row["kind"], row["phone"]) == ("reminder", PHONE)
    assert "今天（6月15日）起" in row["body"] and "6月21日" in row["body"]


def test_a_notice_posted_on_its_first_day_is_not_reminded_again(app, case_id):
    set_case(app, case_id, state="public_notice", notice_posted_on=DAY, notice_start=DAY,
             notice_end=DAY + timedelta(days=6))
    assert days_sending(app, around(DAY), "notice_starts") == []


def test_the_notice_end_is_reminded_on_its_last_day(app, case_id):
    end = DAY + timedelta(days=6)
    set_case(app, case_id, state="public_notice", notice_posted_on=DAY, notice_start=DAY,
             notice_end=end)

    assert days_sending(app, around(end), "notice_ends") == [end]
    assert "今天（6月21日）结束" in sent(app, "notice_ends")[0]["body"]


def test_a_notice_interrupted_by_an_objection_has_no_end_reminder(app, case_id):
    end = DAY + timedelta(days=6)
    set_case(app, case_id, state="objection_raised", notice_start=DAY, notice_end=end)
    assert days_sending(app, around(end), "notice_ends") == []


def test_the_day_before_the_home_visit_the_household_is_reminded(app, case_id):
    visit = DAY + timedelta(days=5)
    set_case(app, case_id, state="visit_booked", visit_on=visit, visit_booked_on=DAY)

    assert days_sending(app, around(visit), "visit_tomorrow") == [visit - timedelta(days=1)]
    assert "明天（6月20日）" in sent(app, "visit_tomorrow")[0]["body"]


def test_a_visit_booked_the_day_before_is_not_reminded_the_same_day(app, case_id):
    visit = DAY + timedelta(days=1)
    set_case(app, case_id, state="visit_booked", visit_on=visit, visit_booked_on=DAY)
    assert days_sending(app, around(visit), "visit_tomorrow") == []


def test_a_moved_visit_is_reminded_for_its_new_date_only(app, case_id):
    set_case(app, case_id, state="visit_booked", visit_on=DAY + timedelta(days=3),
             visit_booked_on=DAY - timedelta(days=5))
    run(app, DAY + timedelta(days=2))
    set_case(app, case_id, visit_on=DAY + timedelta(days=8), visit_booked_on=DAY + timedelta(days=2))
    assert days_sending(app, around(DAY + timedelta(days=8), before=4), "visit_tomorrow") == [
        DAY + timedelta(days=7)]
    assert len(sent(app, "visit_tomorrow")) == 2


def test_a_visit_that_took_place_is_not_reminded(app, case_id):
    visit = DAY + timedelta(days=5)
    set_case(app, case_id, state="investigated", visit_on=visit, visit_booked_on=DAY)
    assert days_sending(app, around(visit), "visit_tomorrow") == []


# RULES.md "Honest reporting": a major change unreported for more than 3 months earns criticism.
@pytest.mark.parametrize("state", ["published", "phasing_out"])
def test_recipients_are_asked_to_report_changes_every_three_months(app, case_id, state):
    confirmed = date(2026, 1, 30)
    set_case(app, case_id, state=state, confirmed_on=confirmed)
    quarters = [add_months(confirmed, 3 * n) for n in (1, 2, 3)]  # 30 Apr, 30 Jul, 30 Oct

    days = [confirmed + timedelta(days=n) for n in range(0, 300)]
    assert days_sending(app, days, "report_changes") == quarters
    assert "有变化" in sent(app, "report_changes")[0]["body"]


def test_a_late_run_still_sends_the_quarters_reminder_once(app, case_id):
    confirmed = date(2026, 1, 30)
    set_case(app, case_id, state="published", confirmed_on=confirmed)
    # The job did not run for weeks around the end of the first quarter.
    assert run(app, date(2026, 5, 20)) == 1
    assert run(app, date(2026, 5, 21)) == 0
    assert run(app, date(2026, 7, 29)) == 0
    assert run(app, date(2026, 7, 30)) == 1
    assert [r["idempotency_key"] for r in sent(app, "report_changes")] == [
        f"report_changes:{case_id}:q1", f"report_changes:{case_id}:q2"]


@pytest.mark.parametrize("state", ["confirmed", "ended", "refused"])
def test_only_current_recipients_are_asked_to_report_changes(app, case_id, state):
    set_case(app, case_id, state=state, confirmed_on=date(2026, 1, 30))
    assert days_sending(app, [date(2026, 4, 30), date(2026, 7, 30)], "report_changes") == []


# RULES.md "Procedure and deadlines for dibao": the township reviews recipients periodically.
def test_a_periodic_review_coming_due_is_announced_14_days_ahead_once(app, case_id):
    due = DAY + timedelta(days=20)
    set_case(app, case_id, state="published", review_due_on=due)

    days = [DAY + timedelta(days=n) for n in range(0, 30)]
    assert days_sending(app, days, "review_due") == [due - timedelta(days=14)]
    assert "7月5日前复核" in sent(app, "review_due")[0]["body"]


def test_a_review_first_seen_inside_its_window_is_still_announced(app, case_id):
    due = DAY + timedelta(days=5)
    set_case(app, case_id, state="published", review_due_on=due)
    assert days_sending(app, [DAY, DAY + timedelta(days=1)], "review_due") == [DAY]


def test_a_review_already_overdue_is_not_announced_as_coming(app, case_id):
    set_case(app, case_id, state="published", review_due_on=DAY - timedelta(days=1))
    assert run(app, DAY) == 0


def test_the_next_review_is_announced_again_when_its_turn_comes(app, case_id):
    set_case(app, case_id, state="published", review_due_on=DAY + timedelta(days=10))
    run(app, DAY)
    next_due = add_months(DAY + timedelta(days=10), 12)
    set_case(app, case_id, review_due_on=next_due)
    assert run(app, next_due - timedelta(days=14)) == 1
    assert len(sent(app, "review_due")) == 2


# RULES.md "Procedure and deadlines for dibao": phase-out up to 6 months.
def test_the_end_of_a_phase_out_is_announced_14_days_ahead_once(app, case_id):
    until = DAY + timedelta(days=30)
    set_case(app, case_id, state="phasing_out", phase_out_until=until)

    days = [DAY + timedelta(days=n) for n in range(0, 40)]
    assert days_sending(app, days, "phase_out_ending") == [until - timedelta(days=14)]
    assert "渐退期到7月15日结束" in sent(app, "phase_out_ending")[0]["body"]


def test_a_phase_out_already_stopped_is_not_announced(app, case_id):
    until = DAY + timedelta(days=10)
    set_case(app, case_id, state="ended", phase_out_until=until)
    assert run(app, DAY) == 0


def test_running_the_job_twice_sends_nothing_twice(app, case_id):
    set_case(app, case_id, state="public_notice", notice_posted_on=DAY - timedelta(days=2),
             notice_start=DAY, notice_end=DAY)  # a first and last day at once (test data)
    assert run(app, DAY, hour=9) == 2
    assert run(app, DAY, hour=9) == 0
    deliver(app)
    assert run(app, DAY, hour=17) == 0
    assert len(sql(app, "SELECT * FROM outbox WHERE kind = 'reminder'")) == 2


def test_the_day_is_beijings(app, case_id):
    end = DAY + timedelta(days=6)
    set_case(app, case_id, state="public_notice", notice_posted_on=DAY, notice_start=DAY,
             notice_end=end)
    # 23:30 UTC the day before is 07:30 in Beijing on the last day.
    assert reminders.run(connect(app.config["DATABASE"]), app.config,
                         datetime.combine(end - timedelta(days=1), time(23, 30), tzinfo=UTC)) == 1


def test_a_number_that_opted_out_gets_no_reminders(app, resident, case_id):
    resident.post("/reminders", data={"csrf_token": csrf(resident.get("/status")), "reminders": "off"})
    set_case(app, case_id, state="visit_booked", visit_on=DAY + timedelta(days=1),
             visit_booked_on=DAY - timedelta(days=3))

    run(app, DAY)
    deliver(app)

    [row] = sent(app, "visit_tomorrow")
    assert (row["status"], row["error"]) == ("suppressed", "opted_out")


def test_reminders_wait_out_quiet_hours(app, case_id):
    set_case(app, case_id, state="visit_booked", visit_on=DAY + timedelta(days=1),
             visit_booked_on=DAY - timedelta(days=3))
    run(app, DAY, hour=0)

    app.config["SMS_QUIET_HOURS"] = "00:00-23:59"
    deliver(app)
    assert sent(app, "visit_tomorrow")[0]["status"] == "created"
    app.config["SMS_QUIET_HOURS"] = "off"
    deliver(app)
    assert sent(app, "visit_tomorrow")[0]["status"] == "sent"


def test_the_worker_runs_the_case_reminders(app, case_id):
    today = cases.today()
    set_case(app, case_id, state="public_notice", notice_posted_on=today - timedelta(days=6),
             notice_start=today - timedelta(days=6), notice_end=today)
    db = connect(app.config["DATABASE"])
    worker.run_jobs(db, app.config)
    assert [r["template"] for r in sent(app, "notice_ends")] == ["notice_ends"]


def test_every_case_reminder_is_a_rule_of_the_job():
    names = {rule.__name__ for rule in reminders.RULES}
    assert {"notice_starts", "notice_ends", "visit_tomorrow", "report_changes", "review_due",
            "phase_out_ending"} <= names
