"""Every staff route × every role × a case in their own region and in another region: each cell
is allowed or denied as the table says (issue 4's authorisation matrix; issue 5 adds the village
assistant's page and the forms filled on a resident's behalf; issue 9 the photos attached to a
form, on the case page and on the forms filled on a resident's behalf)."""

from __future__ import annotations

import io

import pytest
from conftest import csrf

from tests import photo_files
from tests.staff.change_flows import receiving_case
from tests.staff.conftest import make_staff, staff_sign_in
from tests.staff.factory import create_aid_case, create_case
from tests.web.flows import APPLICANT, YANGZHUANG, fill_application, id_number, submit_application
from webapp.domain import photos as photo_rules
from webapp.domain import speech as speech_words
from webapp.flows import get_flow
from webapp.resident import speech_views
from webapp.services import cases, change_reports, on_behalf, photos, ratings, regions, submissions
from webapp.store import photos as photo_store
from webapp.store.engine import connect

OTHER_COUNTY = [
    regions.Region("888801000000", "外县（测试）", "county", None),
    regions.Region("888801101000", "外镇", "township", "888801000000"),
    regions.Region("888801101201", "外村", "village", "888801101000"),
]
# Where each role sits when the case is in its region, and when it is not.
SEATS = {
    "assistant": ("999901102202", "999901101201"),  # 杨庄村 / 东关村
    "township_reviewer": ("999901102000", "999901101000"),  # 柳林乡 / 城关镇
    "county_confirmer": ("999901000000", "888801000000"),
    "county_admin": ("999901000000", "888801000000"),
}
CHANGE_REPORTERS = ("assistant", "township_reviewer")
# (route, role) -> expected status when the case is in the role's own region.
OWN = {
    ("home", "assistant"): 200, ("home", "township_reviewer"): 200,
    ("home", "county_confirmer"): 200, ("home", "county_admin"): 200,
    ("case", "assistant"): 200, ("case", "township_reviewer"): 200,
    ("case", "county_confirmer"): 200, ("case", "county_admin"): 200,
    # Only the township reviewer accepts; other roles are told it is not theirs to do.
    ("accept", "assistant"): 422, ("accept", "township_reviewer"): 302,
    ("accept", "county_confirmer"): 422, ("accept", "county_admin"): 422,
    ("board", "assistant"): 403, ("board", "township_reviewer"): 200,
    ("board", "county_confirmer"): 200, ("board", "county_admin"): 200,
    ("board.csv", "assistant"): 403, ("board.csv", "township_reviewer"): 200,
    ("board.csv", "county_confirmer"): 200, ("board.csv", "county_admin"): 200,
    ("board.xlsx", "assistant"): 403, ("board.xlsx", "township_reviewer"): 200,
    ("board.xlsx", "county_confirmer"): 200, ("board.xlsx", "county_admin"): 200,
    # Issue 8: every role has the paged case list and search of its own region.
    **{(route, role): 200 for role in SEATS for route in ("case_list", "search")},
    # The county's own records: the audit log and the official calendar, for its administrator.
    ("audit", "assistant"): 403, ("audit", "township_reviewer"): 403,
    ("audit", "county_confirmer"): 403, ("audit", "county_admin"): 200,
    ("calendar", "assistant"): 403, ("calendar", "township_reviewer"): 403,
    ("calendar", "county_confirmer"): 403, ("calendar", "county_admin"): 200,
    ("policy", "assistant"): 403, ("policy", "township_reviewer"): 403,
    ("policy", "county_confirmer"): 403, ("policy", "county_admin"): 200,
    ("county", "assistant"): 403, ("county", "township_reviewer"): 403,
    ("county", "county_confirmer"): 403, ("county", "county_admin"): 200,
    # SMS: every role sees the failed deliveries of its own region; bulk sends are for the
    # township and the county administrator; the assistant or reviewer stops reminders.
    ("undelivered", "assistant"): 200, ("undelivered", "township_reviewer"): 200,
    ("undelivered", "county_confirmer"): 200, ("undelivered", "county_admin"): 200,
    ("bulk", "assistant"): 403, ("bulk", "township_reviewer"): 200,
    ("bulk", "county_confirmer"): 403, ("bulk", "county_admin"): 200,
    ("reminders", "assistant"): 302, ("reminders", "township_reviewer"): 302,
    ("reminders", "county_confirmer"): 403, ("reminders", "county_admin"): 403,
    ("file.pdf", "assistant"): 200, ("file.pdf", "township_reviewer"): 200,
    ("file.pdf", "county_confirmer"): 200, ("file.pdf", "county_admin"): 200,
    # A responsible official is named by the township, and only for relapse monitoring: on this
    # application the reviewer is told so.
    ("official", "assistant"): 403, ("official", "township_reviewer"): 422,
    ("official", "county_confirmer"): 403, ("official", "county_admin"): 403,
    # Issue 5: only the village assistant fills forms on a resident's behalf, has the page of
    # their village's households, and takes over a resident's draft (with their consent).
    **{(route, role): 200 if role == "assistant" else 403 for role in SEATS
       for route in ("assistant", "behalf_new", "behalf_step", "pickup")},
    **{("behalf_post", role): 302 if role == "assistant" else 403 for role in SEATS},
    # Issue 11: the page adding one household member, filled on a resident's behalf.
    **{("behalf_add_member", role): 200 if role == "assistant" else 403 for role in SEATS},
    # Issue 9: the photos of a case are seen by whoever sees the case; those of a form filled on
    # a resident's behalf are added, shown and deleted by its village's assistant only.
    **{(route, role): 200 for role in SEATS for route in ("photo", "photo_thumbnail")},
    **{("behalf_photo_thumbnail", role): 200 if role == "assistant" else 403 for role in SEATS},
    # Issue 11: 「听一听」's audio of a page of a form filled on a resident's behalf.
    **{("behalf_speech", role): 200 if role == "assistant" else 403 for role in SEATS},
    **{(route, role): 302 if role == "assistant" else 403 for role in SEATS
       for route in ("behalf_photo_add", "behalf_photo_delete")},
    # Issue 9: temporary aid. Its case page and queue for every role; first aid (an urgent case)
    # given by the township reviewer only, the others told it is not theirs to do; the county's
    # choice to list granted aid publicly made by its administrator.
    **{(route, role): 200 for role in SEATS for route in ("aid_case", "aid_queue")},
    **{("aid_step", role): 302 if role == "township_reviewer" else 422 for role in SEATS},
    **{("county_aid", role): 302 if role == "county_admin" else 403 for role in SEATS},
    # Issue 10: a published case's periodic review, its page and its result, by the township
    # reviewer; other roles do not get the page and are told the step is not theirs.
    **{("review", role): 200 if role == "township_reviewer" else 403 for role in SEATS},
    **{("review_post", role): 302 if role == "township_reviewer" else 422 for role in SEATS},
    # Issue 10: change reports. Every role sees its region's queue and a report of it; the
    # village assistant or the township records a household's change (a death too) on a case
    # receiving assistance; the township acknowledges and decides.
    **{(route, role): 200 for role in SEATS for route in ("change_queue", "change_report")},
    **{("case_change", role): 200 if role in CHANGE_REPORTERS else 403 for role in SEATS},
    **{("case_change_post", role): 302 if role in CHANGE_REPORTERS else 403 for role in SEATS},
    **{(route, role): 302 if role == "township_reviewer" else 403 for role in SEATS
       for route in ("change_acknowledge", "change_decide")},
    # Issue 10, 好差评: the township reviewer lists and answers its bad ratings; the county
    # administrator sees them per township.
    **{("rating_followups", role): 200 if role == "township_reviewer" else 403 for role in SEATS},
    **{("rating_answer", role): 302 if role == "township_reviewer" else 403 for role in SEATS},
    **{("county_ratings", role): 200 if role == "county_admin" else 403 for role in SEATS},
    # Issue 11: the form metrics, counts only, for the county administrator.
    **{("form_metrics", role): 200 if role == "county_admin" else 403 for role in SEATS},
    # Issue 10: the name an ID number is bound to is corrected by the case's township reviewer
    # or its county's administrator.
    **{("correct_name", role): 302 if role in ("township_reviewer", "county_admin") else 403
       for role in SEATS},
    # Issue 11: the offices' contacts residents see, filled in by the county administrator.
    **{(route, role): 200 if role == "county_admin" else 403 for role in SEATS
       for route in ("county_contacts", "county_contact_edit")},
    **{("county_contact_post", role): 302 if role == "county_admin" else 403 for role in SEATS},
    # ... and the number a village assistant chooses to publish to their village (their own).
    **{("assistant_phone", role): 200 if role == "assistant" else 403 for role in SEATS},
    **{("assistant_phone_post", role): 302 if role == "assistant" else 403 for role in SEATS},
    # Issue 12: a monitored household's income, recorded by the village or the township; on this
    # application (not a monitored household) they are told so.
    **{("monitoring_income", role): 422 if role in CHANGE_REPORTERS else 403 for role in SEATS},
    # Issue 12: the home visit's findings, recorded with the step by the township reviewer; the
    # others are told the step is not theirs (and nothing is recorded).
    **{("findings_post", role): 302 if role == "township_reviewer" else 422 for role in SEATS},
}
# In another region a case does not exist for them; the lists show only their own region.
OTHER = {**OWN, **{(r, role): 404 for r in ("case", "accept", "file.pdf", "aid_case", "aid_step")
                   for role in SEATS},
         **{("review", "township_reviewer"): 404},
         **{("review_post", role): 404 for role in SEATS},
         ("reminders", "assistant"): 404, ("reminders", "township_reviewer"): 404,
         ("official", "township_reviewer"): 404,
         # Another village's drafts are, for an assistant, not there at all.
         ("behalf_step", "assistant"): 404, ("behalf_post", "assistant"): 404,
         ("pickup", "assistant"): 404, ("behalf_add_member", "assistant"): 404,
         **{(r, role): 404 for r in ("photo", "photo_thumbnail") for role in SEATS},
         **{(r, "assistant"): 404 for r in ("behalf_photo_thumbnail", "behalf_photo_add",
                                            "behalf_photo_delete", "behalf_speech")},
         **{("change_report", role): 404 for role in SEATS},
         **{(r, role): 404 for r in ("case_change", "case_change_post") for role in CHANGE_REPORTERS},
         **{(r, "township_reviewer"): 404 for r in ("change_acknowledge", "change_decide")},
         ("rating_answer", "township_reviewer"): 404,
         ("correct_name", "township_reviewer"): 404, ("correct_name", "county_admin"): 404,
         # Another county's township office is, for an administrator, not there at all.
         ("county_contact_edit", "county_admin"): 404, ("county_contact_post", "county_admin"): 404,
         **{("monitoring_income", role): 404 for role in CHANGE_REPORTERS},
         **{("findings_post", role): 404 for role in SEATS}}
