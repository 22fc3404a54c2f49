"""The resident's timeline in plain words (webapp/domain/timeline.py): every step of every
procedure has its words, a refusal says why and how to appeal, a confirmation names category,
amount and the month it is paid from, and what comes next runs on the case's own deadline."""

from datetime import date

import pytest

from webapp.domain import timeline as t
from webapp.domain.case_machine import APPLICATION, MACHINES, RELAPSE_MONITORING, TEMPORARY_AID, Group
from webapp.domain.working_days import WorkingCalendar

CAL = WorkingCalendar()
MONDAY = date(2026, 3, 2)


def facts(machine=APPLICATION.name, state="submitted", **columns) -> t.Facts:
    return t.Facts(machine=machine, state=state, opened_on=date(2026, 2, 27), **columns)


def one(event: t.Event, machine=APPLICATION.name, **columns) -> t.Entry:
    return t.entries(facts(machine, **columns), [event])[-1]


def states_in(group: Group) -> list[tuple[str, str]]:
    return [(m.name, s) for m in MACHINES.values() for s in sorted(m.group(group))]


@pytest.mark.parametrize("machine, action", sorted({(m.name, tr.action) for m in MACHINES.values()
                                                    for tr in m.transitions}))
def test_every_step_of_every_procedure_has_plain_words_of_its_own(machine, action):
    entry = one(t.Event(action, MONDAY), machine)
    label = next(tr.label for tr in MACHINES[machine].transitions if tr.action == action)
    assert entry.what and entry.what != label + "。"
    assert "{" not in entry.what + entry.detail


def test_the_first_line_is_the_day_it_was_received_in_the_words_of_its_form():
    assert t.entries(facts(), [])[0] == t.Entry(date(2026, 2, 27), "收到了您的申请。")
    declared = t.entries(facts(RELAPSE_MONITORING.name, "declared"), [])[0]
    assert declared.what == "收到了您的自主申报。"


def test_a_self_declaration_describes_its_own_steps_never_a_township_acceptance():
    walk = [t.Event(a, MONDAY) for a in ("verify_at_home", "approve_at_county")]
    words = " ".join(e.what for e in t.entries(facts(RELAPSE_MONITORING.name, "county_approved"), walk))
    assert "村里到您家核实" in words and "县里审批通过" in words
    assert "受理" not in words
    for state in RELAPSE_MONITORING.states:
        assert "受理" not in t.next_step(facts(RELAPSE_MONITORING.name, state), MONDAY, CAL).what


def test_acceptance_names_the_day_the_application_must_be_finished_by():
    entry = one(t.Event("accept", MONDAY, detail={"due_on": "2026-04-14"}))
    assert entry.what == "乡镇受理了您的申请。"
    assert entry.detail == "按规定2026年4月14日前办完。"


@pytest.mark.parametrize("action", ["refuse_acceptance", "refuse", "stop_assistance"])
def test_a_refusal_says_why_and_how_to_appeal(action):
    entry = one(t.Event(action, MONDAY, reason="家庭人均收入超过当地低保标准"))
    assert entry.tone == "refused"
    assert "原因：家庭人均收入超过当地低保标准。" in entry.detail
    assert "60天内" in entry.detail and "行政复议" in entry.detail


def test_a_refusal_without_a_reason_still_says_how_to_appeal_without_an_empty_reason():
    entry = one(t.Event("refuse_acceptance", MONDAY))
    assert "原因" not in entry.detail and "行政复议" in entry.detail


def test_temporary_aid_refused_says_how_to_appeal_and_a_self_declaration_that_it_can_be_made_again():
    aid = one(t.Event("refuse", MONDAY, reason="不属于急难情形"), TEMPORARY_AID.name)
    assert aid.what == "没有批准临时救助。" and "行政复议" in aid.detail
    declared = one(t.Event("reject_at_county", MONDAY, reason="收入高于监测线"), RELAPSE_MONITORING.name)
    assert "再次申报" in declared.detail and "行政复议" not in declared.detail


def test_a_visit_names_its_day_with_the_weekday_and_a_rebooking_the_new_day():
    assert one(t.Event("book_visit", MONDAY, detail={"visit_on": "2026-03-05"})).what == (
        "约好了上门了解情况的日子：2026年3月5日（星期四）。")
    assert one(t.Event("rebook_visit", MONDAY, detail={"visit_on": "2026-03-09"})).what == (
        "上门的日子改到了2026年3月9日（星期一）。")


def test_the_notice_names_its_first_and_last_day():
    entry = one(t.Event("start_public_notice", MONDAY,
                        detail={"notice_start": "2026-03-02", "notice_end": "2026-03-08"}))
    assert entry.what == "初审意见在村务公开栏公示：2026年3月2日到2026年3月8日。"


