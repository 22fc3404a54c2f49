"""One open case per person and procedure, one name per ID number (webapp/domain/persons.py)."""

import pytest

from webapp.domain.case_machine import APPLICATION, MACHINES, RELAPSE_MONITORING, TEMPORARY_AID, Group
from webapp.domain.persons import (
    PersonCase,
    name_fits,
    normalise_id_number,
    normalise_name,
    open_case,
)


def case(state: str, machine: str = APPLICATION.name, case_id: int = 1,
         submission_id: int = 1) -> PersonCase:
    return PersonCase(case_id, submission_id, f"REF{case_id:05d}", machine, state)


@pytest.mark.parametrize("state", sorted(set(APPLICATION.states) - APPLICATION.final_states()))
def test_an_application_not_finished_bars_a_second_one(state):
    """`004…` §五(一) 一次申请 and `004…` §三(一) 避免重复救助: from submission to publication
    and phase-out, a second application of the same person is refused."""
    assert open_case(APPLICATION.name, [case(state)]) == case(state)


@pytest.mark.parametrize("state", sorted(APPLICATION.final_states()))
def test_a_finished_application_bars_nothing(state):
    """Not accepted, refused or stopped: the person may apply again."""
    assert open_case(APPLICATION.name, [case(state)]) is None


def test_a_household_receiving_dibao_reports_a_change_instead():
    """RULES.md "Honest reporting" (`000…` 五(五)): a published case is decided, so the person is
    told to report a change rather than apply again."""
    found = open_case(APPLICATION.name, [case("published")])
    assert found is not None and found.decided
    assert not case("accepted").decided


@pytest.mark.parametrize("state", sorted(RELAPSE_MONITORING.states))
def test_a_self_declaration_bars_another_until_finished(state):
    """`002…` 乡村振兴局(二): a monitored household is helped until its risk is removed; a second
    declaration while one runs would be a second record of the same household."""
    found = open_case(RELAPSE_MONITORING.name, [case(state, RELAPSE_MONITORING.name)])
    assert (found is None) == (state in RELAPSE_MONITORING.final_states())


@pytest.mark.parametrize("state", sorted(TEMPORARY_AID.states))
def test_temporary_aid_bars_another_only_while_undecided(state):
    """`001…` 二(六): temporary aid answers each sudden hardship; once a request is decided
    (approved and paid in stages, refused, completed) a new emergency is a new request."""
    found = open_case(TEMPORARY_AID.name, [case(state, TEMPORARY_AID.name)])
    assert (found is not None) == (state in TEMPORARY_AID.group(Group.OPEN))
    assert open_case(TEMPORARY_AID.name, [case("approved", TEMPORARY_AID.name)]) is None


def test_a_case_of_another_kind_bars_nothing():
    """One application, classified determination: a self-declaration or temporary aid is
    another procedure, open alongside an application."""
    cases = [case("accepted")]
    assert open_case(RELAPSE_MONITORING.name, cases) is None
    assert open_case(TEMPORARY_AID.name, cases) is None


def test_the_form_being_filled_or_corrected_never_bars_itself():
    assert open_case(APPLICATION.name, [case("correction_requested", submission_id=7)],
                     own_submission=7) is None


def test_the_newest_barring_case_is_named():
    cases = [case("published", case_id=3), case("ended", case_id=9), case("accepted", case_id=5)]
    assert open_case(APPLICATION.name, cases).case_id == 5


def test_every_machine_has_a_one_at_a_time_group():
    for machine in MACHINES.values():
        assert machine.group(Group.ONE_AT_A_TIME), machine.name
        assert not machine.group(Group.ONE_AT_A_TIME) & machine.final_states()


def test_an_id_number_is_kept_in_one_form():
    assert normalise_id_number(" 11010519491231002x ") == "11010519491231002X"
    assert normalise_id_number("１１０１０５") == "110105"
    assert normalise_id_number("") is None and normalise_id_number(None) is None


def test_a_name_fits_only_the_one_bound():
    assert name_fits(None, "任何人")
    assert name_fits("张三", "张 三") and name_fits("张三", " 张三")
    assert not name_fits("张三", "李四")
    assert normalise_name("Ｗａｎｇ Ｆａｎｇ") == "WangFang"
