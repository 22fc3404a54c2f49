"""Change reports in the domain: who reports here, the 3 months to report a change (RULES.md
"Honest reporting", 000… 五(五); 004… 五(三)), the review within 3 months of a death (RULES.md
"Death of a member", 000… 一(三)), and the township's decisions."""

from datetime import date

import pytest

from webapp.domain import change_reports as rules
from webapp.domain.case_machine import APPLICATION, RELAPSE_MONITORING, TEMPORARY_AID, InvalidDate


@pytest.mark.parametrize(("machine", "state", "reports"), [
    (APPLICATION.name, "published", True),
    (APPLICATION.name, "phasing_out", True),
    (APPLICATION.name, "public_notice", False),
    (APPLICATION.name, "ended", False),
    (RELAPSE_MONITORING.name, "plan_entered", False),
    (TEMPORARY_AID.name, "approved", False),
])
def test_only_a_household_receiving_assistance_reports_changes_here(machine, state, reports):
    assert rules.can_report(machine, state) is reports


def test_a_household_not_receiving_is_refused_with_a_message():
    with pytest.raises(rules.ChangeRefused, match="不在领取救助"):
        rules.check_can_report(APPLICATION.name, "accepted")


# 000… 五(五); 004… 五(三): more than 3 months unreported earns criticism.
@pytest.mark.parametrize(("happened", "reported", "in_time"), [
    (date(2026, 3, 5), date(2026, 3, 5), True),
    (date(2026, 3, 5), date(2026, 6, 5), True),  # the last day of the 3 months
    (date(2026, 3, 5), date(2026, 6, 6), False),
    (date(2026, 11, 30), date(2027, 2, 28), True),  # 30 Nov + 3 months is 28 Feb
    (date(2026, 11, 30), date(2027, 3, 1), False),
])
def test_000_5_5_a_change_is_in_time_within_3_months_of_the_day_it_happened(happened, reported,
                                                                              in_time):
    assert rules.reported_in_time(happened, reported) is in_time


def test_000_5_5_the_last_day_to_report_is_3_months_on():
    assert rules.report_by(date(2026, 1, 31)) == date(2026, 4, 30)


def test_a_change_cannot_have_happened_after_today():
    with pytest.raises(InvalidDate) as refused:
        rules.check_happened_on(date(2026, 12, 4), date(2026, 12, 3))
    assert refused.value.field == "happened_on"
    rules.check_happened_on(date(2026, 12, 3), date(2026, 12, 3))


def test_an_unknown_kind_of_change_is_refused():
    with pytest.raises(rules.ChangeRefused) as refused:
        rules.check_kind("lottery")
    assert refused.value.field == "kind"


# 000… 一(三): 低保家庭成员死亡后，应当自其死亡之日起3个月内对其家庭状况进行核查.
def test_000_1_3_a_death_brings_the_review_to_3_months_after_it():
    assert rules.death_review_due(date(2026, 11, 2), date(2027, 6, 1)) == date(2027, 2, 2)


def test_000_1_3_a_review_already_due_sooner_stays_sooner():
    assert rules.death_review_due(date(2026, 11, 2), date(2026, 12, 20)) == date(2026, 12, 20)


def test_000_1_3_a_household_with_no_review_yet_gets_one_3_months_after_the_death():
    assert rules.death_review_due(date(2026, 11, 30), None) == date(2027, 2, 28)


def test_an_earlier_review_is_from_today_and_never_later_than_the_one_due():
    today = date(2026, 12, 3)
    assert rules.sooner_review(date(2027, 1, 10), date(2027, 6, 1), today) == date(2027, 1, 10)
    for chosen in (date(2026, 12, 2), date(2027, 6, 2)):
        with pytest.raises(InvalidDate) as refused:
            rules.sooner_review(chosen, date(2027, 6, 1), today)
        assert refused.value.field == "review_by"


def test_a_stop_needs_its_reason():
    with pytest.raises(rules.ChangeRefused) as refused:
        rules.check_decision(rules.STOP, APPLICATION.name, "published", " ")
    assert refused.value.field == "reason"
    rules.check_decision(rules.STOP, APPLICATION.name, "published", "家庭人均收入超过低保标准")


def test_a_household_no_longer_receiving_can_only_be_marked_no_change():
    rules.check_decision(rules.NO_CHANGE, APPLICATION.name, "ended", "")
    for decision in (rules.REVIEW, rules.STOP):
        with pytest.raises(rules.ChangeRefused):
            rules.check_decision(decision, APPLICATION.name, "ended", "理由")


def test_an_unknown_decision_is_refused():
    with pytest.raises(rules.ChangeRefused) as refused:
        rules.check_decision("raise", APPLICATION.name, "published", "")
    assert refused.value.field == "decision"
