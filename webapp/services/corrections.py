"""Corrections (补正): the township asks the applicant to correct named steps of a submitted
form; the applicant edits a working copy of just those steps, signs the commitment again, and
resubmits. Requests and resubmissions are kept for good (migrations/0010_corrections.py); a
resubmission keeps every changed answer, old and new, and the answers as they were."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain import corrections as rules
from webapp.flows import get_flow
from webapp.services import cases, letters, regions
from webapp.services.submissions import SUBMITTED, Draft
from webapp.store.engine import immediate
from webapp.web.i18n import _

ASKING_STATE = "correction_requested"
# Where each form keeps the village its case belongs to.
VILLAGE_OF = {"application": ("residence", "village"), "self_declaration": ("declarant", "village")}


class NotOpen(Exception):
    """No correction is awaited for this submission (never asked, or already resubmitted)."""


class OtherTownship(machine.IllegalTransition):
    """The corrected address lies in another township: that office must take the case."""


@dataclass(frozen=True)
class Correction:
    """One request to correct: the steps named, the explanation, who asked and when."""

    id: int
    case_id: int
    submission_id: int
    event_id: int
    form: str
    steps: tuple[str, ...]
    explanation: str
    requested_by: str
    requested_at: str
    reference: str | None = None

    @property
    def editable(self) -> frozenset[str]:
        return rules.editable_steps(self.steps, step_ids(self.form))

    @property
    def titles(self) -> list[str]:
        return titles(self.form, self.steps)

    @property
    def items(self) -> str:
        return rules.items_text(self.titles)


@dataclass
class CorrectionDraft(Draft):
    """A submitted form's answers as the applicant corrects them, with the request."""

    correction: Correction | None = field(default=None)


def step_ids(form: str) -> tuple[str, ...]:
    return tuple(step.id for step in get_flow(form).steps)


def titles(form: str, steps: Iterable[str]) -> list[str]:
    flow = get_flow(form)
    return [step.title for step in flow.steps if step.id in set(steps)]


def step_choices(form: str) -> list[tuple[str, str]]:
    """(id, title) of each step of a form, for the reviewer to tick."""
    return [(step.id, step.title) for step in get_flow(form).steps]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _form_of(db: Database, submission_id: int) -> str:
    return db.execute("SELECT form FROM submissions WHERE id = ?", [submission_id]).fetchone()[0]


def request(db: Database, case_id: int, chosen: Iterable[str], explanation: str, *, role: str,
            actor: str, signature: str, service: str) -> cases.Case:
    """Ask for a correction of the named steps, in one transaction with the case's step and the
    SMS; NoStepsNamed or IllegalTransition saying why not."""
    explanation = explanation.strip()[:rules.EXPLANATION_LIMIT]
    with immediate(db):
        case = cases.get(db, case_id)
        if case is None:
            raise LookupError(case_id)
        form = _form_of(db, case.submission_id)
        steps = rules.named_steps(chosen, step_ids(form))
        updated = cases.act_in(db, case_id, "request_correction", role=role, actor=actor,
                               reason=explanation, signature=signature, service=service,
                               items=rules.items_text(titles(form, steps)))
        request_id = db["correction_requests"].insert({
            "case_id": case_id, "submission_id": case.submission_id,
            "event_id": _last_event(db, case_id), "steps": json.dumps(steps),
            "explanation": explanation, "requested_by": actor, "requested_at": _now()}).last_pk
        answers = db.execute("SELECT answers FROM submissions WHERE id = ?",
                             [case.submission_id]).fetchone()[0]
        db["correction_answers"].insert({"request_id": request_id, "answers": answers,
                                         "updated_at": _now()})
    return updated


def _last_event(db: Database, case_id: int) -> int:
    return db.execute("SELECT MAX(id) FROM case_events WHERE case_id = ?", [case_id]).fetchone()[0]


def _correction(row) -> Correction:
    return Correction(row["id"], row["case_id"], row["submission_id"], row["event_id"],
                      row["form"], tuple(json.loads(row["steps"])), row["explanation"],
                      row["requested_by"], row["requested_at"], row["reference"])


_OPEN = """
SELECT q.*, s.form, s.reference FROM correction_requests q
JOIN cases c ON c.id = q.case_id AND c.state = 'correction_requested'
JOIN submissions s ON s.id = q.submission_id
WHERE q.id = (SELECT MAX(id) FROM correction_requests WHERE submission_id = q.submission_id)
  AND NOT EXISTS (SELECT 1 FROM correction_resubmissions r WHERE r.request_id = q.id)
"""


def open_for(db: Database, submission_id: int) -> Correction | None:
    """The correction awaited for a submission, if any."""
    rows = list(db.query(_OPEN + " AND q.submission_id = ?", [submission_id]))
    return _correction(rows[0]) if rows else None


