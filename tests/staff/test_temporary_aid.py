"""Temporary aid for staff (issue 9, parts 3–5): a township reviewer takes an urgent case from
first aid to approval, each level approves only what it may, payments stay within one approval,
and every step reaches the applicant by SMS. RULES.md "Temporary assistance"; the clauses are
002… 民政厅 第三类 (levels), 001… 二(六) and 004… 四(三) (小金额先行救助，事后补充说明;
一次审批、分阶段救助). Cases are made with the factory; the steps are taken on the case page."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import csrf, page
from pypdf import PdfReader

from tests.staff.conftest import case_row, field_error, make_staff, post_step, staff_sign_in
from tests.staff.factory import create_aid_case, create_case
from tests.web.flows import CHENGGUAN, COUNTY, DONGGUAN, LIULIN, YANGZHUANG
from webapp.domain.case_machine import TEMPORARY_AID, Group, in_group
from webapp.domain.policy import HENAN_2022
from webapp.services import cases, policy_store, queues
from webapp.sms import bulk, reminders
from webapp.store import cases as store

# HENAN_2022, the demo county's parameters: urban dibao 630 yuan a month; the township approves
# up to 3 × per person, the county up to 6 ×; first aid at most 1,000 yuan; 10 and 5 working days.
TOWNSHIP_LIMIT_3 = 3 * 3 * 630_00  # 5,670 yuan for three people
SHILIAO = "999901102204"  # 石桥村, in 柳林乡


def signed_in(app, db, username: str, role: str, region: str):
    make_staff(db, username=username, role=role, region=region)
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return client


@pytest.fixture
def county(app, db):
    return signed_in(app, db, "county", "county_confirmer", COUNTY)


def aid_post(client, case_id: int, action: str, **fields):
    """A temporary-aid form of the case page, posted as the signed-in person would."""
    token = csrf(client.get(f"/staff/cases/{case_id}"))
    return client.post(f"/staff/cases/{case_id}/aid/{action}", data={"csrf_token": token, **fields})


def paid_today(amount: str, method: str = "cash", **more) -> dict:
    return {"amount": amount, "method": method, "paid_on": cases.today().isoformat(), **more}


def messages(db, case_id: int) -> list[tuple[str, str]]:
    """(template, body) of every SMS a step queued for the case's applicant, oldest first (not
    the invitations to rate a finished service that follow some: tests/resident/test_ratings.py)."""
    return [(r["template"], r["body"]) for r in db.execute(
        "SELECT o.template, o.body FROM outbox o JOIN cases c ON c.submission_id = o.submission_id "
        "WHERE c.id = ? AND o.template != 'rating_invite' ORDER BY o.id", [case_id])]


def working_days_on(db, days: int) -> str:
    return cases.calendar(db).add_working_days(cases.today(), days).due.isoformat()


def proposed(db, amount: int, size: int = 3, level: str = "township", **columns) -> int:
    """A case the township has proposed `amount` for."""
    return create_aid_case(db, state="proposed", accepted_on=cases.today().isoformat(),
                           due_on=working_days_on(db, 5), aid_amount_fen=amount,
                           aid_household_size=size, aid_level=level, **columns)


def approved(db, amount: int, paid: int = 0) -> int:
    return create_aid_case(db, state="approved", accepted_on=cases.today().isoformat(),
                           aid_amount_fen=amount, aid_household_size=2, aid_level="township",
                           approved_on=cases.today().isoformat(), aid_paid_fen=paid)


def payments(db, case_id: int) -> list[tuple[str, int]]:
    return [(p["kind"], p["amount_fen"]) for p in store.payments(db, case_id)]


# --- from first aid to approval, by the township --------------------------------------------

def test_the_township_takes_an_urgent_case_from_first_aid_to_its_approval(app, db, reviewer_client):
    """001… 二(六) 小金额先行救助，事后补充说明情况; 002… 民政厅 第三类 2: up to 3 × per person
    the township approves — 3 × 630 × 3 people exactly."""
    client = reviewer_client
    case_id = create_aid_case(db)
    assert post_step(client, case_id, "mark_urgent", reason="房子烧了，一家三口没地方住").status_code == 302
    assert case_row(app, case_id)["urgent"] == 1

    response = aid_post(client, case_id, "give_first_aid", **paid_today("５００元", note="先买被褥"))
    assert response.status_code == 302
    row = case_row(app, case_id)
    assert (row["state"], row["aid_paid_fen"], row["first_aid_on"]) == (
        "first_aid_given", 500_00, cases.today().isoformat())
    assert row["accepted_on"] == cases.today().isoformat()  # paying first accepts the case
    assert row["due_on"] == working_days_on(db, 5)  # the explanation is due
    assert payments(db, case_id) == [("first_aid", 500_00)]

    assert post_step(client, case_id, "explain_first_aid", reason="当天入户查看，情况属实").status_code == 302
    assert case_row(app, case_id)["due_on"] == working_days_on(db, 10)  # the decision again
    assert post_step(client, case_id, "record_investigation", reason="入户核实，房屋损毁").status_code == 302
    response = aid_post(client, case_id, "propose_aid", amount="5670", household_size="3")
    assert response.status_code == 302
    row = case_row(app, case_id)
    assert (row["state"], row["aid_amount_fen"], row["aid_level"]) == ("proposed", TOWNSHIP_LIMIT_3,
                                                                        "township")
    shown = page(client.get(f"/staff/cases/{case_id}"))
    assert "乡镇（街道）审批" in shown.select_one(".aid-level").get_text()
    assert "不超过乡镇审批额度 5,670 元" in shown.select_one(".aid-why").get_text()

    assert aid_post(client, case_id, "approve").status_code == 302
    row = case_row(app, case_id)
    assert (row["state"], row["approved_on"], row["due_on"]) == ("approved", cases.today().isoformat(),
                                                                  None)
    sent = messages(db, case_id)
    assert [t for t, _body in sent] == ["first_aid_given", "aid_approved"]
    assert "已先行救助500元（现金）" in sent[0][1]
    assert "救助金共5,670元" in sent[1][1]


def test_first_aid_over_the_cap_is_refused_and_nothing_is_lost(app, db, reviewer_client):
    """001… 二(六) 小金额先行救助: within the county's cap (a policy parameter, 1,000 yuan)."""
    case_id = create_aid_case(db, urgent=1)
    response = aid_post(reviewer_client, case_id, "give_first_aid",
                        **paid_today("1,200", method="transfer", note="买粮食"))
    assert response.status_code == 422
    assert "先行救助最多 1,000 元" in field_error(response, "give_first_aid-amount")
    shown = page(response)
    assert shown.select_one("#give_first_aid-amount")["value"] == "1,200"
    assert shown.select_one("#give_first_aid-note")["value"] == "买粮食"
    assert shown.select_one("#give_first_aid-method option[selected]")["value"] == "transfer"
    assert shown.select_one(".error-summary a")["href"] == "#give_first_aid-amount"
    assert case_row(app, case_id)["state"] == "submitted"
    assert payments(db, case_id) == [] and messages(db, case_id) == []


