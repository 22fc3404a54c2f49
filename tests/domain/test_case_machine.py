"""The case state machines: RULES.md "Procedure and deadlines for dibao" and "Relapse monitoring"."""

from datetime import date

import pytest

from webapp.domain.case_machine import (
    AFTER_NOTICE,
    APPLICATION,
    COUNTY_CONFIRMER,
    DURING_NOTICE,
    EXTENSION_REASONS,
    MACHINES,
    PUBLIC,
    RELAPSE_MONITORING,
    ROLES,
    SILENT,
    TOWNSHIP_REVIEWER,
    VILLAGE_ASSISTANT,
    Extension,
    ExtensionReason,
    IllegalTransition,
    Machine,
    RoleNotAllowed,
    Transition,
    actions_from,
    check_after_opinion,
    deadline_for,
    next_state,
    notice_period,
    official_can_take_household,
    relapse_approval_due,
    relapse_plan_due,
    transition_for,
)
from webapp.domain.policy import DeadlineDays
from webapp.domain.working_days import WorkingCalendar

NOTICE = notice_period(date(2025, 3, 3))  # 3–9 March
DURING = date(2025, 3, 5)
AFTER = date(2025, 3, 10)


def legal_kwargs(t: Transition) -> dict:
    """What a legal step needs: a role that may take it, a reason, and a fitting day."""
    today = {DURING_NOTICE: DURING, AFTER_NOTICE: AFTER}.get(t.when, DURING)
    return {"role": sorted(t.allowed_roles)[0], "reason": "理由", "notice": NOTICE, "today": today}


def walk(machine: Machine, *actions: str, township_confirms: bool = False) -> str:
    state = machine.initial
    for action in actions:
        t = transition_for(machine, state, action)
        kwargs = legal_kwargs(t) | {"township_confirms": township_confirms}
        state = next_state(machine, state, action, **kwargs)
    return state


def every_pair(machine: Machine) -> list[tuple[Machine, str, str]]:
    actions = sorted({t.action for t in machine.transitions})
    return [(machine, s, a) for s in machine.states for a in actions]


ALL_PAIRS = every_pair(APPLICATION) + every_pair(RELAPSE_MONITORING)
ALL_TRANSITIONS = [(m, t) for m in MACHINES.values() for t in m.transitions]


# RULES.md "Procedure and deadlines for dibao" and "Relapse monitoring": every state × every action
# either is a row of the table and leads where the table says, or is refused.
@pytest.mark.parametrize(
    ("machine", "state", "action"), ALL_PAIRS, ids=[f"{m.name}:{s}:{a}" for m, s, a in ALL_PAIRS]
)
def test_every_step_from_every_state_is_legal_only_if_in_the_table(machine, state, action):
    row = machine.find(state, action)
    if row is None:
        with pytest.raises(IllegalTransition, match="下不能办理"):
            next_state(machine, state, action, role=PUBLIC, reason="x", notice=NOTICE, today=DURING)
        assert action not in {t.action for t in actions_from(machine, state)}
    else:
        assert next_state(machine, state, action, **legal_kwargs(row)) == row.next_state
        assert row in actions_from(machine, state)


# Issue 4: only the right people take each step.
@pytest.mark.parametrize(
    ("machine", "t"), ALL_TRANSITIONS, ids=[f"{m.name}:{t.state}:{t.action}" for m, t in ALL_TRANSITIONS]
)
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_step_is_open_only_to_its_roles(machine, t, role):
    kwargs = legal_kwargs(t) | {"role": role}
    if role in t.allowed_roles:
        assert next_state(machine, t.state, t.action, **kwargs) == t.next_state
    else:
        with pytest.raises(RoleNotAllowed):
            next_state(machine, t.state, t.action, **kwargs)


def test_unknown_state_is_refused():
    with pytest.raises(IllegalTransition, match="未知的办理状态"):
        next_state(APPLICATION, "paid", "publish")


def test_machines_are_looked_up_by_name():
    assert next_state("application", "submitted", "accept") == "accepted"


