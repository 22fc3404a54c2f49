"""Temporary aid (RULES.md "Temporary assistance"): each test names the clause it checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from webapp.domain import temporary_aid as aid
from webapp.domain.policy import HENAN_2022
from webapp.domain.temporary_aid import AidRefused, Level
from webapp.flows import get_flow

URBAN = HENAN_2022.dibao_urban_monthly  # 630 yuan a month, in fen


@pytest.mark.parametrize("size", [1, 3])
def test_002_minzheng_3_up_to_3_times_per_person_the_township_approves(size):
    """002… 民政厅 第三类 2: 不超过城市月低保标准 3 倍的，可委托乡镇审批 (630 × 3 = 1,890 a person)."""
    approval = aid.approval_level(HENAN_2022, 3 * URBAN * size, size)

    assert approval.level is Level.TOWNSHIP
    assert approval.township_limit == 1_890_00 * size
    assert "1,890" in aid.approval_level(HENAN_2022, 1_890_00, 1).why


@pytest.mark.parametrize("size", [1, 4])
def test_002_minzheng_3_one_fen_over_3_times_goes_to_the_county(size):
    """002… 民政厅 第三类 2: 超过3倍但低于6倍的，由县级民政部门审批 — per person, so a household
    of four is over only above 4 × 1,890."""
    approval = aid.approval_level(HENAN_2022, 3 * URBAN * size + 1, size)

    assert approval.level is Level.COUNTY
    assert "县级" in approval.why


def test_002_minzheng_3_the_limits_are_per_person_not_per_household():
    """002… 民政厅 第三类 2: 每人不超过…: 3,000 yuan is the county's for one person, the
    township's for two."""
    assert aid.approval_level(HENAN_2022, 3_000_00, 1).level is Level.COUNTY
    assert aid.approval_level(HENAN_2022, 3_000_00, 2).level is Level.TOWNSHIP


def test_002_minzheng_3_exactly_6_times_is_the_countys_and_more_is_refused():
    """002… 民政厅 第三类 2: 每人不超过 6 倍; above it only 一事一议 for major hardship."""
    assert aid.approval_level(HENAN_2022, 6 * URBAN * 2, 2).level is Level.COUNTY
    with pytest.raises(AidRefused) as refused:
        aid.approval_level(HENAN_2022, 6 * URBAN * 2 + 1, 2)
    assert "一事一议" in refused.value.message and refused.value.field == "amount"


@pytest.mark.parametrize("amount", [500_00, 3 * URBAN, 20_000_00])
def test_002_minzheng_3_major_hardship_is_case_by_case_whatever_the_amount(amount):
    """002… 民政厅 第三类 2: 对遭遇重大生活困难的…采取“一事一议”方式确定救助额度 — the trigger is
    the hardship, not only an amount over 6 ×."""
    approval = aid.approval_level(HENAN_2022, amount, 1, major_hardship=True)

    assert approval.level is Level.CASE_BY_CASE
    with pytest.raises(AidRefused):
        aid.check_case_by_case(approval, "  ")
    aid.check_case_by_case(approval, "县民政局、县医保局、乡政府、村委会")


def test_the_limits_follow_the_parameters_in_force():
    """RULES.md: standards are data per region and period — a county with a 700-yuan urban
    standard and a township multiple of 2 approves up to 1,400 a person at the township."""
    params = replace(HENAN_2022, dibao_urban_monthly=700_00, temporary_aid_township_multiple=2)

    assert aid.approval_level(params, 1_400_00, 1).level is Level.TOWNSHIP
    assert aid.approval_level(params, 1_400_01, 1).level is Level.COUNTY


def test_the_township_cannot_approve_what_needs_the_county():
    """002… 民政厅 第三类 2: 3–6 × is approved by the county's civil-affairs department."""
    over = aid.approval_level(HENAN_2022, 3 * URBAN + 1, 1)
    within = aid.approval_level(HENAN_2022, 3 * URBAN, 1)

    with pytest.raises(AidRefused) as refused:
        aid.check_approver(over, Level.TOWNSHIP)
    assert "县级" in refused.value.message
    aid.check_approver(over, Level.COUNTY)
    aid.check_approver(within, Level.TOWNSHIP)
    aid.check_approver(within, Level.COUNTY)  # the county delegated it, and may still approve