def test_first_aid_needs_the_urgent_mark(app, db, reviewer_client):
    case_id = create_aid_case(db)
    response = aid_post(reviewer_client, case_id, "give_first_aid", **paid_today("300"))
    assert response.status_code == 422
    assert "标记为急难" in page(response).select_one(".error-summary").get_text()
    assert payments(db, case_id) == []


@pytest.mark.parametrize(("typed", "message"), [("abc", "请填写数字金额"), ("-5", "不能是负数"),
                                                ("", "请填写先行救助的金额")])
def test_an_amount_that_cannot_be_read_is_a_message_next_to_it(app, db, reviewer_client, typed, message):
    case_id = create_aid_case(db, urgent=1)
    response = aid_post(reviewer_client, case_id, "give_first_aid", **paid_today(typed))
    assert response.status_code == 422
    assert message in field_error(response, "give_first_aid-amount")


def test_the_day_paid_is_today_or_earlier_and_not_before_the_case_opened(app, db, reviewer_client):
    case_id = create_aid_case(db, urgent=1, opened_on=(cases.today() - timedelta(days=3)).isoformat())
    for day, message in ((cases.today() + timedelta(days=1), "不能晚于今天"),
                         (cases.today() - timedelta(days=4), "不能早于申请提交的日子")):
        response = aid_post(reviewer_client, case_id, "give_first_aid",
                            amount="300", method="cash", paid_on=day.isoformat())
        assert response.status_code == 422
        assert message in field_error(response, "give_first_aid-paid_on")
    response = aid_post(reviewer_client, case_id, "give_first_aid", amount="300", method="cash",
                        paid_on="2026年13月1日")
    assert "不是有效的日期" in field_error(response, "give_first_aid-paid_on")
    assert payments(db, case_id) == []


