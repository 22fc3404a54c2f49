"""The proofs a notice letter (告知书) lists, from the answers of an aid application.

RULES.md "The 告知承诺 flow" (000… 一(二)): the office tells the applicant in writing, once,
which proofs would be needed and what each must show; the applicant then commits in writing
instead of bringing them.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from webapp.domain.income import MemberIncome
from webapp.web.i18n import _

WHOLE_HOUSEHOLD = _("全家")


@dataclass(frozen=True)
class ProofKind:
    """One entry of the catalogue: what the proof is called and what it must show."""

    name: str
    must_show: str


@dataclass(frozen=True)
class Proof:
    """One line of the notice letter: a proof, what it must show, and whose it is."""

    id: str
    name: str
    must_show: str
    who: str


# Every proof the letter can name, in the order the letter lists them.
CATALOGUE: dict[str, ProofKind] = {
    "hukou_and_ids": ProofKind(
        _("户口簿和全家人的身份证"),
        _("要能看清每位家庭成员的姓名、身份证号码和户籍地址。"),
    ),
    "residence": ProofKind(
        _("居住证明（居住证，或村、社区开的居住证明）"),
        _("要写明现在的住址和从什么时候开始住在这里。"),
    ),
    "disability_certificate": ProofKind(
        _("残疾人证"),
        _("要能看清残疾类别和残疾等级。"),
    ),
    "illness_diagnosis": ProofKind(
        _("医院诊断证明或病历"),
        _("要写明所患疾病的名称，并有医院盖章。"),
    ),
    "wage_statement": ProofKind(
        _("工资收入证明"),
        _("由工作单位开具，写明单位名称、每月工资多少，以及最近12个月的工资收入。"),
    ),
    "business_farming_statement": ProofKind(
        _("经营或种植养殖收入说明"),
        _("写明经营或种养的项目，以及最近12个月的收入和必要支出。"),
    ),
    "support_agreement": ProofKind(
        _("赡养费、抚养费或扶养费的协议或说明"),
        _("写明是哪位亲属给钱，每月或每年给多少。"),
    ),
    "employment_costs_receipts": ProofKind(
        _("就业必要成本的票据"),
        _("例如上班的交通费、工具费票据，要能看清金额和日期。"),
    ),
    "house_deeds": ProofKind(
        _("房产证明（不动产权证书或房产证）"),
        _("要写明每套房屋的地址和面积。"),
    ),
    "vehicle_licence": ProofKind(
        _("机动车行驶证"),
        _("要能看清车辆类型和登记的车主。"),
    ),
    "deposit_statement": ProofKind(
        _("存款证明"),
        _("由银行开具，写明存款余额。"),
    ),
    "business_licence": ProofKind(
        _("营业执照"),
        _("要能看清经营者姓名和经营范围。"),
    ),
    "medical_bills": ProofKind(
        _("医疗费用票据"),
        _("最近12个月看病的收费票据，要能看清医保报销后自己付了多少钱。"),
    ),
    "education_bills": ProofKind(
        _("教育费用票据或学籍证明"),
        _("要写明在哪所学校、读几年级，以及最近一学年交了多少费用。"),
    ),
}

Answers = dict[str, Any]
Member = dict[str, Any]

# For each proof that depends on one member: whether that member needs it.
MEMBER_RULES: dict[str, Callable[[Member, MemberIncome], bool]] = {
    "disability_certificate": lambda m, income: bool(m.get("disability_kind")),
    "illness_diagnosis": lambda m, income: m.get("serious_illness") == "yes",
    "wage_statement": lambda m, income: income.counted["wages"] > 0,
    "business_farming_statement": lambda m, income: (
        income.counted["business"] > 0 or income.counted["farming"] > 0
    ),
    "support_agreement": lambda m, income: income.counted["support"] > 0,
    "employment_costs_receipts": lambda m, income: income.employment_costs > 0,
}

# For each proof about the whole household: whether the answers call for it.
HOUSEHOLD_RULES: dict[str, Callable[[Answers], bool]] = {
    "hukou_and_ids": lambda a: True,
    "residence": lambda a: _answer(a, "residence", "hukou_same") == "no",
    "house_deeds": lambda a: _number(_answer(a, "property", "houses")) > 1,
    "vehicle_licence": lambda a: _number(_answer(a, "property", "vehicles")) > 0,
    "deposit_statement": lambda a: _number(_answer(a, "property", "deposits")) > 0,
    "business_licence": lambda a: _answer(a, "property", "business") == "yes",
    "medical_bills": lambda a: _number(_answer(a, "spending", "medical")) > 0,
    "education_bills": lambda a: _number(_answer(a, "spending", "education")) > 0,
}


def required_proofs(answers: Answers) -> list[Proof]:
    """The proofs the notice letter must list for these answers, in catalogue order."""
    members = list(_members(answers))
    proofs = []
    for proof_id, kind in CATALOGUE.items():
        if proof_id in HOUSEHOLD_RULES:
            if HOUSEHOLD_RULES[proof_id](answers):
                proofs.append(Proof(proof_id, kind.name, kind.must_show, WHOLE_HOUSEHOLD))
            continue
        needs = MEMBER_RULES[proof_id]
        for who, member, income in members:
            if needs(member, income):
                proofs.append(Proof(proof_id, kind.name, kind.must_show, who))
    return proofs


def _members(answers: Answers) -> Iterator[tuple[str, Member, MemberIncome]]:
    """Each member's display name, answers and income, in the order they were entered."""
    incomes = answers.get("income") or {}
    for index, member in enumerate(answers.get("members") or []):
        member = member or {}
        name = (member.get("name") or "").strip()
        who = name or _("第{number}位家庭成员").format(number=index + 1)
        yield who, member, MemberIncome.from_answers(incomes.get(str(index)) or {})


