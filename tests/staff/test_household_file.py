"""The household file (一户一档): staff of the case's region print one case as an A4 PDF whose
text — applicant, members, letters, signatures — is real, extractable text. Others get 404.

A render takes most of a second, so the checks of one printed file share one print."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
from conftest import csrf, sign_in
from conftest import page as parse
from PIL import Image
from pypdf import PdfReader

from tests.staff.conftest import make_staff, staff_sign_in
from tests.web.flows import (
    APPLICANT,
    APPLICANT_ID,
    CHENGGUAN,
    DECLARANT,
    HUSBAND,
    LIULIN,
    SON,
    SPOUSE,
    SPOUSE_ID,
    fill_self_declaration,
    post,
    submit_application,
)
from webapp.app import create_app
from webapp.services import letters
from webapp.store.engine import connect

A4 = (595.28, 841.89)  # points
# What each page's margins say: the running header and the page number.
MARGINS = re.compile(r"^(编号 \w+\u3000.*一户一档|第 \d+ 页，共 \d+ 页)$", re.MULTILINE)


def beijing(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(timezone(timedelta(hours=8))) \
        .strftime("%Y-%m-%d %H:%M:%S")


def shows_as_signed(text: str, stored: str) -> bool:
    """Whether the PDF's text holds a signed letter's title and its exact body, whitespace
    aside (the PDF wraps lines) and across pages (the margins left out)."""
    flat = re.sub(r"\s+", "", MARGINS.sub("", text))
    title, _, body = stored.partition("\n")
    return all(re.sub(r"\s+", "", part) in flat for part in (title, body))


def pdf_text(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(response.data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def one(app, statement: str, *params):
    database = connect(app.config["DATABASE"])
    try:
        return database.execute(statement, params).fetchone()
    finally:
        database.close()


def signed_in(app, username: str, role: str = "township_reviewer", region: str = LIULIN):
    database = connect(app.config["DATABASE"])
    try:
        make_staff(database, username=username, role=role, region=region)
    finally:
        database.close()
    client = app.test_client()
    staff_sign_in(client, username)
    return client


def submitted_case(app, client) -> int:
    """张三 applies for his household of three (wife 李四, son 张小明); the case id."""
    reference = submit_application(client, members=(SPOUSE, SON))
    return one(app, "SELECT c.id FROM cases c JOIN submissions s ON s.id = c.submission_id "
                    "WHERE s.reference = ?", reference)[0]


@dataclass
class Printed:
    app: object
    case_id: int
    response: object
    reader: PdfReader
    text: str


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The file of an accepted application, as the 柳林乡 reviewer prints it."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SESSION_COOKIE_SECURE": False,
                      "DATABASE": str(tmp_path_factory.mktemp("file") / "doudi.db"),
                      "SMS_QUIET_HOURS": "off"})
    resident = app.test_client()
    sign_in(resident, app)
    case_id = submitted_case(app, resident)
    client = signed_in(app, "liulin")
    token = csrf(client.get(f"/staff/cases/{case_id}"))
    assert client.post(f"/staff/cases/{case_id}/accept", data={"csrf_token": token}).status_code == 302
    response = client.get(f"/staff/cases/{case_id}/household-file.pdf")
    assert response.status_code == 200
    return Printed(app, case_id, response, *pdf_text(response))


def test_the_file_is_a_pdf_named_for_the_reference_and_never_cached(printed):
    reference = one(printed.app, "SELECT reference FROM submissions WHERE status = 'submitted'")[0]
    assert printed.response.mimetype == "application/pdf"
    assert printed.response.data.startswith(b"%PDF-")
    assert printed.response.headers["Content-Disposition"] == f'inline; filename="{reference}.pdf"'
    assert printed.response.headers["Cache-Control"] == "no-store"


def test_every_page_is_a4_and_numbered(printed):
    pages = len(printed.reader.pages)
    for page in printed.reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - A4[0]) < 1 and abs(float(box.height) - A4[1]) < 1
    for number in range(1, pages + 1):
        assert f"第 {number} 页，共 {pages} 页" in printed.text


def test_the_text_names_the_reference_village_applicant_and_every_member(printed):
    reference = one(printed.app, "SELECT reference FROM submissions WHERE status = 'submitted'")[0]
    assert reference in printed.text
    assert "杨庄村" in printed.text
    for person in (APPLICANT, SPOUSE, SON):
        assert person["name"] in printed.text
    # This is the case file: ID numbers in full.
    assert APPLICANT_ID in printed.text and SPOUSE_ID in printed.text
    assert "肢体残疾" in printed.text and "二级" in printed.text  # 李四's disability, as answered
    assert "3组12号" in printed.text  # the address, an answer of the residence step
    assert "12,000元" in printed.text  # 张三's wages, on the incomes page


def test_the_letters_show_their_exact_text_version_hash_and_signing(printed):
    text, flat = printed.text, re.sub(r"\s+", "", printed.text)
    commitment = one(printed.app, "SELECT * FROM signatures WHERE letter_kind = 'commitment'")
    assert f"第 {commitment['text_version']} 版" in text
    assert commitment["text_sha256"] in flat
    assert shows_as_signed(text, commitment["text"])
    assert "本人在短信验证码登录的手机上确认" in flat  # how the applicant signs
    assert beijing(commitment["signed_at"]) in text
    assert "127.0.0.1" in text and "Werkzeug/" in text  # the client's address and user agent
    notice = one(printed.app, "SELECT * FROM signatures WHERE letter_kind = 'notice_letter'")
    assert shows_as_signed(text, notice["text"])
    assert "本人输入自己的姓名" in flat  # the adult members authorise by typing their name
    consent = one(printed.app, "SELECT * FROM signatures WHERE letter_kind = 'sensitive_consent'")
    assert shows_as_signed(text, consent["text"]) and beijing(consent["signed_at"]) in text


def test_the_procedure_so_far_names_who_took_each_step(printed):
    assert "办理记录" in printed.text
    assert re.search(r"受理\s*李审核（乡镇审核员）", printed.text)
    assert "已受理" in printed.text  # the current state, in the heading


def test_printing_is_in_the_audit_log(printed):
    row = one(printed.app, "SELECT actor, subject FROM audit_log WHERE action = 'printed_household_file'")
    assert row["subject"] == f"case:{printed.case_id}"
    assert row["actor"].startswith("staff:")


# --- who may print, and where to find it ---------------------------------------------------

@pytest.fixture
def case_id(app, resident):
    return submitted_case(app, resident)


def test_staff_of_another_township_get_404_and_nothing_is_logged(app, case_id):
    client = signed_in(app, "chengguan", region=CHENGGUAN)
    assert client.get(f"/staff/cases/{case_id}/household-file.pdf").status_code == 404
    assert client.get("/staff/cases/999999/household-file.pdf").status_code == 404
    assert one(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'printed_household_file'")[0] == 0


def test_a_visitor_is_sent_to_sign_in(app, case_id):
    response = app.test_client().get(f"/staff/cases/{case_id}/household-file.pdf")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/staff/signin"


def test_the_case_page_links_to_the_file(app, case_id):
    page = parse(signed_in(app, "liulin").get(f"/staff/cases/{case_id}"))
    link = page.select_one(f'a[href="/staff/cases/{case_id}/household-file.pdf"]')
    assert link.get_text() == "打印一户一档（PDF）"
    assert link["hx-boost"] == "false"  # a PDF, not a page for htmx to swap in


def test_a_self_declaration_prints_too_for_the_village_assistant(app, resident):
    sid = fill_self_declaration(resident, "sign", members=(HUSBAND,))
    assert post(resident, f"/forms/{sid}/sign", {"commit": "yes"}).status_code == 302
    case_id = one(app, "SELECT id FROM cases")[0]
    client = signed_in(app, "yangzhuang", role="assistant", region=DECLARANT["village"])
    response = client.get(f"/staff/cases/{case_id}/household-file.pdf")
    assert response.status_code == 200
    _, text = pdf_text(response)
    letter = one(app, "SELECT * FROM signatures WHERE letter_kind = 'commitment_authorization'")
    assert DECLARANT["name"] in text and HUSBAND["name"] in text
    assert f"第 {letter['text_version']} 版" in text
    assert shows_as_signed(text, letter["text"])
    assert beijing(letter["signed_at"]) in text


def test_a_drawn_signature_is_printed_as_its_image(app, db, case_id):
    drawing = io.BytesIO()
    Image.new("L", (120, 40), 255).save(drawing, "PNG")
    submission_id = one(app, "SELECT submission_id FROM cases WHERE id = ?", case_id)[0]
    letters.record(db, submission_id, letters.render("sensitive_consent", {}), signer_name="张三",
                   signer_role="applicant", method="drawn_signature",
                   signature_image="data:image/png;base64," + base64.b64encode(drawing.getvalue()).decode(),
                   client={"address": "10.0.0.8", "user_agent": "test"})
    response = signed_in(app, "liulin").get(f"/staff/cases/{case_id}/household-file.pdf")
    reader, text = pdf_text(response)
    assert "本人手写签名" in re.sub(r"\s+", "", text)
    assert [image for page in reader.pages for image in page.images]
