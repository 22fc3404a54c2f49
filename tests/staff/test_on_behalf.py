"""A village assistant fills a form on a resident's behalf (issue 5): the resident consents on
the assistant's phone with a code sent to their own phone, or, with no phone, by writing their
name on the screen, witnessed by the assistant; every record says who filled it."""

from __future__ import annotations

import base64
import io
import re
from datetime import timedelta

import pytest
from conftest import page
from pypdf import PdfReader

from tests.staff.behalf_flows import (
    ASSISTANT_NAME,
    RESIDENT,
    assistant_client,
    choose_resident,
    consent_code,
    cut_png,
    drawn_png,
    fill_application_for,
    fill_self_declaration_for,
    send_sign_code,
    sign_with_code,
    sign_with_drawing,
    start_for,
    token,
    url,
)
from tests.staff.conftest import field_error
from tests.web.flows import (
    CHENGGUAN,
    DONGGUAN,
    RESIDENCE,
    SPOUSE,
    fill_application,
    forget_codes,
    id_number,
    move_back,
    saved,
    sign_in_again,
    sql,
    text,
)
from tests.web.statements import install, recording

PHONE = "13700137000"
OTHER_ID = id_number("19520304", sequence="013")


def submission(app):
    return sql(app, "SELECT * FROM submissions ORDER BY id DESC LIMIT 1")[0]


def signatures(app, sid: int):
    return sql(app, "SELECT * FROM signatures WHERE submission_id = ? ORDER BY id", sid)


@pytest.fixture
def assistant(app, db):
    """The 杨庄村 assistant 王协理, signed in."""
    return assistant_client(app, db)


# --- consent with the code sent to the resident's phone ---------------------------------------

def test_assistant_files_for_a_resident_who_types_the_code_from_their_own_phone(app, assistant):
    sid = start_for(assistant)
    fill_application_for(assistant, sid)

    sent = send_sign_code(assistant, sid)
    assert sent.status_code == 200
    assert "验证码已发到 137****7000" in text(sent)
    # What was ticked before the code was sent is still ticked.
    assert page(sent).select_one("#commit").has_attr("checked")
    code = consent_code(assistant, app, PHONE)
    done = sign_with_code(assistant, sid, code, read_aloud="yes")

    assert re.fullmatch(rf"/staff/for/{sid}/submitted", saved(done))
    row = submission(app)
    assert row["status"] == "submitted"
    assert row["filled_by"] == sql(app, "SELECT id FROM staff")[0][0]
    applicant = [s for s in signatures(app, sid) if s["signer_role"] == "applicant"
                 and s["method"] != "assistant_recorded"]
    assert {s["letter_kind"] for s in applicant} == {"notice_letter", "commitment", "authorization",
                                                    "sensitive_consent"}
    for signed in applicant:
        assert (signed["method"], signed["signer_name"], signed["assistant_name"]) == \
            ("sms_code", RESIDENT["name"], ASSISTANT_NAME)
        assert signed["consent_code_id"] and signed["read_aloud"] == 1
    assert sql(app, "SELECT used_at FROM consent_codes")[0][0]
    confirmation = assistant.get(f"/staff/for/{sid}/submitted")
    assert row["reference"] in text(confirmation)
    assert f"由{ASSISTANT_NAME}（村协理员）代办" in text(confirmation)


def test_the_code_is_kept_only_as_a_hash_and_cannot_sign_in(app, client, assistant):
    sid = start_for(assistant)
    fill_application_for(assistant, sid)
    send_sign_code(assistant, sid)
    code = consent_code(assistant, app, PHONE)

    assert code not in str([tuple(r) for r in sql(app, "SELECT * FROM consent_codes")])
    client.post("/signin", data={"csrf_token": token_of(client), "phone": PHONE})
    refused = client.post("/signin/code", data={"csrf_token": token_of(client, "/signin/code"),
                                                "code": code})
    assert refused.status_code == 422  # a consent code is no sign-in code
    assert client.get("/status").status_code == 302


def token_of(client, path: str = "/signin") -> str:
    return page(client.get(path)).find("input", {"name": "csrf_token"})["value"]


def test_a_wrong_code_is_refused_next_to_the_field_with_the_tries_left(app, assistant):
    sid = start_for(assistant)
    fill_application_for(assistant, sid)
    send_sign_code(assistant, sid)
    code = consent_code(assistant, app, PHONE)
    wrong = "000000" if code != "000000" else "111111"

    refused = sign_with_code(assistant, sid, wrong)

    assert refused.status_code == 422
    assert field_error(refused, "code") == "验证码不对，还可以再试 4 次。"
    assert page(refused).select_one("#member-1-agree").has_attr("checked")  # nothing lost
    assert submission(app)["status"] == "draft"
    assert saved(sign_with_code(assistant, sid, code))  # the right one still works


