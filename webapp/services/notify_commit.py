"""告知承诺: the notice letter built from the answers, and the signed letters kept at submission.
RULES.md "The 告知承诺 flow"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.domain import guardians
from webapp.domain.id_number import InvalidIdNumber, mask_id_number, parse_id_number
from webapp.domain.proofs import required_proofs, temporary_aid_proofs
from webapp.domain.reference import new_reference
from webapp.flows import get_flow, regions
from webapp.flows.fields import today
from webapp.services import audit, cases, form_metrics, letters, persons
from webapp.services.submissions import FORM_NAMES, Draft
from webapp.sms import outbox
from webapp.store import submissions as store
from webapp.store.engine import immediate
from webapp.web.i18n import _

ADULT_AGE = 18
# Each notice letter lists the proofs its form's answers would normally need.
NOTICE_PROOFS = {"notice_letter": required_proofs, "temporary_aid_notice": temporary_aid_proofs}


class AlreadySubmitted(Exception):
    """The draft was submitted already (a double tap, or a retry after a timeout)."""


class NoticeOutOfDate(Exception):
    """The answers changed after the notice letter was read; it must be read again."""


@dataclass(frozen=True)
class Signer:
    """Whoever signs one letter, and how."""

    name: str
    role: str  # applicant | member | guardian (signing a member's authorisation for them)
    method: str  # signed_in_phone | sms_code | drawn_signature | typed_name | assistant_witnessed
    member_index: int | None = None
    signature_image: str | None = None
    guardian: guardians.Guardian | None = None

    def guardian_columns(self) -> dict:
        """The signature row's columns saying whom a guardian signed for, as what, and why."""
        if self.guardian is None:
            return {}
        return {"signed_for": self.guardian.member_name,
                "guardian_relation": self.guardian.relation,
                "unable_reason": self.guardian.reason_text}


@dataclass(frozen=True)
class Assistance:
    """A village assistant filled the form on the resident's behalf and the resident signed on
    the assistant's phone: who helped, the witness line (a drawn signature), whether the letters
    were read aloud to the resident, and the consent code the resident typed (sms_code)."""

    staff_id: int
    staff_name: str
    witness: str | None = None
    read_aloud: bool = False
    consent_code_id: int | None = None

    @property
    def actor(self) -> str:
        return f"staff:{self.staff_id}"

    def columns(self, signer: Signer | None = None) -> dict:
        """The signature row's columns: the witness line, the reading aloud and the code belong
        to the applicant's own signing; every row says who helped."""
        own = signer is None or signer.role == "applicant"
        return {"assisted_by": self.staff_id, "assistant_name": self.staff_name,
                "witness": self.witness if own else None,
                "read_aloud": int(self.read_aloud) if own else None,
                "consent_code_id": self.consent_code_id if own else None}


def _masked(number: str | None) -> str:
    return mask_id_number(number) if number else _("（未填）")


def _applicant(draft: Draft) -> dict:
    return draft.answers.get(get_flow(draft.form).person_step) or {}


def _place(draft: Draft) -> dict:
    """The answers that place the case: the household's village, or where an emergency happened."""
    return draft.answers.get(get_flow(draft.form).village_step) or {}


def notice_letter(db: Database, draft: Draft) -> letters.RenderedLetter:
    """The notice letter of the draft's form, built from its answers."""
    flow = get_flow(draft.form)
    office = regions.get(db, _place(draft).get("township"))
    return letters.render(flow.notice_letter, {
        "applicant_name": _applicant(draft).get("name", ""),
        "proofs": NOTICE_PROOFS[flow.notice_letter](draft.answers),
        "office": office_name(office),
    })


def office_name(township) -> str:
    """The office that gives the notice: a township government or a sub-district office."""
    if township is None:
        return _("乡镇人民政府（街道办事处）")
    return township.name + (_("办事处") if township.name.endswith("街道") else _("人民政府"))


def commitment(draft: Draft) -> letters.RenderedLetter:
    flow = get_flow(draft.form)
    applicant = _applicant(draft)
    return letters.render(flow.commitment_letter, {
        "applicant_name": applicant.get("name", ""),
        "applicant_id_masked": _masked(applicant.get("id_number")),
        "household_size": household_size(draft),
        "notice_version": letters.current(flow.notice_letter).version,
    })


def household_size(draft: Draft) -> int:
    """How many people the household has: as answered where the form asks, else those listed."""
    answered = (draft.answers.get("household") or {}).get("size")
    return max(int(answered or 0), len(draft.members), 1)


def authorization(draft: Draft, member_index: int) -> letters.RenderedLetter:
    member = draft.members[member_index]
    return letters.render(get_flow(draft.form).authorization_letter, {
        "signer_name": member.get("name", ""),
        "signer_id_masked": _masked(member.get("id_number")),
        "applicant_name": _applicant(draft).get("name", ""),
    })


def commitment_authorization(db: Database, draft: Draft) -> letters.RenderedLetter:
    declarant = _applicant(draft)
    return letters.render("commitment_authorization", {
        "declarant_name": declarant.get("name", ""),
        "declarant_id_masked": _masked(declarant.get("id_number")),
        "village_name": regions.full_name(db, declarant.get("village")),
    })


