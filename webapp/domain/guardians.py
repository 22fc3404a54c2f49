"""A guardian (监护人) signs for an adult member who cannot sign for themselves.

Every adult member authorises the check of their own records (RULES.md "The 告知承诺 flow":
`002…` 民政厅 5, `000…` 三(二)). An adult who cannot recognise or fully recognise their own
acts — a severely disabled adult (`000…` 一(一): 成年无业重度残疾人), an intellectual or mental
disability, dementia, a coma — is represented by a guardian, in the order of the Civil Code
art. 28: spouse; parents and children; other close relatives; another person the village
committee or the civil-affairs department agrees to. Here the guardian is an adult listed in the
same household (the applicant or another member) who can sign, and never the member themself.
Whether the member really cannot sign is for the home visit to see; the form keeps the reason
given, and refuses a disability reason the household's own answers contradict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from webapp.domain.id_number import InvalidIdNumber, parse_id_number
from webapp.web.i18n import _

ADULT_AGE = 18
GUARDIAN = "guardian"  # the signer_role of a guardian's signature

# Why the member cannot sign: the answers that must back each reason (None: nothing to check).
REASONS = {
    "severe_disability": _("重度残疾（残疾等级一级、二级），自己不能签字"),
    "intellectual_mental": _("智力残疾或精神残疾，不能辨认自己的行为"),
    "other": _("其他原因不能辨认自己的行为（如老年痴呆、昏迷），请写明"),
}
SEVERE_GRADES = ("1", "2")
UNABLE_KINDS = ("intellectual", "mental", "multiple")

# The guardian's relation to the member (Civil Code art. 28).
RELATIONS = {
    "spouse": _("配偶"), "father": _("父亲"), "mother": _("母亲"), "son": _("儿子"),
    "daughter": _("女儿"), "sibling": _("兄弟姐妹"), "grandparent": _("祖父母、外祖父母"),
    "grandchild": _("孙子女、外孙子女"), "other": _("其他人（经村委会或民政部门同意）"),
}
# The guardian's relation to the member when the guardian is the applicant, from the member's
# relation to the applicant (sex from the applicant's ID number: male, female).
_FROM_APPLICANT = {"spouse": ("spouse", "spouse"), "child": ("father", "mother"),
                   "parent": ("son", "daughter"), "sibling": ("sibling", "sibling"),
                   "grandchild": ("grandparent", "grandparent"),
                   "grandparent": ("grandchild", "grandchild")}


@dataclass(frozen=True)
class GuardianSigning:
    """What the sign page says about one member who cannot sign."""

    member_index: int
    guardian_index: int | None
    relation: str
    reason: str
    note: str = ""


@dataclass(frozen=True)
class Guardian:
    """A guardian accepted for a member: who, their relation, and why the member cannot sign."""

    member_index: int
    member_name: str
    guardian_index: int
    guardian_name: str
    relation: str
    reason: str
    note: str

    @property
    def relation_label(self) -> str:
        return RELATIONS[self.relation]

    @property
    def reason_text(self) -> str:
        """The reason as kept with the signature: its words and, if any, what was written."""
        label = REASONS[self.reason].removesuffix(_("，请写明"))
        return f"{label}：{self.note}" if self.note else label


class GuardianRefused(ValueError):
    """Not accepted as the member's guardian; `field` is the part of the answer at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def is_adult(member: Mapping[str, object], today: date) -> bool:
    """An adult by the ID number; a member with no usable number counts as one (they are asked
    to authorise rather than skipped)."""
    try:
        return parse_id_number(str(member.get("id_number") or ""), today).age(today) >= ADULT_AGE
    except InvalidIdNumber:
        return True


def candidates(members: Sequence[Mapping[str, object]], member_index: int,
               unable: set[int], today: date) -> list[int]:
    """Who may sign for the member: the adults of the household other than the member and
    other than those who cannot sign themselves."""
    return [i for i, m in enumerate(members)
            if i != member_index and i not in unable and is_adult(m, today)]


def suggested_relation(members: Sequence[Mapping[str, object]], member_index: int,
                       today: date) -> str:
    """The applicant's relation to the member, where the household's answers tell it ('' if not)."""
    pair = _FROM_APPLICANT.get(str(members[member_index].get("relation") or ""))
    if pair is None:
        return ""
    try:
        sex = parse_id_number(str(members[0].get("id_number") or ""), today).sex
    except InvalidIdNumber:
        return pair[0] if pair[0] == pair[1] else ""
    return pair[0] if sex == "male" else pair[1]


def accept(members: Sequence[Mapping[str, object]], signing: GuardianSigning, unable: set[int],
           today: date) -> Guardian:
    """The guardian for a member who cannot sign, or GuardianRefused saying what is wrong."""
    member = members[signing.member_index]
    name = str(member.get("name") or "")
    if signing.member_index == 0 or not is_adult(member, today):
        raise GuardianRefused("member", _("只有成年家庭成员要各自授权，%s不用另找监护人") % name)
    _check_reason(member, signing)
    if signing.guardian_index is None:
        raise GuardianRefused("guardian", _("请选择替%s签字的监护人") % name)
    if signing.guardian_index == signing.member_index:
        raise GuardianRefused("guardian", _("%s不能给自己当监护人，请选另一位家人") % name)
    if signing.guardian_index not in candidates(members, signing.member_index, unable, today):
        raise GuardianRefused("guardian", _("监护人要是这户登记的成年人，自己能签字"))
    if signing.relation not in RELATIONS:
        raise GuardianRefused("relation", _("请选择监护人是%s的什么人") % name)
    guardian = members[signing.guardian_index]
    return Guardian(signing.member_index, name, signing.guardian_index,
                    str(guardian.get("name") or ""), signing.relation, signing.reason,
                    signing.note.strip())


def _check_reason(member: Mapping[str, object], signing: GuardianSigning) -> None:
    """A reason is given, and the household's answers about the member's disability (where the
    form asked them) do not contradict it: a member who can sign is not signed for."""
    name = str(member.get("name") or "")
    if signing.reason not in REASONS:
        raise GuardianRefused("reason", _("请选择%s为什么不能自己签字") % name)
    if signing.reason == "other" and not signing.note.strip():
        raise GuardianRefused("reason", _("请写明%s为什么不能自己签字") % name)
    if "disability_kind" not in member:
        return  # this form does not ask about disability: the home visit sees for itself
    kind, grade = member.get("disability_kind") or "", member.get("disability_grade") or ""
    if signing.reason == "severe_disability" and grade not in SEVERE_GRADES:
        raise GuardianRefused("reason", _("登记的信息里%s不是一级、二级残疾：能签字的请本人签字，"
                                          "不能的请说明原因") % name)
    if signing.reason == "intellectual_mental" and kind not in UNABLE_KINDS:
        raise GuardianRefused("reason", _("登记的信息里%s没有智力、精神残疾：能签字的请本人签字，"
                                          "不能的请说明原因") % name)