def test_five_wrong_tries_void_the_code(app, assistant):
    sid = start_for(assistant)
    fill_application_for(assistant, sid)
    send_sign_code(assistant, sid)
    code = consent_code(assistant, app, PHONE)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        refused = sign_with_code(assistant, sid, wrong)

    assert field_error(refused, "code") == "验证码输错5次已失效，请重新获取。"
    assert field_error(sign_with_code(assistant, sid, code), "code") == "验证码输错5次已失效，请重新获取。"
    assert submission(app)["status"] == "draft"


def test_an_expired_code_is_refused(app, assistant):
    sid = start_for(assistant)
    fill_application_for(assistant, sid)
    send_sign_code(assistant, sid)
    code = consent_code(assistant, app, PHONE)
    move_back(app, "consent_codes", ("created_at", "expires_at"), timedelta(minutes=11))

    refused = sign_with_code(assistant, sid, code)

    assert refused.status_code == 422
    assert field_error(refused, "code") == "验证码已超过10分钟失效，请重新获取。"
    assert submission(app)["status"] == "draft"


def test_a_code_for_one_form_does_not_sign_another(app, assistant):
    first = start_for(assistant)
    fill_application_for(assistant, first)
    send_sign_code(assistant, first)
    code = consent_code(assistant, app, PHONE)
    other = start_for(assistant, form="self_declaration")
    fill_self_declaration_for(assistant, other)

    refused = assistant.post(url(other, "sign"), data={"csrf_token": token(assistant),
                                                       "how": "sms_code", "code": code,
                                                       "commit": "yes"})

    assert field_error(refused, "code") == "请先获取验证码。"


def test_codes_are_rate_limited_like_sign_in_codes(app, assistant):
    sid = start_for(assistant)
    fill_application_for(assistant, sid)
    send_sign_code(assistant, sid)

    again = send_sign_code(assistant, sid)

    assert again.status_code == 429
    assert "发送太频繁了" in field_error(again, "code")
    assert sql(app, "SELECT COUNT(*) FROM consent_codes")[0][0] == 1


def test_a_self_declaration_is_filed_on_behalf_with_the_code(app, assistant):
    sid = start_for(assistant, form="self_declaration")
    fill_self_declaration_for(assistant, sid)
    assistant.post(url(sid, "sign"), data={"csrf_token": token(assistant), "how": "sms_code",
                                           "action": "send_code", "commit": "yes"})
    code = consent_code(assistant, app, PHONE)

    saved(assistant.post(url(sid, "sign"), data={"csrf_token": token(assistant), "how": "sms_code",
                                                 "code": code, "commit": "yes"}))

    kinds = {s["letter_kind"]: s["method"] for s in signatures(app, sid)}
    assert kinds["commitment_authorization"] == "sms_code"
    assert sql(app, "SELECT machine FROM cases")[0][0] == "relapse_monitoring"


# --- the drawn signature, for a resident with no phone ----------------------------------------

def test_a_resident_with_no_phone_signs_on_the_screen_and_the_assistant_witnesses(app, assistant):
    sid = start_for(assistant, phone=None)
    fill_application_for(assistant, sid, applicant={"name": RESIDENT["name"],
                                                    "id_number": RESIDENT["id_number"],
                                                    "phone": ""})
    sign_page = assistant.get(url(sid, "sign"))
    assert page(sign_page).select_one("#signature")  # the pad (shown by static/signature.js)
    assert "发送验证码" not in text(sign_page)

    saved(sign_with_drawing(assistant, sid))

    applicant = [s for s in signatures(app, sid) if s["method"] == "drawn_signature"]
    assert len(applicant) == 4
    for signed in applicant:
        assert signed["signature_image"].startswith("data:image/png;base64,")
        assert signed["witness"] == (f"村协理员{ASSISTANT_NAME}在场见证：{RESIDENT['name']}"
                                     "本人在协理员的手机屏幕上亲手写下了自己的名字。")
    assert sql(app, "SELECT phone FROM residents WHERE id = ?",
               submission(app)["resident_id"])[0][0] is None
    # No phone, no SMS: the confirmation is kept as failed, to be told in person.
    message = sql(app, "SELECT status, error, phone FROM outbox WHERE template = 'submission_received'")
    assert tuple(message[0]) == ("failed", "no_phone", "")


