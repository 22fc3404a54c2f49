"""Forms sent again with the same Idempotency-Key (a phone sending what it kept offline, or a
retry after a lost answer) are done once; a sign or notice POST whose letters changed since they
were shown is refused; the installable app's files are served as browsers need them."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta

import pytest

from webapp.services import idempotency
from webapp.store.engine import connect

from .flows import (
    OTHER_PHONE,
    SON,
    SPOUSE,
    fill_application,
    fill_self_declaration,
    member_data,
    move_back,
    page,
    path_of,
    post,
    saved,
    sign_data,
    sign_in_again,
    sql,
    step_url,
    submission,
    text,
    token,
)


def key() -> str:
    return str(uuid.uuid4())


def send(client, url: str, data: dict, with_key: str | None):
    """POST as the phone's offline script does: a fresh CSRF token, and the key."""
    headers = {"Idempotency-Key": with_key} if with_key else {}
    return post(client, url, dict(data), headers=headers)


def members(app, sid) -> list[str]:
    return [m["name"] for m in json.loads(submission(app, sid)["answers"])["members"]]


def kept_keys(app) -> list:
    return sql(app, "SELECT * FROM idempotency_keys ORDER BY id")


@pytest.fixture
def neighbour(app):
    """Another resident, signed in on their own phone."""
    client = app.test_client()
    sign_in_again(client, app, OTHER_PHONE)
    return client


# --- the same key twice ----------------------------------------------------------------------

def test_a_member_added_twice_with_one_key_is_added_once(resident, app):
    sid = fill_application(resident, "members", members=())
    once = key()

    first = send(resident, step_url(sid, "members"), member_data(SPOUSE), once)
    again = send(resident, step_url(sid, "members"), member_data(SPOUSE), once)

    assert members(app, sid) == ["张三", "李四"]
    assert (again.status_code, again.headers["Location"]) == (302, first.headers["Location"])
    assert again.headers["Idempotency-Replayed"] == "true"
    assert [k["replayed"] for k in kept_keys(app)] == [1]


def test_two_keys_are_two_forms(resident, app):
    sid = fill_application(resident, "members", members=())

    send(resident, step_url(sid, "members"), member_data(SPOUSE), key())
    send(resident, step_url(sid, "members"), member_data(SON), key())

    assert members(app, sid) == ["张三", "李四", "张小明"]


def test_a_form_refused_the_first_time_is_refused_the_same_way_again(resident, app):
    sid = fill_application(resident, "property")
    once = key()
    wrong = {"houses": "很多", "vehicles": "0", "business": "no"}

    first = send(resident, step_url(sid, "property"), wrong, once)
    again = send(resident, step_url(sid, "property"), wrong, once)

    assert first.status_code == again.status_code == 422
    assert text(again, ".error-summary") == text(first, ".error-summary")
    assert "property" not in json.loads(submission(app, sid)["answers"])


def test_a_submission_sent_again_is_submitted_once(resident, app):
    sid = fill_application(resident, "sign")
    once = key()
    data = {**sign_data([SPOUSE]), "letters_sha256": letters_on(resident, f"/forms/{sid}/sign")}

    first = send(resident, f"/forms/{sid}/sign", data, once)
    again = send(resident, f"/forms/{sid}/sign", data, once)

    assert first.headers["Location"] == again.headers["Location"]
    assert path_of(first.headers["Location"]) == f"/submissions/{submission(app, sid)['reference']}"
    assert len(sql(app, "SELECT id FROM signatures WHERE submission_id = ? "
                        "AND letter_kind = 'commitment'", sid)) == 1
    assert len(sql(app, "SELECT id FROM outbox WHERE submission_id = ? "
                        "AND template = 'submission_received'", sid)) == 1


# --- whose key, how long ---------------------------------------------------------------------

