"""Province and city parameter sets, entered with `flask policy add`, inherited by counties that
have none of their own, shown on the county's policy page with their level, and the floor a
county's own standard may not go below (`002…` 民政厅 第一类 3: 各县（市、区）政府可以结合当地
实际制定地方标准，但不能低于省定标准; 各省辖市可根据当地实际适当提高)."""

from __future__ import annotations

import pytest
from conftest import page

from tests.staff.test_policy_parameters import NEW_SET, OTHER_COUNTY, save_set, signed_in
from webapp.services import cases, policy_store, regions
from webapp.staff.policy_cli import policy_group

DEMO_PROVINCE, DEMO_CITY = "990000000000", "999900000000"
OTHER_PROVINCE = "880000000000"


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def add_upper(runner, region: str, rural: str = "450", urban: str = "650", *more: str):
    return runner.invoke(policy_group, [
        "add", "--region", region, "--from", "2026-01-01", "--rural", rural, "--urban", urban,
        "--income", "18000", "--source", "省民政厅〔2026〕1号", *more])


def test_a_province_set_is_entered_from_the_command_line(runner, db):
    result = add_upper(runner, OTHER_PROVINCE)
    assert result.exit_code == 0, result.output
    [added] = policy_store.current(db, OTHER_PROVINCE)
    assert (added.parameters.dibao_rural_monthly, added.source) == (450_00, "省民政厅〔2026〕1号")


def test_a_county_code_is_not_entered_from_the_command_line(runner, db):
    result = add_upper(runner, "888801000000")
    assert result.exit_code != 0 and "province" in result.output
    assert policy_store.current(db, "888801000000") == []


def test_002_minzheng_1_3_a_county_without_its_own_set_uses_the_province_s(app, db, runner):
    regions.import_regions(db, OTHER_COUNTY)
    assert add_upper(runner, OTHER_PROVINCE).exit_code == 0
    used = policy_store.in_force(db, "888801101201", cases.today())
    assert used.parameters.region_code == OTHER_PROVINCE

    admin = signed_in(app, db, "other_admin", "county_admin", "888801000000")
    shown = page(admin.get("/staff/policy"))
    inherited = shown.select_one(".policy-inherited-today").get_text()
    assert "省级参数" in inherited and OTHER_PROVINCE in inherited
    assert "省级（880000000000）" in shown.select_one(".policy-upper h3").get_text()
    assert shown.select_one(".no-policy") is None


def test_a_city_set_wins_over_the_province_s_for_the_counties_below_it(app, db, runner):
    regions.import_regions(db, OTHER_COUNTY)
    assert add_upper(runner, OTHER_PROVINCE).exit_code == 0
    assert add_upper(runner, "888800000000", "470", "680").exit_code == 0
    used = policy_store.in_force(db, "888801101201", cases.today())
    assert (used.parameters.region_code, used.parameters.dibao_rural_monthly) == ("888800000000", 470_00)


def test_002_minzheng_1_3_a_county_standard_below_the_province_s_is_refused_next_to_the_field(
        app, db, runner):
    assert add_upper(runner, DEMO_PROVINCE, "520", "650").exit_code == 0
    admin = signed_in(app, db, "admin", "county_admin", "999901000000")
    before = len(policy_store.versions(db, "999901000000"))

    response = save_set(admin, valid_from="2026-02-01")  # NEW_SET: rural 500 < 520

    assert response.status_code == 422
    shown = page(response)
    error = shown.select_one("#field-dibao_rural_monthly .error").get_text()
    assert "不能低于省级标准" in error and "520" in error
    assert shown.select_one("#dibao_rural_monthly")["value"] == "500.00"
    assert shown.select_one("#source")["value"] == NEW_SET["source"]
    assert len(policy_store.versions(db, "999901000000")) == before

    assert save_set(admin, valid_from="2026-02-01", dibao_rural_monthly="520").status_code == 302


def test_002_minzheng_1_3_the_city_s_higher_standard_is_the_floor_too(app, db, runner):
    assert add_upper(runner, DEMO_PROVINCE, "450", "650").exit_code == 0
    assert add_upper(runner, DEMO_CITY, "480", "720").exit_code == 0
    admin = signed_in(app, db, "admin", "county_admin", "999901000000")
    response = save_set(admin, valid_from="2026-02-01")  # urban 700 < the city's 720
    assert response.status_code == 422
    assert "不能低于市级标准" in page(response).select_one("#field-dibao_urban_monthly .error").get_text()


def test_the_phase_out_schedule_is_saved_from_the_county_form_and_shown(app, db):
    """003… 二(二)3 expressible on the form: 18 months falling every quarter, 24 for a disabled
    household, below 2 × the standard."""
    admin = signed_in(app, db, "admin", "county_admin", "999901000000")
    jilin = ",".join(["100"] * 3 + ["83"] * 3 + ["67"] * 3 + ["50"] * 3 + ["33"] * 3 + ["17"] * 3)
    response = save_set(admin, valid_from="2026-02-01", phase_out_months="18",
                        phase_out_schedule=jilin, phase_out_schedule_disabled=",".join(["100"] * 24),
                        phase_out_income_cap="2")
    assert response.status_code == 302, page(response).select(".error")
    saved = policy_store.current(db, "999901000000")[-1].parameters
    assert len(saved.phase_out_schedule) == 18 and saved.phase_out_schedule[3] == 83
    assert len(saved.phase_out_schedule_disabled) == 24 and saved.phase_out_income_cap == 2
    assert "83%" in page(admin.get("/staff/policy")).select_one(".policy-phase-out").get_text()


def test_a_schedule_of_the_wrong_length_is_refused_next_to_its_field(app, db):
    admin = signed_in(app, db, "admin", "county_admin", "999901000000")
    response = save_set(admin, valid_from="2026-02-01", phase_out_schedule="100,80")
    assert response.status_code == 422
    assert "渐退期是 6 个月" in page(response).select_one("#field-phase_out_schedule .error").get_text()
    assert page(response).select_one("#phase_out_schedule")["value"] == "100,80"