def test_every_state_can_be_reached_from_the_start():
    for machine in MACHINES.values():
        reached, frontier = {machine.initial}, [machine.initial]
        while frontier:
            for t in actions_from(machine, frontier.pop()):
                if t.next_state not in reached:
                    reached.add(t.next_state)
                    frontier.append(t.next_state)
        assert reached == set(machine.states), machine.name


def test_the_procedures_end_where_expected():
    # After publication, dynamic management goes on until assistance stops (RULES.md "Procedure
    # and deadlines for dibao": periodic review, phase-out).
    assert APPLICATION.final_states() == {"not_accepted", "refused", "ended"}
    assert APPLICATION.closed_states() == {"not_accepted", "refused", "ended", "published", "phasing_out"}
    # RULES.md "Relapse monitoring": monitored after the plan until the risk is removed.
    assert RELAPSE_MONITORING.final_states() == {"risk_removed", "not_included"}
    assert RELAPSE_MONITORING.closed_states() == {"risk_removed", "not_included", "plan_entered"}


def test_a_table_with_an_unknown_state_is_refused_when_built():
    with pytest.raises(ValueError):
        Machine("broken", "a", {"a": "A"}, (Transition("a", "go", "b", frozenset(), "去", SILENT),))


# RULES.md "Procedure and deadlines for dibao": application → acceptance → investigation and data
# check → preliminary opinion → 7-day notice → confirmation → publication.
def test_an_application_goes_from_acceptance_to_publication():
    state = walk(
        APPLICATION,
        "accept", "book_visit", "record_investigation", "record_records_check",
        "give_preliminary_opinion", "start_public_notice", "confirm", "publish",
    )

    assert state == "published"


# RULES.md "Procedure and deadlines for dibao": objection → re-investigate, then a new opinion and
# a new notice.
def test_an_objection_leads_back_to_investigation_and_a_new_notice():
    state = walk(
        APPLICATION,
        "accept", "book_visit", "record_investigation", "record_records_check",
        "give_preliminary_opinion", "start_public_notice", "raise_objection", "reinvestigate",
        "record_records_check", "give_preliminary_opinion", "start_public_notice",
    )

    assert state == "public_notice"


# RULES.md "Procedure and deadlines for dibao": objection → community review (民主评议).
def test_an_objection_can_go_to_democratic_review_then_a_new_opinion():
    state = walk(
        APPLICATION,
        "accept", "book_visit", "record_investigation", "record_records_check",
        "give_preliminary_opinion", "start_public_notice", "raise_objection", "hold_democratic_review",
        "give_preliminary_opinion",
    )

    assert state == "preliminary_opinion"


# RULES.md "Procedure and deadlines for dibao": with an objection pending, nobody confirms.
def test_no_confirmation_while_an_objection_is_open():
    with pytest.raises(IllegalTransition):
        next_state(APPLICATION, "objection_raised", "confirm",
                   role=COUNTY_CONFIRMER, notice=NOTICE, today=AFTER)


# Issue 4: ask the applicant to correct named answers; they resubmit and the case is accepted again.
def test_a_correction_round_trip_returns_to_accepted():
    assert walk(APPLICATION, "accept", "request_correction", "resubmit") == "accepted"


# RULES.md "One application, classified determination": everything is asked for once — the
# investigation does not start while a correction is awaited.
def test_no_home_visit_while_a_correction_is_awaited():
    with pytest.raises(IllegalTransition):
        next_state(APPLICATION, "correction_requested", "book_visit", role=TOWNSHIP_REVIEWER)


# RULES.md "Procedure and deadlines for dibao": never decide without an economic investigation.
def test_no_preliminary_opinion_before_the_investigation():
    with pytest.raises(IllegalTransition, match="已受理"):
        next_state(APPLICATION, "accepted", "give_preliminary_opinion", role=TOWNSHIP_REVIEWER)


def test_no_withdrawal_step_exists():
    # RULES.md gives the applicant no withdrawal step, so the table has none.
    assert not any("withdraw" in t.action for m in MACHINES.values() for t in m.transitions)


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("submitted", "refuse_acceptance"),
        ("accepted", "request_correction"),
        ("public_notice", "refuse"),
        ("public_notice", "raise_objection"),
    ],
)
def test_a_refusal_a_correction_or_an_objection_needs_a_reason(state, action):
    t = transition_for(APPLICATION, state, action)
    kwargs = legal_kwargs(t) | {"reason": "  "}

    with pytest.raises(IllegalTransition, match="需要写明理由"):
        next_state(APPLICATION, state, action, **kwargs)


