"""The photos an applicant attached, for staff: on the case page as thumbnails linking to the
full image, served only to staff covering the case's region (others get 404, as for the case
itself), every view audited, never cached; and printed in the household file."""

from __future__ import annotations

import io

import pytest
from conftest import csrf, page
from PIL import Image
from pypdf import PdfReader

from tests import photo_files as files
from tests.resident.test_photos import upload
from tests.staff.conftest import make_staff, staff_sign_in
from tests.staff.factory import create_case
from tests.web.flows import CHENGGUAN, SPOUSE, fill_application, post, saved, sign_data, sql


def submit_with_photo(client, data: bytes) -> int:
    """张三 applies, with a photo of his hospital bill attached on the check page; the case id."""
    sid = fill_application(client, "check")
    saved(upload(client, sid, data))
    saved(post(client, f"/forms/{sid}/check"))
    saved(post(client, f"/forms/{sid}/notice", {"read": "yes"}))
    saved(post(client, f"/forms/{sid}/sign", sign_data((SPOUSE,))))
    return sql_one(client.application, "SELECT id FROM cases WHERE submission_id = ?", sid)


def sql_one(app, statement: str, *params):
    return sql(app, statement, *params)[0][0]


def staff_client(app, db, username: str, **account):
    make_staff(db, username=username, **account)
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return client


@pytest.fixture
def case_id(resident):
    return submit_with_photo(resident, files.phone_jpeg((2400, 1800)))


def test_the_reviewer_sees_the_photo_on_the_case_page_and_opens_it(app, db, case_id):
    reviewer = staff_client(app, db, "liulin")  # 柳林乡, the case's township

    case_page = reviewer.get(f"/staff/cases/{case_id}")

    headings = [h.get_text() for h in page(case_page).select("h2")]
    assert "申请人上传的照片" in headings
    [link] = page(case_page).select(".case-photos a")
    thumbnail = reviewer.get(link.select_one("img")["src"])
    full = reviewer.get(link["href"])
    for response in (thumbnail, full):
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert response.headers["Cache-Control"] == "private, no-store"
    assert Image.open(io.BytesIO(full.data)).size == (1200, 1600)
    assert max(Image.open(io.BytesIO(thumbnail.data)).size) <= 240
    viewed = sql(app, "SELECT actor, detail FROM audit_log WHERE action = 'viewed_photo' "
                      "AND subject = ?", f"case:{case_id}")
    staff_id = sql_one(app, "SELECT id FROM staff WHERE username = 'liulin'")
    assert len(viewed) == 2 and {r["actor"] for r in viewed} == {f"staff:{staff_id}"}


def test_a_case_without_photos_says_none_were_needed(app, db, resident):
    sid = fill_application(resident, "sign")
    saved(post(resident, f"/forms/{sid}/sign", sign_data((SPOUSE,))))
    case_id = sql_one(app, "SELECT id FROM cases WHERE submission_id = ?", sid)
    reviewer = staff_client(app, db, "liulin")
    assert "没有上传照片（照片不是必须的）" in page(reviewer.get(f"/staff/cases/{case_id}")).get_text()


def test_a_reviewer_of_another_township_gets_404_like_for_the_case(app, db, case_id):
    photo_id = sql_one(app, "SELECT id FROM submission_photos")
    elsewhere = staff_client(app, db, "chengguan", region=CHENGGUAN)
    assert elsewhere.get(f"/staff/cases/{case_id}").status_code == 404
    for suffix in (".jpg", "/thumbnail.jpg"):
        assert elsewhere.get(f"/staff/cases/{case_id}/photos/{photo_id}{suffix}").status_code == 404
    assert not sql(app, "SELECT 1 FROM audit_log WHERE action = 'viewed_photo'")


def test_a_photo_is_found_only_through_its_own_case(app, db, case_id):
    photo_id = sql_one(app, "SELECT id FROM submission_photos")
    other_case = create_case(db)  # another case of 杨庄村, which the reviewer covers too
    reviewer = staff_client(app, db, "liulin")
    assert reviewer.get(f"/staff/cases/{other_case}/photos/{photo_id}.jpg").status_code == 404
    assert reviewer.get(f"/staff/cases/{case_id}/photos/{photo_id + 1}.jpg").status_code == 404


def test_a_visitor_is_sent_to_sign_in(app, case_id):
    photo_id = sql_one(app, "SELECT id FROM submission_photos")
    response = app.test_client().get(f"/staff/cases/{case_id}/photos/{photo_id}.jpg")
    assert response.status_code == 302 and "/staff/signin" in response.headers["Location"]


def test_the_household_file_prints_the_photo(app, db, case_id):
    reviewer = staff_client(app, db, "liulin")
    token = csrf(reviewer.get(f"/staff/cases/{case_id}"))
    assert reviewer.post(f"/staff/cases/{case_id}/accept", data={"csrf_token": token}).status_code == 302

    printed = reviewer.get(f"/staff/cases/{case_id}/household-file.pdf")

    reader = PdfReader(io.BytesIO(printed.data))
    # WeasyPrint shares one set of resources among the pages: count the images, not the listings.
    # 张三 signed on his own phone, so no drawn signature: the one image is the photo, whole.
    images = {im.data: im.image.size for p in reader.pages for im in p.images}
    assert list(images.values()) == [(1200, 1600)]
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "申请人上传的照片" in text and "第 1 张，本人上传" in text
