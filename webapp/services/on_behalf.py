"""Forms filled by a village assistant on a resident's behalf (RULES.md "Who helps": 协助申请).

The assistant chooses or registers the resident (a resident may have no phone), in their own
village only, and fills the same pages a resident fills; the draft keeps who fills it
(submissions.filled_by). A resident's own unfinished draft is taken over only with their consent,
a code sent to their phone and typed in by them (webapp/consent_codes.py), kept for good in
assistance_consents. No Flask here: the web layer is webapp/staff/assistant_views.py and the
acting context in webapp/resident/acting.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.domain.id_number import mask_id_number
from webapp.flows import get_flow, regions
from webapp.services import audit, persons
from webapp.services.accounts import Staff
from webapp.services.authz import ROLE_LABELS
from webapp.services.submissions import Draft
from webapp.store import residents
from webapp.store import staff as staff_store
from webapp.store import submissions as store
from webapp.store.engine import immediate
from webapp.web.i18n import _

# What the assistant typed when choosing the resident: the first pages start from it.
PREFILL = "_behalf"


class NotHere(LookupError):
    """No such resident or draft in the assistant's village (or not theirs to fill)."""


class ResidentRefused(ValueError):
    """The resident cannot be registered as typed; `field` is the field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class NeedsConsent(Exception):
    """The resident already has an unfinished draft of this form, filled by themselves or by
    someone else: it is taken over only with their consent."""

    def __init__(self, draft_id: int):
        super().__init__(draft_id)
        self.draft_id = draft_id


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def village_of(draft: Draft) -> str | None:
    """The draft's village: as answered, or the one the resident was registered in."""
    section, key = get_flow(draft.form).village_step, "village"
    return (draft.answers.get(section) or {}).get(key) or draft.resident_village


# --- choosing or registering the resident ---------------------------------------------------

def register_resident(db: Database, staff: Staff, name: str, id_number: str,
                      phone: str | None) -> int:
    """The resident with this phone (who may have signed in themselves), or the one registered
    in this village with this ID number, or a new one registered by this assistant."""
    with immediate(db):
        if phone:
            row = residents.registered_by_phone(db, phone)
            if row is not None:
                if row["id_number"] and row["id_number"] != id_number:
                    raise ResidentRefused("phone", _("这个手机号已经登记给另一位村民了，请核对手机号"))
                return row["id"]
        row = residents.registered_in_village(db, staff.region_code, id_number)
        if row is not None:
            if phone and not row["phone"]:
                residents.give_phone(db, row["id"], phone)
            elif phone and row["phone"] != phone:
                raise ResidentRefused("phone", _("这位村民登记的是另一个手机号，请核对"))
            return row["id"]
        resident_id = residents.register(db, {
            "phone": phone or None, "name": name, "id_number": id_number,
            "village_code": staff.region_code, "created_by": staff.id, "created_at": _now()})
        audit.record(db, staff.actor, "resident_registered", f"resident:{resident_id}",
                     has_phone=bool(phone))
    return resident_id


def start_for(db: Database, staff: Staff, resident_id: int, form: str, first_step: str,
              prefill: dict) -> tuple[int, bool]:
    """This assistant's unfinished draft of the form for the resident, or a new one.
    (id, resumed?). NeedsConsent when the resident has one that someone else fills."""
    with immediate(db):
        row = store.newest_draft(db, resident_id, form)
        if row is not None and row["filled_by"] == staff.id:
            return row["id"], True
        if row is not None:
            raise NeedsConsent(row["id"])
        now = _now()
        answers = {PREFILL: {**prefill, "village": staff.region_code}}
        draft_id = store.insert_draft(db, {
            "resident_id": resident_id, "form": form, "current_step": first_step,
            "answers": json.dumps(answers, ensure_ascii=False), "created_at": now,
            "updated_at": now, "filled_by": staff.id})
        audit.record(db, staff.actor, "draft_started_on_behalf", f"submission:{draft_id}",
                     form=form, resident=resident_id)
    return draft_id, False


def prefill_for(db: Database, draft: Draft, step_id: str) -> dict:
    """First values for a page the assistant has not saved yet: the resident's name, ID number
    and phone as typed when choosing them, and the assistant's own village."""
    typed = draft.answers.get(PREFILL) or {}
    values: dict = {}
    if step_id == get_flow(draft.form).person_step:
        values = {k: typed[k] for k in ("name", "id_number", "phone") if typed.get(k)}
    section = get_flow(draft.form).village_step
    if step_id == section and typed.get("village"):
        village = regions.get(db, typed["village"])
        township = regions.get(db, village.parent_code) if village else None
        if village and township:
            values.update({"village": village.code, "township": township.code,
                           "county": township.parent_code})
    return values


