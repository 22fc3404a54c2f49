"""好差评 (国办发〔2019〕51号): which steps of a case finish a service the applicant rates, and the
five levels of a rating, the two lowest of which open a follow-up. The notice is cited by name
only: it asks that each service, once done, can be rated on five levels, that bad ratings are
followed up and answered, and that the results are public."""

from __future__ import annotations

import pytest

from webapp.domain import case_machine as machine
from webapp.domain import ratings as rules

RATED = {
    (m.name, t.state, t.action): rules.service_of(m, t.state, t.action)
    for m in machine.MACHINES.values() for t in m.transitions
}


def kinds(machine_name: str, action: str) -> set[str | None]:
    return {kind for (name, _state, act), kind in RATED.items()
            if name == machine_name and act == action}


def test_guoban_2019_51_five_levels_best_first():
    """国办发〔2019〕51号: 非常满意、满意、基本满意、不满意、非常不满意 — the SMS reply digits 1–5."""
    assert list(rules.LEVELS.values()) == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert list(rules.LEVELS) == [1, 2, 3, 4, 5]


def test_guoban_2019_51_the_two_lowest_levels_are_bad_ratings_that_are_followed_up():
    assert [level for level in rules.LEVELS if rules.is_low(level)] == [4, 5]


@pytest.mark.parametrize("text", ["0", "6", "12", "", "a", "满意", "-1", "1.0"])
def test_anything_but_one_digit_from_1_to_5_is_not_a_level(text):
    with pytest.raises(rules.InvalidLevel):
        rules.parse_level(text)


@pytest.mark.parametrize("text", ["1", "3", " 5 "])
def test_a_digit_from_1_to_5_is_a_level(text):
    assert rules.parse_level(text) == int(text)


@pytest.mark.parametrize(("machine_name", "action"), [
    ("application", "refuse_acceptance"), ("application", "confirm"), ("application", "refuse"),
    ("application", "start_phase_out"), ("application", "stop_assistance"),
    ("application", "end_phase_out"),
    ("relapse_monitoring", "approve_at_county"), ("relapse_monitoring", "reject_at_county"),
    ("relapse_monitoring", "reject_at_township"), ("relapse_monitoring", "not_shortlist"),
    ("relapse_monitoring", "remove_risk"),
    ("temporary_aid", "refuse_acceptance"), ("temporary_aid", "approve"),
    ("temporary_aid", "refuse"),
])
def test_guoban_2019_51_a_decision_told_to_the_applicant_is_a_finished_service(machine_name, action):
    assert kinds(machine_name, action) == {rules.DECISION}


def test_a_first_aid_payment_and_a_correction_received_are_services_of_their_own():
    assert kinds("temporary_aid", "give_first_aid") == {rules.FIRST_AID}
    assert kinds("application", "resubmit") == {rules.CORRECTION}


@pytest.mark.parametrize(("machine_name", "action"), [
    ("application", "accept"), ("application", "book_visit"), ("application", "publish"),
    ("application", "request_correction"), ("application", "record_review"),
    ("application", "start_public_notice"), ("relapse_monitoring", "verify_at_home"),
    ("relapse_monitoring", "enter_assistance_plan"), ("temporary_aid", "accept"),
    ("temporary_aid", "record_payment"), ("temporary_aid", "complete_aid"),
    ("temporary_aid", "mark_urgent"),
])
def test_steps_on_the_way_or_inside_a_decided_state_are_not_asked_about(machine_name, action):
    assert kinds(machine_name, action) == {None}


def test_a_confirmation_not_yet_published_is_decided_but_still_open_for_the_deadline():
    """The machine keeps the deadline running until publication; the applicant has the result."""
    decided = rules.decided_states(machine.APPLICATION)
    (confirmed,) = {t.next_state for t in machine.APPLICATION.transitions if t.action == "confirm"}

    assert confirmed in decided
    assert confirmed in machine.APPLICATION.group(machine.Group.OPEN)
    assert machine.APPLICATION.initial not in decided


def test_every_silent_step_is_never_a_decision():
    """The applicant is not told of a silent step, so there is nothing they could rate."""
    for m in machine.MACHINES.values():
        for t in m.transitions:
            if t.sms == machine.SILENT:
                assert rules.service_of(m, t.state, t.action) is None, t


def test_an_unknown_step_is_not_a_service():
    assert rules.service_of("application", "submitted", "approve") is None
