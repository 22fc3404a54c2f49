"""The resident's view of their cases: the timeline of one case (every event, one indexed
query), a light summary per item of the status page (the state, the newest steps and what comes
next), and the 查询 SMS reply. The words are webapp/domain/timeline.py's; this reads the case,
its events, its township and who filled the form."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from webapp.domain import timeline as words
from webapp.domain.case_machine import Group, is_in
from webapp.domain.money import format_yuan
from webapp.services import on_behalf, regions
from webapp.services.cases import BEIJING, calendar, month_day, today
from webapp.services.submissions import FORM_NAMES, STATUS_LABELS, Draft
from webapp.sms import templates
from webapp.store import cases as store
from webapp.store import submissions as submission_store
from webapp.store.cases import Case
from webapp.store.submissions import DRAFT

STATUS_PAGE_SIZE = 10  # items a status page lists; a resident has a handful
NEWEST_STEPS = 3  # steps of each item the status page shows (its page shows them all)
# The 查询 reply for each fact it adds to the state (domain.timeline.reply_date).
REPLIES = {words.VISIT: "status_visit", words.NOTICE_END: "status_notice",
           words.PHASE_OUT_END: "status_phase_out", words.DEADLINE: "status_deadline",
           words.AMOUNT: "status_amount"}
CORRECTION_REPLY = "status_correction"


@dataclass(frozen=True)
class View:
    """A case as its resident sees it."""

    case: Case
    state: str  # the state's label
    entries: list[words.Entry]
    next: words.NextStep
    township: str  # the township office's name, "" if unknown
    assistant: str  # the village assistant who filled the form, "" if the resident did
    earlier: int = 0  # entries before those shown (the status page shows the newest steps)


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


def facts_of(case: Case) -> words.Facts:
    """What the domain needs of the case row."""
    return words.Facts(
        machine=case.machine, state=case.state, opened_on=date.fromisoformat(case.opened_on[:10]),
        due_on=_day(case.due_on), visit_on=_day(case.visit_on), notice_start=_day(case.notice_start),
        notice_end=_day(case.notice_end), category=case.category,
        monthly_amount_fen=case.monthly_amount_fen, review_due_on=_day(case.review_due_on),
        phase_out_until=_day(case.phase_out_until), aid_amount_fen=case.aid_amount_fen,
        aid_paid_fen=case.aid_paid_fen or 0)


def event_of(row: dict) -> words.Event:
    """An events row, on the Beijing day it was taken."""
    moment = datetime.fromisoformat(row["at"]).astimezone(BEIJING)
    detail = json.loads(row["detail"] or "{}")
    return words.Event(row["action"], moment.date(), row["reason"] or "",
                       detail if isinstance(detail, dict) else {})


def _township(db: Database, case: Case) -> str:
    region = regions.get(db, case.township_code) if case.township_code else None
    return region.name if region else ""


def _view(db: Database, case: Case, rows: list[dict], assistant: str, earlier: int = 0) -> View:
    facts = facts_of(case)
    entries = words.entries(facts, [event_of(r) for r in rows], from_start=not earlier)
    return View(case, case.state_label, entries, words.next_step(facts, today(), calendar(db)),
                _township(db, case), assistant, earlier + 1 if earlier else 0)  # + received


def for_submission(db: Database, draft: Draft) -> View | None:
    """The whole timeline of a submission's case (one indexed query for its events), None
    before the case opens."""
    case = store.by_submission(db, draft.id)
    if case is None:
        return None
    assistant = (on_behalf.assistant_names(db, {draft.filled_by}).get(draft.filled_by, "")
                 if draft.filled_by else "")
    return _view(db, case, store.events(db, case.id), assistant)


@dataclass(frozen=True)
class StatusPage:
    """One page of the resident's items, with a summary of each one's case."""

    items: list[Draft]
    views: dict[int, View]  # submission id -> its case's summary
    number: int
    has_next: bool


def status_page(db: Database, resident_id: int, page: int = 1) -> StatusPage:
    """A page of the resident's drafts and submissions, each submission with its case's state,
    newest steps and next step: one query for the page, one for its cases, one for their
    newest events."""
    number = max(page, 1)
    rows = submission_store.page_of_resident(db, resident_id, (number - 1) * STATUS_PAGE_SIZE,
                                             STATUS_PAGE_SIZE + 1)
    items = [Draft.from_row(r) for r in rows[:STATUS_PAGE_SIZE]]
    found = store.of_submissions(db, [i.id for i in items if i.status != DRAFT])
    events: dict[int, list[dict]] = {}
    for row in store.latest_events(db, [c.id for c in found.values()], NEWEST_STEPS):
        events.setdefault(row["case_id"], []).append(row)
    helpers = on_behalf.assistant_names(db, {i.filled_by for i in items if i.filled_by})
    views = {}
    for item in items:
        case = found.get(item.id)
        if case is not None:
            shown = events.get(case.id, [])
            earlier = shown[0]["total"] - len(shown) if shown else 0
            views[item.id] = _view(db, case, shown, helpers.get(item.filled_by or 0, ""), earlier)
    return StatusPage(items, views, number, len(rows) > STATUS_PAGE_SIZE)


# --- the 查询 reply

def _reply_fields(case: Case, kind: str, day: date | None, service: str) -> dict:
    if kind == words.AMOUNT:
        return {"amount": format_yuan(case.monthly_amount_fen or 0)}
    if kind == CORRECTION_REPLY:
        return {"service": service}
    return {"date": month_day(day.isoformat(), today()) if day else ""}


def status_reply(db: Database, draft: Draft, service: str, signature: str) -> tuple[str, dict]:
    """The 查询 reply for the sender's latest item: (template, fields). It names the case's state
    and, where one fits in one SMS part, the next date (visit, notice end, deadline) or the
    monthly amount; the form's status before a case opens."""
    fields = {"form_name": FORM_NAMES[draft.form], "reference": draft.reference or "—"}
    case = store.by_submission(db, draft.id) if draft.status != DRAFT else None
    if case is None:
        return "status_reply", {**fields, "state": STATUS_LABELS[draft.status]}
    fields["state"] = case.state_label
    if is_in(Group.WAITING_FOR_APPLICANT, case.machine, case.state):
        kind, day = CORRECTION_REPLY, None
    else:
        kind, day = words.reply_date(facts_of(case))
    template = REPLIES.get(kind, CORRECTION_REPLY if kind == CORRECTION_REPLY else "")
    if template:
        fuller = {**fields, **_reply_fields(case, kind, day, service)}
        if templates.segments(templates.render(template, fuller, signature)) == 1:
            return template, fuller
    return "status_reply", fields
