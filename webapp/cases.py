"""Cases: a submitted form taken through its procedure by staff. Each step goes through the
state machine (webapp/domain/case_machine.py), is kept as an append-only event, and reaches the
applicant by SMS through the outbox, in the same transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from sqlite_utils import Database

from webapp import audit, regions
from webapp.db import immediate
from webapp.domain import case_machine as machine
from webapp.domain.working_days import WorkingCalendar
from webapp.sms import outbox

BEIJING = timezone(timedelta(hours=8))
INITIAL = {"application": "submitted", "self_declaration": "declared"}
MACHINE_OF = {"application": "application", "self_declaration": "relapse_monitoring"}
# The SMS each step sends to the applicant (templates in texts/sms.toml).
STEP_MESSAGES = {"accept": "accepted", "request_correction": "needs_correction",
                 "start_public_notice": "notice_posted", "refuse_acceptance": "refused",
                 "refuse": "refused", "confirm": "confirmed"}


@dataclass(frozen=True)
class Case:
    id: int
    submission_id: int
    machine: str
    state: str
    village_code: str
    township_code: str
    county_code: str
    opened_on: str
    accepted_on: str | None
    due_on: str | None
    due_fallback: int | None
    notice_start: str | None
    notice_end: str | None
    updated_at: str
    category: str | None = None
    monthly_amount_fen: int | None = None
    household_size: int | None = None
    assessment: str | None = None

    @property
    def state_label(self) -> str:
        return machine.MACHINES[self.machine].states[self.state]


def today() -> date:
    return datetime.now(BEIJING).date()


def calendar(db: Database) -> WorkingCalendar:
    """The official calendar, with the years a county administrator loaded."""
    extra = {date.fromisoformat(r["day"]): bool(r["working"])
             for r in db.query("SELECT day, working FROM calendar_days")}
    return WorkingCalendar(extra)


def open_case(db: Database, submission_id: int, form: str, village_code: str) -> int:
    """Open the case of a submission; call inside the submission's transaction."""
    village = regions.get(db, village_code)
    township = regions.get(db, village.parent_code) if village else None
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return db["cases"].insert({
        "submission_id": submission_id, "machine": MACHINE_OF[form], "state": INITIAL[form],
        "village_code": village_code, "township_code": township.code if township else None,
        "county_code": township.parent_code if township else None,
        "opened_on": today().isoformat(), "updated_at": now,
    }).last_pk


def get(db: Database, case_id: int) -> Case | None:
    rows = list(db.query("SELECT * FROM cases WHERE id = ?", [case_id]))
    return Case(**rows[0]) if rows else None


def township_confirms(db: Database, county_code: str | None) -> bool:
    row = db.execute("SELECT township_confirms FROM county_settings WHERE county_code = ?",
                     [county_code]).fetchone()
    return bool(row and row[0])