def test_confirmation_names_category_amount_and_the_next_month_it_is_paid_from_002_民政厅_4():
    opinion = t.Event("give_preliminary_opinion", MONDAY,
                      detail={"category": "dibao", "monthly_amount_fen": 42_000})
    confirmed = t.Event("confirm", date(2026, 12, 15))
    entry = t.entries(facts(state="confirmed"), [opinion, confirmed])[-1]
    assert entry.what == "批准了：最低生活保障，每月420元，从2027年1月起发放。"
    assert entry.tone == "good"


def test_confirmation_without_a_monthly_amount_names_the_category_only():
    opinion = t.Event("give_preliminary_opinion", MONDAY, detail={"category": "near_dibao"})
    entry = t.entries(facts(state="confirmed"), [opinion, t.Event("confirm", MONDAY)])[-1]
    assert entry.what == "批准了：低保边缘家庭。具体帮扶措施乡镇会告诉您。"


def test_a_confirmation_shown_without_its_opinion_takes_the_amount_from_the_case():
    entry = t.entries(facts(state="confirmed", category="dibao", monthly_amount_fen=63_000),
                      [t.Event("confirm", MONDAY)], from_start=False)
    assert entry == [t.Entry(MONDAY, "批准了：最低生活保障，每月630元，从2026年4月起发放。", "", "good")]


@pytest.mark.parametrize("result, words", [
    ("continue", "定期复核：继续发放，每月420元。"),
    ("raise", "定期复核：从2027年3月起，每月提高到420元。"),
    ("lower", "定期复核：从2027年3月起，每月降到420元。"),
    ("stop", "定期复核：从2027年3月起停止发放。"),
])
def test_a_review_names_its_result_the_new_amount_and_its_month_002_民政厅_6(result, words):
    entry = one(t.Event("record_review", MONDAY, reason="家里情况有变化",
                        detail={"result": result, "monthly_amount_fen": 42_000,
                                "effective_month": "2027-03"}))
    assert entry.what == words
    assert entry.detail.startswith("说明：家里情况有变化。")
    assert ("行政复议" in entry.detail) == (result == "stop")


def test_a_review_recorded_before_results_had_names_shows_what_the_township_wrote():
    entry = one(t.Event("record_review", MONDAY, reason="继续享受低保"))
    assert entry.what == "定期复核结果：继续享受低保。"


def test_phase_out_names_its_last_day_000_一三():
    entry = one(t.Event("start_phase_out", MONDAY, detail={"phase_out_until": "2026-09-02"}))
    assert entry.what == "家里收入超过了标准，进入渐退期：继续发放到2026年9月2日，之后停发。"


def test_a_change_report_and_its_decision_in_plain_words():
    report = one(t.Event("report_change", MONDAY, detail={"kind": "death", "happened_on": "2026-02-20",
                                                           "report_id": 1}))
    assert report.what == "您报告了家里的变化：家人去世。" and "2026年2月20日" in report.detail
    review = one(t.Event("decide_change", MONDAY, detail={"decision": "review", "report_id": 1,
                                                           "review_due_on": "2026-05-20"}))
    assert review.what == "乡镇看了您报告的变化：要重新复核。"
    assert review.detail == "2026年5月20日前复核完。"
    stop = one(t.Event("decide_change", MONDAY, reason="全家迁出本县", detail={"decision": "stop"}))
    assert stop.tone == "refused" and "行政复议" in stop.detail


def test_a_name_correction_shows_no_name():
    entry = one(t.Event("correct_name", MONDAY, reason="身份证上是张三丰"))
    assert entry.what == "工作人员更正了申请上的姓名。" and "张三丰" not in entry.what + entry.detail


def test_temporary_aid_steps_name_their_amounts():
    steps = [t.Event("give_first_aid", MONDAY, detail={"aid_paid_fen": 50_000}),
             t.Event("propose_aid", MONDAY, detail={"aid_amount_fen": 150_000, "aid_level": "township"}),
             t.Event("approve", MONDAY),
             t.Event("record_payment", MONDAY, detail={"aid_paid_fen": 150_000}),
             t.Event("complete_aid", MONDAY)]
    words = [e.what for e in t.entries(facts(TEMPORARY_AID.name, "completed"), steps)[1:]]
    assert words == ["先给了您一笔救助金：500元。", "乡镇提出救助1,500元，交乡镇（街道）审批。",
                     "批准了临时救助，共1,500元。", "发放了一笔救助金，到现在共发放1,500元。",
                     "救助金发放完毕，这件事办完了。"]


def test_a_step_with_no_words_yet_says_its_name():
    assert one(t.Event("something_new", MONDAY)).what == "办理了一步。"


# --- what happens next

