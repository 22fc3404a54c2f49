"""Staff pages a desktop clerk would choose (issue 11, item 9): the household's answers on the case
page, a confirmation naming the step and the case, steps not yet allowed shown disabled with
their reason, and no internal key (snake_case) anywhere in what staff read."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import csrf, page
from web.flows import LIULIN, SON, SPOUSE, SPOUSE_ID, YANGZHUANG, submit_application

import webapp
from tests.staff.change_flows import days_ago, receiving_case
from tests.staff.conftest import make_staff, post_step, staff_sign_in
from tests.staff.factory import create_aid_case, create_case
from tests.staff.finding_fields import filled
from tests.staff.procedure import TO_NOTICE, act
from tests.staff.sms_cases import apply_from, receipt
from webapp.domain.case_machine import MACHINES, notice_period
from webapp.domain.id_number import mask_id_number
from webapp.domain.steps_now import month_day
from webapp.services import cases, household_file, submissions
from webapp.sms import templates
from webapp.sms.followup import template_label
from webapp.staff.audit_views import action_label
from webapp.store.engine import connect

COUNTY = "999901000000"
# An internal key: lower-case words joined by underscores (serious_illness, public_notice).
# Bounded by anything but ASCII word characters: Chinese text may touch it on either side.
SNAKE = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")


def signed_in(app, db, username: str, role: str = "township_reviewer", region: str = LIULIN):
    make_staff(db, username=username, role=role, region=region, name="李审核")
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return client


def visible_text(response) -> str:
    """What a person reads on the page: text outside scripts, styles and templates."""
    shown = page(response)
    for hidden in shown.select("script, style, template, head"):
        hidden.decompose()
    return shown.get_text(" ", strip=True)


def case_of(app, reference: str) -> int:
    database = connect(app.config["DATABASE"])
    try:
        return database.execute("SELECT c.id FROM cases c JOIN submissions s ON s.id = c.submission_id"
                                " WHERE s.reference = ?", [reference]).fetchone()[0]
    finally:
        database.close()


@pytest.fixture
def application(resident, app):
    """张三 applies for himself, his wife 李四 (physical disability, grade 2; high blood pressure)
    and their son; (case id, reference)."""
    wife = {**SPOUSE, "serious_illness": "yes", "illness_name": "高血压"}
    reference = submit_application(resident, members=(wife, SON))
    return case_of(app, reference), reference


# --- the household's answers --------------------------------------------------------------


def test_the_case_page_shows_the_households_answers_in_labelled_sections(app, db, application):
    case_id, _reference = application
    client = signed_in(app, db, "liulin")
    shown = page(client.get(f"/staff/cases/{case_id}"))
    answers = shown.select_one("section.staff-answers")
    assert answers is not None
    titles = [h.get_text(strip=True) for h in answers.select("h3")]
    assert len(titles) >= 4 and all(titles)
    members = [h.get_text(strip=True) for h in answers.select("h4.answers-member")]
    assert [m.split("（")[0] for m in members][-2:] == ["李四", "张小明"]
    rows = [(row.dt.get_text(strip=True), row.dd.get_text(strip=True)) for row in answers.select(".row")]
    # A yes and its follow-up read together (大病：是，高血压); the disability with its grade.
    assert ("有没有大病、慢性病？", "是，高血压") in rows, rows
    assert any("肢体残疾，二级" in value for _label, value in rows), rows
    # ID numbers masked as everywhere on the case page; in full only in the printed file.
    assert any(mask_id_number(SPOUSE_ID) in n.get_text() for n in answers.select(".member-id"))
    assert SPOUSE_ID not in shown.get_text()
    assert answers.select_one(".staff-incomes") is not None
    assert "全家人均月收入" in answers.get_text()
    assert not SNAKE.search(answers.get_text(" ")), SNAKE.findall(answers.get_text(" "))


def test_the_answers_are_those_the_household_file_prints(app, db, application):
    """One function builds both (webapp/services/household_file.py sections)."""
    case_id, _reference = application
    client = signed_in(app, db, "liulin")
    shown = page(client.get(f"/staff/cases/{case_id}"))
    with app.test_request_context():
        draft = submissions.get(db, cases.get(db, case_id).submission_id)
        printed = household_file.sections(draft)
    titles = [h.get_text(strip=True) for h in shown.select("section.staff-answers h3.answers-title")]
    assert titles[:len(printed)] == [s.title for s in printed]


def test_the_findings_of_the_opinion_are_shown_in_words(app, db, application):
    case_id, _reference = application
    client = signed_in(app, db, "liulin")
    act(app, case_id, "accept")
    act(app, case_id, "book_visit", day=cases.today())
    act(app, case_id, "record_investigation")
    act(app, case_id, "record_records_check")
    fields = filled("give_preliminary_opinion", **{"category-property_within_limits": "no",
                                                   "category-members-1-supporters-0-relation": "女儿",
                                                   "category-members-1-supporters-0-age": "40"})
    assert post_step(client, case_id, "give_preliminary_opinion", **fields).status_code == 302
    findings = page(client.get(f"/staff/cases/{case_id}")).select_one(".staff-findings")
    rows = {r.dt.get_text(strip=True): r.dd.get_text(strip=True) for r in findings.select(".row")}
    assert rows["家庭财产"] == "超过当地规定"
    assert rows[f"{SPOUSE['name']}的法定赡养、抚养、扶养义务人"] == "女儿，40岁，有履行义务能力"


# --- confirmations ------------------------------------------------------------------------


def notice_text(client) -> str:
    return page(client.get("/staff/")).select_one(".notice").get_text(strip=True)


def test_a_step_confirms_what_was_done_to_which_case(app, db, application):
    case_id, reference = application
    client = signed_in(app, db, "liulin")
    assert post_step(client, case_id, "accept").status_code == 302
    due = date.fromisoformat(cases.get(db, case_id).due_on)
    assert notice_text(client) == f"已受理 {reference}，办结期限 {month_day(due, cases.today())}"

    visit = cases.today() + timedelta(days=2)
    post_step(client, case_id, "book_visit", visit_on=visit.isoformat())
    assert notice_text(client) == f"已预约入户调查 {reference}，入户调查 {month_day(visit, cases.today())}"


def test_starting_the_notice_confirms_its_last_day(app, db, application):
    case_id, reference = application
    act(app, case_id, "accept")
    act(app, case_id, "book_visit", day=cases.today())
    for action in TO_NOTICE[:-1]:
        act(app, case_id, action)
    client = signed_in(app, db, "liulin")
    assert post_step(client, case_id, "start_public_notice",
                     notice_start=cases.today().isoformat()).status_code == 302
    end = notice_period(cases.today()).end
    assert notice_text(client) == f"已开始公示 {reference}，公示到 {month_day(end, cases.today())}"


def test_a_refusal_is_confirmed_as_a_decision(app, db):
    case_id = create_case(db, state="submitted", resident=True, reference="F33RV32A")
    client = signed_in(app, db, "liulin")
    assert post_step(client, case_id, "refuse_acceptance", reason="不在本乡镇").status_code == 302
    assert notice_text(client) == "已决定不予受理 F33RV32A"


# --- steps not yet allowed ----------------------------------------------------------------


def test_confirmation_during_the_notice_is_disabled_with_its_end_date(app, db, application):
    case_id, _reference = application
    act(app, case_id, "accept")
    act(app, case_id, "book_visit", day=cases.today())
    for action in TO_NOTICE:
        act(app, case_id, action)
    county = signed_in(app, db, "county", "county_confirmer", COUNTY)
    shown = page(county.get(f"/staff/cases/{case_id}"))
    blocked = shown.select_one("#blocked-confirm")
    assert blocked is not None
    button = blocked.select_one("button")
    assert button.has_attr("disabled") and button.get_text(strip=True) == "审核确认"
    end = month_day(notice_period(cases.today()).end, cases.today())
    why = blocked.select_one(".staff-why-not")
    assert why.get_text(strip=True) == f"暂不能办理：公示到 {end}，之后才能审核确认"
    assert button["aria-describedby"] == why["id"]
    # Nothing on the page posts the step; posting it anyway is still refused.
    assert not shown.select(f"form[action$='/cases/{case_id}/confirm']")
    assert post_step(county, case_id, "confirm").status_code == 422


def test_once_the_notice_is_over_confirmation_is_a_button_again(app, db, application):
    case_id, _reference = application
    act(app, case_id, "accept")
    act(app, case_id, "book_visit", day=cases.today())
    for action in TO_NOTICE:
        act(app, case_id, action)
    db.execute("UPDATE cases SET notice_start = '2026-01-01', notice_end = '2026-01-07' WHERE id = ?",
               [case_id])
    db.conn.commit()
    county = signed_in(app, db, "county", "county_confirmer", COUNTY)
    shown = page(county.get(f"/staff/cases/{case_id}"))
    assert shown.select_one("#blocked-confirm") is None
    assert shown.select_one(f"form[action$='/cases/{case_id}/confirm'] button").get_text() == "审核确认"


def test_ending_a_phase_out_early_is_disabled_with_its_last_day(app, db):
    until = cases.today() + timedelta(days=40)
    case_id = receiving_case(db, phone="13700137011", state="phasing_out",
                             phase_out_until=until.isoformat())
    client = signed_in(app, db, "liulin")
    why = page(client.get(f"/staff/cases/{case_id}")).select_one("#why-end_phase_out")
    assert why is not None and month_day(until, cases.today()) in why.get_text()


# --- no internal keys ---------------------------------------------------------------------


@pytest.fixture
def every_state(app, db):
    """A case in every state of every machine in 杨庄村, a real application taken a few steps, a
    change report, an undelivered SMS; the ids of the cases."""
    ids = []
    for machine in MACHINES.values():
        for state in machine.states:
            if machine.name == "temporary_aid":
                ids.append(create_aid_case(db, state=state))
            else:
                ids.append(create_case(db, state=state, machine=machine.name, resident=True,
                                       due_on=days_ago(-5), notice_start=days_ago(2),
                                       notice_end=days_ago(-4), phase_out_until=days_ago(-30)))
    case_id, _client = apply_from(app, "13700137021")
    receipt(app, case_id, "failed", "30003")
    act(app, case_id, "accept")
    act(app, case_id, "book_visit", day=cases.today())
    household = receiving_case(db, phone="13700137022")
    assistant = signed_in(app, db, "yangzhuang", "assistant", YANGZHUANG)
    url = f"/staff/cases/{household}/change"
    assert assistant.post(url, data={"csrf_token": csrf(assistant.get(url)), "kind": "moved_out",
                                     "happened_on": days_ago(30), "description": "户口迁走了"}
                          ).status_code == 302
    return [*ids, case_id, household]


def raw_keys(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return SNAKE.findall(visible_text(response))


def test_no_staff_page_shows_an_internal_key(app, db, every_state):
    reviewer = signed_in(app, db, "liulin")
    admin = signed_in(app, db, "admin", "county_admin", COUNTY)
    assistant = app.test_client()
    assert staff_sign_in(assistant, "yangzhuang").status_code == 302
    report_id = db.execute("SELECT id FROM change_reports").fetchone()[0]
    pages = [(reviewer, "/staff/"), (reviewer, "/staff/cases"), (reviewer, "/staff/board"),
             (reviewer, "/staff/board?queue=settled"), (reviewer, "/staff/board?queue=finished"),
             (reviewer, "/staff/search?q=张三"), (reviewer, "/staff/changes"),
             (reviewer, "/staff/messages/undelivered"), (reviewer, "/staff/ratings/followups"),
             *[(reviewer, f"/staff/cases/{case_id}") for case_id in every_state],
             *[(reviewer, f"/staff/cases?queue={q}") for q in
               ("waiting_for_applicant", "settled", "finished", "temporary_aid")],
             (reviewer, "/staff/board/cases.csv"), (reviewer, "/staff/changes?view=decided"),
             (reviewer, f"/staff/changes/{report_id}"), (reviewer, "/staff/messages/bulk"),
             (assistant, "/staff/"), (assistant, "/staff/assistant"),
             (admin, "/staff/"), (admin, "/staff/audit"), (admin, "/staff/board"),
             (admin, "/staff/policy"), (admin, "/staff/calendar"), (admin, "/staff/county/ratings"),
             (admin, "/staff/messages/bulk")]
    found = {url: keys for client, url in pages if (keys := raw_keys(client.get(url)))}
    assert found == {}


def test_every_sms_template_has_a_name_staff_can_read():
    """The undelivered page and the case page name each message by its template."""
    unnamed = [name for name in templates.all_templates() if template_label(name) == name]
    assert unnamed == []


def test_every_action_the_code_audits_has_words():
    """Each `audit.record(db, actor, "<action>", …)` in the code has a label on the audit page."""
    recorded = set()
    for path in Path(webapp.__file__).parent.rglob("*.py"):
        recorded |= set(re.findall(r'audit\.record\(\s*db,\s*[^,]+,\s*"([a-z_]+)"', path.read_text()))
    assert recorded and [a for a in sorted(recorded) if action_label(a) is None] == []
