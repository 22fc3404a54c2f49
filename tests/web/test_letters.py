"""The notice letter built from the answers, and the letters kept once signed."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from webapp.services import letters
from webapp.store.engine import connect

from .flows import (
    APPLICANT,
    APPLICANT_HEALTH,
    SPOUSE,
    csrf,
    error,
    fill_application,
    id_number,
    page,
    post,
    saved,
    sign_data,
    sign_in_again,
    sql,
    step_url,
    submission,
    text,
)


def notice_text(client, sid) -> str:
    return page(client.get(f"/forms/{sid}/notice")).select_one(".letter-text").get_text()


# --- what the notice says ------------------------------------------------------------------

def test_notice_names_the_disabled_member_for_the_disability_certificate(resident):
    sid = fill_application(resident, "notice")

    assert "残疾人证（李四）：要能看清残疾类别和残疾等级。" in notice_text(resident, sid)


def test_notice_asks_for_no_disability_certificate_when_nobody_is_disabled(resident):
    sid = fill_application(resident, "notice", members=({**SPOUSE, "disability_kind": "",
                                                         "disability_grade": ""},))

    assert "残疾人证" not in notice_text(resident, sid)


def test_notice_lists_medical_bills_when_money_was_spent_on_care(resident):
    sid = fill_application(resident, "notice", spending={"medical": "8000", "education": ""})

    assert "医疗费用票据（全家）" in notice_text(resident, sid)


def test_notice_leaves_out_medical_bills_when_nothing_was_spent(resident):
    sid = fill_application(resident, "notice", spending={"medical": "0", "education": ""})

    assert "医疗费用票据" not in notice_text(resident, sid)


def test_notice_names_the_member_whose_illness_needs_a_diagnosis(resident):
    ill = {**SPOUSE, "serious_illness": "yes", "illness_name": "尿毒症"}
    sid = fill_application(resident, "notice", members=(ill,))

    assert "医院诊断证明或病历（李四）" in notice_text(resident, sid)


def test_notice_says_what_happens_to_those_who_do_not_report_honestly(resident):
    sid = fill_application(resident, "notice")

    letter = notice_text(resident, sid)

    assert "超过3个月不报告的，会受到批评教育" in letter
    assert "查实不符合条件的：停发救助" in letter
    assert "已经领到的钱要全部退回，还要依法承担法律责任" in letter


def test_notice_is_given_by_the_township_chosen(resident):
    sid = fill_application(resident, "notice")

    assert notice_text(resident, sid).rstrip().endswith("告知单位：柳林乡人民政府")


def test_notice_must_be_ticked_as_read(resident):
    sid = fill_application(resident, "notice")

    response = post(resident, f"/forms/{sid}/notice", {})

    assert response.status_code == 422
    assert error(response, "read") == "请勾选“我已经读完、听懂了这份告知书”"


def test_withdrawn_consent_keeps_health_details_out_of_the_notice(resident):
    sid = fill_application(resident, "notice")

    saved(post(resident, step_url(sid, "consent", **{"return": "check"}),
               {"sensitive": "no", **APPLICANT_HEALTH}))

    assert "残疾人证" not in notice_text(resident, sid)


def test_withdrawn_consent_asks_health_questions_again_if_consent_returns(resident):
    sid = fill_application(resident, "check")
    saved(post(resident, step_url(sid, "consent"), {"sensitive": "no", **APPLICANT_HEALTH}))
    saved(post(resident, step_url(sid, "consent"), {"sensitive": "yes", **APPLICANT_HEALTH}))

    response = post(resident, step_url(sid, "members"), {"action": "continue"})

    # the applicant answers again on the consent page itself; the other members on their pages
    assert response.status_code == 422
    assert "请补全李四的信息" in text(response, ".error-summary")
    assert "请补全张三的信息" not in text(response, ".error-summary")


# --- reading again after a change ----------------------------------------------------------

def test_changing_answers_after_reading_means_reading_again(resident):
    sid = fill_application(resident, "sign", spending={"medical": "0", "education": ""})
    saved(post(resident, step_url(sid, "spending", **{"return": "check"}),
               {"medical": "8000", "education": ""}))

    response = resident.get(f"/forms/{sid}/sign")

    assert response.headers["Location"] == f"/forms/{sid}/notice"
    page_after = resident.get(response.headers["Location"])
    assert "您改过填写的内容，告知书也跟着变了，请再读一遍。" in text(page_after, ".notice")
    assert "医疗费用票据（全家）" in page_after.get_data(as_text=True)


def test_change_that_leaves_the_notice_as_it_was_needs_no_second_reading(resident):
    sid = fill_application(resident, "sign")
    saved(post(resident, step_url(sid, "situation", **{"return": "check"}),
               {"what_happened": "庄稼遭了雹灾", "help": ["living"]}))

    assert resident.get(f"/forms/{sid}/sign").status_code == 200


def test_signing_an_out_of_date_notice_is_not_submitted(resident, app):
    sid = fill_application(resident, "sign", spending={"medical": "0", "education": ""})
    sign_page = resident.get(f"/forms/{sid}/sign")
    saved(post(resident, step_url(sid, "spending"), {"medical": "500", "education": ""}))

    response = resident.post(f"/forms/{sid}/sign", data={**sign_data((SPOUSE,)),
                                                         "csrf_token": csrf(sign_page)})

    assert response.headers["Location"] == f"/forms/{sid}/notice"
    assert submission(app, sid)["status"] == "draft"


# --- letters can never change once signed --------------------------------------------------

@pytest.mark.parametrize("table", ["signatures", "audit_log", "letter_texts"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
def test_signed_records_are_append_only(resident, app, table, statement):
    fill_application(resident, "members")  # the consent is signed, the draft audited
    connection = sqlite3.connect(app.config["DATABASE"])
    try:
        assert connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] > 0
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute(statement.format(table=table))
    finally:
        connection.close()


def copy_of_shipped_letters(tmp_path):
    directory = tmp_path / "letters"
    shutil.copytree(letters.TEXTS_DIR, directory)
    return directory


def test_edited_text_of_a_recorded_version_stops_the_app(app, tmp_path):
    directory = copy_of_shipped_letters(tmp_path)
    path = directory / "notice_letter.v1.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("3个月", "6个月"), encoding="utf-8")
    database = connect(app.config["DATABASE"])
    try:
        with pytest.raises(letters.LetterTextChanged, match="notice_letter v1"):
            letters.sync_texts(database, directory=directory)
    finally:
        database.close()


def test_new_version_of_a_letter_is_recorded_beside_the_old(app, tmp_path):
    directory = copy_of_shipped_letters(tmp_path)
    newest = letters.current("notice_letter").version
    old = (directory / f"notice_letter.v{newest}.txt").read_text(encoding="utf-8")
    (directory / f"notice_letter.v{newest + 1}.txt").write_text(old.replace("3个月", "6个月"),
                                                                 encoding="utf-8")
    database = connect(app.config["DATABASE"])
    try:
        letters.sync_texts(database, directory=directory)
        versions = [r[0] for r in database.execute(
            "SELECT version FROM letter_texts WHERE kind = 'notice_letter' ORDER BY version")]
    finally:
        database.close()

    assert versions == list(range(1, newest + 2))
    assert letters.current("notice_letter", directory).version == newest + 1


def test_same_answers_give_the_same_notice_hash(app):
    digests = []
    # Two people of the same name (one ID number has one open application at a time).
    for phone, number in (("13800138000", APPLICANT["id_number"]),
                          ("13900139000", id_number(sequence="457"))):
        client = app.test_client()
        sign_in_again(client, app, phone)
        sid = fill_application(client, "submitted",
                               applicant={**APPLICANT, "phone": phone, "id_number": number})
        digests.append(sql(app, "SELECT text_sha256 FROM signatures WHERE submission_id = ? "
                                "AND letter_kind = 'notice_letter'", sid)[0][0])

    assert digests[0] == digests[1]


def test_different_answers_give_a_different_notice_hash(app):
    def rendered(proofs):
        return letters.render("notice_letter", {"applicant_name": "张三", "proofs": proofs,
                                                "office": "柳林乡人民政府"})

    from webapp.domain.proofs import required_proofs

    with_bills = rendered(required_proofs({"spending": {"medical": 100}}))
    again = rendered(required_proofs({"spending": {"medical": 100}}))
    without = rendered(required_proofs({"spending": {"medical": 0}}))

    assert with_bills.text_sha256 == again.text_sha256
    assert with_bills.text_sha256 != without.text_sha256
