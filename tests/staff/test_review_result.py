"""A periodic review with a result (issue 10 item 5; RULES.md "Procedure and deadlines for
dibao": dynamic management, `002…` 民政厅 6 — 续发、停发、减发或增发): the reviewer enters the
household's incomes as they are now, the new amount is calculated line by line with the
parameters in force on the review day, the result must agree with it, and the amount is paid
from a month on, told by SMS and kept in the case's history of amounts."""

from __future__ import annotations

import json

import pytest
from conftest import csrf, page

from tests.staff.conftest import case_row, make_staff, staff_sign_in
from tests.staff.procedure import act, take_to_confirmation
from tests.web.flows import sql, submit_application
from webapp.domain.phase_out import EMPLOYMENT, Grounds
from webapp.domain.review import Month, default_effective_month
from webapp.services import cases

TODAY = cases.today()
NEXT_MONTH = default_effective_month(TODAY)


@pytest.fixture
def published(resident, app):
    """张三's application confirmed and published (the notice's 7 days moved into the past): two
    people, 6,000 元 a year counted, so 250 元 each a month against the standard's 420 — dibao,
    (420 − 250) × 2 = 340 元 a month."""
    submit_application(resident, incomes=({"wages": "6000"}, {}))
    case_id = sql(app, "SELECT id FROM cases")[0][0]
    take_to_confirmation(app, case_id)
    act(app, case_id, "publish")
    return case_id


def review(client, case_id: int, **fields):
    token = csrf(client.get(f"/staff/cases/{case_id}/review"))
    return client.post(f"/staff/cases/{case_id}/review", data={"csrf_token": token, **fields})


def outbox(app, template: str) -> list:
    return sql(app, "SELECT body, params, phone FROM outbox WHERE template = ? ORDER BY id", template)


def amounts(app, case_id: int) -> list:
    return sql(app, "SELECT * FROM case_amounts WHERE case_id = ? ORDER BY id", case_id)


def state_of(app, case_id: int) -> tuple:
    """Everything a review writes: the case's columns, its events, amounts and messages."""
    row = case_row(app, case_id)
    return (row["state"], row["monthly_amount_fen"], row["category"], row["reviewed_on"],
            len(sql(app, "SELECT id FROM case_events WHERE case_id = ?", case_id)),
            len(amounts(app, case_id)), len(sql(app, "SELECT id FROM outbox")))


def review_event(app, case_id: int) -> dict:
    [row] = sql(app, "SELECT * FROM case_events WHERE case_id = ? AND action = 'record_review'",
                case_id)
    return json.loads(row["detail"])


def test_confirmation_starts_the_history_of_amounts_from_the_next_month(app, published):
    assert case_row(app, published)["monthly_amount_fen"] == 34000
    [row] = amounts(app, published)
    assert (row["source"], row["monthly_amount_fen"], row["category"], row["effective_month"]) == (
        "confirm", 34000, "dibao", NEXT_MONTH.iso)
    assert row["event_id"] == sql(app, "SELECT id FROM case_events WHERE action = 'confirm'")[0][0]


# Issue 10, done means: "a review that lowers the amount records the new amount, its month, and
# sends the SMS". 7,200 元 a year now: 300 each a month, (420 − 300) × 2 = 240 元.
def test_a_review_that_lowers_the_amount_records_it_from_its_month_and_tells_the_household(
        app, reviewer_client, published):
    response = review(reviewer_client, published, result="lower", reason="张三在镇上打零工，收入增加",
                      **{"income-0": "7,200"})

    assert response.status_code == 302
    row = case_row(app, published)
    assert (row["state"], row["monthly_amount_fen"], row["category"], row["reviewed_on"],
            row["review_result"]) == ("published", 24000, "dibao", TODAY.isoformat(),
                                      "张三在镇上打零工，收入增加")
    old, new = amounts(app, published)
    assert (old["monthly_amount_fen"], new["monthly_amount_fen"]) == (34000, 24000)
    assert (new["source"], new["result"], new["effective_month"], new["actor"]) == (
        "review", "lower", NEXT_MONTH.iso, "staff:1")
    lines = dict(json.loads(new["calculation"]))
    assert lines["家庭年收入（计入部分）"] == "7,200 元" and lines["月救助金额"] == "240 元"
    detail = review_event(app, published)  # what the resident's timeline reads
    assert (detail["result"], detail["monthly_amount_fen"], detail["effective_month"]) == (
        "lower", 24000, NEXT_MONTH.iso)
    [(body, params, _phone)] = outbox(app, "review_lowered")
    assert "减发" in body and f"从{NEXT_MONTH.label}起每月240元" in body
    assert json.loads(params)["month"] == NEXT_MONTH.label
    assert outbox(app, "review_continued") == []


