"""The township's findings recorded with the steps of the case page (issue 12 item 1): a form
in the step's own POST, 422 with the message beside its field and everything typed kept, the
findings shown line by line, kept in the opinion's record and in the household file, append-only
in the store."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest
from conftest import page

from tests.staff.conftest import case_row, field_error, make_staff, post_step, staff_sign_in
from tests.staff.disabled_son import SEEN, disabled_son_case
from tests.staff.factory import create_case
from tests.staff.finding_fields import filled
from webapp.domain import findings as rules
from webapp.services import cases, household_file
from webapp.services import findings as service
from webapp.store import findings as store

TODAY = cases.today()


@pytest.fixture
def son(db):
    return disabled_son_case(db)


def shown_text(client, case_id) -> str:
    return page(client.get(f"/staff/cases/{case_id}")).get_text(" ", strip=True)


def test_the_home_visit_form_starts_from_the_booking_and_the_declaration(reviewer_client, son):
    shown = page(reviewer_client.get(f"/staff/cases/{son}"))
    assert shown.select_one("#visit-visited_on")["value"] == TODAY.isoformat()
    assert shown.select_one("#visit-members-0-disability_kind option[selected]")["value"] == "physical"
    assert shown.select_one("#visit-members-0-labor_ability option[selected]")["value"] == "none"
    assert [legend.get_text() for legend in shown.select(".findings-member > legend")] == ["王强", "刘芳"]


# 000… 四(一) / 002… 民政厅 4: a step that investigates records what was found, not a click.
def test_a_bare_click_records_no_visit(app, reviewer_client, son):
    response = post_step(reviewer_client, son, "record_investigation")
    assert response.status_code == 422
    assert field_error(response, "visit-housing") == "请选择住房情况"
    assert case_row(app, son)["state"] == "visit_booked"


def test_a_visit_before_the_booked_day_is_refused_beside_its_field_with_everything_kept(
        app, db, reviewer_client):
    case_id = disabled_son_case(db, visit_on=(TODAY + timedelta(days=2)).isoformat())
    fields = filled("record_investigation", **{"visit-present": "王强和母亲刘芳",
                                               "visit-members-1-illness": "腰椎间盘突出"})
    response = post_step(reviewer_client, case_id, "record_investigation", **fields)
    assert response.status_code == 422
    assert "不能早于预约的日期" in field_error(response, "visit-visited_on")
    shown = page(response)
    assert shown.select_one("#visit-present")["value"] == "王强和母亲刘芳"
    assert shown.select_one("#visit-members-1-illness")["value"] == "腰椎间盘突出"
    assert shown.select_one(".error-summary a")["href"] == "#visit-visited_on"
    assert case_row(app, case_id)["state"] == "visit_booked"


def test_the_visit_and_the_record_check_are_recorded_and_shown_line_by_line(db, reviewer_client, son):
    visit = filled("record_investigation", **SEEN, **{"visit-members-0-care_level": "partial_care"})
    assert post_step(reviewer_client, son, "record_investigation", **visit).status_code == 302
    check = filled("record_records_check", **{"records-records-vehicle-matches": "no",
                                              "records-records-vehicle-result": "名下一辆三轮车"})
    response = post_step(reviewer_client, son, "record_records_check", **check)
    assert response.status_code == 422
    assert field_error(response, "records-records-vehicle-difference") == "车辆与申报不一致的，请写明差异"
    check["records-records-vehicle-difference"] = "申报没有车辆"
    assert post_step(reviewer_client, son, "record_records_check", **check).status_code == 302
    text = page(reviewer_client.get(f"/staff/cases/{son}")).select_one(".staff-recorded-findings").get_text(
        " ", strip=True)
    assert "王强 无劳动能力；无重大疾病；肢体残疾一级；共同生活；半护理" in text
    assert "车辆 已核对，与申报不一致；名下一辆三轮车；差异：申报没有车辆" in text
    assert set(service.latest(db, son)) == {rules.HOME_VISIT, rules.RECORDS_CHECK}


def to_opinion_step(client, case_id):
    for action, seen in (("record_investigation", SEEN), ("record_records_check", {})):
        assert post_step(client, case_id, action, **filled(action, **seen)).status_code == 302


# 002… 民政厅 第二类 2(3) ③: the two conditions of the case, or it is refused with everything kept.
def test_a_supporter_unable_by_case_three_needs_its_conditions(app, reviewer_client, son):
    to_opinion_step(reviewer_client, son)
    fields = filled("give_preliminary_opinion", **{
        "category-members-0-supporters-0-relation": "父亲", "category-members-0-supporters-0-age": "75",
        "category-members-0-supporters-0-incapacity": "aged_70_low_income"})
    response = post_step(reviewer_client, son, "give_preliminary_opinion", **fields)
    assert response.status_code == 422
    assert "收入低于当地上年人均可支配收入" in field_error(
        response, "category-members-0-supporters-0-income_below_disposable")
    assert page(response).select_one("#category-members-0-supporters-0-relation")["value"] == "父亲"
    assert case_row(app, son)["state"] == "records_checked"


# 000… 一(一): an adult, unemployed, severely disabled person may apply alone (单人户).
def test_the_disabled_son_is_proposed_as_a_single_person_household(app, db, reviewer_client, son):
    to_opinion_step(reviewer_client, son)
    fields = filled("give_preliminary_opinion", **{
        "category-members-0-supporters-0-relation": "母亲", "category-members-0-supporters-0-age": "58",
        "category-single_person": "y", "category-single_person_grounds": "成年无业重度残疾人（肢体一级）",
        "category-exempt_family_support": "y"})
    assert post_step(reviewer_client, son, "give_preliminary_opinion", **fields).status_code == 302
    row = case_row(app, son)
    assert (row["category"], row["household_size"]) == ("dibao", 1)
    record = json.loads(row["assessment"])
    assert dict(record["lines"])["家庭人口"] == "1 人（单人户：成年无业重度残疾人）"
    assert record["findings"][rules.CATEGORY]["single_person"] is True
    assert record["findings"][rules.HOME_VISIT]["members"][0]["name"] == "王强"
    opinion = page(reviewer_client.get(f"/staff/cases/{son}")).select_one(".findings-category").get_text(" ")
    assert "母亲，58岁，有履行义务能力" in opinion and "成年无业重度残疾人（肢体一级）" in opinion


def test_a_single_person_household_the_rule_does_not_allow_is_assessed_whole_and_says_why(
        app, db, reviewer_client):
    """000… 一(一), 一(四): only an adult unemployed severely disabled person, or a severely ill or
    disabled member of a near-dibao household, applies alone; anyone else is assessed with the
    whole household, the opinion saying why."""
    case_id = disabled_son_case(db)
    not_disabled = {**SEEN, "visit-members-0-disability_kind": "", "visit-members-0-disability_grade": ""}
    assert post_step(reviewer_client, case_id, "record_investigation",
                     **filled("record_investigation", **not_disabled)).status_code == 302
    assert post_step(reviewer_client, case_id, "record_records_check",
                     **filled("record_records_check")).status_code == 302
    alone = {"category-single_person": "y", "category-single_person_grounds": "独居"}
    assert post_step(reviewer_client, case_id, "give_preliminary_opinion",
                     **filled("give_preliminary_opinion", **alone)).status_code == 302
    lines = dict(json.loads(case_row(app, case_id)["assessment"])["lines"])
    assert lines["单人户"].startswith("申请人不符合单人户条件") and lines["家庭人口"] == "2 人"


def test_an_opinion_not_eligible_shows_the_notice_blocked_with_its_reason(app, db, reviewer_client, son):
    to_opinion_step(reviewer_client, son)
    fields = filled("give_preliminary_opinion", **{"category-property_within_limits": "no"})
    assert post_step(reviewer_client, son, "give_preliminary_opinion", **fields).status_code == 302
    assert case_row(app, son)["category"] == "not_eligible"
    shown = page(reviewer_client.get(f"/staff/cases/{son}"))
    assert shown.select_one("#blocked-start_public_notice .staff-why-not").get_text(strip=True).startswith(
        "暂不能办理：初审意见为不符合救助条件")
    assert not shown.select(f"form[action$='/cases/{son}/start_public_notice']")


def test_the_household_file_prints_the_findings(app, db, reviewer_client, son):
    to_opinion_step(reviewer_client, son)
    with app.test_request_context():
        printed = household_file.context(db, cases.get(db, son), "李审核")
    titles = [s.title for s in printed["recorded_findings"]]
    assert titles == ["入户调查", "家庭经济状况核对"]


def test_a_democratic_review_is_recorded_with_its_votes(app, db, reviewer_client):
    case_id = create_case(db, state="objection_raised")
    assert post_step(reviewer_client, case_id, "hold_democratic_review").status_code == 422
    fields = filled("hold_democratic_review")
    response = post_step(reviewer_client, case_id, "hold_democratic_review", **fields)
    assert response.status_code == 302
    review = service.latest(db, case_id)[rules.DEMOCRATIC_REVIEW]
    assert dict(rules.lines(rules.DEMOCRATIC_REVIEW, review))["表决"] == "同意 9，不同意 1，弃权 0"


def test_the_county_cannot_record_a_home_visit(app, db, son):
    make_staff(db, username="county", role="county_confirmer", region="999901000000")
    client = app.test_client()
    staff_sign_in(client, "county")
    response = post_step(client, son, "record_investigation", **filled("record_investigation"))
    assert response.status_code == 422 and service.latest(db, son) == {}


def test_findings_are_append_only_and_the_latest_of_a_kind_wins(db, son):
    store.add(db, son, rules.HOME_VISIT, at="2026-12-01T01:00:00+00:00", actor="staff:1", data={"n": 1})
    store.add(db, son, rules.HOME_VISIT, at="2026-12-02T01:00:00+00:00", actor="staff:1", data={"n": 2})
    db.conn.commit()
    assert service.latest(db, son)[rules.HOME_VISIT] == {"n": 2}
    for statement in ("UPDATE case_findings SET data = '{}'", "DELETE FROM case_findings"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)


# 002… 民政厅 6: the periodic review starts from the findings the opinion used.
def test_the_periodic_review_starts_from_the_opinions_findings(app, db, reviewer_client, son):
    to_opinion_step(reviewer_client, son)
    fields = filled("give_preliminary_opinion", **{
        "category-single_person": "y", "category-single_person_grounds": "成年无业重度残疾人"})
    assert post_step(reviewer_client, son, "give_preliminary_opinion", **fields).status_code == 302
    db.execute("UPDATE cases SET state = 'published' WHERE id = ?", [son])
    db.conn.commit()
    shown = page(reviewer_client.get(f"/staff/cases/{son}/review"))
    assert not shown.select_one("#property_over_limits").has_attr("checked")
    assert "1 人（单人户：成年无业重度残疾人）" in shown.select_one(".review-calculation").get_text()
    over = page(reviewer_client.get(f"/staff/cases/{son}/review?calculated=1&property_over_limits=yes"))
    assert over.select_one("#property_over_limits").has_attr("checked")
    assert "超过当地规定" in over.select_one(".review-calculation").get_text()
