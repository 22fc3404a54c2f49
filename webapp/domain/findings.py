"""The township's findings, recorded with the steps of the procedure, checked and worded here.

`002…` 民政厅 4 and `000…` 四(一): 乡镇 … 通过入户调查、邻里访问、信息核对等方式，对申请人的家庭经济
状况和实际生活情况进行调查核实; an objection at the notice leads to a 民主评议 (`002…` 民政厅 4).
Four kinds, each recorded with one step (STEP_KINDS), kept as plain data (JSON) and shown line by
line on the case page, in the opinion's record and in the household file:

- HOME_VISIT (入户调查): the date (not before the booked visit, not in the future), who visited,
  who was present, the housing, each member as seen (labour ability, illness, disability, living
  together or apart, care level `002…` 民政厅 第二类 3), notes;
- RECORDS_CHECK (家庭经济状况核对): per record kind of the authorisation letter (RECORD_KINDS) —
  checked or not, the result, whether it matches the declaration, the difference when not;
- DEMOCRATIC_REVIEW (民主评议): the date, participants, outcome, votes or a summary;
- CATEGORY: the findings that decide the category — property within limits, each member's legal
  supporters and their capacity (`002…` 民政厅 第二类 2(3), webapp/domain/supporters.py), the
  person's own wish for tekun care (尊重本人意愿), and a single-person household (单人户) for the
  applicant with its grounds and the exemption of support from siblings or anyone aged 60+
  (`000…` 一(一)).

Forms parse the fields (webapp/staff/finding_forms.py); the checks here are the rules between
them, each refusal naming its field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from webapp.domain import supporters as sup
from webapp.domain.care import CARE_LEVELS
from webapp.domain.case_machine import InvalidDate
from webapp.web.i18n import _

HOME_VISIT, RECORDS_CHECK, DEMOCRATIC_REVIEW, CATEGORY = (
    "home_visit", "records_check", "democratic_review", "category")
KINDS = {HOME_VISIT: _("入户调查"), RECORDS_CHECK: _("家庭经济状况核对"),
         DEMOCRATIC_REVIEW: _("民主评议"), CATEGORY: _("认定类别的调查发现")}
# The step of the dibao procedure (case_machine.APPLICATION) that records each kind.
STEP_KINDS = {"record_investigation": HOME_VISIT, "record_records_check": RECORDS_CHECK,
              "hold_democratic_review": DEMOCRATIC_REVIEW, "give_preliminary_opinion": CATEGORY}

# The records the applicant authorised the office to check, in the words and order of the
# authorisation letter (webapp/texts/letters/authorization.v1.txt; a test keeps them in step).
RECORD_KINDS = {"hukou": _("户籍"), "vehicle": _("车辆"), "employment": _("就业"),
                "insurance": _("社会保险"), "housing": _("住房"), "deposit": _("存款"),
                "securities": _("证券"), "business": _("工商登记"), "tax": _("纳税"),
                "provident_fund": _("住房公积金")}
HOUSING = {"own": _("自有住房"), "rented": _("租住"), "relatives": _("借住亲友家"),
           "unsafe": _("危房"), "none": _("无固定住所"), "other": _("其他")}
# Labour ability as seen; the keys are the application's (webapp/flows/choices.py LABOR_ABILITY).
LABOR = {"full": _("有劳动能力"), "partial": _("部分丧失劳动能力"), "none": _("无劳动能力")}
DISABILITY_KINDS = {"": _("没有残疾"), "physical": _("肢体残疾"), "visual": _("视力残疾"),
                    "hearing": _("听力残疾"), "speech": _("言语残疾"), "intellectual": _("智力残疾"),
                    "mental": _("精神残疾"), "multiple": _("多重残疾")}
DISABILITY_GRADES = {"1": _("一级"), "2": _("二级"), "3": _("三级"), "4": _("四级")}
LIVING = {"together": _("共同生活"), "apart": _("不在一起生活")}
OUTCOMES = {"agrees": _("多数认为符合救助条件"), "disagrees": _("多数认为不符合救助条件"),
            "divided": _("意见分歧，需要进一步核实")}
YES, NO = "yes", "no"


class FindingRefused(InvalidDate):
    """A finding that breaks a rule; `field` names the form field at fault (dots for nesting:
    `members.0.supporters.1.incapacity`)."""


def _day(text: str, field: str, label: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise FindingRefused(_("请填写%s") % label, field) from None


def check_home_visit(data: Mapping[str, Any], visit_on: date | None, today: date) -> None:
    """The visit happened on or after the booked day and not after today (`002…` 民政厅 4:
    the visit is recorded once made)."""
    day = _day(str(data.get("visited_on") or ""), "visited_on", _("入户调查日期"))
    if visit_on is not None and day < visit_on:
        raise FindingRefused(_("入户调查日期不能早于预约的日期 %s") % visit_on.isoformat(), "visited_on")
    if day > today:
        raise FindingRefused(_("入户调查日期不能晚于今天（%s），请上门调查以后再记录") % today.isoformat(),
                             "visited_on")
    for index, member in enumerate(data.get("members") or []):
        kind, grade = member.get("disability_kind") or "", member.get("disability_grade") or ""
        if kind and not grade:
            raise FindingRefused(_("有残疾的，请选择残疾等级"), f"members.{index}.disability_grade")
        if member.get("care_level") and member["care_level"] not in CARE_LEVELS:
            raise FindingRefused(_("请选择照料护理等级"), f"members.{index}.care_level")


def check_records(data: Mapping[str, Any]) -> None:
    """Each record kind: a result when checked, and the difference when it does not match."""
    for kind, label in RECORD_KINDS.items():
        item = (data.get("records") or {}).get(kind) or {}
        if item.get("checked") != YES:
            continue
        if not item.get("result"):
            raise FindingRefused(_("%s已核对的，请写核对结果") % label, f"records.{kind}.result")
        if item.get("matches") not in (YES, NO):
            raise FindingRefused(_("%s：请选择与申报是否一致") % label, f"records.{kind}.matches")
        if item.get("matches") == NO and not item.get("difference"):
            raise FindingRefused(_("%s与申报不一致的，请写明差异") % label, f"records.{kind}.difference")


def check_democratic_review(data: Mapping[str, Any], today: date) -> None:
    """Held by today, with the votes or a summary of what was said."""
    day = _day(str(data.get("held_on") or ""), "held_on", _("民主评议日期"))
    if day > today:
        raise FindingRefused(_("民主评议日期不能晚于今天（%s）") % today.isoformat(), "held_on")
    votes = [data.get(k) for k in ("votes_for", "votes_against", "votes_abstain")]
    if all(v is None for v in votes) and not data.get("summary"):
        raise FindingRefused(_("请填写表决票数，或写明评议情况"), "summary")


def check_category(data: Mapping[str, Any]) -> None:
    """The category findings: each supporter found unable by one of the seed's cases with the
    conditions it needs (`002…` 民政厅 第二类 2(3)); the exemption only with a single-person
    household, and the grounds of one (`000…` 一(一))."""
    for index, member in enumerate(data.get("members") or []):
        for slot, supporter in enumerate(member.get("supporters") or []):
            check_supporter(supporter, f"members.{index}.supporters.{slot}")
    if data.get("single_person") and not data.get("single_person_grounds"):
        raise FindingRefused(_("单人户的，请写明依据（如成年无业重度残疾人）"), "single_person_grounds")
    if data.get("exempt_family_support") and not data.get("single_person"):
        raise FindingRefused(_("只有按单人户申请的，才能不计入兄弟姐妹或60周岁以上老年人给的扶养费"),
                             "exempt_family_support")


def check_supporter(s: Mapping[str, Any], field: str) -> None:
    """Cases ② and ③ by age; ③–⑤ only with their conditions (`002…` 民政厅 第二类 2(3))."""
    case, age = s.get("incapacity") or "", s.get("age")
    if case and case not in sup.INCAPACITY_CASES:
        raise FindingRefused(_("请选择履行义务能力的情形"), f"{field}.incapacity")
    if case == sup.DIBAO_AGED_60 and age is not None and age < 60:
        raise FindingRefused(_("第②种情形须年满60周岁"), f"{field}.age")
    if case == sup.AGED_70_LOW_INCOME and age is not None and age < 70:
        raise FindingRefused(_("第③种情形须年满70周岁"), f"{field}.age")
    if case in sup.NEEDS_LOW_INCOME and not s.get("income_below_disposable"):
        raise FindingRefused(_("这种情形还须本人收入低于当地上年人均可支配收入，核实后请勾选"),
                             f"{field}.income_below_disposable")
    if case in sup.NEEDS_NEAR_DIBAO_PROPERTY and not s.get("property_within_near_dibao_limits"):
        raise FindingRefused(_("这种情形还须本人财产符合当地低保边缘家庭财产状况规定，核实后请勾选"),
                             f"{field}.property_within_near_dibao_limits")
    if case == sup.CITY_RULE and not s.get("note"):
        raise FindingRefused(_("第⑥种情形请写明省辖市人民政府的规定"), f"{field}.note")


def supporters_of(member: Mapping[str, Any]) -> tuple[sup.Supporter, ...]:
    """The interface the eligibility rules read (webapp/domain/supporters.py)."""
    return tuple(sup.Supporter(relation=str(s["relation"]), age=s.get("age"),
                               incapacity=s.get("incapacity") or "",
                               income_below_disposable=bool(s.get("income_below_disposable")),
                               property_within_near_dibao_limits=bool(
                                   s.get("property_within_near_dibao_limits")),
                               note=str(s.get("note") or ""))
                 for s in member.get("supporters") or [] if s.get("relation"))


Lines = list[tuple[str, str]]


def lines(kind: str, data: Mapping[str, Any]) -> Lines:
    """A recorded finding, line by line, in words."""
    return {HOME_VISIT: _home_visit_lines, RECORDS_CHECK: _records_lines,
            DEMOCRATIC_REVIEW: _review_lines, CATEGORY: _category_lines}[kind](data)


def _joined(parts: Sequence[str]) -> str:
    return "；".join(p for p in parts if p)


def _home_visit_lines(d: Mapping[str, Any]) -> Lines:
    housing = HOUSING.get(d.get("housing") or "", "")
    rows = [(_("调查日期"), str(d.get("visited_on") or "")), (_("调查人员"), str(d.get("visitors") or "")),
            (_("在场人员"), str(d.get("present") or "")),
            (_("住房情况"), _joined([housing, str(d.get("housing_note") or "")]))]
    for m in d.get("members") or []:
        rows.append((str(m.get("name") or ""), member_seen(m)))
    if d.get("notes"):
        rows.append((_("其他情况"), str(d["notes"])))
    return rows


def member_seen(m: Mapping[str, Any]) -> str:
    """One member as seen: 无劳动能力；患病：脑梗；肢体残疾二级；共同生活；半护理."""
    kind = m.get("disability_kind") or ""
    disability = (DISABILITY_KINDS.get(kind, "") + DISABILITY_GRADES.get(m.get("disability_grade") or "", "")
                  if kind else _("无残疾"))
    illness = _("患病：%s") % m["illness"] if m.get("illness") else _("无重大疾病")
    return _joined([LABOR.get(m.get("labor_ability") or "", ""), illness, disability,
                    LIVING.get(m.get("lives") or "", ""), CARE_LEVELS.get(m.get("care_level") or "", "")])


def _records_lines(d: Mapping[str, Any]) -> Lines:
    rows = []
    for kind, label in RECORD_KINDS.items():
        item = (d.get("records") or {}).get(kind) or {}
        if item.get("checked") != YES:
            rows.append((label, _("未核对")))
            continue
        matches = _("与申报一致") if item.get("matches") == YES else _("与申报不一致")
        difference = _("差异：%s") % item["difference"] if item.get("difference") else ""
        rows.append((label, _joined([_("已核对，") + matches, str(item.get("result") or ""), difference])))
    if d.get("notes"):
        rows.append((_("其他情况"), str(d["notes"])))
    return rows


def _review_lines(d: Mapping[str, Any]) -> Lines:
    rows = [(_("评议日期"), str(d.get("held_on") or "")), (_("参加人员"), str(d.get("participants") or "")),
            (_("评议结果"), OUTCOMES.get(d.get("outcome") or "", ""))]
    votes = [d.get(k) for k in ("votes_for", "votes_against", "votes_abstain")]
    if any(v is not None for v in votes):
        rows.append((_("表决"), _("同意 %d，不同意 %d，弃权 %d") % tuple(v or 0 for v in votes)))
    if d.get("summary"):
        rows.append((_("评议情况"), str(d["summary"])))
    return rows


def supporter_words(s: sup.Supporter) -> str:
    """母亲，62岁，有履行义务能力 / 父亲，75岁，无履行义务能力：70周岁以上…"""
    age = _("%d岁") % s.age if s.age is not None else ""
    able = (_("无履行义务能力：%s") % sup.INCAPACITY_CASES[s.incapacity] if s.incapacity
            else _("有履行义务能力"))
    return "，".join(p for p in (s.relation, age, able, s.note) if p)


def _category_lines(d: Mapping[str, Any]) -> Lines:
    within = _("符合当地规定") if d.get("property_within_limits") else _("超过当地规定")
    rows = [(_("家庭财产"), _joined([within, str(d.get("property_note") or "")]))]
    for m in d.get("members") or []:
        found = supporters_of(m)
        rows.append((_("%s的法定赡养、抚养、扶养义务人") % m.get("name", ""),
                     "；".join(supporter_words(s) for s in found) if found
                     else _("无法定赡养、抚养、扶养义务人")))
        if m.get("wants_tekun_care"):
            rows.append((_("%s本人意愿") % m.get("name", ""), _("愿意接受特困人员救助供养")))
    if d.get("single_person"):
        exempt = _("不计入兄弟姐妹或60周岁以上老年人给的扶养费") if d.get("exempt_family_support") else ""
        rows.append((_("单人户"), _joined([_("申请人单独提出申请"), str(d.get("single_person_grounds") or ""),
                                           exempt])))
    return rows