# 000… 一(三): a member's death in a household in phase-out is checked within 3 months too, and the
# payment lowered (or raised, or stopped) as any review; the household stays in its phase-out.
def test_000_1_3_a_household_in_phase_out_is_reviewed_and_stays_in_phase_out(
        app, reviewer_client, published):
    act(app, published, "start_phase_out", reason="张三找到工作，收入超过低保标准",
        phase_out=Grounds(EMPLOYMENT, 500_00))
    assert "记录定期复核" in page(reviewer_client.get(f"/staff/cases/{published}")).get_text()

    response = review(reviewer_client, published, result="lower", reason="吴八去世后核查",
                      **{"income-0": "7200"})

    assert response.status_code == 302
    row = case_row(app, published)
    assert (row["state"], row["monthly_amount_fen"]) == ("phasing_out", 24000)
    assert len(outbox(app, "review_lowered")) == 1


def test_the_case_page_shows_which_amount_is_paid_in_which_month(app, reviewer_client, published):
    later = NEXT_MONTH.plus(2)
    review(reviewer_client, published, result="lower", reason="收入增加", effective_month=later.iso,
           **{"income-0": "7200"})

    shown = page(reviewer_client.get(f"/staff/cases/{published}"))
    rows = [r.get_text(" ", strip=True) for r in shown.select(".case-amounts tbody tr")]
    assert len(rows) == 2
    assert rows[0].startswith(NEXT_MONTH.label) and "340 元" in rows[0] and "审核确认" in rows[0]
    assert rows[1].startswith(later.label) and "240 元" in rows[1] and "定期复核：减发" in rows[1]
    calculation = shown.select_one(".review-calculation").get_text(" ", strip=True)
    assert "7,200 元" in calculation and "240 元" in calculation
    [(body, _params, _phone)] = outbox(app, "review_lowered")
    assert f"从{later.label}起" in body


def test_the_amount_paid_this_month_is_marked(app, reviewer_client, published):
    sql(app, "UPDATE case_amounts SET effective_month = ?", Month.of(TODAY).iso)
    review(reviewer_client, published, result="lower", reason="收入增加", **{"income-0": "7200"})
    shown = page(reviewer_client.get(f"/staff/cases/{published}"))
    marked = [r.get_text(" ", strip=True) for r in shown.select(".case-amounts tr.paid-now")]
    assert len(marked) == 1 and "340 元" in marked[0] and "本月发放" in marked[0]


# No income any more: 420 × 2 = 840 元.
def test_a_review_that_raises_the_amount_records_and_tells_it(app, reviewer_client, published):
    response = review(reviewer_client, published, result="raise", reason="张三外出打工的工地停工",
                      **{"income-0": "0"})

    assert response.status_code == 302
    assert case_row(app, published)["monthly_amount_fen"] == 84000
    assert amounts(app, published)[-1]["result"] == "raise"
    assert review_event(app, published)["monthly_amount_fen"] == 84000
    [(body, _params, _phone)] = outbox(app, "review_raised")
    assert "增发" in body and f"从{NEXT_MONTH.label}起每月840元" in body


