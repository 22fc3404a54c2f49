"""The county administrator keeps the county's policy parameters per period, with their history;
a preliminary opinion uses the set in force on the day it is given, and names it.

RULES.md "Household and income" (and the other "example values, Henan 2022" notes): standards
differ by county and change every year, so they are data, per region and per period."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from conftest import csrf, page

from tests.staff.conftest import field_error, make_staff, staff_sign_in
from tests.staff.test_case_page import step
from tests.web.flows import LIULIN, other_person, sql, submit_application, value
from webapp.services import cases, regions

COUNTY = "999901000000"
OTHER_COUNTY = [
    regions.Region("888801000000", "外县（测试）", "county", None),
    regions.Region("888801101000", "外镇", "township", "888801000000"),
    regions.Region("888801101201", "外村", "village", "888801101000"),
]
# The demo county's set as the form shows it, with a higher rural standard.
NEW_SET = {
    "source": "清民〔2026〕1号", "valid_from": "", "valid_to": "",
    "dibao_rural_monthly": "500.00", "dibao_urban_monthly": "700.00", "tekun_multiplier": "1.3",
    "near_dibao_multiplier": "1.5", "last_year_disposable_income_per_capita": "18000.00",
    "expenditure_hardship_percent": "50", "temporary_aid_township_multiple": "3",
    "temporary_aid_county_multiple": "6", "temporary_aid_first_aid_cap": "1000.00",
    "temporary_aid_decision_days": "10", "temporary_aid_explanation_days": "5", "phase_out_months": "6",
    "deadline_standard": "30",
    "deadline_township_confirms": "20", "deadline_extended": "45",
    "tekun_care_full_monthly": "600.00", "tekun_care_partial_monthly": "300.00",
    "tekun_care_self_monthly": "60.00",
}
OPINION_STEPS = ("accept", "book_visit", "record_investigation", "record_records_check",
                 "give_preliminary_opinion")


def signed_in(app, db, username, role, region, name="王管理"):
    make_staff(db, username=username, role=role, region=region, name=name)
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return client


@pytest.fixture
def admin(app, db):
    return signed_in(app, db, "admin", "county_admin", COUNTY)


@pytest.fixture
def reviewer(app, db):
    return signed_in(app, db, "liulin", "township_reviewer", LIULIN, name="李审核")


def save_set(client, **changes):
    form = {**NEW_SET, **changes}
    form["csrf_token"] = csrf(client.get("/staff/policy/new"))
    return client.post("/staff/policy/new", data=form)


def new_case(app, resident) -> int:
    """A new application, each by another person (one open application per person)."""
    others = sql(app, "SELECT COUNT(*) FROM cases")[0][0]
    reference = submit_application(resident, applicant=other_person(others))
    return sql(app, "SELECT c.id FROM cases c JOIN submissions s ON s.id = c.submission_id "
                    "WHERE s.reference = ?", reference)[0][0]


def give_opinion(client, case_id):
    """The township reviewer takes the case to its preliminary opinion, the way the case page
    tests do (tests/staff/test_case_page.py); the last response."""
    for action in OPINION_STEPS:
        response = step(client, case_id, action)
        if response.status_code != 302:
            return response
    return response


def opinion_of(app, case_id):
    row = sql(app, "SELECT category, monthly_amount_fen, assessment FROM cases WHERE id = ?",
              case_id)[0]
    return row["category"], row["monthly_amount_fen"], json.loads(row["assessment"])


def rows(app) -> int:
    return sql(app, "SELECT COUNT(*) FROM policy_parameters")[0][0]


# --- the calculation follows the parameters of the day ------------------------------------

def test_a_new_set_changes_opinions_given_after_it_starts_but_not_those_given_before(
        app, db, resident, admin, reviewer):
    before = new_case(app, resident)
    assert give_opinion(reviewer, before).status_code == 302
    # flows data: 2 people, 458.33 a month each: above the Henan 2022 rural standard of 420,
    # below 1.5 × 420 — near-dibao, no monthly amount.
    assert opinion_of(app, before)[:2] == ("near_dibao", 0)

    assert save_set(admin, valid_from=cases.today().isoformat()).status_code == 302
    after = new_case(app, resident)
    assert give_opinion(reviewer, after).status_code == 302

    # 002… 民政厅 第一类, 补差 (实际差额): 500 × 2 people − 11,000 / 12 (916.67) = 83.33 a month,
    # rounded once (not (500 − 458.33) × 2 = 83.34).
    category, amount, record = opinion_of(app, after)
    assert (category, amount) == ("dibao", 83_33)
    new_version = sql(app, "SELECT MAX(id) FROM policy_parameters WHERE source = ?",
                      NEW_SET["source"])[0][0]
    assert record["parameters_version"] == new_version
    assert record["parameters"]["dibao_rural_monthly"] == 500_00
    # The opinion given before keeps its amount and still names the set it used.
    category, amount, record = opinion_of(app, before)
    assert (category, amount, record["parameters_version"]) == ("near_dibao", 0, 1)
    shown = page(reviewer.get(f"/staff/cases/{before}")).select_one(".calculation").get_text()
    assert "第 1 版" in shown and "河南省 2022 年标准" in shown


def test_a_set_that_starts_tomorrow_leaves_todays_opinion_on_the_current_set(
        app, db, resident, admin, reviewer):
    tomorrow = cases.today() + timedelta(days=1)
    assert save_set(admin, valid_from=tomorrow.isoformat()).status_code == 302
    case_id = new_case(app, resident)
    assert give_opinion(reviewer, case_id).status_code == 302
    category, amount, record = opinion_of(app, case_id)
    assert (category, amount) == ("near_dibao", 0)
    # The Henan 2022 figures, in the version of them that now ends today.
    assert record["parameters"]["dibao_rural_monthly"] == 420_00
    assert record["parameters"]["effective_to"] == cases.today().isoformat()
    assert record["parameters_version"] == sql(
        app, "SELECT id FROM policy_parameters WHERE supersedes = 1")[0][0]


def test_a_village_with_no_parameters_in_force_gets_a_message_and_no_opinion(app, db, resident):
    regions.import_regions(db, OTHER_COUNTY)
    case_id = new_case(app, resident)
    sql(app, "UPDATE cases SET village_code = '888801101201', township_code = '888801101000', "
             "county_code = '888801000000' WHERE id = ?", case_id)
    reviewer = signed_in(app, db, "waizhen", "township_reviewer", "888801101000", name="外审核")
    response = give_opinion(reviewer, case_id)
    assert response.status_code == 422
    message = page(response).select_one(".error-summary").get_text()
    assert "没有适用于这个地区的政策参数" in message and cases.today().isoformat() in message
    assert sql(app, "SELECT state, category FROM cases WHERE id = ?", case_id)[0][:] == \
        ("records_checked", None)


# --- the pages ----------------------------------------------------------------------------

def test_the_form_starts_from_the_current_figures_in_yuan(admin):
    response = admin.get("/staff/policy/new")
    assert response.status_code == 200
    assert value(response, "dibao_rural_monthly") == "420.00"
    assert value(response, "dibao_urban_monthly") == "630.00"
    assert value(response, "tekun_multiplier") == "1.3"
    assert value(response, "expenditure_hardship_percent") == "50"
    assert value(response, "valid_from") == "" and value(response, "source") == ""


def test_the_history_keeps_every_version_with_who_when_and_the_source(app, admin):
    assert save_set(admin, valid_from="2027-01-01").status_code == 302
    listing = page(admin.get("/staff/policy"))
    current = [s.select_one("h3").get_text(" ", strip=True) for s in listing.select(".policy-current")]
    assert current[0].startswith("第 3 版：2022-01-01 至 2026-12-31")
    assert current[1].startswith("第 2 版：2027-01-01 起")
    history = [r.get_text(" ", strip=True) for r in listing.select(".policy-version")]
    assert len(history) == 3
    assert "王管理（staff:1）" in history[0] and "由第 2 版接替" in history[0]
    assert "清民〔2026〕1号" in history[1] and "现行" in history[1]
    assert "已被第 3 版取代" in history[2] and "系统（安装时载入）" in history[2]
    # The version first installed is still there, unchanged.
    assert sql(app, "SELECT valid_to, dibao_rural_monthly FROM policy_parameters WHERE id = 1")[0][:] \
        == (None, 420_00)


def test_an_edit_is_a_new_version_and_an_old_version_cannot_be_edited_again(app, admin):
    form = admin.get("/staff/policy/new?replaces=1")
    assert value(form, "source") == "河南省 2022 年标准（示例值，演示县用）"
    assert value(form, "valid_from") == "2022-01-01" and value(form, "replaces") == "1"
    response = save_set(admin, replaces="1", valid_from="2022-01-01", source="豫民〔2022〕更正")
    assert response.status_code == 302
    assert sql(app, "SELECT supersedes FROM policy_parameters WHERE id = 2")[0][0] == 1
    again = save_set(admin, replaces="1", valid_from="2022-01-01")
    assert again.status_code == 422
    assert "第 1 版已经被第 2 版取代了" in page(again).select_one(".error-summary").get_text()
    assert rows(app) == 2


def test_adding_a_set_is_in_the_audit_log(app, admin):
    save_set(admin, valid_from="2027-01-01")
    entry = sql(app, "SELECT actor, subject, detail FROM audit_log "
                     "WHERE action = 'policy_parameters_added'")
    assert [(e["actor"], e["subject"]) for e in entry] == [("staff:1", "policy:2")]
    assert json.loads(entry[0]["detail"])["closed"] == [3]


# --- refusals -----------------------------------------------------------------------------

def test_bad_input_is_refused_next_to_each_field_and_nothing_typed_is_lost(app, admin):
    response = save_set(admin, source="", valid_from="2027-02-30", dibao_rural_monthly="四百",
                        dibao_urban_monthly="0", tekun_multiplier="1.2",
                        temporary_aid_township_multiple="7", deadline_extended="20")
    assert response.status_code == 422
    assert field_error(response, "source") == "请填写依据的文件"
    assert field_error(response, "valid_from") == "请按 2025-01-01 这样填写日期"
    assert field_error(response, "dibao_rural_monthly") == "请填写数字金额，例如 1200"
    assert field_error(response, "dibao_urban_monthly") == "低保标准应在 1 元到 10,000 元之间"
    assert field_error(response, "tekun_multiplier") == "特困人员标准应为低保标准的 1.3 到 5 倍"
    assert field_error(response, "temporary_aid_county_multiple") == "县级可批的倍数不能小于乡镇可批的倍数"
    assert field_error(response, "deadline_extended") == "延长后的期限不能短于一般办理期限"
    assert value(response, "dibao_rural_monthly") == "四百"
    assert value(response, "valid_from") == "2027-02-30"
    assert value(response, "temporary_aid_township_multiple") == "7"
    assert rows(app) == 1


def test_an_end_before_the_start_is_refused(app, admin):
    response = save_set(admin, valid_from="2027-06-01", valid_to="2027-05-31")
    assert response.status_code == 422
    assert field_error(response, "valid_to") == "结束日期不能早于开始日期"
    assert rows(app) == 1


def test_amounts_take_at_most_two_decimals(app, admin):
    response = save_set(admin, valid_from="2027-01-01", dibao_rural_monthly="500.125")
    assert response.status_code == 422
    assert field_error(response, "dibao_rural_monthly") == "最多填到分，例如 12.50"


def test_a_period_overlapping_another_current_set_is_refused_naming_it(app, admin):
    assert save_set(admin, valid_from="2027-01-01", valid_to="2027-12-31").status_code == 302
    response = save_set(admin, valid_from="2027-06-01", source="清民〔2027〕2号")
    assert response.status_code == 422
    assert "与现行的第 2 版（2027-01-01 至 2027-12-31）时间重叠" in field_error(response, "valid_from")
    assert value(response, "source") == "清民〔2027〕2号"
    # A set that starts before a later one must end before it.
    earlier = save_set(admin, valid_from="2021-01-01")
    assert "结束日期最晚可填 2021-12-31" in field_error(earlier, "valid_to")
    assert rows(app) == 3  # the first set, the 2027 set, and the first set ended on 2026-12-31


# --- who may ------------------------------------------------------------------------------

@pytest.mark.parametrize("role, region", [("assistant", "999901102202"),
                                          ("township_reviewer", LIULIN),
                                          ("county_confirmer", COUNTY)])
def test_other_roles_may_neither_see_nor_change_the_parameters(app, db, role, region):
    client = signed_in(app, db, "someone", role, region)
    assert client.get("/staff/policy").status_code == 403
    assert client.get("/staff/policy/new").status_code == 403
    token = csrf(client.get("/staff/"))
    assert client.post("/staff/policy/new", data={**NEW_SET, "csrf_token": token,
                                                   "valid_from": "2027-01-01"}).status_code == 403
    assert "政策参数" not in page(client.get("/staff/")).select_one(".staff-nav").get_text()
    assert rows(app) == 1


def test_an_administrator_of_another_county_cannot_see_or_edit_this_countys_sets(app, db):
    regions.import_regions(db, OTHER_COUNTY)
    other = signed_in(app, db, "waiadmin", "county_admin", "888801000000", name="外管理")
    listing = page(other.get("/staff/policy"))
    assert listing.select(".policy-version") == []
    assert "河南省" not in listing.get_text()
    assert other.get("/staff/policy/new").status_code == 200
    assert value(other.get("/staff/policy/new"), "dibao_rural_monthly") == ""
    assert other.get("/staff/policy/new?replaces=1").status_code == 404
    refused = save_set(other, replaces="1", valid_from="2022-01-01")
    assert refused.status_code == 404
    assert rows(app) == 1
    # What they enter is their own county's.
    assert save_set(other, valid_from="2027-01-01").status_code == 302
    assert sql(app, "SELECT region_code FROM policy_parameters WHERE id = 2")[0][0] == "888801000000"


def test_the_county_administrator_finds_the_page_in_the_menu(admin):
    nav = page(admin.get("/staff/")).select_one(".staff-nav")
    link = nav.find("a", string="政策参数")
    assert link is not None and link["href"] == "/staff/policy"


def test_temporary_aids_cap_and_working_days_are_edited_like_the_other_figures(app, admin):
    """001… 二(六) 小金额先行救助 and 增强救助时效性: the first-aid cap and the two limits in
    working days are the county's figures, per period."""
    shown = admin.get("/staff/policy/new")
    assert value(shown, "temporary_aid_first_aid_cap") == "1000.00"
    assert (value(shown, "temporary_aid_decision_days"), value(shown, "temporary_aid_explanation_days")) == (
        "10", "5")
    response = save_set(admin, valid_from="2027-01-01", temporary_aid_first_aid_cap="１５００元",
                        temporary_aid_decision_days="8", temporary_aid_explanation_days="3")
    assert response.status_code == 302
    saved = sql(app, "SELECT temporary_aid_first_aid_cap, temporary_aid_decision_days, "
                     "temporary_aid_explanation_days FROM policy_parameters WHERE valid_from = '2027-01-01'")
    assert tuple(saved[0]) == (1_500_00, 8, 3)
    listed = page(admin.get("/staff/policy")).get_text()
    assert "每件最多 1,500 元；之后 3 个工作日内补充说明" in listed
    assert "自受理之日起 8 个工作日" in listed


def test_bad_temporary_aid_figures_are_refused_next_to_their_fields(app, admin):
    response = save_set(admin, temporary_aid_first_aid_cap="0", temporary_aid_decision_days="十",
                        temporary_aid_explanation_days="")
    assert response.status_code == 422
    assert field_error(response, "temporary_aid_first_aid_cap") == \
        "先行救助的最高金额应在 1 元到 100,000 元之间"
    assert field_error(response, "temporary_aid_decision_days") == "请填写整数，例如 30"
    assert field_error(response, "temporary_aid_explanation_days") == "请填写补充说明的期限"
    assert value(response, "temporary_aid_decision_days") == "十"
    assert rows(app) == 1