def load_for(db: Database, staff: Staff, draft_id: int) -> Draft:
    """A draft or submission this assistant fills, in their village; NotHere otherwise."""
    if not 0 < draft_id < 2**63:
        raise NotHere(draft_id)
    row = store.draft_filled_by(db, draft_id, staff.id)
    if row is None:
        raise NotHere(draft_id)
    draft = Draft.from_row(row)
    if not covers(db, staff.region_code, village_of(draft)):
        raise NotHere(draft_id)
    return draft


def covers(db: Database, staff_region: str, village_code: str | None) -> bool:
    return regions.covers(db, staff_region, village_code)


def village_allowed(db: Database, staff: Staff, village_code: str | None) -> bool:
    return covers(db, staff.region_code, village_code)


def resident_phone(db: Database, resident_id: int) -> str | None:
    return residents.registered_phone(db, resident_id)


# --- taking over a resident's own draft, with their consent -----------------------------------

def pickable(db: Database, staff: Staff, draft_id: int) -> tuple[Draft, str]:
    """A resident's unfinished draft in the assistant's village that someone else fills, and
    the phone its consent code goes to; NotHere when there is none to take over."""
    if not 0 < draft_id < 2**63:
        raise NotHere(draft_id)
    row = store.open_draft(db, draft_id)
    if row is None:
        raise NotHere(draft_id)
    draft = Draft.from_row(row)
    phone = draft.resident_phone or None
    village = village_of(draft)  # None: not answered yet, by a resident who signed in
    if draft.filled_by == staff.id or phone is None \
            or (village is not None and not covers(db, staff.region_code, village)):
        raise NotHere(draft_id)
    return draft, phone


def take_over(db: Database, staff: Staff, draft: Draft, code_id: int, client: dict) -> None:
    """The resident consented: the assistant fills the draft from now on. Kept for good."""
    with immediate(db):
        if not store.hand_over(db, draft.id, staff.id, _now()):
            raise NotHere(draft.id)
        # A resident who signed in themselves has no village until they answer where they live:
        # meanwhile they belong to the village of the assistant they consented to.
        residents.settle_in_village(db, draft.resident_id, staff.region_code)
        store.insert_assistance_consent(db, {
            "submission_id": draft.id, "resident_id": draft.resident_id, "staff_id": staff.id,
            "consent_code_id": code_id, "granted_at": _now(),
            "client_address": client.get("address"), "user_agent": client.get("user_agent")})
        audit.record(db, staff.actor, "draft_taken_over_with_consent", f"submission:{draft.id}",
                     resident=draft.resident_id, previous_filler=draft.filled_by)


# --- who a submission is about, and who filled it ---------------------------------------------

@dataclass(frozen=True)
class People:
    """The resident a submission is about and, when filled on their behalf, the assistant."""

    name: str
    id_masked: str
    has_phone: bool
    assistant_name: str | None
    assistant_role: str | None

    @property
    def on_behalf(self) -> bool:
        return self.assistant_name is not None

    @property
    def assistant(self) -> str:
        return f"{self.assistant_name}（{self.assistant_role}）" if self.assistant_name else ""


def person_name(draft: Draft) -> str:
    """The name of the resident a draft is about: as answered, or as the assistant typed it
    when choosing them."""
    answered = (draft.answers.get(get_flow(draft.form).person_step) or {}).get("name")
    return answered or (draft.answers.get(PREFILL) or {}).get("name", "")


def people(db: Database, submission_id: int) -> People | None:
    row = store.people(db, submission_id)
    if row is None:
        return None
    person = json.loads(row["answers"] or "{}").get(get_flow(row["form"]).person_step) or {}
    number = person.get("id_number")
    # The name the ID number is bound to: as staff corrected it, if they did.
    name = persons.bound_name(db, number) or person.get("name", "")
    return People(name, mask_id_number(number) if number else "",
                  bool(row["phone"]), row["staff_name"],
                  role_label(row["staff_role"]) if row["staff_role"] else None)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def assistant_names(db: Database, staff_ids: set[int]) -> dict[int, str]:
    """The names of the assistants who filled some of a resident's forms, by staff id."""
    return staff_store.names(db, sorted(i for i in staff_ids if i))