ROUTES = ("home", "case_list", "search", "case", "accept", "board", "board.csv", "board.xlsx",
          "audit", "calendar", "policy", "county", "undelivered", "bulk", "reminders", "file.pdf",
          "official", "assistant", "behalf_new", "behalf_step", "behalf_post", "pickup",
          "photo", "photo_thumbnail", "behalf_photo_thumbnail", "behalf_photo_add",
          "behalf_photo_delete", "aid_case", "aid_queue", "aid_step", "county_aid", "review",
          "review_post", "change_queue", "change_report", "case_change", "case_change_post",
          "change_acknowledge", "change_decide", "rating_followups", "rating_answer",
          "county_ratings", "correct_name", "form_metrics",
          "county_contacts", "county_contact_edit", "county_contact_post", "assistant_phone",
          "assistant_phone_post", "behalf_speech", "behalf_add_member", "findings_post")
ROUTES += ("monitoring_income",)  # issue 12
GETS = {"home": "/staff/", "case_list": "/staff/cases?page=2", "search": "/staff/search?q=张",
        "case": "/staff/cases/{id}", "board": "/staff/board",
        "board.csv": "/staff/board/cases.csv", "board.xlsx": "/staff/board/cases.xlsx",
        "audit": "/staff/audit", "calendar": "/staff/calendar",
        "policy": "/staff/policy", "county": "/staff/county",
        "undelivered": "/staff/messages/undelivered", "bulk": "/staff/messages/bulk",
        "file.pdf": "/staff/cases/{id}/household-file.pdf", "assistant": "/staff/assistant",
        "behalf_new": "/staff/assistant/new", "behalf_step": "/staff/for/{behalf}/step/applicant",
        "pickup": "/staff/assistant/drafts/{own}/pickup",
        "photo": "/staff/cases/{id}/photos/{photo}.jpg",
        "photo_thumbnail": "/staff/cases/{id}/photos/{photo}/thumbnail.jpg",
        "behalf_photo_thumbnail": "/staff/for/{behalf}/photos/{behalf_photo}/thumbnail.jpg",
        "aid_case": "/staff/cases/{aid}", "aid_queue": "/staff/cases?queue=temporary_aid",
        "review": "/staff/cases/{published}/review",
        "change_queue": "/staff/changes", "change_report": "/staff/changes/{change}",
        "case_change": "/staff/cases/{receiving}/change",
        "rating_followups": "/staff/ratings/followups", "county_ratings": "/staff/county/ratings",
        "form_metrics": "/staff/county/form-metrics",
        "county_contacts": "/staff/county/contacts",
        "county_contact_edit": "/staff/county/contacts/999901102000",
        "assistant_phone": "/staff/assistant/phone",
        "behalf_speech": "/staff/for/{behalf}/speech/step-applicant/{speech}.mp3",
        "behalf_add_member": "/staff/for/{behalf}/members/new"}
