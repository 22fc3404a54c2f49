"""The township's preliminary opinion (初审意见): the proposed category and monthly amount,
calculated from the application's answers and the office's findings with the policy
parameters in force, and kept on the case line by line."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from sqlite_utils import Database

from webapp import regions
from webapp.domain import assessment, policy
from webapp.domain.case_machine import IllegalTransition
from webapp.domain.id_number import InvalidIdNumber, parse_id_number
from webapp.domain.income import MemberIncome
from webapp.i18n import _


class NoParameters(IllegalTransition):
    """No policy parameters cover this village on this date: no opinion can be given yet."""


def parameters_for(db: Database, village_code: str, on: date) -> policy.PolicyParameters:
    """The parameters in force for a village on a date (the demo county ships Henan 2022)."""
    chain = []
    region = regions.get(db, village_code)
    while region is not None:
        chain.append(region.code)
        region = regions.get(db, region.parent_code)
    try:
        return policy.in_force([policy.HENAN_2022], chain, on)
    except policy.NoPolicyInForce:
        raise NoParameters(_("没有适用于这个地区和日期的政策参数，请县级管理员先设置。")) from None


def household_from(db: Database, answers: dict, findings: dict, on: date) -> assessment.Household:
    """The calculation's view of an application: members, incomes, spending, findings."""
    members, incomes = [], []
    for index, member in enumerate(answers.get("members") or []):
        try:
            age = parse_id_number(member.get("id_number") or "", on).age(on)
        except InvalidIdNumber:
            age = 30  # no usable ID: an adult of working age, the least generous assumption
        members.append(assessment.Member.from_answers(member, age))
        incomes.append(MemberIncome.from_answers((answers.get("income") or {}).get(str(index)) or {}))
    village = regions.get(db, (answers.get("residence") or {}).get("village"))
    hukou = policy.URBAN if village and village.name.endswith("社区") else policy.RURAL
    spending = answers.get("spending") or {}
    return assessment.Household(
        members=tuple(members), incomes=tuple(incomes), hukou=hukou,
        property_within_limits=not findings.get("property_over_limits"),
        medical_spending=int(spending.get("medical") or 0),
        education_spending=int(spending.get("education") or 0),
        no_income_source=bool(findings.get("no_income_source")),
        no_supporter=bool(findings.get("no_supporter")),
    )


def assess(db: Database, answers: dict, village_code: str, findings: dict,
           on: date) -> assessment.Assessment:
    params = parameters_for(db, village_code, on)
    return assessment.assess(household_from(db, answers, findings, on), params)


def as_record(result: assessment.Assessment, findings: dict) -> dict:
    """What the case keeps: the result, each line of the calculation, the parameters used."""
    params = asdict(result.parameters)
    return {
        "category": result.category, "monthly_amount_fen": result.monthly_amount_fen,
        "household_size": result.household_size,
        "assessment": json.dumps({"lines": [[line.label, line.value] for line in result.lines],
                                  "findings": findings, "parameters": params},
                                 ensure_ascii=False, default=str),
    }