def test_a_payment_needs_its_method(app, db, reviewer_client):
    case_id = create_aid_case(db, urgent=1)
    response = aid_post(reviewer_client, case_id, "give_first_aid", **paid_today("300", method="gold"))
    assert response.status_code == 422
    assert field_error(response, "give_first_aid-method") == "请选择发放方式"


# --- deadlines ----------------------------------------------------------------------------------

def test_acceptance_sets_the_decision_deadline_from_the_parameters_in_force(app, db, reviewer_client):
    """The decision is due the county's temporary_aid_decision_days working days after acceptance."""
    policy_store.add_version(db, replace(HENAN_2022, region_code=COUNTY, effective_from=date(2025, 1, 1),
                                         temporary_aid_decision_days=7), source="测试文件", actor="staff:1")
    case_id = create_aid_case(db)
    assert post_step(reviewer_client, case_id, "accept").status_code == 302
    row = case_row(app, case_id)
    assert (row["state"], row["accepted_on"], row["due_on"]) == (
        "accepted", cases.today().isoformat(), working_days_on(db, 7))
    [(template, body)] = messages(db, case_id)
    assert template == "accepted" and cases.month_day(row["due_on"]) in body
    shown = page(reviewer_client.get(f"/staff/cases/{case_id}"))
    assert shown.select_one(".case-due").find_previous("dt").get_text() == "审批期限"


def test_first_aid_sets_the_explanation_deadline(app, db, reviewer_client):
    policy_store.add_version(db, replace(HENAN_2022, region_code=COUNTY, effective_from=date(2025, 1, 1),
                                         temporary_aid_explanation_days=3),
                             source="测试文件", actor="staff:1")
    case_id = create_aid_case(db, state="accepted", urgent=1, accepted_on=cases.today().isoformat(),
                              due_on=working_days_on(db, 10))
    assert aid_post(reviewer_client, case_id, "give_first_aid", **paid_today("800")).status_code == 302
    assert case_row(app, case_id)["due_on"] == working_days_on(db, 3)
    shown = page(reviewer_client.get(f"/staff/cases/{case_id}"))
    assert shown.select_one(".case-due").find_previous("dt").get_text() == "补充说明期限"


# --- who approves what ---------------------------------------------------------------------------

def test_over_the_township_limit_the_township_cannot_approve_and_the_county_does(app, db, reviewer_client,
                                                                              county):
    """002… 民政厅 第三类 2: over 3 × per person, up to 6 ×, the county approves."""
    case_id = proposed(db, TOWNSHIP_LIMIT_3 + 1, level="county")
    shown = page(reviewer_client.get(f"/staff/cases/{case_id}"))
    assert "县级民政部门审批" in shown.select_one(".aid-not-township").get_text()
    assert not shown.select("form.aid-approve")
    response = aid_post(reviewer_client, case_id, "approve")
    assert response.status_code == 422
    assert "请报县级民政部门" in page(response).select_one(".error-summary").get_text()
    assert case_row(app, case_id)["state"] == "proposed"

    assert aid_post(county, case_id, "approve").status_code == 302
    row = case_row(app, case_id)
    assert (row["state"], row["aid_level"]) == ("approved", "county")
    assert [t for t, _body in messages(db, case_id)] == ["aid_approved"]


def test_case_by_case_needs_its_participants_and_the_county(app, db, reviewer_client, county):
    """002… 民政厅 第三类 2: 遭遇重大生活困难 — the amount set 一事一议, a collective decision
    whose participants are recorded (004… （四）)."""
    case_id = proposed(db, 20_000_00, level="case_by_case", aid_major_hardship=1,
                       aid_major_hardship_finding="房屋倒塌，户主重伤住院，低保和医疗救助后仍无法生活")
    assert aid_post(reviewer_client, case_id, "approve").status_code == 422
    response = aid_post(county, case_id, "approve", participants="  ")
    assert response.status_code == 422
    assert "参加研究的单位和人员" in field_error(response, "approve-participants")
    assert case_row(app, case_id)["state"] == "proposed"

    who = "县民政局张局长、县财政局李科长、柳林乡王乡长"
    assert aid_post(county, case_id, "approve", participants=who).status_code == 302
    row = case_row(app, case_id)
    assert (row["state"], row["aid_participants"], row["aid_level"]) == ("approved", who, "case_by_case")
    assert who in page(county.get(f"/staff/cases/{case_id}")).select_one(".aid-participants").get_text()