def test_a_drawing_with_bytes_after_its_end_is_kept_without_them(app, assistant):
    """Issue 13 item 5: the signature kept is Pillow's re-encoding of the pixels."""
    sid = start_for(assistant, phone=None)
    fill_application_for(assistant, sid, applicant={"name": RESIDENT["name"],
                                                    "id_number": RESIDENT["id_number"],
                                                    "phone": ""})
    hidden = b"PK\x03\x04 a zip file riding on the signature"
    drawn = base64.b64decode(drawn_png().split(",", 1)[1])

    saved(sign_with_drawing(assistant, sid, "data:image/png;base64,"
                            + base64.b64encode(drawn + hidden).decode()))

    kept = [s["signature_image"] for s in signatures(app, sid) if s["method"] == "drawn_signature"]
    assert kept
    for image in kept:
        data = base64.b64decode(image.split(",", 1)[1])
        assert hidden not in data and data.endswith(b"IEND\xaeB`\x82")


def test_the_contact_number_may_be_empty_for_a_resident_with_no_phone(app, assistant):
    sid = start_for(assistant, phone=None)
    data = {"csrf_token": token(assistant), "name": RESIDENT["name"],
            "id_number": RESIDENT["id_number"], "phone": ""}

    assert saved(assistant.post(url(sid, "step/applicant"), data=data)).endswith("/step/residence")


@pytest.mark.parametrize(("signature", "message"), [
    ("", "请本人在方框里写下自己的名字"),
    ("data:image/png;base64,aGVsbG8gd29ybGQ=", "签名图片不对，请清除后重新写一遍"),
    ("data:image/jpeg;base64,/9j/4AAQSkZJRg==", "签名图片不对，请清除后重新写一遍"),
    ("data:image/png;base64,%%%", "签名图片不对，请清除后重新写一遍"),
    (cut_png(), "签名图片不完整，请清除后重新写一遍"),
    (drawn_png(blank=True), "方框里还是空的，请本人写下自己的名字"),
    (drawn_png(width=10, height=10), "签名图片的大小不对，请清除后重新写一遍"),
    ("data:image/png;base64," + "A" * 300_000, "签名图片太大了，请清除后重新写一遍"),
])
def test_a_bad_drawing_is_refused_next_to_the_pad(app, assistant, signature, message):
    sid = start_for(assistant, phone=None)
    fill_application_for(assistant, sid, applicant={"name": RESIDENT["name"],
                                                    "id_number": RESIDENT["id_number"],
                                                    "phone": ""})

    refused = sign_with_drawing(assistant, sid, signature)

    assert refused.status_code == 422
    assert field_error(refused, "signature") == message
    assert page(refused).select_one("#witness").has_attr("checked")  # nothing lost
    assert submission(app)["status"] == "draft"
    assert not [s for s in signatures(app, sid) if s["method"] == "drawn_signature"]


def test_a_drawing_needs_the_assistants_witness_line(app, assistant):
    sid = start_for(assistant, phone=None)
    fill_application_for(assistant, sid, applicant={"name": RESIDENT["name"],
                                                    "id_number": RESIDENT["id_number"],
                                                    "phone": ""})

    refused = sign_with_drawing(assistant, sid, witness=False)

    assert refused.status_code == 422
    assert field_error(refused, "witness") == "请协理员勾选见证"


def test_without_a_phone_the_code_cannot_be_chosen(app, assistant):
    sid = start_for(assistant, phone=None)
    fill_application_for(assistant, sid, applicant={"name": RESIDENT["name"],
                                                    "id_number": RESIDENT["id_number"],
                                                    "phone": ""})

    refused = sign_with_code(assistant, sid, "123456")

    assert field_error(refused, "how") == "这位村民没有登记手机号，请本人手写签名，或由协理员见证"


def test_the_page_says_why_the_drawing_needs_javascript(app, assistant):
    sid = start_for(assistant)
    fill_application_for(assistant, sid)

    shown = page(assistant.get(url(sid, "sign")))

    assert "手写签名要用到浏览器的 JavaScript" in shown.select_one("noscript").get_text()
    assert shown.select_one(".by-drawing").has_attr("hidden")
    assert shown.select_one("script[src*='/signature.js?v=']")
    # Issue 11: 「听一听」 needs no JavaScript: without it, it is a link to the letter's audio.
    assert not shown.select_one(".read-aloud-line").has_attr("hidden")
    assert ".mp3" in shown.select_one(".read-aloud-line a.read-aloud")["href"]