def test_after_acceptance_the_next_step_is_the_visit_by_the_working_day_deadline_000_四一():
    step = t.next_step(facts(state="accepted", due_on=date(2026, 3, 9)), MONDAY, CAL)
    assert step.what == "乡镇会约个日子，派人到您家了解情况。"
    assert step.due == t.Due("办结期限", date(2026, 3, 9), 5, False)


def test_a_submitted_application_has_no_deadline_before_acceptance():
    step = t.next_step(facts(), MONDAY, CAL)
    assert "决定是不是受理" in step.what and step.due is None


def test_a_self_declaration_counts_plain_days_to_the_county_approval_002_乡村振兴局二():
    step = t.next_step(facts(RELAPSE_MONITORING.name, "declared", due_on=date(2026, 3, 9)), MONDAY, CAL)
    assert step.what == "村里会派人到您家核实申报的情况。"
    assert step.due == t.Due("县级审批期限", date(2026, 3, 9), 7, True)


def test_a_booked_visit_and_a_notice_name_their_days():
    visit = t.next_step(facts(state="visit_booked", visit_on=date(2026, 3, 5)), MONDAY, CAL)
    assert visit.what.startswith("工作人员会在2026年3月5日（星期四）到您家了解情况")
    notice = t.next_step(facts(state="public_notice", notice_end=date(2026, 3, 8)), MONDAY, CAL)
    assert notice.what.startswith("初审意见在村务公开栏公示，到2026年3月8日结束。")


def test_an_overdue_deadline_is_negative_from_the_first_working_day_after_it():
    step = t.next_step(facts(state="investigated", due_on=date(2026, 3, 6)), date(2026, 3, 9), CAL)
    assert step.due is not None and step.due.days_left == -1


def test_a_household_receiving_assistance_is_told_its_amount_and_to_report_changes_000_五五():
    step = t.next_step(facts(state="published", monthly_amount_fen=42_000, due_on=date(2026, 1, 5)),
                       MONDAY, CAL)
    assert step.what.startswith("每月发放420元。") and "3个月" in step.what
    assert step.due is None  # settled: the deadline for deciding no longer runs


@pytest.mark.parametrize("machine, state", states_in(Group.FINISHED))
def test_a_finished_case_has_no_next_step_and_no_deadline(machine, state):
    step = t.next_step(facts(machine, state, due_on=date(2026, 3, 9)), MONDAY, CAL)
    assert step == t.NextStep(t.FINISHED, None, finished=True)


@pytest.mark.parametrize("machine, state", states_in(Group.SETTLED))
def test_a_settled_case_has_no_running_deadline(machine, state):
    assert t.next_step(facts(machine, state, due_on=date(2026, 3, 9)), MONDAY, CAL).due is None
    assert not t.deadline_runs(machine, state, date(2026, 3, 9))


@pytest.mark.parametrize("machine, state", states_in(Group.OPEN))
def test_every_open_state_says_what_happens_next(machine, state):
    step = t.next_step(facts(machine, state, visit_on=MONDAY, notice_end=MONDAY), MONDAY, CAL)
    assert step.what != t.IN_HAND and "{" not in step.what and not step.finished


# --- the date the 查询 reply adds

def test_the_reply_adds_the_one_date_that_comes_next():
    assert t.reply_date(facts(state="visit_booked", visit_on=MONDAY, due_on=date(2026, 4, 1))) == (
        t.VISIT, MONDAY)
    assert t.reply_date(facts(state="public_notice", notice_end=MONDAY)) == (t.NOTICE_END, MONDAY)
    assert t.reply_date(facts(state="accepted", due_on=MONDAY)) == (t.DEADLINE, MONDAY)
    assert t.reply_date(facts(state="published", monthly_amount_fen=42_000)) == (t.AMOUNT, None)
    assert t.reply_date(facts(state="phasing_out", phase_out_until=MONDAY)) == (t.PHASE_OUT_END, MONDAY)
    assert t.reply_date(facts(state="refused", due_on=MONDAY)) == ("", None)


def test_a_confirmation_against_a_not_eligible_suggestion_names_no_category():
    opinion = t.Event("give_preliminary_opinion", MONDAY, detail={"category": "not_eligible"})
    entry = t.entries(facts(state="confirmed"), [opinion, t.Event("confirm", MONDAY)])[-1]
    assert entry.what == "批准了您的申请。"


def test_the_reply_after_first_aid_names_no_date_the_explanation_is_the_offices_paperwork():
    assert t.reply_date(facts(TEMPORARY_AID.name, "first_aid_given", due_on=MONDAY)) == ("", None)
    assert t.reply_date(facts(TEMPORARY_AID.name, "accepted", due_on=MONDAY)) == (t.DEADLINE, MONDAY)
