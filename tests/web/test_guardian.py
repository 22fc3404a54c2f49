"""A guardian signs for an adult member who cannot sign for themselves (issue 11, item 6): the
sign page, as a plain HTML form (JavaScript off), and what is kept."""

from __future__ import annotations

from conftest import page

from .flows import (
    APPLICANT,
    SON,
    SPOUSE,
    error,
    fill_application,
    id_number,
    post,
    saved,
    sign_data,
    sql,
    submission,
    summary,
    value,
)

DISABLED_SON = {**SON, "labor_ability": "none", "work": "other", "disability_kind": "intellectual",
                "disability_grade": "1"}
HOUSEHOLD = (SPOUSE, DISABLED_SON)


def as_guardian(index: int = 2, **changes) -> dict:
    """The sign page's answers for member `index`, signed for by the applicant 张三 as father."""
    key = f"member-{index}"
    return {f"{key}-unable": "yes", f"{key}-reason": "intellectual_mental", f"{key}-guardian": "0",
            f"{key}-relation": "father", f"{key}-guardian-name": "张三",
            f"{key}-guardian-agree": "yes", **{f"{key}-{k}": v for k, v in changes.items()}}


def sign(client, sid, data):
    return post(client, f"/forms/{sid}/sign", data)


def authorisations(app, sid):
    return sql(app, "SELECT * FROM signatures WHERE submission_id = ? AND "
                    "letter_kind = 'authorization' ORDER BY member_index", sid)


def test_the_applicant_signs_her_disabled_sons_authorisation_as_his_guardian(resident, app):
    sid = fill_application(resident, "sign", members=HOUSEHOLD)

    saved(sign(resident, sid, {**sign_data((SPOUSE,)), **as_guardian()}))

    rows = authorisations(app, sid)
    assert [r["member_index"] for r in rows] == [0, 1, 2]  # the son's authorisation, once
    son = rows[2]
    assert (son["signer_name"], son["signer_role"], son["signed_for"], son["guardian_relation"]) \
        == ("张三", "guardian", "张小明", "father")
    assert son["unable_reason"] == "智力残疾或精神残疾，不能辨认自己的行为"
    assert son["text"].startswith("家庭经济状况核对授权书\n本人张小明")  # the letter as it stands


def test_the_page_says_plainly_the_guardian_signs_as_guardian(resident):
    father = {**APPLICANT, "id_number": id_number("19690101", sequence="011")}  # a man's number
    sid = fill_application(resident, "sign", members=HOUSEHOLD, applicant=father)

    shown = page(resident.get(f"/forms/{sid}/sign"))

    agree = shown.select_one('label[for="member-2-guardian-agree"]').get_text()
    assert agree == "我是张小明的监护人，我以监护人的身份代张小明同意授权核对张小明的信息"
    assert [o.get_text() for o in shown.select('label[for^="member-2-guardian-"]')][:2] == \
        ["张三（申请人）", "李四"]
    assert shown.select_one("#member-2-relation option[selected]")["value"] == "father"


def test_a_refused_guardian_keeps_what_was_typed(resident, app):
    sid = fill_application(resident, "sign", members=HOUSEHOLD)

    response = sign(resident, sid, {**sign_data((SPOUSE,)),
                                    **as_guardian(**{"guardian-agree": "", "reason": "other",
                                                     "note": "从小智力残疾"})})

    assert response.status_code == 422
    assert error(response, "member-2-guardian") == "请监护人张三勾选代为同意授权"
    assert "请监护人张三勾选代为同意授权" in summary(response)
    assert page(response).select_one(".error-summary a")["href"] == "#member-2-guardian-agree"
    assert value(response, "member-2-unable") == ["yes"]
    assert value(response, "member-2-reason") == "other"
    assert value(response, "member-2-note") == "从小智力残疾"
    assert value(response, "member-2-guardian-name") == "张三"
    assert value(response, "member-1-name") == "李四"
    assert submission(app, sid)["status"] == "draft"


def test_the_guardian_types_their_own_name(resident):
    sid = fill_application(resident, "sign", members=HOUSEHOLD)

    response = sign(resident, sid, {**sign_data((SPOUSE,)), **as_guardian(**{"guardian-name": "张小明"})})

    assert error(response, "member-2-guardian") == "请监护人张三输入自己的姓名，要和登记的一样"


def test_the_member_cannot_be_their_own_guardian(resident):
    sid = fill_application(resident, "sign", members=HOUSEHOLD)

    response = sign(resident, sid, {**sign_data((SPOUSE,)), **as_guardian(guardian="2")})

    assert error(response, "member-2-guardian") == "张小明不能给自己当监护人，请选另一位家人"


def test_a_member_who_can_sign_is_not_signed_for(resident, app):
    sid = fill_application(resident, "sign", members=(SPOUSE, SON))

    response = sign(resident, sid, {**sign_data((SPOUSE,)), **as_guardian()})

    assert response.status_code == 422
    assert error(response, "member-2-guardian").startswith("登记的信息里张小明没有智力、精神残疾")
    assert submission(app, sid)["status"] == "draft"


def test_without_the_box_ticked_the_member_signs_for_themself(resident, app):
    sid = fill_application(resident, "sign", members=HOUSEHOLD)
    answers = {**sign_data((SPOUSE,)), **as_guardian(), "member-2-unable": ""}

    response = sign(resident, sid, answers)

    assert error(response, "member-2") == "请张小明本人勾选同意授权"


def test_another_adult_member_may_be_the_guardian(resident, app):
    sid = fill_application(resident, "sign", members=HOUSEHOLD)

    saved(sign(resident, sid, {**sign_data((SPOUSE,)),
                               **as_guardian(guardian="1", relation="mother",
                                             **{"guardian-name": "李四"})}))

    son = authorisations(app, sid)[2]
    assert (son["signer_name"], son["guardian_relation"]) == ("李四", "mother")