POSTS = {"accept": "/staff/cases/{id}/accept", "behalf_post": "/staff/for/{behalf}/step/applicant",
         "behalf_photo_add": "/staff/for/{behalf}/photos",
         "behalf_photo_delete": "/staff/for/{behalf}/photos/{behalf_photo}/delete",
         "reminders": "/staff/cases/{id}/reminders", "aid_step": "/staff/cases/{aid}/aid/give_first_aid",
         "county_aid": "/staff/county/temporary-aid", "review_post": "/staff/cases/{published}/review",
         "case_change_post": "/staff/cases/{receiving}/change",
         "change_acknowledge": "/staff/changes/{change}/acknowledge",
         "change_decide": "/staff/changes/{change}/decide",
         "rating_answer": "/staff/ratings/followups/{followup}/answer",
         "correct_name": "/staff/cases/{id}/correct-name", "official": "/staff/cases/{id}/official",
         "county_contact_post": "/staff/county/contacts/999901102000",
         "assistant_phone_post": "/staff/assistant/phone",
         "monitoring_income": "/staff/cases/{id}/monitoring/income",
         "findings_post": "/staff/cases/{visit}/record_investigation"}
# A published case of one person with no income: dibao, the standard's 420 元 a month.
ONE_PERSON = {"members": [{"name": "钱六", "id_number": id_number("19700101", sequence="015")}],
              "residence": {"village": YANGZHUANG}}
