"""好差评 (国办发〔2019〕51号: each finished service rated by its user; bad ratings followed up,
put right and answered; the results open to view): the resident's rating, on the web or by SMS
reply, recorded once per invitation; the follow-up a bad rating opens for the case's township,
due in the county's number of working days; the township's answer, sent to the resident; and
the county's view per township."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain import ratings as rules
from webapp.services import audit, cases, regions
from webapp.services.queues import Page
from webapp.sms import outbox
from webapp.store import ratings as store
from webapp.store.engine import immediate
from webapp.web.i18n import _

PAGE_SIZE = 20
SHOWN_PER_SUBMISSION = 10  # invitations on a resident's page of one submission, newest first


class NotFound(LookupError):
    """No such invitation or follow-up here (another resident's, another region's)."""


class AlreadyAnswered(Exception):
    """The follow-up has its answer already."""


@dataclass(frozen=True)
class Invitation:
    """A finished service the applicant is asked to rate, with its rating and follow-up."""

    id: int
    case_id: int
    submission_id: int
    reference: str
    kind: str
    label: str
    phone: str
    offered_at: str
    level: int | None
    comment: str
    due_on: str | None
    answer: str | None
    answered_at: str | None

    @property
    def rated(self) -> bool:
        return self.level is not None

    @property
    def level_label(self) -> str:
        return rules.LEVELS.get(self.level or 0, "")


@dataclass(frozen=True)
class Rated:
    """What recording a rating did: `recorded` False when the service was rated already."""

    recorded: bool
    invitation: Invitation
    due_on: date | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _label(row) -> str:
    """What the service was, as the resident reads it: 审核确认, 先行救助, 补正后重新提交…"""
    step = next((t for t in machine.MACHINES[row["machine"]].transitions
                 if t.action == row["action"]), None)
    return step.label if step else rules.SERVICE_LABELS[row["kind"]]


def _invitation(row) -> Invitation:
    return Invitation(row["id"], row["case_id"], row["submission_id"], row["reference"],
                      row["kind"], _label(row), row["phone"], row["created_at"], row["level"],
                      row["comment"] or "", row["due_on"], row["answer"], row["answered_at"])


def for_submission(db: Database, submission_id: int) -> list[Invitation]:
    """The services of a submission to rate or rated, newest first (the resident's page)."""
    return [_invitation(r) for r in store.of_submission(db, submission_id, SHOWN_PER_SUBMISSION)]


def invitation_of(db: Database, invitation_id: int, submission_id: int) -> Invitation:
    """The invitation, if it belongs to this submission; NotFound otherwise."""
    row = store.invitation(db, invitation_id) if 0 < invitation_id < 2**63 else None
    if row is None or row["submission_id"] != submission_id:
        raise NotFound(invitation_id)
    return _invitation(row)


def latest_for_phone(db: Database, phone: str) -> Invitation | None:
    """The phone's newest invitation: what a digit replied by SMS rates (a reply names no
    service, so only the newest is taken; older ones are rated on the web)."""
    row = store.latest_for_phone(db, phone)
    return _invitation(row) if row else None


def rate(db: Database, invitation_id: int, level: int, comment: str, *, channel: str, actor: str,
         followup_days: int) -> Rated:
    """Record a rating in its own transaction (see rate_in)."""
    with immediate(db):
        return rate_in(db, invitation_id, level, comment, channel=channel, actor=actor,
                       followup_days=followup_days)


def rate_in(db: Database, invitation_id: int, level: int, comment: str, *, channel: str,
            actor: str, followup_days: int) -> Rated:
    """Record the rating of an invitation inside the caller's transaction, once: a second
    rating of the same service (another reply, the web after the SMS) records nothing. A bad
    rating opens a follow-up for the case's township, due `followup_days` working days on."""
    row = store.invitation(db, invitation_id)
    if row is None:
        raise NotFound(invitation_id)
    if level not in rules.LEVELS:
        raise rules.InvalidLevel(str(level))
    rating_id = store.add_rating(db, {
        "invitation_id": invitation_id, "level": level,
        "comment": comment.strip()[:rules.COMMENT_LIMIT], "channel": channel,
        "township_code": row["township_code"], "county_code": row["county_code"],
        "rated_by": actor, "rated_at": _now()})
    if rating_id is None:
        return Rated(False, _invitation(row))
    audit.record(db, actor, "rated_service", f"case:{row['case_id']}", level=level,
                 channel=channel, invitation=invitation_id)
    due = None
    if rules.is_low(level):
        today = cases.today()
        deadline = cases.calendar(db).add_working_days(today, followup_days)
        due = deadline.due
        store.add_followup(db, {
            "rating_id": rating_id, "case_id": row["case_id"], "township_code": row["township_code"],
            "county_code": row["county_code"], "opened_on": today.isoformat(),
            "due_on": due.isoformat(), "due_fallback": int(deadline.fallback_used)})
    return Rated(True, _invitation(store.invitation(db, invitation_id)), due)


@dataclass(frozen=True)
class FollowUp:
    """A bad rating the township must answer."""

    id: int
    case_id: int
    reference: str
    village: str
    level: int
    level_label: str
    comment: str
    rated_at: str
    due_on: str
    overdue: bool
    answer: str | None


def _followup(db: Database, row, today: date) -> FollowUp:
    return FollowUp(row["id"], row["case_id"], row["reference"],
                    regions.full_name(db, row["village_code"]) if row["village_code"] else "",
                    row["level"], rules.LEVELS[row["level"]], row["comment"], row["rated_at"],
                    row["due_on"], row["answered_at"] is None and row["due_on"] < today.isoformat(),
                    row["answer"])


def open_followups(db: Database, township_code: str, number: int) -> Page:
    """One page of the township's unanswered follow-ups, the earliest due first."""
    number = max(number, 1)
    rows = store.open_followups(db, township_code, PAGE_SIZE + 1, (number - 1) * PAGE_SIZE)
    today = cases.today()
    items = [_followup(db, r, today) for r in rows[:PAGE_SIZE]]
    return Page(items, number, PAGE_SIZE, store.count_open(db, township_code),
                len(rows) > PAGE_SIZE)


def followup_in(db: Database, followup_id: int, township_code: str) -> FollowUp:
    """The follow-up, if it belongs to this township; NotFound otherwise."""
    row = store.followup(db, followup_id) if 0 < followup_id < 2**63 else None
    if row is None or row["township_code"] != township_code:
        raise NotFound(followup_id)
    return _followup(db, row, cases.today())


def answer(db: Database, followup_id: int, township_code: str, text: str, *, actor: str,
           signature: str) -> FollowUp:
    """The township's answer to a bad rating, sent to the resident by SMS and shown on their
    page of the submission, in one transaction; AlreadyAnswered for a second one."""
    text = text.strip()[:rules.ANSWER_LIMIT]
    with immediate(db):
        found = followup_in(db, followup_id, township_code)
        row = store.followup(db, followup_id)
        if not store.answer(db, followup_id, text, actor, _now()):
            raise AlreadyAnswered(followup_id)
        audit.record(db, actor, "answered_rating", f"case:{found.case_id}", followup=followup_id)
        outbox.enqueue(db, row["phone"], "rating_answer",
                       {"reference": found.reference, "reason": text}, signature=signature,
                       submission_id=row["submission_id"])
    return found


@dataclass(frozen=True)
class TownshipRatings:
    """One township's line on the county's page."""

    township_code: str
    township: str
    ratings: int
    per_level: dict[int, int]
    average: float
    followups: int
    open: int
    overdue: int
    answered: int


def _township_name(db: Database, code: str) -> str:
    region = regions.get(db, code) if code else None
    return region.name if region else _("（未知乡镇）")


def county_summary(db: Database, county_code: str) -> list[TownshipRatings]:
    """The ratings and follow-ups of each township of the county (one grouped query)."""
    found = []
    for row in store.county_summary(db, county_code, cases.today().isoformat()):
        code = row["township_code"] or ""
        found.append(TownshipRatings(
            code, _township_name(db, code), row["ratings"],
            {level: row[f"level_{level}"] for level in rules.LEVELS}, round(row["average"], 2),
            row["followups"], row["open"] or 0, row["overdue"] or 0, row["answered"] or 0))
    return found
