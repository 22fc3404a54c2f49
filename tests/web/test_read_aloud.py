"""「听一听」 (issue 11): every question page and letter reads its own words, and the server's
audio of them (espeak-ng's Mandarin voice, as MP3) is made once per text version, for the
draft's owner only."""

from __future__ import annotations

import logging

import pytest

from webapp.domain.speech import spoken
from webapp.flows import get_flow
from webapp.flows import speech as texts
from webapp.services import letters
from webapp.store import speech as speech_store
from webapp.store.engine import connect

from .flows import (
    CHILD,
    OTHER_PHONE,
    SPOUSE,
    fill_application,
    fill_self_declaration,
    fill_temporary_aid,
    page,
    sign_in,
    sql,
    step_url,
)


def control(response, within: str = "main"):
    """The first 「听一听」 of the page (or of the part `within`): (its audio address, its words)."""
    line = page(response).select_one(f"{within} [data-read-aloud]")
    assert line is not None, f"no 听一听 in {within}"
    link = line.select_one("a.read-aloud")
    assert link.get_text(strip=True) == "听一听"
    return link["href"], line["data-text"]


def audio_rows(app) -> int:
    database = connect(app.config["DATABASE"])
    try:
        return speech_store.count(database)
    finally:
        database.close()


# --- the words read ------------------------------------------------------------------------

def test_a_step_reads_its_title_help_questions_hints_and_options(app):
    step = get_flow("application").step("spending")
    with app.test_request_context():
        form = step.form(formdata=None, meta={"csrf": False})
        assert texts.step_text(step, form) == (
            "看病和上学花费。\n最近12个月的花费。\n"
            "看病花了多少钱（元）。\n报销以后自己掏的钱。\n"
            "孩子上学花了多少钱（元）。\n学费、住宿费、生活费。")


def test_a_choice_reads_its_options_and_the_village_lists_only_their_question(app):
    step = get_flow("application").step("residence")
    with app.test_request_context():
        text = texts.step_text(step, step.form(formdata=None, meta={"csrf": False}))

    assert "户口在这个村吗？\n是；否。" in text
    assert "县（市、区）。\n乡镇（街道）。\n村（社区）。" in text
    assert "杨庄村" not in text and "请选择" not in text


def test_the_page_reads_exactly_what_it_shows(resident):
    sid = fill_application(resident, "residence")
    shown = page(resident.get(step_url(sid, "residence"))).select_one("main")

    _url, words = control(resident.get(step_url(sid, "residence")))

    for piece in [shown.h1, *shown.select("label, legend, .hint")]:
        assert piece.get_text(strip=True) in words
    assert words.startswith("住在哪里。\n")


@pytest.mark.parametrize("address", ["members/new", "income/0", "step/members"])
def test_the_pages_of_one_person_and_of_the_plain_income_read_what_they_show(resident, address):
    sid = fill_application(resident, "property")
    response = resident.get(f"/forms/{sid}/{address}")
    shown = page(response).select_one("main")

    _url, words = control(response)

    for piece in [shown.h1, *shown.select("label, legend, .hint, .lead")]:
        assert piece.get_text(strip=True).rstrip("。") in words, piece
    assert "工资性收入" not in words  # the official kinds are derived, never read out


def test_a_letter_is_read_in_its_exact_versioned_text(resident):
    sid = fill_application(resident, "notice")
    notice = page(resident.get(f"/forms/{sid}/notice"))
    letter = letters.render("notice_letter", {"applicant_name": "x", "proofs": [], "office": "y"})

    _url, words = control(resident.get(f"/forms/{sid}/notice"), ".letter")

    title, body = notice.h1.get_text(), notice.select_one(".letter-text").get_text()
    assert words == spoken(title + "\n" + body)
    assert title == letter.title and letter.version == letters.current("notice_letter").version
    # The very text whose hash the signature keeps.
    assert letters.sha256(texts.letter_text(letter)) == letter.text_sha256


def test_each_letter_of_the_sign_page_and_each_members_authorisation_has_its_own(resident):
    sid = fill_application(resident, "sign")
    shown = page(resident.get(f"/forms/{sid}/sign"))

    lines = shown.select(".letter [data-read-aloud]")
    bodies = [t.get_text() for t in shown.select(".letter-text")]

    assert len(lines) == len(bodies) == 3  # commitment, the applicant's authorisation, 李四's
    assert [line["data-text"].split("\n", 1)[1] for line in lines] == [spoken(b) for b in bodies]
    assert SPOUSE["name"] in lines[2]["data-text"]


# --- the audio -------------------------------------------------------------------------------

def test_the_audio_is_an_mp3_made_once_and_then_taken_from_the_cache(resident, app):
    sid = fill_application(resident, "property")
    url, _words = control(resident.get(step_url(sid, "property")))

    first = resident.get(url)

    assert first.status_code == 200 and first.mimetype == "audio/mpeg"
    assert len(first.data) > 1000
    assert first.data[:3] == b"ID3" or first.data[:2] in (b"\xff\xf3", b"\xff\xfb")  # MPEG frame
    assert audio_rows(app) == 1
    # What the second request gets is what the cache holds, not a new synthesis.
    sql(app, "UPDATE speech_audio SET audio = ?", b"kept audio")
    second = resident.get(url)
    assert second.status_code == 200 and second.data == b"kept audio"
    assert audio_rows(app) == 1