# --- who may fill for whom ---------------------------------------------------------------------

def test_an_assistant_of_another_village_gets_404(app, db, assistant):
    sid = start_for(assistant)
    fill_application_for(assistant, sid, "notice")
    other = assistant_client(app, db, username="dongguan", region=DONGGUAN, name="东关协理")

    for path in ("step/applicant", "members/new", "income/0", "check", "notice", "sign", "submitted"):
        assert other.get(url(sid, path)).status_code == 404, path
    assert other.get(f"/staff/for/{sid}").status_code == 404
    refused = other.post(url(sid, "step/applicant"), data={"csrf_token": token(other), **RESIDENT})
    assert refused.status_code == 404
    assert other.get(f"/staff/assistant/drafts/{sid}/pickup").status_code == 404
    assert RESIDENT["name"] not in text(other.get("/staff/assistant"))


def test_an_assistant_files_only_in_their_own_village(app, assistant):
    sid = start_for(assistant)
    elsewhere = {**RESIDENCE, "township": CHENGGUAN, "village": DONGGUAN,
                 "csrf_token": token(assistant)}

    refused = assistant.post(url(sid, "step/residence"), data=elsewhere)

    assert refused.status_code == 422
    assert field_error(refused, "village") == "只能为本村（社区）的村民代办，请选择您负责的村"


def test_only_assistants_fill_on_behalf(app, db):
    reviewer = assistant_client(app, db, username="liulin", region="999901102000",
                                name="李审核", role="township_reviewer")

    assert reviewer.get("/staff/assistant/new").status_code == 403
    assert reviewer.get("/staff/assistant").status_code == 403


def test_the_staff_session_does_not_open_resident_pages_nor_the_other_way_round(app, assistant,
                                                                                   resident):
    sid = start_for(assistant)

    assert assistant.get(f"/forms/{sid}/step/applicant").headers["Location"].startswith("/signin")
    assert resident.get(url(sid, "step/applicant")).headers["Location"].startswith("/staff/signin")


# --- a resident's own draft, taken over with their consent -------------------------------------

def resident_draft(app, phone: str = PHONE) -> int:
    """A resident's own unfinished application (signed in a while ago: the code limits, which
    count sign-in codes too, allow a consent code now)."""
    client = app.test_client()
    sign_in_again(client, app, phone)
    sid = fill_application(client, "members")
    forget_codes(app)
    return sid