# 12,000 元 a year: 500 each a month, above the standard's 420 but below 1.5 × it — near-dibao,
# helped without a monthly payment (000… 一(四)).
def test_a_review_that_lowers_to_near_dibao_says_how_the_household_is_helped_now(
        app, reviewer_client, published):
    response = review(reviewer_client, published, result="lower", reason="收入增加",
                      **{"income-0": "12000"})

    assert response.status_code == 302
    row = case_row(app, published)
    assert (row["monthly_amount_fen"], row["category"]) == (0, "near_dibao")
    [(body, _params, _phone)] = outbox(app, "review_no_amount")
    assert f"从{NEXT_MONTH.label}起按低保边缘家庭帮扶，不再按月发钱" in body


def test_a_review_that_continues_says_the_amount_is_unchanged(app, reviewer_client, published):
    response = review(reviewer_client, published, result="continue", reason="情况未变")

    assert response.status_code == 302
    assert case_row(app, published)["monthly_amount_fen"] == 34000
    assert amounts(app, published)[-1]["result"] == "continue"
    assert review_event(app, published)["result"] == "continue"
    [(body, _params, _phone)] = outbox(app, "review_continued")
    assert "继续发放" in body and "每月340元不变" in body


def test_a_review_that_stops_assistance_ends_it_with_the_reason_and_how_to_appeal(
        app, reviewer_client, published):
    response = review(reviewer_client, published, result="stop", reason="全家已迁往外省居住")

    assert response.status_code == 302
    assert case_row(app, published)["state"] == "ended"
    actions = [r[0] for r in sql(app, "SELECT action FROM case_events WHERE case_id = ? "
                                      "ORDER BY id", published)]
    assert actions[-2:] == ["record_review", "stop_assistance"]
    assert review_event(app, published)["result"] == "stop"
    [(body, _params, _phone)] = outbox(app, "assistance_stopped")
    assert "全家已迁往外省居住" in body and "行政复议" in body
    assert [outbox(app, t) for t in ("review_continued", "review_lowered")] == [[], []]
    last = amounts(app, published)[-1]
    assert (last["result"], last["monthly_amount_fen"], last["category"]) == ("stop", 0, None)


# 002… 民政厅 6: the result agrees with the calculation; a mismatch saves nothing.
@pytest.mark.parametrize(("result", "income", "says"), [
    ("continue", "7200", "应选择“减发”"),
    ("raise", "7200", "应选择“减发”"),
    ("lower", "0", "应选择“增发”"),
    ("lower", "", "应选择“续发”"),
    ("lower", "60000", "已不符合救助条件"),
])
def test_a_result_the_calculation_does_not_give_is_refused_and_nothing_is_saved(
        app, reviewer_client, published, result, income, says):
    before = state_of(app, published)

    response = review(reviewer_client, published, result=result, reason="复核情况", **{"income-0": income})

    assert response.status_code == 422
    shown = page(response)
    assert says in shown.select_one("#field-result .error").get_text()
    assert shown.select_one("#income-0")["value"] == income  # what was typed is kept
    assert shown.select_one("#reason-record_review").get_text() == "复核情况"
    assert shown.select_one(f"#result-{result}").has_attr("checked")
    assert state_of(app, published) == before


@pytest.mark.parametrize(("month", "says"), [
    (Month.of(TODAY).plus(-1).iso, "最早从复核当月"),
    ("2026-13", "不是有效的月份"),
    (Month.of(TODAY).plus(13).iso, "最晚从"),
])
def test_an_amount_cannot_take_effect_before_the_review_month(app, reviewer_client, published, month, says):
    before = state_of(app, published)
    response = review(reviewer_client, published, result="lower", reason="收入增加",
                      effective_month=month, **{"income-0": "7200"})
    assert response.status_code == 422
    assert says in page(response).select_one("#field-effective_month .error").get_text()
    assert state_of(app, published) == before