def events(db: Database, case_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM case_events WHERE case_id = ? ORDER BY id", [case_id]))


def act(db: Database, case_id: int, action: str, **kwargs) -> Case:
    """Take one step of the procedure in its own transaction (see act_in)."""
    with immediate(db):
        return act_in(db, case_id, action, **kwargs)


def act_in(db: Database, case_id: int, action: str, *, role: str, actor: str, reason: str = "",
           signature: str, service: str, findings: dict | None = None) -> Case:
    """Take one step of the procedure inside the caller's transaction, or raise
    IllegalTransition saying why not."""
    case = get(db, case_id)
    if case is None:
        raise LookupError(case_id)
    notice = None
    if case.notice_start:
        notice = machine.notice_period(date.fromisoformat(case.notice_start))
    confirms = township_confirms(db, case.county_code)
    new_state = machine.next_state(case.machine, case.state, action, role=role, reason=reason,
                                   township_confirms=confirms, notice=notice, today=today())
    changes = _changes(db, case, action, confirms, findings or {})
    db.execute(
        "UPDATE cases SET state = ?, updated_at = ?" + "".join(f", {k} = ?" for k in changes)
        + " WHERE id = ? AND state = ?",
        [new_state, datetime.now(UTC).isoformat(timespec="seconds"), *changes.values(),
         case_id, case.state])
    db["case_events"].insert({
        "case_id": case_id, "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "actor": actor, "action": action, "from_state": case.state, "to_state": new_state,
        "reason": reason or None, "detail": json.dumps(changes, ensure_ascii=False)})
    audit.record(db, actor, f"case_{action}", f"case:{case_id}")
    updated = get(db, case_id)
    _tell_applicant(db, updated, action, reason, signature, service)
    return updated


def extend(db: Database, case_id: int, reason: str, note: str, actor: str) -> Case:
    """Extend an accepted application's deadline to 45 working days, recording why
    (RULES.md "Procedure and deadlines for dibao": only the reasons of 000… 四(一))."""
    reason = machine.ExtensionReason(reason)  # ValueError for any other reason
    with immediate(db):
        case = get(db, case_id)
        if case is None or case.machine != "application" or not case.accepted_on:
            raise machine.IllegalTransition("只有已受理的申请可以延长办理期限")
        deadline = machine.deadline_for(
            calendar(db), date.fromisoformat(case.accepted_on),
            extensions=[machine.Extension(reason, note)])
        db.execute("UPDATE cases SET due_on = ?, due_fallback = ? WHERE id = ?",
                   [deadline.due.isoformat(), int(deadline.fallback_used), case_id])
        db["case_events"].insert({
            "case_id": case_id, "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "actor": actor, "action": "extend", "from_state": case.state, "to_state": case.state,
            "reason": f"{machine.EXTENSION_REASONS[reason]}：{note}" if note
            else machine.EXTENSION_REASONS[reason],
            "detail": json.dumps({"reason": str(reason), "due_on": deadline.due.isoformat()})})
        audit.record(db, actor, "case_extended", f"case:{case_id}", reason=str(reason))
    return get(db, case_id)


def _changes(db: Database, case: Case, action: str, confirms: bool, findings: dict) -> dict:
    if action == "accept" and not case.accepted_on:
        deadline = machine.deadline_for(calendar(db), today(), township_confirms=confirms)
        return {"accepted_on": today().isoformat(), "due_on": deadline.due.isoformat(),
                "due_fallback": int(deadline.fallback_used)}
    if action == "give_preliminary_opinion":
        from webapp import opinion

        answers = json.loads(db.execute("SELECT answers FROM submissions WHERE id = ?",
                                        [case.submission_id]).fetchone()[0])
        result = opinion.assess(db, answers, case.village_code, findings, today())
        return opinion.as_record(result, findings)
    if action == "start_public_notice":
        period = machine.notice_period(today())
        return {"notice_start": period.start.isoformat(), "notice_end": period.end.isoformat()}
    return {}


def _tell_applicant(db: Database, case: Case, action: str, reason: str, signature: str,
                    service: str) -> None:
    template = STEP_MESSAGES.get(action)
    if template is None:
        return
    if template == "confirmed" and not case.monthly_amount_fen:
        template = "confirmed_no_amount"  # near-dibao and others: help, but no monthly payment
    row = db.execute("SELECT s.reference, r.phone FROM submissions s JOIN residents r "
                     "ON r.id = s.resident_id WHERE s.id = ?", [case.submission_id]).fetchone()
    from webapp.domain.assessment import CATEGORIES
    from webapp.domain.money import format_yuan

    first_of_next = (today().replace(day=1) + timedelta(days=32)).replace(day=1)
    params = {"reference": row["reference"], "service": service, "reason": reason,
              "category": CATEGORIES.get(case.category or "", ""),
              "amount": format_yuan(case.monthly_amount_fen or 0),
              "month": f"{first_of_next.year}年{first_of_next.month}月",
              "items": reason, "deadline": _md(case.due_on), "date": _md(today().isoformat()),
              "start": _md(case.notice_start), "end": _md(case.notice_end)}
    from webapp.sms import templates

    needed = {k: params[k] for k in templates.get(template).fields}
    outbox.enqueue(db, row["phone"], template, needed, signature=signature,
                   submission_id=case.submission_id)


def _md(iso: str | None) -> str:
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.month}月{day.day}日"


def queue(db: Database, region_code: str, state: str | None = None) -> list[dict]:
    """Cases in a region (a village, township or county), soonest deadline first."""
    where = "(c.village_code = ? OR c.township_code = ? OR c.county_code = ?)"
    params: list = [region_code] * 3
    if state:
        where += " AND c.state = ?"
        params.append(state)
    rows = list(db.query(
        "SELECT c.*, s.reference, s.form, s.submitted_at FROM cases c "
        "JOIN submissions s ON s.id = c.submission_id WHERE " + where +
        " ORDER BY c.due_on IS NULL, c.due_on, c.id", params))
    cal, now = calendar(db), today()
    for row in rows:
        row["days_left"] = cal.working_days_left(now, date.fromisoformat(row["due_on"])) \
            if row["due_on"] else None
    return rows
