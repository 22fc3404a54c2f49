"""Signing and submitting an aid application: the reference, the SMS, the signed letters."""

from __future__ import annotations

import hashlib
import re

from webapp.services import letters

from .flows import (
    APPLICANT_HEALTH,
    CHILD,
    SON,
    SPOUSE,
    error,
    fill_application,
    page,
    path_of,
    post,
    saved,
    sign_data,
    sms_bodies,
    sql,
    step_url,
    submission,
    submit_application,
    summary,
    text,
    token,
    value,
)

REFERENCE = re.compile(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}")
BROWSER = "Mozilla/5.0 (Linux; Android 12; HUAWEI) Mobile Safari/537.36"


def sign(client, sid, data, **kwargs):
    return post(client, f"/forms/{sid}/sign", data, **kwargs)


def letters_signed(app, sid):
    return sql(app, "SELECT * FROM signatures WHERE submission_id = ? "
                    "AND letter_kind != 'sensitive_consent' ORDER BY id", sid)


# --- the reference and the confirmation ----------------------------------------------------

def test_reference_is_eight_characters_without_look_alikes(resident):
    reference = submit_application(resident)

    assert REFERENCE.fullmatch(reference)
    assert not set(reference) & set("01OIL")


def test_confirmation_page_shows_the_reference(resident):
    reference = submit_application(resident)

    response = resident.get(f"/submissions/{reference}")

    assert response.status_code == 200
    assert text(response, ".reference") == reference
    assert "已提交" in text(response, "h1")


def test_confirmation_sms_carries_the_reference_and_no_link(resident, app):
    reference = submit_application(resident)

    [body] = sms_bodies(resident, app, "submission_received")

    assert reference in body
    assert body.startswith("【兜底服务】您的社会救助申请已提交")
    assert not re.search(r"https?:|www\.|://|\.(cn|com|net|org)\b", body)


def test_confirmation_sms_goes_to_the_signed_in_phone(resident, app):
    submit_application(resident)

    [row] = sql(app, "SELECT phone, submission_id FROM outbox WHERE template = 'submission_received'")

    assert tuple(row) == ("13800138000", 1)


def test_submission_is_saved_as_submitted_with_its_reference(resident, app):
    reference = submit_application(resident)

    row = submission(app, 1)

    assert (row["status"], row["reference"]) == ("submitted", reference)
    assert row["submitted_at"]


def test_pressing_submit_twice_submits_once(resident, app):
    sid = fill_application(resident, "sign")
    data = {**sign_data((SPOUSE,)), "csrf_token": token(resident, f"/forms/{sid}/sign")}

    first = resident.post(f"/forms/{sid}/sign", data=data)
    second = resident.post(f"/forms/{sid}/sign", data=data)

    assert first.headers["Location"] == second.headers["Location"]
    assert len(sql(app, "SELECT id FROM submissions WHERE status = 'submitted'")) == 1
    assert len(letters_signed(app, sid)) == 4
    assert len(sms_bodies(resident, app, "submission_received")) == 1


# --- what the sign page asks ---------------------------------------------------------------

def test_sign_page_needs_the_commitment_and_the_authorisation(resident):
    sid = fill_application(resident, "sign")

    response = sign(resident, sid, {"member-1-name": "李四", "member-1-agree": "yes"})

    assert response.status_code == 422
    assert error(response, "commit") == "请勾选承诺，才能提交"
    assert error(response, "authorize") == "请勾选授权核对，才能提交"
    assert "请勾选承诺，才能提交" in summary(response)


def test_member_who_types_a_different_name_is_refused(resident, app):
    sid = fill_application(resident, "sign")

    response = sign(resident, sid, {**sign_data((SPOUSE,)), "member-1-name": "李 四"})

    assert response.status_code == 422
    assert error(response, "member-1") == "请李四本人输入自己的姓名，要和上面登记的一样"
    assert submission(app, sid)["status"] == "draft"


def test_member_who_does_not_tick_is_asked_to(resident):
    sid = fill_application(resident, "sign")

    response = sign(resident, sid, {**sign_data((SPOUSE,)), "member-1-agree": ""})

    assert error(response, "member-1") == "请李四本人勾选同意授权"


def test_refused_sign_page_keeps_the_ticks_and_names(resident):
    sid = fill_application(resident, "sign")

    response = sign(resident, sid, {"commit": "yes", "member-1-name": "李四",
                                    "member-1-agree": "yes"})

    soup = page(response)
    assert soup.select_one("#commit").has_attr("checked")
    assert not soup.select_one("#authorize").has_attr("checked")
    assert value(response, "member-1-name") == "李四"


def test_only_adult_members_are_asked_to_authorise(resident):
    sid = fill_application(resident, "sign", members=(SPOUSE, SON, CHILD))

    sections = page(resident.get(f"/forms/{sid}/sign")).select(".co-signer h2")

    assert [s.get_text() for s in sections] == ["李四本人授权", "张小明本人授权"]


def test_sign_page_before_the_notice_is_read_sends_to_the_notice(resident):
    sid = fill_application(resident, "notice")

    assert resident.get(f"/forms/{sid}/sign").headers["Location"] == f"/forms/{sid}/notice"


def test_sign_page_with_pages_unanswered_sends_to_check(resident):
    sid = fill_application(resident, "property")

    assert resident.get(f"/forms/{sid}/sign").headers["Location"] == f"/forms/{sid}/check"


# --- the signed letters --------------------------------------------------------------------