# RULES.md "Procedure and deadlines for dibao": the public notice lasts 7 days.
def test_the_public_notice_lasts_seven_calendar_days():
    assert notice_period(date(2025, 3, 3)) == (date(2025, 3, 3), date(2025, 3, 9))
    # Calendar days, holidays included (000… 四(二) says 7 天, not 7 个工作日).
    assert notice_period(date(2025, 9, 29)).end == date(2025, 10, 5)


# RULES.md "Procedure and deadlines for dibao"; issue 4: anyone may object during the notice.
@pytest.mark.parametrize(("today", "allowed"), [
    (date(2025, 3, 2), False), (date(2025, 3, 3), True), (date(2025, 3, 9), True), (date(2025, 3, 10), False),
])
def test_an_objection_is_accepted_only_during_the_notice(today, allowed):
    def step() -> str:
        return next_state(APPLICATION, "public_notice", "raise_objection", role=PUBLIC, reason="收入不实",
                          notice=NOTICE, today=today)

    if allowed:
        assert step() == "objection_raised"
    else:
        with pytest.raises(IllegalTransition, match="只能在公示期内"):
            step()


# RULES.md "Procedure and deadlines for dibao": confirmation after a notice without objection.
@pytest.mark.parametrize(("today", "allowed"), [(date(2025, 3, 9), False), (date(2025, 3, 10), True)])
def test_confirmation_only_after_the_notice_has_ended(today, allowed):
    def step() -> str:
        return next_state(APPLICATION, "public_notice", "confirm", role=COUNTY_CONFIRMER, notice=NOTICE,
                          today=today)

    if allowed:
        assert step() == "confirmed"
    else:
        with pytest.raises(IllegalTransition, match="结束后才能审核确认"):
            step()


def test_a_step_tied_to_the_notice_needs_its_dates():
    with pytest.raises(IllegalTransition, match="起止日期"):
        next_state(APPLICATION, "public_notice", "confirm", role=COUNTY_CONFIRMER)


# RULES.md "Procedure and deadlines for dibao": 20 working days "where the township holds the
# authority to confirm" — then the township reviewer confirms and refuses.
@pytest.mark.parametrize("action", ["confirm", "refuse"])
def test_the_township_confirms_only_where_it_holds_the_authority(action):
    kwargs = {"role": TOWNSHIP_REVIEWER, "reason": "不符合", "notice": NOTICE, "today": AFTER}

    with pytest.raises(RoleNotAllowed, match="乡镇审核人员"):
        next_state(APPLICATION, "public_notice", action, **kwargs)
    assert next_state(APPLICATION, "public_notice", action, township_confirms=True, **kwargs)
    assert next_state(APPLICATION, "public_notice", action, township_confirms=True,
                      **kwargs | {"role": COUNTY_CONFIRMER})


def test_the_township_reviewer_sees_the_confirmation_steps_only_where_delegated():
    def visible(delegated: bool) -> set[str]:
        return {t.action for t in actions_from(APPLICATION, "public_notice", TOWNSHIP_REVIEWER, delegated)}

    assert visible(False) == {"raise_objection"}  # as anyone may
    assert visible(True) == {"raise_objection", "confirm", "refuse"}


# RULES.md "Relapse monitoring": home verification → data comparison → village shortlist →
# township review → county approval → announcement → record filed.
def test_a_self_declaration_goes_through_every_step():
    state = walk(
        RELAPSE_MONITORING,
        "verify_at_home", "compare_data", "shortlist", "review_at_township", "approve_at_county",
        "announce", "file_record", "enter_assistance_plan",
    )

    assert state == "plan_entered"


# RULES.md "Relapse monitoring": each review step may decide not to include the household.
@pytest.mark.parametrize(
    ("steps", "way_out"),
    [
        (("verify_at_home", "compare_data"), "not_shortlist"),
        (("verify_at_home", "compare_data", "shortlist"), "reject_at_township"),
        (("verify_at_home", "compare_data", "shortlist", "review_at_township"), "reject_at_county"),
    ],
)
def test_a_review_step_can_leave_the_household_out_with_a_reason(steps, way_out):
    assert walk(RELAPSE_MONITORING, *steps, way_out) == "not_included"