def _answer(answers: Answers, section: str, key: str) -> Any:
    """One answer from one section, None when it was never filled in."""
    return (answers.get(section) or {}).get(key)


def _number(value: Any) -> int:
    """A count or an amount in fen from the answers; blank or unreadable counts as 0."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


# Temporary aid (RULES.md "Temporary assistance"): what such a request would normally be proven
# with, by what happened. The notice letter names them; under 告知承诺 none is asked for.
TEMPORARY_AID_CATALOGUE: dict[str, ProofKind] = {
    "identity": ProofKind(
        _("身份证或户口簿"),
        _("要能看清姓名和身份证号码。户口在外地的也一样可以申请；手头没有的，工作人员会帮您核实身份。"),
    ),
    "disaster_certificate": ProofKind(
        _("受灾证明（如消防部门的火灾事故认定，或村、乡镇开具的受灾情况说明）"),
        _("写明什么时候、在哪里、因为什么受灾，损失了什么。"),
    ),
    "accident_record": ProofKind(
        _("事故证明（如交通事故认定书）和医院的诊断证明"),
        _("写明事故发生的时间、地点和受伤情况。"),
    ),
    "diagnosis_and_bills": ProofKind(
        _("医院诊断证明和医疗费用票据"),
        _("写明所患疾病的名称，并有医院盖章；票据要能看清医保报销后自己付了多少钱。"),
    ),
    "income_loss_statement": ProofKind(
        _("没有收入的情况说明（工作单位、村或社区开具）"),
        _("写明从什么时候起没有收入、原因，以及没有领取失业保险金。"),
    ),
    "hardship_statement": ProofKind(
        _("困难情况说明（村或社区开具）"),
        _("写明遇到了什么困难、从什么时候开始、现在最需要什么。"),
    ),
}
TEMPORARY_AID_PROOFS_BY_KIND = {
    "fire_or_disaster": ("disaster_certificate",),
    "accident": ("accident_record",),
    "serious_illness": ("diagnosis_and_bills",),
    "income_loss": ("income_loss_statement",),
    "other": ("hardship_statement",),
}


def temporary_aid_proofs(answers: Answers) -> list[Proof]:
    """The proofs the temporary-aid notice letter lists: identity, and what the emergency would
    normally be proven with (the person's own, or the household's)."""
    kind = _answer(answers, "event", "kind") or "other"
    ids = ("identity", *TEMPORARY_AID_PROOFS_BY_KIND.get(kind, ("hardship_statement",)))
    name = (_answer(answers, "person", "name") or "").strip() or _("申请人")
    return [Proof(i, TEMPORARY_AID_CATALOGUE[i].name, TEMPORARY_AID_CATALOGUE[i].must_show,
                  name if i == "identity" else WHOLE_HOUSEHOLD) for i in ids]
