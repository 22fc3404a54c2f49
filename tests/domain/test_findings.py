"""The rules between the township's findings (webapp/domain/findings.py), each naming its clause."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from webapp.domain import findings as rules
from webapp.domain import supporters as sup

TODAY = date(2026, 12, 3)
BOOKED = date(2026, 12, 1)
LETTER = Path(__file__).parents[2] / "webapp/texts/letters/authorization.v1.txt"


def visit(**changes) -> dict:
    return {"visited_on": "2026-12-02", "visitors": "李审核", "present": "张三", "housing": "own",
            "members": [{"name": "张三", "labor_ability": "none", "disability_kind": "physical",
                         "disability_grade": "1", "lives": "together", "care_level": "partial_care"}],
            **changes}


def refused_field(check, *args) -> str:
    with pytest.raises(rules.FindingRefused) as refused:
        check(*args)
    return refused.value.field


# 002… 民政厅 4 / 000… 四(一): the township investigates at the home visit it booked.
def test_a_home_visit_before_the_booked_day_is_refused():
    early = visit(visited_on="2026-11-30")
    assert refused_field(rules.check_home_visit, early, BOOKED, TODAY) == "visited_on"


def test_a_home_visit_in_the_future_is_refused_and_one_on_the_booked_day_is_accepted():
    late = visit(visited_on="2026-12-04")
    assert refused_field(rules.check_home_visit, late, BOOKED, TODAY) == "visited_on"
    rules.check_home_visit(visit(visited_on="2026-12-01"), BOOKED, TODAY)


def test_a_disability_seen_needs_its_grade():
    member = {**visit()["members"][0], "disability_grade": ""}
    assert refused_field(rules.check_home_visit, visit(members=[member]), BOOKED, TODAY) == \
        "members.0.disability_grade"


# 002… 民政厅 第二类 3: 全自理、半护理、全护理.
def test_the_care_level_is_one_of_the_seeds_three():
    member = {**visit()["members"][0], "care_level": "some_care"}
    assert refused_field(rules.check_home_visit, visit(members=[member]), BOOKED,
                         TODAY) == "members.0.care_level"


def test_the_record_kinds_are_those_the_authorisation_letter_names_in_its_order():
    text = LETTER.read_text(encoding="utf-8")
    listed = text.split("核对我的以下信息：")[1].split("。")[0].split("、")
    assert listed == list(rules.RECORD_KINDS.values())


# 002… 民政厅 4: 信息核对 — a checked record says what it found, and how it differs.
def test_a_record_that_does_not_match_needs_the_difference():
    records = {"vehicle": {"checked": "yes", "result": "名下一辆小轿车", "matches": "no"}}
    assert refused_field(rules.check_records, {"records": records}) == "records.vehicle.difference"
    records["vehicle"]["difference"] = "申报无车，核对有一辆"
    rules.check_records({"records": records})


def test_a_checked_record_needs_its_result_and_an_unchecked_one_nothing():
    checked = {"records": {"tax": {"checked": "yes"}}}
    assert refused_field(rules.check_records, checked) == "records.tax.result"
    rules.check_records({"records": {"tax": {"checked": "no"}}})


# 002… 民政厅 4: an objection leads to a 民主评议, recorded with its votes or what was said.
def test_a_democratic_review_needs_votes_or_a_summary_and_is_not_in_the_future():
    review = {"held_on": "2026-12-02", "participants": "村民代表", "outcome": "agrees"}
    assert refused_field(rules.check_democratic_review, review, TODAY) == "summary"
    rules.check_democratic_review({**review, "votes_for": 7}, TODAY)
    later = {**review, "held_on": "2026-12-05", "summary": "同意"}
    assert refused_field(rules.check_democratic_review, later, TODAY) == "held_on"


def category(*supporters, **changes) -> dict:
    return {"property_within_limits": True, "members": [{"supporters": list(supporters)}], **changes}


# 002… 民政厅 第二类 2(3) ③: 70周岁以上 … 本人收入低于 … 且其财产符合 … 低保边缘家庭财产状况规定.
def test_case_three_needs_age_seventy_low_income_and_near_dibao_property():
    father = {"relation": "父亲", "age": 66, "incapacity": sup.AGED_70_LOW_INCOME}
    assert refused_field(rules.check_category, category(father)) == "members.0.supporters.0.age"
    father["age"] = 75
    assert refused_field(rules.check_category, category(father)) == \
        "members.0.supporters.0.income_below_disposable"
    father["income_below_disposable"] = True
    assert refused_field(rules.check_category, category(father)) == \
        "members.0.supporters.0.property_within_near_dibao_limits"
    father["property_within_near_dibao_limits"] = True
    rules.check_category(category(father))


# 002… 民政厅 第二类 2(3) ⑤: 无民事行为能力、被宣告失踪或者在监狱服刑 … 且其财产符合 ….
def test_case_five_needs_only_the_property_condition():
    son = {"relation": "儿子", "age": 40, "incapacity": sup.INCAPACITATED}
    assert refused_field(rules.check_category, category(son)) == \
        "members.0.supporters.0.property_within_near_dibao_limits"
    rules.check_category(category({**son, "property_within_near_dibao_limits": True}))


# 002… 民政厅 第二类 2(3) ②: 60周岁以上的最低生活保障对象.
def test_case_two_needs_age_sixty():
    mother = {"relation": "母亲", "age": 58, "incapacity": sup.DIBAO_AGED_60}
    assert refused_field(rules.check_category, category(mother)) == "members.0.supporters.0.age"


# 000… 一(一): 单人户 — and only then may support from siblings or anyone aged 60+ be left out.
def test_the_support_exemption_only_with_a_single_person_household_and_its_grounds():
    exempt = category(exempt_family_support=True)
    assert refused_field(rules.check_category, exempt) == "exempt_family_support"
    assert refused_field(rules.check_category, category(single_person=True)) == "single_person_grounds"
    rules.check_category(category(single_person=True, single_person_grounds="成年无业重度残疾人",
                                  exempt_family_support=True))


def test_supporters_become_the_interface_the_rules_read():
    found = rules.supporters_of({"supporters": [
        {"relation": "母亲", "age": 62, "incapacity": ""},
        {"relation": "父亲", "age": 75, "incapacity": sup.AGED_70_LOW_INCOME, "income_below_disposable": True,
         "property_within_near_dibao_limits": True}]})
    assert found == (sup.Supporter("母亲", 62),
                     sup.Supporter("父亲", 75, sup.AGED_70_LOW_INCOME, True, True))


def test_each_kind_is_worded_line_by_line():
    seen = dict(rules.lines(rules.HOME_VISIT, visit()))
    assert seen["调查日期"] == "2026-12-02" and seen["住房情况"] == "自有住房"
    assert seen["张三"] == "无劳动能力；无重大疾病；肢体残疾一级；共同生活；半护理"
    checked = dict(rules.lines(rules.RECORDS_CHECK, {"records": {"vehicle": {
        "checked": "yes", "result": "一辆", "matches": "no", "difference": "申报无车"}}}))
    assert checked["车辆"] == "已核对，与申报不一致；一辆；差异：申报无车" and checked["户籍"] == "未核对"
    found = dict(rules.lines(rules.CATEGORY, {
        "property_within_limits": True, "single_person": True, "single_person_grounds": "成年无业重度残疾人",
        "members": [{"name": "张三", "wants_tekun_care": True,
                     "supporters": [{"relation": "母亲", "age": 62, "incapacity": ""}]}]}))
    assert found["张三的法定赡养、抚养、扶养义务人"] == "母亲，62岁，有履行义务能力"
    assert found["张三本人意愿"] == "愿意接受特困人员救助供养"
    assert found["单人户"].startswith("申请人单独提出申请；成年无业重度残疾人")
