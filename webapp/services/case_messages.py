"""The SMS part of a case page: every message to the applicant with its delivery state, whether
the village assistant must tell them in person instead (需当面告知), and who may act on it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from webapp.domain.otp import mask_phone
from webapp.services.authz import roles_for
from webapp.sms import followup, optout
from webapp.sms.followup import InPersonReason, Message
from webapp.store.cases import Case
from webapp.web.i18n import _

# A resident registered by the village assistant without a phone gets nothing by SMS.
NO_PHONE = InPersonReason(_("申请人没有手机，所有通知都要当面告知"), None)


@dataclass(frozen=True)
class CaseMessages:
    case_id: int
    phone: str  # masked
    messages: list[Message]
    in_person: list[InPersonReason]  # empty: SMS can be relied on
    opted_out: bool
    opt_out_roles: tuple[str, ...]  # who may stop or restart reminders for the applicant
    follow_up_roles: tuple[str, ...]  # who may record 已当面告知

    @property
    def to_follow_up(self) -> int:
        return sum(m.needs_follow_up for m in self.messages)


def for_case(db: Database, case: Case) -> CaseMessages:
    """What the case page shows about the applicant's SMS."""
    phone = followup.applicant_phone(db, case.submission_id) or ""
    return CaseMessages(
        case_id=case.id, phone=mask_phone(phone) if phone else "",
        messages=followup.for_submission(db, case.submission_id),
        in_person=followup.in_person_reasons(db, phone) if phone else [NO_PHONE],
        opted_out=bool(phone) and optout.is_opted_out(db, phone),
        opt_out_roles=roles_for("opt_out_for_resident"),
        follow_up_roles=roles_for("follow_up_sms"))