def test_a_key_belongs_to_the_person_who_sent_it(resident, neighbour, app):
    mine = fill_application(resident, "members", members=())
    theirs = fill_application(neighbour, "members", members=())
    shared = key()

    send(resident, step_url(mine, "members"), member_data(SPOUSE), shared)
    answer = send(neighbour, step_url(theirs, "members"), member_data(SON), shared)

    assert path_of(answer.headers["Location"]) == step_url(theirs, "members")
    assert "Idempotency-Replayed" not in answer.headers
    assert members(app, mine) == ["张三", "李四"]
    assert members(app, theirs) == ["张三", "张小明"]


@pytest.mark.parametrize(("days", "kept"), [(6, True), (8, False)])
def test_a_key_is_kept_for_seven_days(resident, app, days, kept):
    sid = fill_application(resident, "members", members=())
    once = key()
    send(resident, step_url(sid, "members"), member_data(SPOUSE), once)
    move_back(app, "idempotency_keys", ("created_at",), timedelta(days=days))

    again = send(resident, step_url(sid, "members"), member_data(SPOUSE), once)

    assert ("Idempotency-Replayed" in again.headers) is kept
    # Done again after a week: the household list itself refuses the same ID number twice.
    assert again.status_code == (302 if kept else 422)
    assert members(app, sid) == ["张三", "李四"]


def test_a_key_sent_with_another_form_is_refused(resident, app):
    sid = fill_application(resident, "members", members=())
    once = key()
    send(resident, step_url(sid, "members"), member_data(SPOUSE), once)

    answer = send(resident, step_url(sid, "members"), member_data(SON), once)

    assert answer.status_code == 422
    assert members(app, sid) == ["张三", "李四"]


def test_a_resend_while_the_first_is_handled_is_asked_to_wait(resident, app):
    sid = fill_application(resident, "members", members=())
    once = key()
    resident_key = sql(app, "SELECT id FROM residents")[0]["id"]
    url = step_url(sid, "members")
    data = member_data(SPOUSE)
    claim_first(app, f"resident:{resident_key}", once, resident, url, data)

    answer = send(resident, url, data, once)

    assert (answer.status_code, answer.headers["Retry-After"]) == (409, "2")
    assert members(app, sid) == ["张三"]
    move_back(app, "idempotency_keys", ("created_at",), timedelta(minutes=2))
    assert saved(send(resident, url, data, once))  # the first request died: this one is done
    assert members(app, sid) == ["张三", "李四"]


def claim_first(app, owner, once, client, url, data):
    """Claim the key as a first request still being handled would, with the same fields."""
    with app.test_request_context(url, method="POST", data=data):
        fingerprint = idempotency.request_hash()
    database = connect(app.config["DATABASE"])
    try:
        assert idempotency.begin(database, owner, once, fingerprint, "POST", url) is None
    finally:
        database.close()


def test_a_key_whose_first_request_failed_is_free_again(app):
    database = connect(app.config["DATABASE"])
    try:
        idempotency.begin(database, "resident:1", "k" * 20, "hash", "POST", "/x")
        idempotency.release(database, "resident:1", "k" * 20)
        assert idempotency.begin(database, "resident:1", "k" * 20, "hash", "POST", "/x") is None
    finally:
        database.close()


@pytest.mark.parametrize("bad", ["short", "has spaces in it ....", "x" * 200])
def test_a_malformed_key_is_refused(resident, app, bad):
    sid = fill_application(resident, "members", members=())

    answer = send(resident, step_url(sid, "members"), member_data(SPOUSE), bad)

    assert answer.status_code == 400
    assert members(app, sid) == ["张三"]


def test_a_signed_out_phone_is_sent_to_sign_in_and_keeps_no_key(client, app):
    answer = client.post("/forms/1/step/property", data={"csrf_token": token(client)},
                         headers={"Idempotency-Key": key()})

    assert path_of(answer.headers["Location"]) == "/signin"
    assert kept_keys(app) == []


# --- letters that changed since they were shown ----------------------------------------------

def letters_on(client, url: str) -> str:
    """The digest of the letters a page shows, as the page tells offline.js."""
    return json.loads(page(client.get(url)).select_one("main")["data-offline"])["letters"]


