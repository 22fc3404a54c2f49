"""A county administrator delegates confirmation to the townships, which shortens the deadline
of applications accepted afterwards from 30 to 20 working days (RULES.md "Procedure and
deadlines for dibao")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conftest import csrf, page

from tests.staff.conftest import make_staff, staff_sign_in
from tests.web.flows import submit_application
from webapp.domain import case_machine as machine
from webapp.domain.policy import HENAN_2022, DeadlineDays
from webapp.services import cases, county_settings, policy_store
from webapp.store.engine import connect

COUNTY = "999901000000"


def signed_in(app, db, role: str, region: str, username: str):
    make_staff(db, username=username, role=role, region=region)
    client = app.test_client()
    staff_sign_in(client, username)
    return client


def change(client, value: str, basis: str = "县民政局关于委托乡镇审核确认的通知（X民〔2026〕8号）"):
    token = csrf(client.get("/staff/county"))
    return client.post("/staff/county", data={"csrf_token": token, "township_confirms": value,
                                              "basis": basis})


def test_delegation_gives_later_acceptances_twenty_working_days(app, db, resident):
    admin = signed_in(app, db, "county_admin", COUNTY, "admin")
    assert change(admin, "yes").status_code == 302
    shown = page(admin.get("/staff/county"))
    assert "乡镇有审核确认权" in shown.select_one(".current-setting").get_text()
    assert "X民〔2026〕8号" in shown.select_one(".setting-history").get_text()

    submit_application(resident)
    store = connect(app.config["DATABASE"])
    case_id = store.execute("SELECT id FROM cases").fetchone()[0]
    cases.act(store, case_id, "accept", role=machine.TOWNSHIP_REVIEWER, actor="staff:1",
              signature="【兜底】", service="兜底")
    accepted = cases.get(store, case_id)
    expected = machine.deadline_for(cases.calendar(store), date.fromisoformat(accepted.accepted_on),
                                    township_confirms=True)
    assert accepted.due_on == expected.due.isoformat()
    # The township reviewer may now confirm (after the notice), as the county delegated.
    steps = machine.actions_from("application", "public_notice", machine.TOWNSHIP_REVIEWER,
                                 township_confirms=cases.township_confirms(store, COUNTY))
    assert "confirm" in {s.action for s in steps}


def test_a_change_needs_its_document_and_keeps_the_choice(app, db):
    admin = signed_in(app, db, "county_admin", COUNTY, "admin")
    response = change(admin, "yes", basis="  ")
    assert response.status_code == 422
    shown = page(response)
    assert "请写明依据的文件" in shown.select_one("#field-basis .error").get_text()
    assert shown.select_one("input[name=township_confirms][value=yes]").has_attr("checked")
    assert not cases.township_confirms(connect(app.config["DATABASE"]), COUNTY)


def test_a_value_not_offered_is_refused(app, db):
    admin = signed_in(app, db, "county_admin", COUNTY, "admin")
    response = change(admin, "maybe")
    assert response.status_code == 422
    assert "请选一项" in page(response).select_one("#field-township_confirms .error").get_text()


def test_the_change_is_in_the_audit_log(app, db):
    admin = signed_in(app, db, "county_admin", COUNTY, "admin")
    change(admin, "yes")
    row = connect(app.config["DATABASE"]).execute(
        "SELECT actor, subject FROM audit_log WHERE action = 'county_setting_changed'").fetchone()
    assert row["subject"] == f"county:{COUNTY}" and row["actor"].startswith("staff:")


def test_only_the_county_administrator_opens_it(app, db):
    for role, region in (("assistant", "999901102202"), ("township_reviewer", "999901102000"),
                         ("county_confirmer", COUNTY)):
        client = signed_in(app, db, role, region, role)
        assert client.get("/staff/county").status_code == 403


def test_the_audit_log_names_the_change_and_case_steps_in_words(app, db, resident):
    admin = signed_in(app, db, "county_admin", COUNTY, "admin")
    change(admin, "yes")
    submit_application(resident)
    store = connect(app.config["DATABASE"])
    case_id = store.execute("SELECT id FROM cases").fetchone()[0]
    reviewer = make_staff(db, username="reviewer", role="township_reviewer",
                          region="999901102000")
    cases.act(store, case_id, "accept", role=machine.TOWNSHIP_REVIEWER,
              actor=f"staff:{reviewer.id}", signature="【兜底】", service="兜底")
    # In words; the recorded key stays at hand as the cell's tooltip (issue 11: no key on screen).
    actions = [(td.get_text(), td["title"])
               for td in page(admin.get("/staff/audit")).select(".audit-action")]
    assert ("修改办理设置", "county_setting_changed") in actions
    assert ("受理", "case_accept") in actions


def test_acceptance_uses_the_deadline_days_of_the_policy_parameters_in_force(app, db, resident):
    """RULES.md "Procedure and deadlines for dibao": deadlines are a parameter per region and
    period; a county that sets 25 working days gets 25 from acceptance."""
    store = connect(app.config["DATABASE"])
    policy_store.add_version(
        store, replace(HENAN_2022, region_code=COUNTY, effective_from=date(2025, 1, 1),
                       deadlines=DeadlineDays(25, 20, 45)),
        source="测试文件", actor="staff:1")
    submit_application(resident)
    case_id = store.execute("SELECT id FROM cases").fetchone()[0]
    cases.act(store, case_id, "accept", role=machine.TOWNSHIP_REVIEWER, actor="staff:1",
              signature="【兜底】", service="兜底")
    accepted = cases.get(store, case_id)
    expected = cases.calendar(store).add_working_days(date.fromisoformat(accepted.accepted_on), 25)
    assert accepted.due_on == expected.due.isoformat()


def change_aid_public(client, value: str, basis: str = "县民政局关于临时救助公开的通知（X民〔2026〕9号）"):
    token = csrf(client.get("/staff/county"))
    return client.post("/staff/county/temporary-aid",
                       data={"aid-csrf_token": token, "aid-temporary_aid_public": value, "aid-basis": basis})


def test_the_administrator_lists_granted_temporary_aid_publicly_and_it_is_audited(app, db):
    admin = signed_in(app, db, "county_admin", COUNTY, "admin")
    store = connect(app.config["DATABASE"])
    assert not county_settings.temporary_aid_public(store, COUNTY)
    assert change_aid_public(admin, "yes").status_code == 302
    assert county_settings.temporary_aid_public(store, COUNTY)
    assert not cases.township_confirms(store, COUNTY)  # the other setting stays as it was
    shown = page(admin.get("/staff/county"))
    assert "批准的临时救助在村" in shown.select_one(".current-aid-setting").get_text()
    assert shown.select_one("input[name=aid-temporary_aid_public][value=yes]").has_attr("checked")
    history = shown.select_one(".setting-history").get_text()
    assert "临时救助在村公布" in history and "X民〔2026〕9号" in history
    row = store.execute("SELECT actor, subject, detail FROM audit_log "
                        "WHERE action = 'county_setting_changed'").fetchone()
    assert row["subject"] == f"county:{COUNTY}" and '"temporary_aid_public": true' in row["detail"]


def test_the_temporary_aid_setting_needs_its_document_and_keeps_the_choice(app, db):
    admin = signed_in(app, db, "county_admin", COUNTY, "admin")
    response = change_aid_public(admin, "yes", basis="")
    assert response.status_code == 422
    shown = page(response)
    assert "请写明依据的文件" in shown.select_one("#field-aid-basis .error").get_text()
    assert shown.select_one("input[name=aid-temporary_aid_public][value=yes]").has_attr("checked")
    assert not county_settings.temporary_aid_public(connect(app.config["DATABASE"]), COUNTY)
