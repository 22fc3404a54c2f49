"""The township's preliminary opinion (初审意见): the proposed category and monthly amount,
calculated from the application's answers and the office's findings with the policy
parameters in force, and kept on the case line by line."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date

from sqlite_utils import Database

from webapp.domain import assessment, policy, where_to_apply
from webapp.domain import findings as rules
from webapp.domain.case_machine import IllegalTransition
from webapp.domain.id_number import InvalidIdNumber, parse_id_number
from webapp.domain.income import MemberIncome
from webapp.domain.supporters import Supporter
from webapp.services import policy_store, regions
from webapp.web.i18n import _


class NoParameters(IllegalTransition):
    """No policy parameters cover this village on this date: no opinion can be given yet."""


def version_for(db: Database, village_code: str, on: date) -> policy_store.Version:
    """The stored parameter set in force for a village on a date (webapp/policy_store.py)."""
    try:
        return policy_store.in_force(db, village_code, on)
    except policy.NoPolicyInForce:
        raise NoParameters(_("%s 没有适用于这个地区的政策参数，请县级管理员先在“政策参数”页录入。")
                           % on.isoformat()) from None


def parameters_for(db: Database, village_code: str, on: date) -> policy.PolicyParameters:
    """The parameters in force for a village on a date; `version` names the stored set."""
    return version_for(db, village_code, on).parameters


def household_from(db: Database, answers: dict, findings: dict, on: date) -> assessment.Household:
    """The calculation's view of an application: members, incomes, spending, findings.

    `findings` is kind -> data of the recorded findings (webapp/services/findings.py): each
    member as seen at the home visit (labour ability, disability, care level) and the category
    findings (supporters, own wish, property, single-person household). An opinion given before
    findings were structured kept three checkboxes; those are read as they were."""
    seen = (findings.get(rules.HOME_VISIT) or {}).get("members") or []
    category = findings.get(rules.CATEGORY)
    found = (category or {}).get("members") or []
    members, incomes = [], []
    for index, member in enumerate(answers.get("members") or []):
        try:
            age = parse_id_number(member.get("id_number") or "", on).age(on)
        except InvalidIdNumber:
            age = 30  # no usable ID: an adult of working age, the least generous assumption
        person = assessment.Member.from_answers(member, age)
        members.append(_as_found(person, _at(seen, index), _at(found, index)))
        incomes.append(MemberIncome.from_answers((answers.get("income") or {}).get(str(index)) or {}))
    village = regions.get(db, (answers.get("residence") or {}).get("village"))
    hukou = policy.URBAN if village and village.name.endswith("社区") else policy.RURAL
    spending = answers.get("spending") or {}
    members = _with_applicant_hukou(members, answers.get("residence") or {})
    members = [_legacy_tekun_findings(m, findings) for m in members]
    household = assessment.Household(
        supporters_recorded="no_supporter" in findings,
        members=tuple(members), incomes=tuple(incomes), hukou=hukou,
        property_within_limits=not findings.get("property_over_limits"),
        medical_spending=int(spending.get("medical") or 0),
        education_spending=int(spending.get("education") or 0),
        disability_spending=int(spending.get("disability") or 0),
        accident_spending=int(spending.get("accident") or 0),
        residence_permit=(answers.get("residence") or {}).get("residence_permit") == "yes",
    )
    return household if category is None else _with_category(household, category)


def _at(rows: list, index: int) -> dict:
    return rows[index] if index < len(rows) and isinstance(rows[index], dict) else {}


def _as_found(person: assessment.Member, seen: dict, found: dict) -> assessment.Member:
    """The member as the township found them: labour ability and disability as seen at the
    visit (over the application's answers), care level, supporters and own wish."""
    changes: dict = {"supporters": rules.supporters_of(found),
                     "wants_tekun_care": bool(found.get("wants_tekun_care")),
                     "care_level": str(seen.get("care_level") or "")}
    if seen.get("labor_ability"):
        changes["labor_ability"] = seen["labor_ability"]
    if "disability_kind" in seen:
        grade = str(seen.get("disability_grade") or "")
        changes["disability_kind"] = seen["disability_kind"] or ""
        changes["disability_grade"] = int(grade) if seen["disability_kind"] and grade.isdigit() else None
    return replace(person, **changes)


def _with_category(household: assessment.Household, category: dict) -> assessment.Household:
    """The household findings the category rests on: property, the single-person household and
    its exemption; the supporters of every member are recorded with them, so a member listed
    with none is found to have none (webapp/domain/tekun.py)."""
    single = bool(category.get("single_person"))
    return replace(household, property_within_limits=bool(category.get("property_within_limits")),
                   single_person=single, supporters_recorded=True,
                   exempt_family_support=single and bool(category.get("exempt_family_support")))


def _with_applicant_hukou(members: list, residence: dict) -> list:
    """The applicant's hukou area from the residence step (户口在这个村吗; where not, the area
    if given, else to be checked: webapp/domain/where_to_apply.py)."""
    if not members or residence.get("hukou_same") != "no":
        return members
    area = residence.get("hukou_area") or where_to_apply.UNKNOWN
    return [replace(members[0], hukou_area=area), *members[1:]]


def _legacy_tekun_findings(member: assessment.Member, findings: dict) -> assessment.Member:
    """The opinion's old household checkboxes (webapp/staff/case_views.py FINDINGS) as the
    per-person findings, until the structured findings replace them: "no_supporter" unticked is
    a supporter able to support; both ticked is the office's tekun proposal, read as the wish.
    Whether each person has no income source is computed, never taken from a box."""
    if "no_supporter" not in findings or member.supporters or member.wants_tekun_care:
        return member
    able = () if findings.get("no_supporter") else (Supporter(relation=_("调查认定的义务人")),)
    wish = bool(findings.get("no_supporter") and findings.get("no_income_source"))
    return replace(member, supporters=able, wants_tekun_care=wish)


def assess(db: Database, answers: dict, village_code: str, findings: dict,
           on: date) -> assessment.Assessment:
    """The calculation with the parameters in force on the day, ending with a line that names
    the stored set it used, so the opinion stays explainable after the set is superseded."""
    version = version_for(db, village_code, on)
    result = assessment.assess(household_from(db, answers, findings, on), version.parameters)
    used = assessment.Line(_("所用政策参数"), _("第 %d 版（%s，%s）") % (
        version.id, version.period, version.source))
    return replace(result, lines=[*result.lines, used])


def as_record(result: assessment.Assessment, findings: dict) -> dict:
    """What the case keeps: the result, each line of the calculation, the parameters used
    (with the id of their stored version)."""
    params = asdict(result.parameters)
    return {
        "category": result.category, "monthly_amount_fen": result.monthly_amount_fen,
        "household_size": result.household_size,
        "assessment": json.dumps({"lines": [[line.label, line.value] for line in result.lines],
                                  "findings": findings, "parameters": params,
                                  "parameters_version": result.parameters.version},
                                 ensure_ascii=False, default=str),
    }