def test_the_proposal_says_which_level_approves_and_why(app, db, reviewer_client):
    case_id = create_aid_case(db, state="investigated", accepted_on=cases.today().isoformat())
    shown = page(reviewer_client.get(f"/staff/cases/{case_id}"))
    assert shown.select_one("#propose_aid-household_size")["value"] == "3"  # as the applicant said
    assert "乡镇（街道）可批至 1,890 元" in shown.select_one("#hint-propose_aid-amount").get_text()
    assert aid_post(reviewer_client, case_id, "propose_aid", amount="8000").status_code == 302
    row = case_row(app, case_id)
    assert (row["aid_household_size"], row["aid_level"]) == (3, "county")
    shown = page(reviewer_client.get(f"/staff/cases/{case_id}"))
    assert "县级民政部门审批" in shown.select_one(".aid-level").get_text()
    assert "乡镇（街道）可批至 5,670 元，县级可批至 11,340 元" in shown.select_one(".aid-limits").get_text()


def test_a_proposal_over_six_times_without_major_hardship_is_refused(app, db, reviewer_client):
    case_id = create_aid_case(db, state="investigated", accepted_on=cases.today().isoformat())
    response = aid_post(reviewer_client, case_id, "propose_aid", amount="20000", household_size="3")
    assert response.status_code == 422
    assert "一事一议" in field_error(response, "propose_aid-amount")
    assert page(response).select_one("#propose_aid-amount")["value"] == "20000"
    response = aid_post(reviewer_client, case_id, "propose_aid", amount="20000", household_size="3",
                        major_hardship="yes", major_hardship_finding="房屋倒塌，户主重伤住院")
    assert response.status_code == 302
    assert case_row(app, case_id)["aid_level"] == "case_by_case"


# --- one approval, payments in stages ------------------------------------------------------------

def test_two_payments_under_one_approval_the_second_completing_the_case(app, db, reviewer_client):
    """001… 二(六) 一次审批、分阶段救助."""
    case_id = approved(db, 3_000_00)
    assert aid_post(reviewer_client, case_id, "record_payment", **paid_today("1000")).status_code == 302
    assert (case_row(app, case_id)["state"], case_row(app, case_id)["aid_paid_fen"]) == ("approved", 1_000_00)
    shown = page(reviewer_client.get(f"/staff/cases/{case_id}"))
    assert "还可发放 2,000 元" in shown.select_one(".aid-remaining").get_text()

    response = aid_post(reviewer_client, case_id, "record_payment", **paid_today("2500"))
    assert response.status_code == 422
    assert "这次最多还能发放 2,000 元" in field_error(response, "record_payment-amount")

    response = aid_post(reviewer_client, case_id, "record_payment", **paid_today("2000", method="transfer"))
    assert response.status_code == 302
    row = case_row(app, case_id)
    assert (row["state"], row["aid_paid_fen"]) == ("completed", 3_000_00)
    assert payments(db, case_id) == [("stage", 1_000_00), ("stage", 2_000_00)]
    sent = messages(db, case_id)
    assert [t for t, _body in sent] == ["aid_paid", "aid_paid"]
    assert "已发放2,000元（转账到银行卡），共已发放3,000元" in sent[1][1]
    actions = [e["action"] for e in cases.events(db, case_id)]
    assert actions == ["record_payment", "record_payment", "complete_aid"]


def test_finishing_with_less_paid_than_approved_needs_a_reason(app, db, reviewer_client):
    case_id = approved(db, 3_000_00, paid=1_000_00)
    response = aid_post(reviewer_client, case_id, "complete_aid")
    assert response.status_code == 422
    assert "请写明原因" in field_error(response, "reason-complete_aid")
    response = aid_post(reviewer_client, case_id, "complete_aid", reason="申请人已返乡，余款不再需要")
    assert response.status_code == 302
    assert case_row(app, case_id)["state"] == "completed"
    assert messages(db, case_id) == []  # finishing is silent


