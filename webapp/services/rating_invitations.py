"""好差评 (国办发〔2019〕51号): once a step of a case finishes a service for the applicant (a
decision, a first aid payment, a correction received; webapp/domain/ratings.py decides which),
an invitation to rate it exists: shown on the resident's page of the submission and sent by SMS
after the step's own message. Called by services.cases.act_in, inside the step's transaction."""

from __future__ import annotations

from sqlite_utils import Database

from webapp.domain import ratings as rules
from webapp.sms import outbox
from webapp.store import cases as case_store
from webapp.store import ratings as store
from webapp.store import submissions as submission_store
from webapp.store.cases import Case


def offer(db: Database, before: Case, action: str, *, at: str, signature: str,
          service: str) -> int | None:
    """Invite the applicant to rate the step just taken from `before`, if it finished a service;
    the new invitation's id, or None. Called after the step's event is added."""
    kind = rules.service_of(before.machine, before.state, action)
    if kind is None:
        return None
    row = submission_store.reference_and_phone(db, before.submission_id)
    phone = row["phone"] or ""
    invitation_id = store.add_invitation(db, {
        "case_id": before.id, "submission_id": before.submission_id,
        "event_id": case_store.last_event_id(db, before.id), "kind": kind, "action": action,
        "phone": phone, "village_code": before.village_code,
        "township_code": before.township_code, "county_code": before.county_code,
        "created_at": at})
    if invitation_id is not None and phone:
        # A reminder: not sent to a phone that opted out (退订); the web page still asks.
        outbox.enqueue(db, phone, "rating_invite",
                       {"reference": row["reference"], "service": service}, signature=signature,
                       submission_id=before.submission_id, kind="reminder",
                       idempotency_key=f"rating_invite:{invitation_id}")
    return invitation_id