def open_for_resident(db: Database, resident_id: int) -> dict[int, Correction]:
    """The corrections awaited from a resident, by submission id."""
    rows = db.query(_OPEN + " AND s.resident_id = ?", [resident_id])
    return {row["submission_id"]: _correction(row) for row in rows}


def correcting(db: Database, draft: Draft) -> CorrectionDraft | None:
    """The submission as its applicant is correcting it, or None if no correction is awaited."""
    if draft.status != SUBMITTED:
        return None
    found = open_for(db, draft.id)
    if found is None:
        return None
    working = db.execute("SELECT answers FROM correction_answers WHERE request_id = ?",
                         [found.id]).fetchone()
    data = {**asdict(draft), "answers": json.loads(working[0])}
    return CorrectionDraft(**data, correction=found)


def save(db: Database, draft: CorrectionDraft) -> None:
    """Keep what the applicant has corrected so far (the submission itself changes only when
    they resubmit)."""
    with db.atomic():
        db.execute("UPDATE correction_answers SET answers = ?, updated_at = ? WHERE request_id = ?",
                   [json.dumps(draft.answers, ensure_ascii=False), _now(), draft.correction.id])


class AlreadyResubmitted(Exception):
    """The correction was resubmitted already (a double tap, or a retry)."""


def resubmit(db: Database, draft: CorrectionDraft, signed: Sequence[tuple[letters.RenderedLetter, str]],
             changes: Sequence[rules.Change], *, signer_name: str, client: dict, signature: str,
             service: str) -> cases.Case:
    """Put the corrected answers on the submission, keep the letters as signed again and the
    changes old -> new, and take the case back to accepted (deadline unchanged), with the SMS:
    all or nothing."""
    correction = draft.correction
    actor = f"resident:{draft.resident_id}"
    with immediate(db):
        if db.execute("SELECT 1 FROM correction_resubmissions WHERE request_id = ?",
                      [correction.id]).fetchone():
            raise AlreadyResubmitted(correction.id)
        case = cases.get(db, correction.case_id)
        if case is None or case.state != ASKING_STATE:
            raise NotOpen(correction.id)
        _move_village(db, case, draft)
        before = db.execute("SELECT answers FROM submissions WHERE id = ?", [draft.id]).fetchone()[0]
        after = json.dumps(draft.answers, ensure_ascii=False)
        db.execute("UPDATE submissions SET answers = ?, updated_at = ? WHERE id = ? AND status = ?",
                   [after, _now(), draft.id, SUBMITTED])
        signature_ids = [
            letters.record(db, draft.id, letter, signer_name=signer_name, signer_role="applicant",
                           method="signed_in_phone", decision=decision, client=client)
            for letter, decision in signed]
        updated = cases.act_in(db, case.id, "resubmit", role=machine.APPLICANT, actor=actor,
                               signature=signature, service=service)
        db["correction_resubmissions"].insert({
            "request_id": correction.id, "case_id": case.id, "submission_id": draft.id,
            "event_id": _last_event(db, case.id), "resubmitted_by": actor,
            "resubmitted_at": _now(), "answers_before": before, "answers_after": after,
            "changes": json.dumps([asdict(c) for c in changes], ensure_ascii=False),
            "signature_ids": json.dumps(signature_ids)})
    return updated


def _move_village(db: Database, case: cases.Case, draft: Draft) -> None:
    """A corrected village in the same township moves the case there; another township's
    office would have to take the case over, so that is refused here."""
    section, key = VILLAGE_OF[draft.form]
    village = (draft.answers.get(section) or {}).get(key)
    if not village or village == case.village_code:
        return
    found = regions.get(db, village)
    if found is None or found.parent_code != case.township_code:
        raise OtherTownship(_("住址改到了别的乡镇（街道），不能在这里补正。请联系原来受理的乡镇工作人员。"))
    db.execute("UPDATE cases SET village_code = ? WHERE id = ?", [village, case.id])


def for_case(db: Database, case_id: int) -> dict[int, dict]:
    """What each correction event of a case names, by event id: the steps and explanation of a
    request, the changes (old -> new) of a resubmission."""
    notes: dict[int, dict] = {}
    for row in db.query("SELECT q.*, s.form FROM correction_requests q JOIN submissions s "
                        "ON s.id = q.submission_id WHERE q.case_id = ?", [case_id]):
        notes[row["event_id"]] = {"steps": titles(row["form"], json.loads(row["steps"]))}
    for row in db.query("SELECT event_id, changes FROM correction_resubmissions WHERE case_id = ?",
                        [case_id]):
        notes[row["event_id"]] = {"changes": [rules.Change(**c) for c in json.loads(row["changes"])]}
    return notes