def test_signing_letters_that_changed_is_refused_and_nothing_is_lost(resident, app):
    sid = fill_application(resident, "sign")
    shown = letters_on(resident, f"/forms/{sid}/sign")
    # Sent later from the phone: the spouse's name was put right after the letters were shown.
    saved(post(resident, f"/forms/{sid}/members/1", {**SPOUSE, "name": "李思"}))

    answer = send(resident, f"/forms/{sid}/sign", {**sign_data([SPOUSE]), "letters_sha256": shown},
                  key())

    assert answer.status_code == 409
    assert answer.headers["X-Offline-Again"] == f"/forms/{sid}/notice"
    assert "请重新阅读" in text(answer, "h1")
    assert submission(app, sid)["status"] == "draft"
    assert members(app, sid) == ["张三", "李思"]
    # Read and signed again, online: submitted, with the letters as now shown.
    saved(post(resident, f"/forms/{sid}/notice", {"read": "yes"}))
    now = letters_on(resident, f"/forms/{sid}/sign")
    signed = {**sign_data([{"name": "李思"}]), "letters_sha256": now}
    assert path_of(saved(send(resident, f"/forms/{sid}/sign", signed, key()))).startswith(
        "/submissions/")


def test_reading_a_notice_that_changed_is_refused(resident, app):
    sid = fill_application(resident, "notice")
    shown = letters_on(resident, f"/forms/{sid}/notice")
    saved(post(resident, step_url(sid, "spending", **{"return": "check"}),
               {"medical": "", "education": ""}))

    answer = send(resident, f"/forms/{sid}/notice", {"read": "yes", "letters_sha256": shown}, key())

    assert answer.status_code == 409
    assert "_notice_read" not in json.loads(submission(app, sid)["answers"])


def test_letters_that_did_not_change_are_signed(resident, app):
    sid = fill_application(resident, "sign")
    shown = letters_on(resident, f"/forms/{sid}/sign")
    saved(post(resident, step_url(sid, "situation", **{"return": "check"}),
               {"what_happened": "老伴住院了", "help": ["medical"]}))
    saved(post(resident, f"/forms/{sid}/check"))
    saved(post(resident, f"/forms/{sid}/notice", {"read": "yes"}))

    answer = send(resident, f"/forms/{sid}/sign", {**sign_data([SPOUSE]), "letters_sha256": shown},
                  key())

    assert path_of(saved(answer)).startswith("/submissions/")


def test_the_digest_shown_is_of_the_letters_then_signed(resident, app):
    sid = fill_application(resident, "sign")
    shown = letters_on(resident, f"/forms/{sid}/sign")

    saved(send(resident, f"/forms/{sid}/sign", {**sign_data([SPOUSE]), "letters_sha256": shown},
               key()))

    signed = sql(app, "SELECT letter_kind, text_version, text_sha256 FROM signatures "
                      "WHERE submission_id = ? AND letter_kind IN ('commitment', 'authorization') "
                      "ORDER BY id", sid)
    joined = "\n".join(f"{s['letter_kind']}:{s['text_version']}:{s['text_sha256']}" for s in signed)
    assert hashlib.sha256(joined.encode()).hexdigest() == shown


def test_a_self_declaration_is_checked_the_same_way(resident, app):
    sid = fill_self_declaration(resident, "sign")
    shown = letters_on(resident, f"/forms/{sid}/sign")

    refused = send(resident, f"/forms/{sid}/sign", {"commit": "yes", "letters_sha256": "0" * 64},
                   key())
    signed = send(resident, f"/forms/{sid}/sign", {"commit": "yes", "letters_sha256": shown}, key())

    assert refused.status_code == 409
    assert refused.headers["X-Offline-Again"] == f"/forms/{sid}/sign"
    assert path_of(saved(signed)).startswith("/submissions/")


def test_a_page_sent_without_javascript_is_not_checked(resident, app):
    sid = fill_application(resident, "sign")

    answer = post(resident, f"/forms/{sid}/sign", sign_data([SPOUSE]))

    assert path_of(saved(answer)).startswith("/submissions/")