RESIDENT = {"name": "赵大娘", "id_number": id_number("19480203", sequence="064"), "phone": ""}
OTHER_APPLICANT = {**APPLICANT, "name": "张老四", "id_number": id_number("19520304", sequence="019")}


def behalf_draft(db, tester) -> int:
    """A draft of 杨庄村 filled on a resident's behalf: by the tester when they are its assistant,
    by another assistant of 杨庄村 otherwise."""
    filler = tester if (tester.role, tester.region_code) == ("assistant", YANGZHUANG) else \
        make_staff(db, username="filler", role="assistant", region=YANGZHUANG, name="填表人")
    resident_id = on_behalf.register_resident(db, filler, RESIDENT["name"], RESIDENT["id_number"],
                                              None)
    return on_behalf.start_for(db, filler, resident_id, "application", "applicant", RESIDENT)[0]


def speech_digest(app, db, submission_id: int) -> str:
    """The digest in the address of the 「听一听」 audio of the applicant step, as the assistant's
    page of the draft links it (issue 11)."""
    with app.test_request_context(f"/staff/for/{submission_id}/step/applicant"):
        draft = submissions.get(db, submission_id)
        return speech_words.digest(speech_views.text_of(draft, get_flow(draft.form),
                                                        "step-applicant"))


def attach_photo(db, submission_id: int, actor: str) -> int:
    """A photo attached to a form (drafts through the service; a submitted one as it was)."""
    draft = submissions.get(db, submission_id)
    if draft.status == submissions.DRAFT:
        return photos.add(db, draft, photo_files.png((80, 60)), actor,
                          photos.Settings(5, photo_rules.Limits()))
    kept = photo_rules.clean(photo_files.png((80, 60)))
    with db.conn:
        return photo_store.insert(db, {
            "submission_id": submission_id, "image": kept.data, "thumbnail": kept.thumbnail,
            "sha256": kept.sha256, "width": kept.width, "height": kept.height, "size": kept.size,
            "uploaded_by": actor, "created_at": "2026-11-30T08:00:00+00:00"})