def test_the_review_month_itself_may_be_picked(app, reviewer_client, published):
    this_month = Month.of(TODAY)
    response = review(reviewer_client, published, result="lower", reason="收入增加",
                      effective_month=this_month.iso, **{"income-0": "7200"})
    assert response.status_code == 302
    assert amounts(app, published)[-1]["effective_month"] == this_month.iso


def test_a_review_needs_what_was_found_and_a_result(app, reviewer_client, published):
    before = state_of(app, published)
    no_reason = review(reviewer_client, published, result="continue", reason=" ")
    assert no_reason.status_code == 422
    assert "需要写明理由" in page(no_reason).select_one("#field-reason-record_review .error").get_text()
    no_result = review(reviewer_client, published, reason="情况未变")
    assert no_result.status_code == 422
    assert "请选择复核结果" in page(no_result).select_one("#field-result .error").get_text()
    bad_income = review(reviewer_client, published, result="lower", reason="收入增加",
                        **{"income-0": "七千"})
    assert bad_income.status_code == 422
    assert "年收入" in page(bad_income).select_one("#field-income-0 .error").get_text()
    assert state_of(app, published) == before


def test_the_calculation_is_shown_for_the_figures_entered_and_records_nothing(
        app, reviewer_client, published):
    before = state_of(app, published)
    first = page(reviewer_client.get(f"/staff/cases/{published}/review"))
    assert "340 元" in first.select_one(".review-calculation").get_text()
    assert "应选择“续发（金额不变）”" in first.select_one(".review-suggested").get_text()

    button = first.select_one("button[name=calculate]")
    assert not button.has_attr("formmethod")  # posted back: no token or figures in an address
    token = csrf(reviewer_client.get(f"/staff/cases/{published}/review"))
    response = reviewer_client.post(f"/staff/cases/{published}/review", data={
        "csrf_token": token, "calculate": "1", "income-0": "7200", "reason": "打零工"})
    assert response.status_code == 200
    shown = page(response)

    lines = shown.select_one(".review-calculation").get_text(" ", strip=True)
    assert "7,200 元" in lines and "240 元" in lines
    assert "应选择“减发”" in shown.select_one(".review-suggested").get_text()
    assert shown.select_one("#income-0")["value"] == "7200"
    assert shown.select_one("#reason-record_review").get_text() == "打零工"
    assert state_of(app, published) == before
    assert len(amounts(app, published)) == 1  # the confirmation's only


def test_the_case_page_opens_the_review_page(app, reviewer_client, published):
    shown = page(reviewer_client.get(f"/staff/cases/{published}"))
    step = shown.select_one("form.review-step")
    assert step["method"] == "get" and step["action"] == f"/staff/cases/{published}/review"


def test_a_bare_post_of_the_step_records_no_review(app, reviewer_client, published):
    before = state_of(app, published)
    token = csrf(reviewer_client.get(f"/staff/cases/{published}"))
    response = reviewer_client.post(f"/staff/cases/{published}/record_review",
                             data={"csrf_token": token, "reason": "情况未变"})
    assert response.status_code == 422
    assert state_of(app, published) == before


@pytest.mark.parametrize("username, role, region, get_status, post_status", [
    ("chengguan", "township_reviewer", "999901101000", 404, 404),  # another township's case
    ("yangzhuang", "assistant", "999901102202", 403, 422),  # not a reviewer's step
])
def test_only_the_cases_own_township_reviewer_can_review(app, db, published, username, role,
                                                         region, get_status, post_status):
    make_staff(db, username=username, role=role, region=region, name="别人")
    other = app.test_client()
    staff_sign_in(other, username)
    before = state_of(app, published)
    assert other.get(f"/staff/cases/{published}/review").status_code == get_status
    token = csrf(other.get("/staff/"))
    response = other.post(f"/staff/cases/{published}/review",
                          data={"csrf_token": token, "result": "continue", "reason": "情况未变"})
    assert response.status_code == post_status
    assert state_of(app, published) == before