def test_signatures_keep_the_notice_commitment_and_authorisations(resident, app):
    sid = fill_application(resident, "sign")
    saved(sign(resident, sid, sign_data((SPOUSE,))))

    rows = [(r["letter_kind"], r["signer_name"], r["signer_role"], r["member_index"],
             r["method"], r["decision"]) for r in letters_signed(app, sid)]

    assert rows == [
        ("notice_letter", "张三", "applicant", 0, "signed_in_phone", "read"),
        ("commitment", "张三", "applicant", 0, "signed_in_phone", "agreed"),
        ("authorization", "张三", "applicant", 0, "signed_in_phone", "agreed"),
        ("authorization", "李四", "member", 1, "typed_name", "agreed"),
    ]


def test_each_signature_keeps_the_exact_text_its_version_and_its_hash(resident, app):
    sid = fill_application(resident, "sign")
    saved(sign(resident, sid, sign_data((SPOUSE,))))

    for row in letters_signed(app, sid):
        assert row["text_version"] == letters.current(row["letter_kind"]).version
        assert row["text_sha256"] == hashlib.sha256(row["text"].encode()).hexdigest()
        body = sql(app, "SELECT body FROM letter_texts WHERE kind = ? AND version = ?",
                   row["letter_kind"], row["text_version"])[0]["body"]
        assert row["template_sha256"] == hashlib.sha256(body.encode()).hexdigest()
        assert row["text"].split("\n", 1)[0] == body.split("\n", 1)[0]


def test_signed_texts_are_the_ones_shown(resident, app):
    sid = fill_application(resident, "sign")
    shown = [t.get_text() for t in page(resident.get(f"/forms/{sid}/sign")).select(".letter-text")]
    saved(sign(resident, sid, sign_data((SPOUSE,))))

    kept = [r["text"].split("\n", 1)[1] for r in letters_signed(app, sid)[1:]]

    assert kept == shown


def test_signature_records_where_and_on_what_it_was_signed(resident, app):
    sid = fill_application(resident, "sign")
    saved(sign(resident, sid, sign_data((SPOUSE,)), headers={"User-Agent": BROWSER},
               environ_base={"REMOTE_ADDR": "203.0.113.45"}))

    for row in letters_signed(app, sid):
        assert (row["client_address"], row["user_agent"]) == ("203.0.113.45", BROWSER)
        assert row["signed_at"]


def test_every_adult_member_authorises_by_typing_their_name(resident, app):
    members = (SPOUSE, SON, CHILD)
    sid = fill_application(resident, "sign", members=members)
    saved(sign(resident, sid, sign_data(members)))

    rows = [(r["signer_name"], r["member_index"], r["method"]) for r in letters_signed(app, sid)
            if r["signer_role"] == "member"]

    assert rows == [("李四", 1, "typed_name"), ("张小明", 2, "typed_name")]


def test_member_authorisation_names_the_member_and_the_applicant(resident, app):
    sid = fill_application(resident, "sign")
    saved(sign(resident, sid, sign_data((SPOUSE,))))

    member = letters_signed(app, sid)[-1]["text"]

    assert "本人李四（身份证号 110***********0012）" in member
    assert "是张三申请社会救助的共同生活家庭成员" in member


def test_commitment_names_the_household_size_and_notice_version(resident, app):
    sid = fill_application(resident, "sign")
    saved(sign(resident, sid, sign_data((SPOUSE,))))

    commitment = letters_signed(app, sid)[1]["text"]

    assert "代表共同生活的全家2口人申请社会救助" in commitment
    assert f"《社会救助申请告知书》（第{letters.current('notice_letter').version}版）" in commitment


def test_submission_is_in_the_audit_log_without_personal_details(resident, app):
    reference = submit_application(resident)

    [row] = sql(app, "SELECT * FROM audit_log WHERE action = 'submitted'")

    assert (row["actor"], row["subject"]) == ("resident:1", "submission:1")
    assert reference in row["detail"]
    assert "张三" not in row["detail"] and "13800138000" not in row["detail"]


# --- the separate consent ------------------------------------------------------------------

def consents(app):
    return sql(app, "SELECT * FROM signatures WHERE letter_kind = 'sensitive_consent' ORDER BY id")


def test_separate_consent_is_recorded_like_a_signed_letter(resident, app):
    sid = fill_application(resident, "members")

    [row] = consents(app)

    assert (row["submission_id"], row["decision"], row["signer_name"], row["method"]) == \
        (sid, "agreed", "张三", "signed_in_phone")
    assert row["text"].startswith("敏感个人信息单独同意\n")
    assert row["text_sha256"] == hashlib.sha256(row["text"].encode()).hexdigest()


def test_change_of_mind_about_consent_is_a_new_record(resident, app):
    sid = fill_application(resident, "members")

    saved(post(resident, step_url(sid, "consent"), {"sensitive": "no", **APPLICANT_HEALTH}))

    assert [r["decision"] for r in consents(app)] == ["agreed", "declined"]


def test_saving_the_same_consent_again_records_nothing_new(resident, app):
    sid = fill_application(resident, "members")

    saved(post(resident, step_url(sid, "consent"), {"sensitive": "yes", **APPLICANT_HEALTH}))

    assert len(consents(app)) == 1


def test_submitted_page_of_a_submitted_draft_is_where_its_pages_lead(resident):
    reference = submit_application(resident)

    response = resident.get("/forms/1/sign")

    assert path_of(response.headers["Location"]) == f"/submissions/{reference}"