# --- the installable app ---------------------------------------------------------------------

def test_manifest_is_served_as_a_web_app_manifest(client):
    with client.get("/static/manifest.webmanifest") as response:
        manifest = response.get_json(force=True)
        assert response.mimetype == "application/manifest+json"
    assert (manifest["short_name"], manifest["start_url"], manifest["display"]) == \
        ("兜底", "/", "standalone")
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert (image.status_code, image.mimetype) == (200, icon["type"])


def test_service_worker_may_control_the_whole_site_and_is_never_stale(client):
    with client.get("/static/sw.js") as response:
        assert response.mimetype == "text/javascript"
        assert response.headers["Service-Worker-Allowed"] == "/"
        assert response.headers["Cache-Control"] == "no-cache"


def test_every_page_links_the_manifest_and_the_deferred_offline_script(client):
    head = page(client.get("/")).head

    assert head.select_one('link[rel="manifest"]')["href"] == "/static/manifest.webmanifest"
    assert head.select_one('script[src^="/static/offline.js?v="]').has_attr("defer")


def test_form_pages_may_be_kept_on_the_phone_and_others_not(resident, app):
    sid = fill_application(resident, "sign")

    assert resident.get(step_url(sid, "property")).headers["X-Offline"] == f"{sid} keep"
    assert resident.get(f"/forms/{sid}/members/1").headers["X-Offline"] == f"{sid} list"
    assert resident.get(f"/forms/{sid}/sign").headers["X-Offline"] == f"{sid} list"
    status = resident.get("/status")
    assert "X-Offline" not in status.headers
    assert not page(status).select_one("main").has_attr("data-offline")


def test_form_page_lists_its_pages_in_order_and_those_ahead(resident, app):
    sid = fill_application(resident, "property")

    data = json.loads(page(resident.get(step_url(sid, "property"))).select_one("main")
                      ["data-offline"])

    assert data["order"][-3:] == [f"/forms/{sid}/check", f"/forms/{sid}/notice",
                                  f"/forms/{sid}/sign"]
    assert data["prefetch"] == [step_url(sid, s) for s in ("property", "spending", "situation")]
    assert "letters" not in data


# --- a village assistant acting for a resident ------------------------------------------------

def test_an_assistants_resend_is_done_once(app, db):
    from tests.staff.behalf_flows import assistant_client, fill_application_for, start_for

    assistant = assistant_client(app, db)
    sid = start_for(assistant)
    fill_application_for(assistant, sid, upto="members", members=())
    once = key()
    members_url = f"/staff/for/{sid}/step/members"

    first = send(assistant, members_url, member_data(SPOUSE), once)
    again = send(assistant, members_url, member_data(SPOUSE), once)

    assert again.headers["Location"] == first.headers["Location"]
    assert members(app, sid)[1:] == ["李四"]
    staff_id = sql(app, "SELECT id FROM staff")[0]["id"]
    assert [k["owner"] for k in kept_keys(app)] == [f"staff:{staff_id}"]
    data = json.loads(page(assistant.get(members_url)).select_one("main")["data-offline"])
    assert data["base"] == f"/staff/for/{sid}/"


def test_an_assistants_letters_are_checked_too(app, db):
    from tests.staff.behalf_flows import assistant_client, fill_application_for, start_for

    assistant = assistant_client(app, db)
    sid = start_for(assistant)
    fill_application_for(assistant, sid, upto="sign")

    refused = send(assistant, f"/staff/for/{sid}/sign", {"letters_sha256": "0" * 64}, key())

    assert (refused.status_code, refused.headers["X-Offline-Again"]) == \
        (409, f"/staff/for/{sid}/notice")
    shown = json.loads(page(assistant.get(f"/staff/for/{sid}/sign")).select_one("main")
                       ["data-offline"])["letters"]
    not_refused = send(assistant, f"/staff/for/{sid}/sign", {"letters_sha256": shown}, key())
    assert not_refused.status_code == 422  # on to the page's own checks: nobody signed yet