def test_nothing_or_nobody_is_not_an_amount():
    with pytest.raises(AidRefused):
        aid.approval_level(HENAN_2022, 0, 1)
    with pytest.raises(AidRefused):
        aid.approval_level(HENAN_2022, 100_00, 0)


def test_001_2_6_first_aid_is_capped_by_the_regions_parameter():
    """001… 二(六); 004… 四(三): 小金额先行救助 — small amounts first, within the local cap."""
    cap = HENAN_2022.temporary_aid_first_aid_cap
    aid.check_first_aid(cap, cap)
    with pytest.raises(AidRefused) as refused:
        aid.check_first_aid(cap + 1, cap)
    assert "1,000" in refused.value.message
    with pytest.raises(AidRefused):
        aid.check_first_aid(0, cap)


def test_001_2_6_one_approval_paid_in_stages_never_more_than_approved():
    """001… 二(六): 一次审批、分阶段救助."""
    aid.check_payment(1_000_00, 3_000_00, 2_000_00)
    with pytest.raises(AidRefused) as refused:
        aid.check_payment(1_000_01, 3_000_00, 2_000_00)
    assert "1,000" in refused.value.message


def test_000_2_1_three_months_without_income_uninsured_and_not_on_dibao():
    """000… 二(一): 连续3个月无收入来源、失业保险政策无法覆盖、未纳入低保范围的未参保失业人员."""
    today = date(2026, 12, 2)
    path = aid.income_loss_path

    assert path(date(2026, 9, 2), today, unemployment_insured=False, on_dibao=False)
    assert not path(date(2026, 9, 3), today, unemployment_insured=False, on_dibao=False)
    assert not path(date(2026, 6, 1), today, unemployment_insured=True, on_dibao=False)
    assert not path(date(2026, 6, 1), today, unemployment_insured=False, on_dibao=True)
    assert not path(None, today, unemployment_insured=False, on_dibao=False)


def test_whole_months_count_the_day_of_the_month():
    assert aid.months_between(date(2026, 1, 5), date(2026, 4, 4)) == 2
    assert aid.months_between(date(2026, 1, 5), date(2026, 4, 5)) == 3
    assert aid.months_between(date(2026, 1, 31), date(2026, 2, 28)) == 0


def test_001_2_6_no_hukou_or_residence_condition_in_the_form():
    """001… 二(六); 004… 四(三): 取消户籍地、居住地申请限制 — the form places the case where the
    emergency happened and asks the hukou only to tell the person it does not matter."""
    flow = get_flow("temporary_aid")
    place = flow.step(flow.village_step).form

    assert flow.village_step == "place"
    assert "不看户口" in str(place.hukou.kwargs["description"])
    assert set(place.hukou.kwargs["choices"]) >= {"province", "elsewhere"}
    assert not any(hasattr(step.form, "hukou_same") for step in flow.steps if step.form)


def test_the_form_is_short_on_purpose():
    """Issue 9: at most 5 pages before the letter."""
    assert len(get_flow("temporary_aid").steps) <= 5


# Issue 12: 002… 民政厅 第三类 2 — "对遭遇重大生活困难的 … 采取‘一事一议’方式确定救助额度": the
# decision rests on a recorded finding of major hardship, not on an amount (RULES.md is wrong).
def test_002_minzheng_3_case_by_case_needs_a_recorded_major_hardship_finding():
    with pytest.raises(aid.AidRefused) as refused:
        aid.check_major_hardship(True, "  ")
    assert refused.value.field == "major_hardship_finding"
    aid.check_major_hardship(True, "房屋倒塌，户主重伤住院")
    aid.check_major_hardship(False, "")


def test_002_minzheng_3_over_six_times_only_by_case_by_case_and_approved_only_on_its_finding():
    with pytest.raises(aid.AidRefused, match="一事一议"):
        aid.approval_level(HENAN_2022, 20_000_00, 1)
    approval = aid.approval_level(HENAN_2022, 20_000_00, 1, major_hardship=True)
    assert approval.level is aid.Level.CASE_BY_CASE
    with pytest.raises(aid.AidRefused, match="重大生活困难"):
        aid.check_case_by_case_grounds(approval, "")
    aid.check_case_by_case_grounds(approval, "房屋倒塌，户主重伤住院")
