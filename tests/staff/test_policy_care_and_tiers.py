"""The county's tekun care standards per care level (`002…` 民政厅 第二类 3: 照料护理标准) and its
optional dibao tiers (`002…` 民政厅 第一类 3: 分档救助) are policy parameters, edited like the rest."""

from __future__ import annotations

from conftest import page

from tests.staff.conftest import field_error
from tests.staff.test_policy_parameters import admin, rows, save_set  # noqa: F401 (fixture)
from tests.web.flows import sql, value


def test_the_form_starts_from_the_example_care_standards_and_no_tiers(admin):  # noqa: F811
    shown = admin.get("/staff/policy/new")

    assert (value(shown, "tekun_care_full_monthly"), value(shown, "tekun_care_partial_monthly"),
            value(shown, "tekun_care_self_monthly")) == ("600.00", "300.00", "60.00")
    assert value(shown, "dibao_tier_amounts") == ""
    assert "按实际差额补差" in page(admin.get("/staff/policy")).get_text()


def test_care_standards_and_tiers_are_saved_and_listed(app, admin):  # noqa: F811
    response = save_set(admin, valid_from="2027-01-01", tekun_care_full_monthly="700",
                        tekun_care_partial_monthly="３５０元", dibao_tier_amounts="100、200，300")

    assert response.status_code == 302
    saved = sql(app, "SELECT tekun_care_full_monthly, tekun_care_partial_monthly, tekun_care_self_monthly, "
                     "dibao_tier_amounts FROM policy_parameters WHERE valid_from = '2027-01-01'")
    assert tuple(saved[0]) == (700_00, 350_00, 60_00, "10000,20000,30000")
    listed = page(admin.get("/staff/policy")).get_text()
    assert "全护理 700 元、半护理 350 元、全自理 60 元/人·月" in listed
    assert "分档救助：每档 100、200、300 元/人·月" in listed


def test_bad_care_standards_and_tiers_are_refused_next_to_their_fields(app, admin):  # noqa: F811
    response = save_set(admin, tekun_care_full_monthly="200", tekun_care_partial_monthly="300",
                        tekun_care_self_monthly="", dibao_tier_amounts="300、200")

    assert response.status_code == 422
    assert field_error(response, "tekun_care_partial_monthly") == "半护理标准不能高于全护理标准"
    assert field_error(response, "tekun_care_self_monthly") == "请填写全自理标准"
    assert field_error(response, "dibao_tier_amounts") == "每档金额须大于 0，从小到大排列，不能重复"
    assert value(response, "dibao_tier_amounts") == "300、200"
    assert rows(app) == 1


# 000… 四(三): 有条件的地区可以有序推进持有居住证人员在居住地提出低保申请 — the county's choice.
def test_accepting_residence_permit_holders_is_the_countys_choice(app, admin):  # noqa: F811
    assert "不接受（到户籍所在地申请）" in page(admin.get("/staff/policy")).get_text()

    assert save_set(admin, valid_from="2027-01-01", accepts_residence_permit="y").status_code == 302
    saved = sql(app, "SELECT accepts_residence_permit FROM policy_parameters WHERE valid_from = '2027-01-01'")

    assert saved[0][0] == 1
    assert "持居住证人员在居住地申请接受" in page(admin.get("/staff/policy")).get_text()