def adult_members(draft: Draft) -> list[tuple[int, dict]]:
    """Members other than the applicant who are adults and so authorise for themselves."""
    adults = []
    for index, member in enumerate(draft.members):
        if index == 0:
            continue
        try:
            age = parse_id_number(member.get("id_number") or "", today()).age(today())
        except InvalidIdNumber:
            age = ADULT_AGE  # no usable ID: ask them to authorise rather than skip them
        if age >= ADULT_AGE:
            adults.append((index, member))
    return adults


def acknowledge_notice(draft: Draft, letter: letters.RenderedLetter) -> None:
    """Remember which exact notice text was read; a change in the answers voids it."""
    draft.answers["_notice_read"] = {"version": letter.version, "sha256": letter.text_sha256,
                                     "at": datetime.now(UTC).isoformat(timespec="seconds")}


def notice_is_read(db: Database, draft: Draft, letter: letters.RenderedLetter | None = None) -> bool:
    """Whether the notice the resident read is the one their answers give now (`letter`: that
    notice, when the caller has already built it)."""
    read = draft.answers.get("_notice_read") or {}
    return read.get("sha256") == (letter or notice_letter(db, draft)).text_sha256


def record_consent(db: Database, draft: Draft, agreed: bool, signer_name: str,
                   client: dict, assistant=None) -> None:
    """The separate consent for sensitive data, kept like a signed letter (PIPL art. 29).
    Filled on behalf, the assistant records the resident's answer (and the resident confirms
    it again when signing: see _letters_to_sign)."""
    helped = Assistance(assistant.id, assistant.name) if assistant else None
    with immediate(db):  # take the write lock first: reading then writing can hit "locked"
        letters.record(db, draft.id, letters.render(get_flow(draft.form).consent_letter, {}),
                       signer_name=signer_name or _("申请人"), signer_role="applicant",
                       method="assistant_recorded" if helped else "signed_in_phone",
                       decision="agreed" if agreed else "declined", client=client,
                       assisted=helped.columns() if helped else None)
        audit.record(db, helped.actor if helped else f"resident:{draft.resident_id}",
                     "sensitive_consent", f"submission:{draft.id}",
                     decision="agreed" if agreed else "declined")


def submit(db: Database, draft: Draft, signers: list[Signer], *, client: dict, phone: str | None,
           signature: str, service: str, assistance: Assistance | None = None,
           notice: letters.RenderedLetter | None = None) -> str:
    """Keep every letter as signed, give the reference, queue the SMS: all or nothing. Filled on
    behalf, every signature says who helped (a resident with no phone gets no SMS: the message
    is kept as failed, to be told in person). `notice`: the notice letter of these answers,
    when the caller has already built it. persons.PersonRefused when the person has an open case
    of this kind or a name is not the one its ID number is bound to."""
    to_sign = _letters_to_sign(db, draft, signers, on_behalf=assistance is not None, notice=notice)
    with immediate(db):
        reference = _unused_reference(db)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if not store.mark_submitted(db, draft.id, reference, now):
            raise AlreadySubmitted(draft.id)
        form_metrics.submitted(db, draft, now)
        # One open case per person and one name per ID number (PersonRefused rolls back).
        persons.check_and_bind(db, draft)
        for letter, signer, decision in to_sign:
            letters.record(db, draft.id, letter, signer_name=signer.name, signer_role=signer.role,
                           method=signer.method, member_index=signer.member_index,
                           decision=decision, signature_image=signer.signature_image,
                           client=client, guardian=signer.guardian_columns(),
                           assisted=assistance.columns(signer) if assistance else None)
        cases.open_case(db, draft.id, draft.form, _place(draft).get("village"))
        outbox.enqueue(db, phone, "submission_received",
                       {"form_name": FORM_NAMES[draft.form], "reference": reference,
                        "service": service}, signature=signature, submission_id=draft.id)
        if assistance:
            audit.record(db, assistance.actor, "submitted_on_behalf", f"submission:{draft.id}",
                         form=draft.form, reference=reference, resident=draft.resident_id)
        else:
            audit.record(db, f"resident:{draft.resident_id}", "submitted",
                         f"submission:{draft.id}", form=draft.form, reference=reference)
    return reference


def _letters_to_sign(db, draft, signers, on_behalf: bool = False, notice=None):
    applicant = next(s for s in signers if s.role == "applicant")
    if not get_flow(draft.form).commits:
        items = [(commitment_authorization(db, draft), applicant, "agreed")]
    elif not notice_is_read(db, draft, notice := notice or notice_letter(db, draft)):
        raise NoticeOutOfDate(draft.id)
    else:
        items = [(notice, applicant, "read"),
                 (commitment(draft), applicant, "agreed"),
                 (authorization(draft, 0), applicant, "agreed")]
    if on_behalf and sensitive_agreed(draft):
        # The assistant recorded the separate consent while filling; the resident confirms it
        # with their own signature here.
        items.append((letters.render(get_flow(draft.form).consent_letter, {}), applicant, "agreed"))
    # Each adult member's authorisation once: by the member, or by their guardian for them.
    for signer in signers:
        if signer.role in ("member", guardians.GUARDIAN):
            items.append((authorization(draft, signer.member_index), signer, "agreed"))
    return items


def sensitive_agreed(draft: Draft) -> bool:
    consent = get_flow(draft.form).consent
    if consent is None:
        return False
    step_id, key = consent
    return (draft.answers.get(step_id) or {}).get(key) == "yes"


def _unused_reference(db: Database) -> str:
    while True:
        reference = new_reference()
        if not store.reference_taken(db, reference):
            return reference