def bad_rating(db) -> int:
    """A 杨庄村 case refused acceptance and rated 非常不满意: the follow-up it opened (好差评)."""
    case_id = create_case(db, state="submitted", resident=True)
    cases.act(db, case_id, "refuse_acceptance", role="township_reviewer", actor="staff:0",
              reason="不符合条件", signature="兜底服务", service="兜底服务")
    invitation = db.execute("SELECT id FROM rating_invitations WHERE case_id = ?",
                            [case_id]).fetchone()[0]
    ratings.rate(db, invitation, 5, "", channel="web", actor="resident:0", followup_days=15)
    return db.execute("SELECT id FROM rating_followups ORDER BY id DESC").fetchone()[0]


# What each POST of the matrix sends besides its CSRF token.
POST_DATA = {
    "behalf_post": RESIDENT,
    "reminders": {"reminders": "off"},
    "aid_step": {"amount": "300", "method": "cash", "paid_on": cases.today().isoformat()},
    "review_post": {"result": "continue", "reason": "情况未变"},
    "case_change_post": {"kind": "death", "happened_on": cases.today().isoformat(),
                         "description": "户主去世"},
    "change_acknowledge": {"decision": "no_change"}, "change_decide": {"decision": "no_change"},
    "rating_answer": {"answer": "已上门说明情况"},
    "correct_name": {"name": "张叁", "reason": "核对了户口簿"},
    "official": {"official": "1"},
    "county_contact_post": {"office_name": "柳林乡社会事务办", "phone": "0000-5550001"},
    "assistant_phone_post": {"phone": "13900001111"},
    "monitoring_income": {"recorded_on": cases.today().isoformat(), "income": "9000",
                          "labour_force": "2"},
    "findings_post": {"visit-visited_on": cases.today().isoformat(), "visit-visitors": "李审核",
                      "visit-present": "钱六", "visit-housing": "own",
                      "visit-members-0-labor_ability": "full", "visit-members-0-lives": "together"},
}


def request(client, route: str, case_id: int, drafts: dict):
    if route in GETS:
        return client.get(GETS[route].format(id=case_id, **drafts))
    url = POSTS[route].format(id=case_id, **drafts)
    token = csrf(client.get("/staff/"))
    if route == "behalf_photo_add":
        return client.post(url, content_type="multipart/form-data",
                           data={"csrf_token": token,
                                 "photo": (io.BytesIO(photo_files.png((90, 60))), "bill.png")})
    if route == "county_aid":  # the county page's forms each have their prefix
        return client.post(url, data={"aid-csrf_token": token, "aid-temporary_aid_public": "yes",
                                      "aid-basis": "县民政局关于临时救助公布的通知"})
    return client.post(url, data={"csrf_token": token, **POST_DATA.get(route, {})})