def test_the_village_assistant_cannot_approve_for_the_county():
    with pytest.raises(RoleNotAllowed):
        next_state(RELAPSE_MONITORING, "township_reviewed", "approve_at_county", role=VILLAGE_ASSISTANT)


# RULES.md "Procedure and deadlines for dibao": 30 working days from acceptance.
def test_the_deadline_is_30_working_days_from_acceptance():
    deadline = deadline_for(WorkingCalendar(), date(2025, 9, 26))

    assert deadline.due == date(2025, 11, 13)  # across National Day and its make-up days


# RULES.md "Procedure and deadlines for dibao": 20 where the township holds the authority.
def test_the_deadline_is_20_working_days_where_the_township_confirms():
    deadline = deadline_for(WorkingCalendar(), date(2025, 9, 26), township_confirms=True)

    assert deadline.due == date(2025, 10, 30)


# RULES.md "Procedure and deadlines for dibao": 45 for the listed special cases.
@pytest.mark.parametrize("reason", list(ExtensionReason))
@pytest.mark.parametrize("township_confirms", [False, True])
def test_an_extension_gives_45_working_days(reason, township_confirms):
    extension = Extension(reason, note="户籍在外省", recorded_on=date(2025, 10, 20))

    deadline = deadline_for(
        WorkingCalendar(), date(2025, 9, 26), township_confirms=township_confirms, extensions=[extension]
    )

    assert deadline.due == date(2025, 12, 4)


def test_every_extension_reason_has_a_label():
    assert set(EXTENSION_REASONS) == set(ExtensionReason)
    assert len(ExtensionReason) == 4


def test_the_deadline_follows_the_county_parameters():
    days = DeadlineDays(standard=25, township_confirms=15, extended=40)

    assert deadline_for(WorkingCalendar(), date(2025, 3, 3), days=days).due == date(2025, 4, 8)


# RULES.md "Procedure and deadlines for dibao"; issue 4: into a year without a calendar.
def test_a_deadline_into_a_year_without_a_calendar_says_it_fell_back():
    deadline = deadline_for(WorkingCalendar(), date(2026, 12, 15))

    assert deadline.due == date(2027, 1, 27)  # 1 January 2027 (元旦) never a working day
    assert deadline.fallback_years == (2027,)


# RULES.md "Relapse monitoring": 15 days to county approval, then 10 days to the plan.
def test_relapse_monitoring_deadlines_are_plain_days():
    assert relapse_approval_due(date(2025, 9, 26)).due == date(2025, 10, 11)  # holidays count
    assert relapse_plan_due(date(2025, 10, 11)).due == date(2025, 10, 21)


# RULES.md "Relapse monitoring": at most 5 households whose risk is not removed per official.
@pytest.mark.parametrize(("held", "may_take"), [(0, True), (4, True), (5, False), (6, False)])
def test_a_responsible_official_holds_at_most_five_households(held, may_take):
    assert official_can_take_household(held) is may_take


# 000… 四(二): the 7-day notice is of a preliminary opinion proposing assistance; one that
# proposes none is refused by the county with its reason and never put on notice.
def test_an_opinion_proposing_no_assistance_is_not_put_on_notice_but_refused():
    with pytest.raises(IllegalTransition, match="不在村里公示"):
        check_after_opinion("preliminary_opinion", "start_public_notice", proposed=False)
    check_after_opinion("preliminary_opinion", "refuse", proposed=False)
    assert next_state("application", "preliminary_opinion", "refuse", role=COUNTY_CONFIRMER,
                      reason="家庭人均收入高于低保标准") == "refused"


# 000… 四(二): an opinion proposing assistance is open to objection for 7 days first.
def test_an_opinion_proposing_assistance_is_not_refused_before_its_notice():
    with pytest.raises(IllegalTransition, match="要先在村里公示 7 天"):
        check_after_opinion("preliminary_opinion", "refuse", proposed=True)
    check_after_opinion("preliminary_opinion", "start_public_notice", proposed=True)
