"""On the village assistant's phone (issue 11, item 6): a resident with no phone consents in
person, witnessed by the assistant, also with JavaScript off; a guardian signs for a disabled
adult; the case page and the household file say who signed for whom and how."""

from __future__ import annotations

import io

import pytest
from conftest import page
from pypdf import PdfReader

from tests.staff.behalf_flows import (
    ASSISTANT_NAME,
    RESIDENT,
    assistant_client,
    fill_application_for,
    start_for,
    token,
    url,
)
from tests.staff.conftest import field_error
from tests.web.flows import SON, SPOUSE, saved, sign_data, sql, text

DISABLED_SON = {**SON, "labor_ability": "none", "work": "other", "disability_kind": "intellectual",
                "disability_grade": "1"}
NO_PHONE = {"name": RESIDENT["name"], "id_number": RESIDENT["id_number"], "phone": ""}
WITNESS_LINE = "在赵大娘家中当面读给她听，她点头同意"


@pytest.fixture
def assistant(app, db):
    return assistant_client(app, db)


def phoneless_draft(assistant, members=(SPOUSE,)) -> int:
    sid = start_for(assistant, phone=None)
    fill_application_for(assistant, sid, members=members, applicant=NO_PHONE)
    return sid


def witnessed(assistant, sid, members=(SPOUSE,), **extra):
    """Sign with the assistant's typed witness, as a browser without JavaScript sends it."""
    return assistant.post(url(sid, "sign"), data={
        "csrf_token": token(assistant), "how": "assistant_witnessed",
        "witnessed-name": RESIDENT["name"], "witnessed-line": WITNESS_LINE, "read_aloud": "yes",
        **sign_data(members), **extra})


def case_of(app, sid) -> int:
    return sql(app, "SELECT id FROM cases WHERE submission_id = ?", sid)[0][0]


def test_without_javascript_the_drawing_stays_hidden_and_the_witness_is_offered(app, assistant):
    sid = phoneless_draft(assistant)

    shown = page(assistant.get(url(sid, "sign")))

    assert shown.select_one('input[value="drawn_signature"]').find_parent(class_="choice") \
        .has_attr("hidden")
    offered = shown.select_one('input[value="assistant_witnessed"]')
    assert not offered.find_parent(class_="choice").has_attr("hidden")
    assert offered["id"] == "how"  # the error summary's link lands on a choice that shows
    assert shown.select_one("#witnessed-line") is not None


def test_a_phoneless_residents_in_person_consent_is_recorded_as_witnessed(app, assistant):
    sid = phoneless_draft(assistant)

    saved(witnessed(assistant, sid))

    own = sql(app, "SELECT * FROM signatures WHERE submission_id = ? AND signer_role = "
                   "'applicant' AND letter_kind IN ('notice_letter', 'commitment')", sid)
    assert {r["method"] for r in own} == {"assistant_witnessed"}
    assert own[0]["witness"] == (f"村协理员{ASSISTANT_NAME}在场见证：{RESIDENT['name']}本人当面同意，"
                                 f"并输入了自己的姓名。协理员记录：{WITNESS_LINE}")
    assert own[0]["signature_image"] is None and own[0]["read_aloud"] == 1


def test_a_witnessed_consent_needs_the_residents_name_and_the_witness_line(app, assistant):
    sid = phoneless_draft(assistant)

    refused = witnessed(assistant, sid, **{"witnessed-name": "赵大", "witnessed-line": "好"})

    assert refused.status_code == 422
    assert field_error(refused, "witnessed-name") == f"请{RESIDENT['name']}本人输入自己的姓名，要和登记的一样"
    assert field_error(refused, "witnessed-line") == "请协理员写下见证：在哪里、怎样确认本人同意的"
    shown = page(refused)
    assert shown.select_one('input[value="assistant_witnessed"]').has_attr("checked")
    assert shown.select_one("#witnessed-name")["value"] == "赵大"
    assert sql(app, "SELECT status FROM submissions WHERE id = ?", sid)[0][0] == "draft"


def test_a_guardian_signs_for_a_disabled_son_on_the_assistants_phone(app, db, assistant):
    household = (SPOUSE, DISABLED_SON)
    sid = phoneless_draft(assistant, members=household)

    saved(witnessed(assistant, sid, members=(SPOUSE,), **{
        "member-2-unable": "yes", "member-2-reason": "intellectual_mental", "member-2-guardian": "0",
        "member-2-relation": "mother", "member-2-guardian-name": RESIDENT["name"],
        "member-2-guardian-agree": "yes"}))

    son = sql(app, "SELECT * FROM signatures WHERE submission_id = ? AND member_index = 2", sid)
    assert len(son) == 1
    assert (son[0]["signer_role"], son[0]["signer_name"], son[0]["signed_for"]) == \
        ("guardian", RESIDENT["name"], "张小明")
    assert son[0]["assistant_name"] == ASSISTANT_NAME and son[0]["witness"] is None
    reviewer = assistant_client(app, db, username="liulin", region="999901102000",
                                name="李审核", role="township_reviewer")
    shown = reviewer.get(f"/staff/cases/{case_of(app, sid)}")
    who = [c.get_text(" ", strip=True) for c in page(shown).select(".case-signatures .signed-by")]
    assert f"张小明：由监护人 {RESIDENT['name']}（母亲）代签 " \
        "原因：智力残疾或精神残疾，不能辨认自己的行为" in who
    how = text(shown, ".case-signatures")
    assert "协理员见证：本人当面同意，输入自己的姓名（没有手写签名）" in how


def test_the_household_file_says_who_signed_for_whom_and_how(app, assistant):
    sid = phoneless_draft(assistant, members=(SPOUSE, DISABLED_SON))
    saved(witnessed(assistant, sid, members=(SPOUSE,), **{
        "member-2-unable": "yes", "member-2-reason": "severe_disability", "member-2-guardian": "1",
        "member-2-relation": "father", "member-2-guardian-name": "李四",
        "member-2-guardian-agree": "yes"}))

    pdf = assistant.get(f"/staff/cases/{case_of(app, sid)}/household-file.pdf")

    words = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "张小明：由监护人李四（父亲）代签" in words
    assert "本人不能签字的原因重度残疾（残疾等级一级、二级），自己不能签字" in words
    assert "协理员见证：本人当面同意，输入自己的姓名（没有手写签名）" in words
    assert WITNESS_LINE in words