def test_a_payment_before_the_approval_day_is_refused(app, db, reviewer_client):
    case_id = approved(db, 3_000_00)
    response = aid_post(reviewer_client, case_id, "record_payment", amount="100", method="cash",
                        paid_on=(cases.today() - timedelta(days=1)).isoformat())
    assert response.status_code == 422
    assert "不能早于批准的日子" in field_error(response, "record_payment-paid_on")


# --- the case page, the queue, the region -----------------------------------------------------

def test_the_case_page_shows_what_happened_and_the_urgent_mark(app, db, reviewer_client):
    """001… 二(六); 000… 四(三): no hukou condition — the hukou is shown, and said not to matter."""
    case_id = create_aid_case(db, urgent=1)
    shown = page(reviewer_client.get(f"/staff/cases/{case_id}"))
    event = shown.select_one(".aid-event").get_text(" ", strip=True)
    for words in ("火灾", "2026-01-15", "家里失火", "杨庄村", "村东头麦场边", "外省", "3 人", "3,000 元"):
        assert words in event
    assert "不看户籍" in shown.select_one(".aid-hukou").get_text()
    assert shown.select_one(".case-urgent").get_text() == "急难"
    assert "最多 1,000 元" in shown.select_one("#hint-give_first_aid-amount").get_text()


def test_the_queue_lists_temporary_aid_first_urgent_first(app, db, reviewer_client):
    later = create_aid_case(db, state="accepted", due_on=working_days_on(db, 8), name="钱一")
    urgent = create_aid_case(db, state="accepted", due_on=working_days_on(db, 9), urgent=1, name="孙二")
    sooner = create_aid_case(db, state="accepted", due_on=working_days_on(db, 2), name="李三")
    create_aid_case(db, state="completed", name="周四")  # finished: not in the queue
    create_case(db, state="accepted", due_on=working_days_on(db, 1))  # an application
    create_aid_case(db, state="accepted", village=DONGGUAN, urgent=1)  # another township
    ids = {cid: db.execute("SELECT reference FROM cases WHERE id = ?", [cid]).fetchone()[0]
           for cid in (urgent, sooner, later)}
    home = page(reviewer_client.get("/staff/"))
    section = home.select_one("section.aid-queue")
    assert home.select("table.staff-cases")[0].find_parent("section") is section  # listed first
    assert [td.get_text(strip=True) for td in section.select(".reference")] == [
        ids[urgent], ids[sooner], ids[later]]
    assert "急难" in section.select(".case-row")[0].get_text()
    assert "临时救助（3）" in home.select_one(".queues").get_text()
    listed = page(reviewer_client.get("/staff/cases?queue=temporary_aid"))
    assert [td.get_text(strip=True) for td in listed.select(".reference")] == [
        ids[urgent], ids[sooner], ids[later]]


def test_the_queue_pages_by_25_along_its_index(app, db):
    for i in range(queues.PAGE_SIZE + 2):
        create_aid_case(db, state="accepted", due_on=working_days_on(db, i % 9 + 1), urgent=i % 2,
                        commit=False)
    db.conn.commit()
    first = queues.aid_queue(db, LIULIN, 1)
    second = queues.aid_queue(db, LIULIN, 2)
    assert (len(first.rows), len(second.rows), first.total, first.has_next) == (25, 2, 27, True)
    keys = [(-r["urgent"], r["due_on"], r["id"]) for r in first.rows + second.rows]
    assert keys == sorted(keys)
    for level, code in (("village", YANGZHUANG), ("township", LIULIN), ("county", COUNTY)):
        plan = " ".join(row[3] for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM cases c WHERE c." + store.region_column(level)
            + " = ? AND c.machine = ? AND c.state IN ('accepted', 'submitted') "
            "ORDER BY c.urgent DESC, c.due_on IS NULL, c.due_on, c.id LIMIT 25",
            [code, "temporary_aid"]))
        assert f"USING INDEX idx_cases_aid_{store.region_column(level)}" in plan, plan
        assert "SCAN c" not in plan and "SCAN cases" not in plan, plan


