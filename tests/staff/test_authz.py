"""Regions staff cover, and the permission matrix."""

from __future__ import annotations

import pytest
from web.flows import CHENGGUAN, COUNTY, DONGGUAN, LIULIN, YANGZHUANG

from webapp.services import authz, regions
from webapp.services.authz import can, covers, region_chain

OTHER_COUNTY = "999902000000"
OTHER_TOWNSHIP = "999902101000"
OTHER_VILLAGE = "999902101201"


@pytest.fixture
def db(db):
    """The demo county and a second county beside it."""
    regions.import_regions(db, [
        regions.Region(OTHER_COUNTY, "柳河县", "county", None),
        regions.Region(OTHER_TOWNSHIP, "城关镇", "township", OTHER_COUNTY),
        regions.Region(OTHER_VILLAGE, "东关村", "village", OTHER_TOWNSHIP),
    ])
    return db


def test_region_chain_is_the_village_and_its_ancestors(db):
    assert region_chain(db, YANGZHUANG) == [YANGZHUANG, LIULIN, COUNTY]
    assert region_chain(db, LIULIN) == [LIULIN, COUNTY]
    assert region_chain(db, COUNTY) == [COUNTY]
    assert region_chain(db, "000000000000") == []
    assert region_chain(db, None) == []


@pytest.mark.parametrize(("staff_region", "village", "covered"), [
    (YANGZHUANG, YANGZHUANG, True),
    (YANGZHUANG, "999901102201", False),  # 柳林村, another village of the same township
    (LIULIN, YANGZHUANG, True),
    (LIULIN, DONGGUAN, False),  # a village of 城关镇
    (CHENGGUAN, DONGGUAN, True),
    (COUNTY, YANGZHUANG, True),
    (COUNTY, DONGGUAN, True),
    (COUNTY, OTHER_VILLAGE, False),  # another county's village, though named alike
    (OTHER_COUNTY, OTHER_VILLAGE, True),
    (OTHER_TOWNSHIP, DONGGUAN, False),
    (LIULIN, LIULIN, True),  # the township itself
    (YANGZHUANG, LIULIN, False),  # nobody covers what is above them
    (LIULIN, None, False),
    (LIULIN, "no-such-village", False),
    ("", YANGZHUANG, False),
])
def test_staff_cover_every_village_at_or_below_their_region(db, staff_region, village, covered):
    assert covers(db, staff_region, village) is covered


def test_every_role_has_a_label_a_level_and_a_rank():
    for mapping in (authz.ROLE_LABELS, authz.ROLE_LEVEL, authz.ROLE_RANK):
        assert set(mapping) == set(authz.ROLES)


def test_every_action_is_allowed_to_someone_known():
    for action, roles in authz.PERMISSIONS.items():
        assert roles, action
        assert roles <= set(authz.ROLES), action


@pytest.mark.parametrize(("role", "allowed"), [
    ("assistant", {"view_case", "record_visit", "village_shortlist", "follow_up_sms",
                   "opt_out_for_resident", "fill_on_behalf", "record_monitoring_income"}),
    ("township_reviewer", {"view_case", "accept", "request_correction", "record_visit",
                           "record_check", "assign_official", "preliminary_opinion",
                           "public_notice", "extend_deadline", "export_cases", "follow_up_sms",
                           "opt_out_for_resident", "bulk_send", "correct_name", "answer_ratings",
                           "record_monitoring_income"}),
    ("county_confirmer", {"view_case", "extend_deadline", "confirm", "publish", "export_cases",
                          "follow_up_sms"}),
    ("county_admin", {"view_case", "export_cases", "manage_staff", "edit_policy",
                      "load_calendar", "read_audit", "follow_up_sms", "bulk_send",
                      "correct_name", "read_ratings",
                      "read_form_metrics"}),
])
def test_what_each_role_may_do(role, allowed):
    assert {action for action in authz.ACTIONS if can(role, action)} == allowed


def test_an_unknown_role_may_do_nothing():
    assert not any(can("mayor", action) for action in authz.ACTIONS)


def test_an_unknown_action_is_a_mistake_not_a_refusal():
    with pytest.raises(ValueError):
        can("county_admin", "delete_everything")


def test_roles_for_an_action_come_in_rank_order():
    assert authz.roles_for("record_visit") == ("assistant", "township_reviewer")
    assert authz.at_least("county_confirmer", "township_reviewer")
    assert not authz.at_least("assistant", "township_reviewer")
