"""Drafts: every saved page is kept; coming back later picks up where the resident left off."""

from __future__ import annotations

import json

from .flows import (
    OTHER_PHONE,
    PHONE,
    SITUATION,
    fill_application,
    fill_self_declaration,
    page,
    post,
    saved,
    sign_in_again,
    sign_out,
    sql,
    start,
    step_url,
    submission,
    submit_application,
    text,
    value,
)


def come_back(app, phone=PHONE):
    """The same resident later, on a fresh browser."""
    client = app.test_client()
    sign_in_again(client, app, phone)
    return client


def test_returning_resident_lands_on_the_step_after_the_last_saved_one(resident, app):
    fill_application(resident, "members")  # applicant, residence, consent saved
    sign_out(resident)
    later = come_back(app)

    response = later.get(f"/forms/{start(later)}")

    assert response.headers["Location"] == step_url(1, "members")


def test_earlier_answers_are_still_there_after_coming_back(resident, app):
    sid = fill_application(resident, "members")
    sign_out(resident)
    later = come_back(app)
    start(later)

    assert value(later.get(step_url(sid, "applicant")), "name") == "张三"
    assert value(later.get(step_url(sid, "residence")), "address") == "3组12号"
    assert value(later.get(step_url(sid, "consent")), "sensitive") == "yes"


def test_coming_back_says_the_draft_was_picked_up(resident, app):
    fill_application(resident, "members")
    sign_out(resident)
    later = come_back(app)
    sid = start(later)

    response = later.get(later.get(f"/forms/{sid}").headers["Location"])

    assert "您有一份没填完的社会救助申请，已经从上次填到的地方接着填。" in text(response, ".notice")


def test_starting_again_does_not_make_a_second_draft(resident, app):
    first = fill_application(resident, "members")

    assert start(resident) == first
    assert len(sql(app, "SELECT id FROM submissions")) == 1


def test_status_page_lists_the_draft_with_a_link_to_go_on(resident, app):
    sid = fill_application(resident, "members")
    sign_out(resident)
    later = come_back(app)

    case = page(later.get("/status")).select_one(".case")

    assert case.select_one("h2").get_text() == "社会救助申请"
    assert "还没提交" in case.get_text()
    link = case.find("a", string="接着填写")
    assert link["href"] == f"/forms/{sid}"
    assert later.get(link["href"]).headers["Location"] == step_url(sid, "members")


def test_draft_that_reached_check_comes_back_to_check(resident, app):
    sid = fill_application(resident, "check")
    resident.get(f"/forms/{sid}/check")

    assert resident.get(f"/forms/{sid}").headers["Location"] == f"/forms/{sid}/check"


def test_draft_past_check_comes_back_to_the_notice_letter(resident):
    sid = fill_application(resident, "notice")

    assert resident.get(f"/forms/{sid}").headers["Location"] == f"/forms/{sid}/notice"


def test_answer_changed_from_check_keeps_the_resident_at_check(resident):
    sid = fill_application(resident, "check")
    saved(post(resident, step_url(sid, "situation", **{"return": "check"}), SITUATION))

    assert resident.get(f"/forms/{sid}").headers["Location"] == f"/forms/{sid}/check"


def test_each_form_has_its_own_draft(resident):
    application = fill_application(resident, "residence")
    declaration = fill_self_declaration(resident, "risks")

    cases = [c.select_one("h2").get_text() for c in page(resident.get("/status")).select(".case")]

    assert application != declaration
    assert sorted(cases) == sorted(["社会救助申请", "自主申报（防止返贫监测）"])


def test_someone_elses_drafts_are_not_listed(resident, app):
    fill_application(resident, "residence")
    neighbour = app.test_client()
    sign_in_again(neighbour, app, OTHER_PHONE)

    assert "您还没有提交过。" in text(neighbour.get("/status"))


def test_submitted_application_is_listed_with_its_reference(resident):
    reference = submit_application(resident)

    case = page(resident.get("/status")).select_one(".case")

    assert case.select_one(".reference").get_text() == reference
    assert "已提交，待受理" in case.get_text()  # the case's state, not the form's
    assert case.find("a", string="接着填写") is None


def test_submitted_application_can_no_longer_be_changed(resident, app):
    reference = submit_application(resident)
    before = submission(app, 1)["answers"]

    response = post(resident, step_url(1, "situation"), {**SITUATION, "what_happened": "改了"})

    assert response.headers["Location"] == f"/submissions/{reference}"
    assert submission(app, 1)["answers"] == before


def test_starting_after_submitting_begins_a_new_application(resident, app):
    submit_application(resident)

    sid = start(resident)

    assert sid != 1
    assert json.loads(submission(app, sid)["answers"]) == {}