def test_the_store_query_of_the_queue_reads_the_partial_index(db):
    """The queue's own statement, as the store runs it, searches the partial index."""
    captured = []
    db.conn.set_trace_callback(captured.append)
    store.aid_queue_page(db, "township", LIULIN, 0, 25)
    db.conn.set_trace_callback(None)
    sql = next(s for s in captured if "ORDER BY c.urgent DESC" in s)
    plan = " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql))
    assert "USING INDEX idx_cases_aid_township_code" in plan, plan


def test_another_townships_reviewer_neither_sees_nor_acts_on_the_case(app, db):
    case_id = create_aid_case(db, urgent=1)
    other = signed_in(app, db, "chengguan", "township_reviewer", CHENGGUAN)
    assert other.get(f"/staff/cases/{case_id}").status_code == 404
    token = csrf(other.get("/staff/"))
    response = other.post(f"/staff/cases/{case_id}/aid/give_first_aid",
                          data={"csrf_token": token, **paid_today("300")})
    assert response.status_code == 404
    assert case_row(app, case_id)["state"] == "submitted" and payments(db, case_id) == []
    assert "王*" not in page(other.get("/staff/")).get_text()


def test_a_village_assistant_may_not_take_the_townships_steps(app, db):
    case_id = create_aid_case(db, urgent=1)
    assistant = signed_in(app, db, "yangzhuang", "assistant", YANGZHUANG)
    response = aid_post(assistant, case_id, "give_first_aid", **paid_today("300"))
    assert response.status_code == 422
    assert payments(db, case_id) == []


def test_an_unknown_temporary_aid_step_is_not_found(app, db, reviewer_client):
    case_id = create_aid_case(db)
    assert aid_post(reviewer_client, case_id, "accept").status_code == 404


def test_every_step_sends_its_message_and_the_silent_ones_none(app, db, reviewer_client, county):
    """Each transition names its SMS (webapp/domain/case_machine.py TEMPORARY_AID)."""
    refused = create_aid_case(db)
    post_step(reviewer_client, refused, "refuse_acceptance", reason="不属于临时救助范围")
    assert [t for t, _body in messages(db, refused)] == ["refused"]
    assert case_row(app, refused)["due_on"] is None
    declined = proposed(db, 1_000_00)
    post_step(county, declined, "refuse", reason="已纳入其他救助")
    assert [t for t, _body in messages(db, declined)] == ["refused"]
    returned = proposed(db, 1_000_00)
    assert post_step(county, returned, "return_proposal", reason="请核实人数").status_code == 302
    assert (case_row(app, returned)["state"], messages(db, returned)) == ("investigated", [])


def test_the_household_file_prints_the_first_aid_the_approval_and_every_payment(app, db, reviewer_client):
    """002… 民政厅 第三类: the approval names its level and why; every payment is on file."""
    case_id = create_aid_case(db, urgent=1)
    response = aid_post(reviewer_client, case_id, "give_first_aid", **paid_today("600", note="先买粮"))
    assert response.status_code == 302
    post_step(reviewer_client, case_id, "explain_first_aid", reason="入户核实属实")
    post_step(reviewer_client, case_id, "record_investigation", reason="房屋损毁")
    aid_post(reviewer_client, case_id, "propose_aid", amount="1600", household_size="1")
    assert aid_post(reviewer_client, case_id, "approve").status_code == 302
    aid_post(reviewer_client, case_id, "record_payment", **paid_today("400", method="goods"))
    response = reviewer_client.get(f"/staff/cases/{case_id}/household-file.pdf")
    assert response.status_code == 200
    text = "".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages).split())
    for words in ("临时救助", "是，已标记为急难", "1,600元，受助1人",
                  "乡镇（街道）审批：1,600元不超过乡镇审批额度1,890元", "先行救助现金600先买粮",
                  "分阶段发放实物（如食品、衣被）400", "共已发放1,000"):
        assert words in text, words


# --- the board, reminders and bulk sends ---------------------------------------------------------

def test_the_board_names_temporary_aids_states_and_deadlines(app, db, reviewer_client):
    create_aid_case(db, state="first_aid_given", urgent=1, accepted_on=cases.today().isoformat(),
                    due_on=working_days_on(db, 2))
    create_aid_case(db, state="accepted", accepted_on=cases.today().isoformat(),
                    due_on=working_days_on(db, 9))
    create_case(db, state="submitted")  # an application: its state has the same words
    shown = page(reviewer_client.get("/staff/board"))
    labels = [th.get_text() for th in shown.select(".count-row th")]
    assert "已提交，待受理" in labels and "临时救助：已先行救助，待补充说明" in labels
    assert "临时救助：已受理，正在审核" in labels
    kinds = sorted(span.get_text() for span in shown.select(".board-cases .deadline-kind"))
    assert kinds == ["审批期限", "补充说明期限"]
    assert shown.select_one(".due-soon-total").get_text() == "1"


