"""The first staff page lists the submitted cases of the staff member's own region only."""

from __future__ import annotations

import pytest
from conftest import page
from web.flows import (
    APPLICANT,
    APPLICANT_ID,
    CHENGGUAN,
    COUNTY,
    DECLARANT,
    DONGGUAN,
    OTHER_PHONE,
    RESIDENCE,
    YANGZHUANG,
    fill_application,
    fill_self_declaration,
    other_person,
    sign_in_again,
    sql,
    submit_application,
)

from webapp.services.queues import mask_name

from .conftest import make_staff, staff_sign_in

IN_CHENGGUAN = {**RESIDENCE, "township": CHENGGUAN, "village": DONGGUAN}


@pytest.fixture
def submitted(resident, app):
    """张三 applied from 杨庄村 (柳林乡); later 王五 applied from 东关村 (城关镇)."""
    liulin = submit_application(resident)
    neighbour = app.test_client()
    sign_in_again(neighbour, app, OTHER_PHONE)
    chengguan = submit_application(neighbour, applicant=other_person(1, name="王五",
                                                                     phone=OTHER_PHONE),
                                   residence=IN_CHENGGUAN)
    return {"liulin": liulin, "chengguan": chengguan}


def listed(app, db, role, region, username="someone"):
    make_staff(db, username=username, role=role, region=region)
    client = app.test_client()
    assert staff_sign_in(client, username=username).status_code == 302
    return client.get("/staff/")


def references(response) -> list[str]:
    return [td.get_text(strip=True) for td in page(response).select("tr.case-row .reference")]


def test_a_township_reviewer_sees_only_their_townships_cases(app, db, submitted):
    assert references(listed(app, db, "township_reviewer", "999901102000", "liulin")) \
        == [submitted["liulin"]]
    assert references(listed(app, db, "township_reviewer", CHENGGUAN, "chengguan")) \
        == [submitted["chengguan"]]


def test_a_village_assistant_sees_only_their_village(app, db, submitted):
    assert references(listed(app, db, "assistant", YANGZHUANG, "yangzhuang")) \
        == [submitted["liulin"]]
    assert references(listed(app, db, "assistant", "999901102201", "liulincun")) == []


WAITING = "已提交，待受理"


def test_county_staff_see_the_whole_county_newest_first(app, db, submitted):
    for table in ("submissions", "cases"):
        sql(app, f"UPDATE {table} SET submitted_at = '2026-03-01T02:00:00+00:00' "
                 "WHERE reference = ?", submitted["liulin"])
        sql(app, f"UPDATE {table} SET submitted_at = '2026-03-02T02:00:00+00:00' "
                 "WHERE reference = ?", submitted["chengguan"])

    response = listed(app, db, "county_confirmer", COUNTY, "county")

    assert references(response) == [submitted["chengguan"], submitted["liulin"]]
    rows = [[td.get_text(strip=True) for td in tr.select("td")]
            for tr in page(response).select("tr.case-row")]
    assert rows == [
        [submitted["chengguan"], "社会救助申请", "王*", WAITING, "城关镇", "东关村", "2026-03-02 10:00"],
        [submitted["liulin"], "社会救助申请", "张*", WAITING, "柳林乡", "杨庄村", "2026-03-01 10:00"],
    ]


def test_the_list_shows_no_full_name_id_number_or_phone(app, db, submitted):
    shown = listed(app, db, "county_confirmer", COUNTY, "county").get_data(as_text=True)

    assert "张三" not in shown and "王五" not in shown
    assert APPLICANT_ID not in shown
    assert APPLICANT["phone"] not in shown and OTHER_PHONE not in shown


def test_self_declarations_are_placed_by_the_declarants_village(app, db, resident):
    fill_self_declaration(resident, "submitted",
                          declarant={**DECLARANT, "township": CHENGGUAN, "village": DONGGUAN})

    county = listed(app, db, "county_confirmer", COUNTY, "county")
    [reference] = references(county)
    assert "自主申报（防止返贫监测）" in county.get_data(as_text=True)
    assert references(listed(app, db, "township_reviewer", CHENGGUAN, "chengguan")) == [reference]
    assert references(listed(app, db, "township_reviewer", "999901102000", "liulin")) == []


def test_drafts_are_not_listed(app, db, resident):
    fill_application(resident, "sign")

    response = listed(app, db, "county_confirmer", COUNTY, "county")

    assert references(response) == []
    assert "没有等待受理" in response.get_data(as_text=True)


def test_every_view_of_the_list_is_audited(app, db, submitted):
    listed(app, db, "township_reviewer", CHENGGUAN, "chengguan")

    [row] = sql(app, "SELECT actor, subject, detail FROM audit_log WHERE action = 'viewed_case_list'")
    assert row["subject"] == f"region:{CHENGGUAN}"
    assert row["actor"].startswith("staff:")
    assert '"count": 1' in row["detail"]


@pytest.mark.parametrize(("name", "masked"), [
    ("张三", "张*"), ("欧阳明", "欧*明"), ("司马相如", "司**如"), ("李", "李"), ("", "")])
def test_names_are_masked_on_the_list(name, masked):
    assert mask_name(name) == masked
