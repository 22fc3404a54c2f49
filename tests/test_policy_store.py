"""Policy parameters stored per region and period, in versions never changed in place
(webapp/policy_store.py), over a real SQLite file.

RULES.md "Household and income" and "Temporary assistance", the "example values, Henan 2022"
notes: standards differ by county and change every year, so they are data per region and period."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from tests.domain.test_assessment import NO_INCOME, household, income
from tests.web.flows import CHENGGUAN, DONGGUAN, LIULIN, YANGZHUANG
from webapp.domain import assessment
from webapp.domain.policy import HENAN_2022, NoPolicyInForce
from webapp.services import opinion, policy_store, regions

COUNTY = "999901000000"
ADMIN = "staff:1"


def add(db, replaces=None, source="清民〔2026〕1号", **changes):
    params = replace(HENAN_2022, **{"effective_from": date(2025, 1, 1), **changes})
    return policy_store.add_version(db, params, source=source, actor=ADMIN, replaces=replaces)


def rural_on(db, village, day):
    return policy_store.in_force(db, village, day).parameters.dibao_rural_monthly


def test_a_fresh_install_gives_the_demo_county_the_henan_2022_example_values(db):
    """RULES.md "Household and income" (420 rural, 630 urban a month; tekun ≥ 1.3 ×) and
    "Temporary assistance" (3 × and 6 × the urban monthly standard: 1,890 and 3,780)."""
    (seeded,) = policy_store.versions(db, COUNTY)
    assert replace(seeded.parameters, version=None) == HENAN_2022
    assert seeded.parameters.version == seeded.id == 1
    assert seeded.entered_by == "system" and seeded.current
    used = policy_store.in_force(db, YANGZHUANG, date(2026, 6, 1)).parameters
    assert used.dibao_monthly("rural") == 420_00 and used.dibao_monthly("urban") == 630_00
    assert used.tekun_monthly("rural") == 546_00
    assert used.temporary_aid_limits() == (1890_00, 3780_00)


def test_a_new_period_ends_the_open_ended_set_the_day_before_it_starts(db):
    new = add(db, dibao_rural_monthly=450_00)
    current = policy_store.current(db, COUNTY)
    assert [(v.period, v.parameters.dibao_rural_monthly) for v in current] == [
        ("2022-01-01 至 2024-12-31", 420_00), ("2025-01-01 起", 450_00)]
    assert current[0].supersedes == 1 and f"由第 {new.id} 版接替" in current[0].source
    assert rural_on(db, YANGZHUANG, date(2024, 12, 31)) == 420_00
    assert rural_on(db, YANGZHUANG, date(2025, 1, 1)) == 450_00


def test_a_new_version_of_a_period_replaces_it_and_the_old_one_stays_as_history(db):
    corrected = add(db, replaces=1, effective_from=date(2022, 1, 1), dibao_rural_monthly=425_00)
    assert rural_on(db, DONGGUAN, date(2023, 3, 1)) == 425_00
    history = policy_store.versions(db, COUNTY)
    assert [(v.id, v.current, v.superseded_by) for v in history] == [(corrected.id, True, None),
                                                                     (1, False, corrected.id)]
    assert history[1].parameters.dibao_rural_monthly == 420_00


def test_the_nearest_region_in_the_village_chain_wins(db):
    add(db, effective_from=date(2022, 1, 1), effective_to=None, region_code=LIULIN,
        dibao_rural_monthly=480_00)
    assert rural_on(db, YANGZHUANG, date(2026, 6, 1)) == 480_00  # in 柳林乡
    assert rural_on(db, DONGGUAN, date(2026, 6, 1)) == 420_00  # in 城关镇: the county's
    # Issue 12: then the city and the province, derived from the code.
    assert policy_store.region_chain(db, YANGZHUANG) == [YANGZHUANG, LIULIN, COUNTY, "999900000000",
                                                         "990000000000"]
    assert policy_store.current(db, CHENGGUAN) == []


def test_a_period_overlapping_a_current_set_is_refused_and_nothing_is_stored(db):
    add(db, effective_to=date(2025, 12, 31))
    before = len(policy_store.versions(db, COUNTY))
    with pytest.raises(policy_store.PolicyStoreError) as same_time:
        add(db, effective_from=date(2025, 7, 1))
    assert same_time.value.field == "valid_from" and "第 2 版（2025-01-01 至 2025-12-31）" in \
        same_time.value.message
    with pytest.raises(policy_store.PolicyStoreError) as runs_into:
        add(db, effective_from=date(2021, 1, 1))
    assert runs_into.value.field == "valid_to" and "结束日期最晚可填 2021-12-31" in runs_into.value.message
    assert len(policy_store.versions(db, COUNTY)) == before


def test_a_superseded_version_cannot_be_replaced_again(db):
    add(db, replaces=1, effective_from=date(2022, 1, 1))
    with pytest.raises(policy_store.PolicyStoreError, match="第 1 版已经被第 2 版取代了"):
        add(db, replaces=1, effective_from=date(2022, 1, 1))


def test_stored_versions_can_be_neither_changed_nor_deleted(db):
    for statement in ("UPDATE policy_parameters SET dibao_rural_monthly = 1 WHERE id = 1",
                      "DELETE FROM policy_parameters WHERE id = 1"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)


def test_adding_a_version_is_audited_in_the_same_transaction(db):
    new = add(db)
    (entry,) = db.execute("SELECT actor, action, subject, detail FROM audit_log").fetchall()
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        ADMIN, "policy_parameters_added", f"policy:{new.id}")
    assert json.loads(entry["detail"])["valid_from"] == "2025-01-01"


def test_no_parameters_in_force_is_the_no_parameters_error(db):
    with pytest.raises(NoPolicyInForce):
        policy_store.in_force(db, YANGZHUANG, date(2021, 12, 31))
    regions.import_regions(db, [regions.Region("888801000000", "外县", "county", None),
                                regions.Region("888801101000", "外镇", "township", "888801000000"),
                                regions.Region("888801101201", "外村", "village", "888801101000")])
    with pytest.raises(opinion.NoParameters, match="2026-06-01 没有适用于这个地区的政策参数"):
        opinion.parameters_for(db, "888801101201", date(2026, 6, 1))


def test_an_opinion_record_names_the_version_it_used(db):
    add(db, dibao_rural_monthly=450_00)
    params = opinion.parameters_for(db, YANGZHUANG, date(2025, 3, 1))
    result = assessment.assess(household(income(wages=6000), NO_INCOME, NO_INCOME), params)
    record = json.loads(opinion.as_record(result, {})["assessment"])
    assert record["parameters_version"] == params.version == 2
    assert record["parameters"]["dibao_rural_monthly"] == 450_00