def test_a_residents_own_draft_is_taken_over_only_with_their_consent(app, assistant):
    sid = resident_draft(app)
    assert assistant.get(url(sid, "step/applicant")).status_code == 404
    listed = text(assistant.get("/staff/assistant"), "#drafts + ul")
    assert "本人在填" in listed

    # Choosing the same resident for the same form leads to the consent page.
    to_pickup = saved(choose_resident(assistant, phone=PHONE))
    assert to_pickup == f"/staff/assistant/drafts/{sid}/pickup"
    pickup = f"/staff/assistant/drafts/{sid}/pickup"
    saved(assistant.post(pickup, data={"csrf_token": token(assistant), "action": "send"}))
    code = consent_code(assistant, app, PHONE)
    wrong = assistant.post(pickup, data={"csrf_token": token(assistant),
                                         "code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 422
    assert field_error(wrong, "code") == "验证码不对，还可以再试 4 次。"
    assert submission(app)["filled_by"] is None

    taken = assistant.post(pickup, data={"csrf_token": token(assistant), "code": code})

    assert saved(taken) == f"/staff/for/{sid}"
    assert submission(app)["filled_by"] is not None
    consent = sql(app, "SELECT * FROM assistance_consents")[0]
    assert (consent["submission_id"], consent["consent_code_id"]) == (sid, 1)
    assert assistant.get(url(sid, "step/members")).status_code == 200


def test_a_pickup_code_cannot_sign_the_letters(app, assistant):
    sid = resident_draft(app)
    pickup = f"/staff/assistant/drafts/{sid}/pickup"
    assistant.post(pickup, data={"csrf_token": token(assistant), "action": "send"})
    code = consent_code(assistant, app, PHONE)
    saved(assistant.post(pickup, data={"csrf_token": token(assistant), "code": code}))
    fill_application_for(assistant, sid)

    refused = sign_with_code(assistant, sid, code)

    assert field_error(refused, "code") == "请先获取验证码。"


# --- every record says who filled it ---------------------------------------------------------

def file_with_code(app, assistant) -> int:
    sid = start_for(assistant)
    fill_application_for(assistant, sid)
    send_sign_code(assistant, sid)
    saved(sign_with_code(assistant, sid, consent_code(assistant, app, PHONE)))
    return sid


def test_the_case_page_shows_the_resident_and_the_assistant(app, db, assistant):
    sid = file_with_code(app, assistant)
    case_id = sql(app, "SELECT id FROM cases WHERE submission_id = ?", sid)[0][0]
    reviewer = assistant_client(app, db, username="liulin", region="999901102000",
                                name="李审核", role="township_reviewer")

    shown = reviewer.get(f"/staff/cases/{case_id}")

    assert text(shown, ".case-resident") == f"{RESIDENT['name']}（110***********0641）"
    assert text(shown, ".case-assistant") == f"由{ASSISTANT_NAME}（村协理员）代为填写，本人确认并签名"
    assert RESIDENT["id_number"] not in shown.get_data(as_text=True)


def test_the_household_file_says_who_filled_it_and_how_it_was_signed(app, db, assistant):
    sid = start_for(assistant, phone=None)
    fill_application_for(assistant, sid, applicant={"name": RESIDENT["name"],
                                                    "id_number": RESIDENT["id_number"],
                                                    "phone": ""})
    saved(sign_with_drawing(assistant, sid, read_aloud="yes"))
    case_id = sql(app, "SELECT id FROM cases WHERE submission_id = ?", sid)[0][0]

    pdf = assistant.get(f"/staff/cases/{case_id}/household-file.pdf")

    assert pdf.status_code == 200
    reader = PdfReader(io.BytesIO(pdf.data))
    words = "".join("".join(p.extract_text().split()) for p in reader.pages)
    assert f"{ASSISTANT_NAME}（村协理员）代{RESIDENT['name']}填写" in words
    assert "本人手写签名" in words and "协理员确认已向本人朗读" in words
    assert f"村协理员{ASSISTANT_NAME}在场见证" in words
    assert any(page.images for page in reader.pages)  # the drawn signature, printed


def test_the_residents_status_page_says_the_assistant_filled_it(app, assistant):
    file_with_code(app, assistant)
    client = app.test_client()
    sign_in_again(client, app, PHONE)

    assert f"村协理员{ASSISTANT_NAME}帮您填写" in text(client.get("/status"))


def test_audit_names_the_assistant(app, assistant):
    sid = file_with_code(app, assistant)

    actions = {r["action"]: r["actor"] for r in sql(app, "SELECT actor, action FROM audit_log "
                                                         "WHERE subject = ?", f"submission:{sid}")}
    assert actions["draft_started_on_behalf"] == actions["submitted_on_behalf"] == "staff:1"


# --- the assistant's page -------------------------------------------------------------------

def test_the_assistants_page_lists_drafts_households_and_who_to_tell_in_person(app, assistant):
    filled = start_for(assistant, phone=None)
    fill_application_for(assistant, filled, applicant={
        "name": RESIDENT["name"], "id_number": RESIDENT["id_number"], "phone": ""})
    saved(sign_with_drawing(assistant, filled))
    unfinished = start_for(assistant, name="钱二", id_number=OTHER_ID, phone=None)
    reference = sql(app, "SELECT reference FROM submissions WHERE id = ?", filled)[0][0]

    shown = assistant.get("/staff/assistant")

    assert f"/staff/for/{unfinished}" in str(page(shown).select_one("ul.drafts"))
    assert "钱二" in text(shown, "ul.drafts")
    assert reference in text(shown, "ul.households")
    told = text(shown, "ul.in-person-list")
    assert reference in told and "本人没有手机，短信发不出去" in told and "1 条短信还没当面告知" in told


def test_the_assistants_page_lists_upcoming_visits_and_corrections(app, db, assistant):
    sid = file_with_code(app, assistant)
    case_id = sql(app, "SELECT id FROM cases WHERE submission_id = ?", sid)[0][0]
    visit = "2099-01-05"
    sql(app, "UPDATE cases SET state = 'visit_booked', visit_on = ? WHERE id = ?", visit, case_id)

    shown = assistant.get("/staff/assistant")

    assert text(shown, "ul.visits").startswith(visit)
    sql(app, "UPDATE cases SET state = 'accepted' WHERE id = ?", case_id)
    reviewer = assistant_client(app, db, username="liulin", region="999901102000",
                                name="李审核", role="township_reviewer")
    reviewer.post(f"/staff/cases/{case_id}/request_correction",
                  data={"csrf_token": page(reviewer.get(f"/staff/cases/{case_id}")).find(
                      "input", {"name": "csrf_token"})["value"], "steps": "property",
                        "reason": "存款要写全家的"})
    assert "存款要写全家的" in text(assistant.get("/staff/assistant"), "ul.corrections")


def test_the_same_resident_is_not_registered_twice(app, assistant):
    start_for(assistant, phone=None)
    again = start_for(assistant, phone=None)

    assert sql(app, "SELECT COUNT(*) FROM residents")[0][0] == 1
    assert sql(app, "SELECT COUNT(*) FROM submissions")[0][0] == 1
    assert again == submission(app)["id"]


def test_a_phone_already_registered_to_someone_else_is_refused(app, assistant):
    start_for(assistant, phone=PHONE)

    refused = choose_resident(assistant, phone=PHONE, name="孙三", id_number=OTHER_ID)

    assert refused.status_code == 422
    assert field_error(refused, "phone") == "这个手机号已经登记给另一位村民了，请核对手机号"


def test_read_aloud_is_on_the_assistants_pages_and_the_residents_own(app, assistant, resident):
    """Issue 11: 「听一听」 for the resident too; on the assistant's pages its audio is under
    /staff/for/…, where the assistant's session counts."""
    sid = start_for(assistant)
    fill_application_for(assistant, sid, "notice")
    own = fill_application(resident, "notice")

    for client, address in ((assistant, url(sid, "notice")), (resident, f"/forms/{own}/notice")):
        shown = page(client.get(address))
        assert shown.select_one("script[src*='/read_aloud.js?v=']")
        assert shown.select_one(".letter [data-read-aloud] a.read-aloud").get_text() == "听一听"
    audio = page(assistant.get(url(sid, "notice"))).select_one(".letter a.read-aloud")["href"]
    assert audio.startswith(f"/staff/for/{sid}/speech/letter-notice_letter/")
    assert assistant.get(audio).mimetype == "audio/mpeg"


def test_the_spouse_still_authorises_for_themselves(app, assistant):
    sid = start_for(assistant)
    fill_application_for(assistant, sid)
    send_sign_code(assistant, sid)
    code = consent_code(assistant, app, PHONE)

    refused = sign_with_code(assistant, sid, code, **{"member-1-name": "别人"})

    assert refused.status_code == 422
    assert "请李四本人输入自己的姓名" in text(refused, "#field-member-1")
    # The code was not used up by a page with another mistake.
    assert saved(sign_with_code(assistant, sid, code, members=(SPOUSE,)))


def test_a_draft_not_yet_saying_where_the_resident_lives_is_taken_over_into_the_village(app, assistant):
    client = app.test_client()
    sign_in_again(client, app, PHONE)
    sid = fill_application(client, "residence")  # only the applicant page saved
    forget_codes(app)

    pickup = saved(choose_resident(assistant, phone=PHONE))
    assistant.post(pickup, data={"csrf_token": token(assistant), "action": "send"})
    saved(assistant.post(pickup, data={"csrf_token": token(assistant),
                                       "code": consent_code(assistant, app, PHONE)}))

    assert sql(app, "SELECT village_code FROM residents WHERE phone = ?", PHONE)[0][0] == \
        "999901102202"
    assert assistant.get(url(sid, "step/residence")).status_code == 200


def test_a_draft_another_assistant_fills_for_a_resident_with_no_phone_stays_theirs(app, db,
                                                                                 assistant):
    start_for(assistant, phone=None)
    colleague = assistant_client(app, db, username="colleague", name="同村协理")

    refused = choose_resident(colleague, phone=None)

    assert refused.status_code == 422
    assert "由别的协理员在填" in field_error(refused, "flow")


# --- what a page filled on behalf asks of the database ----------------------------------------

@pytest.mark.parametrize("path", ["step/residence", "step/property", "check"])
def test_a_page_filled_on_behalf_reads_only_its_draft(app, assistant, path):
    sid = start_for(assistant)
    fill_application_for(assistant, sid, upto="check")
    recorder = install(app)
    assistant.get(url(sid, path))  # what a process caches is filled by the first visit

    with recording(recorder):
        assert assistant.get(url(sid, path)).status_code == 200

    own = [s for s in recorder.queries if "staff_sessions" not in s]
    assert len(own) == 1, own