@pytest.mark.parametrize("where", ["own", "other"])
@pytest.mark.parametrize("role", sorted(SEATS))
@pytest.mark.parametrize("route", ROUTES)
def test_authorisation_matrix(app, db, resident, route, role, where):
    regions.import_regions(db, OTHER_COUNTY)
    submit_application(resident)  # a case in 柳林乡 杨庄村
    case_id = connect(app.config["DATABASE"]).execute("SELECT id FROM cases").fetchone()[0]
    # the resident's own, unfinished (for another person: one open application per person)
    own_draft = fill_application(resident, "members", applicant=OTHER_APPLICANT)
    region = SEATS[role][0 if where == "own" else 1]
    tester = make_staff(db, username="tester", role=role, region=region)
    drafts = {"own": own_draft, "behalf": behalf_draft(db, tester),
              "aid": create_aid_case(db, urgent=1),  # 杨庄村 too
              "published": create_case(db, state="published", resident=True, answers=ONE_PERSON,
                                       category="dibao", monthly_amount_fen=42000)}
    case_submission = db.execute("SELECT submission_id FROM cases WHERE id = ?", [case_id]).fetchone()[0]
    drafts["photo"] = attach_photo(db, case_submission, "resident:1")
    drafts["behalf_photo"] = attach_photo(db, drafts["behalf"], "staff:1")
    drafts["receiving"] = receiving_case(db, phone="13700137500")  # 杨庄村, published
    drafts["visit"] = create_case(db, state="visit_booked", answers=ONE_PERSON,
                                  visit_on=cases.today().isoformat())
    drafts["change"] = change_reports.report(
        db, drafts["receiving"], change_reports.Report("income", cases.today(), "找到了工作"),
        role="village_assistant", actor="staff:0", signature="兜底服务")
    drafts["followup"] = bad_rating(db) if route == "rating_answer" else 0
    drafts["speech"] = speech_digest(app, db, drafts["behalf"]) if route == "behalf_speech" else ""
    client = app.test_client()
    staff_sign_in(client, "tester")
    expected = (OWN if where == "own" else OTHER)[(route, role)]
    response = request(client, route, case_id, drafts)
    assert response.status_code == expected
    reference = connect(app.config["DATABASE"]).execute(
        "SELECT reference FROM submissions WHERE reference IS NOT NULL").fetchone()[0]
    if response.status_code == 200 and route in ("home", "board", "board.csv", "assistant"):
        # A list shows only the cases of one's own region.
        assert (reference in response.get_data(as_text=True)) == (where == "own")

# Staff routes outside the matrix, each with the tests that check its guard.
OUTSIDE = {
    "staff.signin": "open to anyone: the sign-in page (tests/staff/test_signin.py)",
    "staff.signout": "any signed-in staff member signs themselves out",
    "staff_probe.admin_only": "exists only in these tests (tests/staff/conftest.py)",
    "staff_probe.in_region": "exists only in these tests (tests/staff/conftest.py)",
    **{f"staff.behalf_{page}": "the draft guard of behalf_step (tests/staff/test_on_behalf.py)"
       for page in ("check", "member", "member_income", "notice", "remove_member", "resume",
                    "sign", "submitted")},
    "staff.bulk_confirm": "the bulk page's roles (tests/staff/test_bulk_send.py)",
    "staff.extend": "the case page's region guard (tests/staff/test_case_page.py)",
    "staff.policy_new": "the county administrator's (tests/staff/test_policy_parameters.py)",
    "staff.told_in_person": "the region of the message (tests/staff/test_undelivered.py)",
}


def test_the_matrix_covers_every_staff_route(app):
    """A new staff route fails here until the matrix (or OUTSIDE, with its reason) names it."""
    adapter = app.url_map.bind("localhost")
    sample = {name: 1 for name in ("id", "own", "behalf", "photo", "behalf_photo", "aid",
                                   "published", "receiving", "change", "followup", "speech",
                                   "visit")}
    covered = {adapter.match(url.format(**sample).split("?")[0], method)[0]
               for route in ROUTES
               for method, url in [("GET", GETS[route]) if route in GETS else ("POST", POSTS[route])]}
    staff = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")}
    assert sorted(staff - covered - set(OUTSIDE)) == []
    assert sorted(set(OUTSIDE) & covered) == []
