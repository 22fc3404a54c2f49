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
from webapp.services import cases, letters, persons, regions
from webapp.services.submissions import SUBMITTED, Draft
from webapp.store import cases as case_store
from webapp.store import submissions as store
from webapp.store.engine import immediate
from webapp.web.i18n import _

# The group of the state a case waits in while its applicant corrects.
ASKING = machine.Group.WAITING_FOR_APPLICANT
# The one state of that group (only applications are corrected), for the assistant's page
# (webapp/services/assistant_page.py) until it filters by the group.
(ASKING_STATE,) = machine.APPLICATION.group(ASKING)
# Where each form keeps the village its case belongs to.


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


def request(db: Database, case_id: int, chosen: Iterable[str], explanation: str, *, role: str,
            actor: str, signature: str, service: str) -> cases.Case:
    """Ask for a correction of the named steps, in one transaction with the case's step and the
    SMS; NoStepsNamed or IllegalTransition saying why not."""
    explanation = explanation.strip()[:rules.EXPLANATION_LIMIT]
    with immediate(db):
        case = cases.get(db, case_id)
        if case is None:
            raise LookupError(case_id)
        submitted = store.submission(db, case.submission_id)
        form = submitted["form"]
        steps = rules.named_steps(chosen, step_ids(form))
        updated = cases.act_in(db, case_id, "request_correction", role=role, actor=actor,
                               reason=explanation, signature=signature, service=service,
                               items=rules.items_text(titles(form, steps)))
        store.insert_correction_request(db, {
            "case_id": case_id, "submission_id": case.submission_id,
            "event_id": case_store.last_event_id(db, case_id), "steps": json.dumps(steps),
            "explanation": explanation, "requested_by": actor, "requested_at": _now()},
            submitted["answers"], _now())
    return updated


def _correction(row) -> Correction:
    return Correction(row["id"], row["case_id"], row["submission_id"], row["event_id"],
                      row["form"], tuple(json.loads(row["steps"])), row["explanation"],
                      row["requested_by"], row["requested_at"], row["reference"])


def open_for(db: Database, submission_id: int) -> Correction | None:
    """The correction awaited for a submission, if any."""
    row = store.open_correction(db, submission_id)
    return _correction(row) if row else None


def open_for_resident(db: Database, resident_id: int) -> dict[int, Correction]:
    """The corrections awaited from a resident, by submission id."""
    rows = store.open_corrections_of_resident(db, resident_id)
    return {row["submission_id"]: _correction(row) for row in rows}


def correcting(db: Database, draft: Draft) -> CorrectionDraft | None:
    """The submission as its applicant is correcting it, or None if no correction is awaited."""
    if draft.status != SUBMITTED:
        return None
    found = open_for(db, draft.id)
    if found is None:
        return None
    working = store.correction_answers(db, found.id)
    data = {**asdict(draft), "answers": json.loads(working)}
    return CorrectionDraft(**data, correction=found)


def save(db: Database, draft: CorrectionDraft) -> None:
    """Keep what the applicant has corrected so far (the submission itself changes only when
    they resubmit)."""
    with db.atomic():
        store.save_correction_answers(db, draft.correction.id,
                                      json.dumps(draft.answers, ensure_ascii=False), _now())


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
        if store.resubmitted(db, correction.id):
            raise AlreadyResubmitted(correction.id)
        case = cases.get(db, correction.case_id)
        if case is None or not machine.is_in(ASKING, case.machine, case.state):
            raise NotOpen(correction.id)
        _move_village(db, case, draft)
        before = store.submission(db, draft.id)["answers"]
        # A corrected name or ID number is held to the same binding (persons.PersonRefused).
        persons.check_and_bind(db, draft, json.loads(before))
        after = json.dumps(draft.answers, ensure_ascii=False)
        store.replace_answers(db, draft.id, after, _now())
        _copy_applicant(db, case.id, draft.form, json.loads(before), draft.answers)
        signature_ids = [
            letters.record(db, draft.id, letter, signer_name=signer_name, signer_role="applicant",
                           method="signed_in_phone", decision=decision, client=client)
            for letter, decision in signed]
        updated = cases.act_in(db, case.id, "resubmit", role=machine.APPLICANT, actor=actor,
                               signature=signature, service=service)
        store.insert_resubmission(db, {
            "request_id": correction.id, "case_id": case.id, "submission_id": draft.id,
            "event_id": case_store.last_event_id(db, case.id), "resubmitted_by": actor,
            "resubmitted_at": _now(), "answers_before": before, "answers_after": after,
            "changes": json.dumps([asdict(c) for c in changes], ensure_ascii=False),
            "signature_ids": json.dumps(signature_ids)})
    return updated


def _move_village(db: Database, case: cases.Case, draft: Draft) -> None:
    """A corrected village in the same township moves the case there; another township's
    office would have to take the case over, so that is refused here."""
    village = (draft.answers.get(get_flow(draft.form).village_step) or {}).get("village")
    if not village or village == case.village_code:
        return
    found = regions.get(db, village)
    if found is None or found.parent_code != case.township_code:
        raise OtherTownship(_("住址改到了别的乡镇（街道），不能在这里补正。请联系原来受理的乡镇工作人员。"))
    case_store.move_to_village(db, case.id, village)


def _copy_applicant(db: Database, case_id: int, form: str, before: dict, after: dict) -> None:
    """The case's copies of the applicant's name and ID number (what staff lists and search
    read) follow a correction of them."""
    person = get_flow(form).person_step
    old, new = (before.get(person) or {}), (after.get(person) or {})
    if (old.get("name"), old.get("id_number")) != (new.get("name"), new.get("id_number")):
        case_store.copy_applicant(db, case_id, new.get("name"), new.get("id_number"))


def for_case(db: Database, case_id: int) -> dict[int, dict]:
    """What each correction event of a case names, by event id: the steps and explanation of a
    request, the changes (old -> new) of a resubmission."""
    notes: dict[int, dict] = {}
    for row in store.correction_requests_of_case(db, case_id):
        notes[row["event_id"]] = {"steps": titles(row["form"], json.loads(row["steps"]))}
    for row in store.resubmissions_of_case(db, case_id):
        notes[row["event_id"]] = {"changes": [rules.Change(**c) for c in json.loads(row["changes"])]}
    return notes