def test_reminders_and_bulk_sends_for_recipients_leave_temporary_aid_out(app, db):
    """The reminders and the recipients' bulk send are for dibao households (RULES.md "Honest
    reporting"); temporary aid is one-time: none of the groups they ask by holds its states, and
    no duty of the applicant waits in its procedure."""
    for group in (Group.ON_PUBLIC_NOTICE, Group.VISIT_BOOKED, Group.RECEIVING, Group.UNDER_REVIEW,
                  Group.PHASING_OUT, Group.WAITING_FOR_APPLICANT, Group.PUBLISHED):
        assert "temporary_aid" not in in_group(group), group
    for state in TEMPORARY_AID.states:
        create_aid_case(db, state=state, accepted_on="2026-01-05", approved_on="2026-01-09",
                        due_on=cases.today().isoformat(), commit=False)
    db.conn.commit()
    for day in range(0, 400, 7):  # a year of daily jobs finds nothing to remind
        assert reminders.run(db, app.config, datetime.now(UTC) + timedelta(days=day)) == 0
    preview = bulk.preview(db, app.config, "report_changes", LIULIN, "recipients")
    assert preview.recipients == 0


@pytest.mark.parametrize("state", list(TEMPORARY_AID.states))
def test_the_case_page_of_every_state_opens_for_both_levels_with_unique_ids(app, db, reviewer_client,
                                                                             county, state):
    case_id = create_aid_case(db, state=state, urgent=1, accepted_on=cases.today().isoformat(),
                              due_on=working_days_on(db, 3), aid_amount_fen=1_000_00, aid_household_size=1,
                              aid_level="township", aid_why="测试", aid_paid_fen=200_00,
                              approved_on=cases.today().isoformat() if state in ("approved", "completed")
                              else None)
    for client in (reviewer_client, county):
        response = client.get(f"/staff/cases/{case_id}")
        assert response.status_code == 200
        ids = [node["id"] for node in page(response).select("[id]")]
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


# Issue 12: 002… 民政厅 第三类 2 — "对遭遇重大生活困难的 … 采取‘一事一议’方式确定救助额度": a
# 一事一议 decision rests on a recorded finding of major hardship, not on an amount alone.
def test_002_minzheng_3_a_case_by_case_proposal_needs_its_major_hardship_finding(app, db, reviewer_client):
    case_id = create_aid_case(db, state="investigated", accepted_on=cases.today().isoformat())
    response = aid_post(reviewer_client, case_id, "propose_aid", amount="20000", household_size="3",
                        major_hardship="yes", major_hardship_finding=" ")
    assert response.status_code == 422
    assert "重大生活困难" in field_error(response, "propose_aid-major_hardship_finding")
    assert page(response).select_one("#propose_aid-major_hardship").has_attr("checked")
    assert case_row(app, case_id)["state"] == "investigated"

    finding = "房屋倒塌，户主重伤住院，低保和医疗救助后仍难以生活"
    assert aid_post(reviewer_client, case_id, "propose_aid", amount="20000", household_size="3",
                    major_hardship="yes", major_hardship_finding=finding).status_code == 302
    row = case_row(app, case_id)
    assert (row["aid_level"], row["aid_major_hardship_finding"]) == ("case_by_case", finding)
    assert finding in page(reviewer_client.get(f"/staff/cases/{case_id}")).select_one(
        ".aid-major-hardship").get_text()


def test_002_minzheng_3_no_case_by_case_approval_without_a_recorded_finding(app, db, county):
    case_id = proposed(db, 20_000_00, level="case_by_case", aid_major_hardship=1)
    response = aid_post(county, case_id, "approve", participants="县民政局、县财政局")
    assert response.status_code == 422
    assert "没有记录遭遇重大生活困难" in page(response).select_one(".error-summary").get_text()
    assert case_row(app, case_id)["state"] == "proposed"