def test_the_same_question_for_two_residents_is_made_once(resident, app):
    sid = fill_application(resident, "property")
    url, _words = control(resident.get(step_url(sid, "property")))
    resident.get(url)
    other = app.test_client()
    sign_in(other, app, OTHER_PHONE)
    own = fill_self_declaration(other, "members")
    other.get(control(other.get(step_url(own, "risks")))[0])

    assert audio_rows(app) == 2  # two texts
    other_again = fill_application(other, "property")
    assert other.get(control(other.get(step_url(other_again, "property")))[0]).status_code == 200
    assert audio_rows(app) == 2  # the same property question: no new audio


def test_a_text_changed_since_the_page_was_shown_is_not_read_in_its_old_version(resident):
    sid = fill_application(resident, "notice")
    url, _words = control(resident.get(f"/forms/{sid}/notice"), ".letter")
    resident.post(step_url(sid, "spending"), data={
        "csrf_token": page(resident.get(step_url(sid, "spending"))).find(
            "input", {"name": "csrf_token"})["value"], "medical": "", "education": "500"})

    assert resident.get(url).status_code == 404


@pytest.mark.parametrize("address", [
    "step-property/0123456789abcdef0123.mp3",  # a digest of no text
    "step-nothing/0123456789abcdef0123.mp3",  # no such step
    "member-7/0123456789abcdef0123.mp3",  # no such member
    "letter-unknown/0123456789abcdef0123.mp3",
    "anything/0123456789abcdef0123.mp3",
])
def test_an_unknown_key_is_not_found(resident, address):
    sid = fill_application(resident, "property")

    assert resident.get(f"/forms/{sid}/speech/{address}").status_code == 404


def test_another_residents_audio_is_not_found(resident, app):
    sid = fill_application(resident, "notice")
    url, _words = control(resident.get(f"/forms/{sid}/notice"), ".letter")
    other = app.test_client()
    sign_in(other, app, OTHER_PHONE)

    assert other.get(url).status_code == 404
    assert app.test_client().get(url).status_code == 302  # to the sign-in page


def test_an_engine_too_slow_gives_503_and_logs_no_personal_data(resident, app, caplog):
    sid = fill_application(resident, "notice")
    url, words = control(resident.get(f"/forms/{sid}/notice"), ".letter")
    app.config["SPEECH_TIMEOUT_SECONDS"] = 0.0001

    with caplog.at_level(logging.WARNING, logger="webapp.services.speech"):
        refused = resident.get(url)

    assert refused.status_code == 503
    assert audio_rows(app) == 0
    assert caplog.records and "read-aloud" in caplog.text
    assert "张三" in words and "张三" not in caplog.text


# --- every question page and letter of the three forms ---------------------------------------

def resolves(client, url: str) -> bool:
    response = client.get(url)
    return response.status_code == 200 and response.mimetype == "audio/mpeg" and response.data


def test_every_page_of_the_application_reads_aloud(resident):
    sid = fill_application(resident, "notice", members=(SPOUSE, CHILD))
    pages = [step_url(sid, s) for s in ("applicant", "residence", "consent", "members", "income",
                                        "property", "spending", "situation")]
    # the applicant's own situation is on the consent page; each other person has a page
    pages += [f"/forms/{sid}/members/{i}" for i in (1, 2)] + [f"/forms/{sid}/members/new"]
    pages += [f"/forms/{sid}/income/{i}" for i in range(3)]
    pages += [f"/forms/{sid}/notice"]

    for address in pages:
        url, words = control(resident.get(address))
        assert words and resolves(resident, url), address


def test_every_page_of_the_self_declaration_and_its_letter_read_aloud(resident):
    sid = fill_self_declaration(resident, "sign", risks={"risks": ["illness"],
                                                         "sensitive": "y"})
    for address in [step_url(sid, s) for s in ("declarant", "risks", "members")]:
        url, _words = control(resident.get(address))
        assert resolves(resident, url), address
    risks = resident.get(step_url(sid, "risks"))
    assert resolves(resident, control(risks, ".letter")[0])  # the separate consent's text
    assert resolves(resident, control(resident.get(f"/forms/{sid}/sign"), ".letter")[0])


def test_every_page_of_temporary_aid_and_its_letters_read_aloud(resident):
    sid = fill_temporary_aid(resident, "sign")
    for step in ("person", "place", "event", "household", "members"):
        url, _words = control(resident.get(step_url(sid, step)))
        assert resolves(resident, url), step
    for address in (f"/forms/{sid}/notice", f"/forms/{sid}/sign"):
        assert resolves(resident, control(resident.get(address), ".letter")[0]), address


def test_pages_without_a_question_load_no_read_aloud_script(resident):
    sid = fill_application(resident, "check")

    assert not page(resident.get(f"/forms/{sid}/check")).select("script[src*='read_aloud.js']")
    assert page(resident.get(step_url(sid, "property"))).select_one(
        "script[src*='/read_aloud.js?v=']")
