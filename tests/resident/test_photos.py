"""Photos of documents on the check page, as a phone with JavaScript off sends them: a plain
multipart POST, then back to the check page. Photos are never required; each belongs to its
form, is shown only to its owner, and stays once the form is submitted."""

from __future__ import annotations

import io

import pytest
from conftest import page, sign_in
from PIL import Image

from tests import photo_files as files
from tests.staff.behalf_flows import assistant_client, fill_application_for, start_for
from tests.web.flows import (
    DONGGUAN,
    OTHER_PHONE,
    SPOUSE,
    fill_application,
    path_of,
    post,
    saved,
    sign_data,
    sql,
    text,
    token,
)


def upload(client, sid: int, data: bytes, name: str = "bill.jpg", base: str = "/forms"):
    """Choose a file in the check page's photo form and press 上传这张照片."""
    check = f"{base}/{sid}/check"
    return client.post(f"{base}/{sid}/photos", content_type="multipart/form-data", data={
        "csrf_token": page(client.get(check)).select_one(".photo-upload input[name=csrf_token]")["value"],
        "photo": (io.BytesIO(data), name)})


def thumbnails(response) -> list[str]:
    return [img["src"] for img in page(response).select(".photo-list img")]


def photo_rows(app, sid: int):
    return sql(app, "SELECT * FROM submission_photos WHERE submission_id = ? ORDER BY id", sid)


def photo_error(response) -> str | None:
    node = page(response).select_one("#field-photo .error")
    return node.get_text(strip=True) if node else None


def distinct_png(number: int) -> bytes:
    """A different small picture for each number (the same photo twice is not added twice)."""
    image = files.picture((320 + number, 240))
    return files.encoded(image, "PNG")


@pytest.fixture
def sid(resident):
    """The resident's application, filled up to the check page."""
    return fill_application(resident, "check")


def test_the_check_page_offers_photos_and_says_they_are_never_required(resident, sid):
    response = resident.get(f"/forms/{sid}/check")
    section = page(response).select_one("section#photos")
    assert section.select_one("h2").get_text() == "照片（可以不传）"
    assert "照片从来不是必须的" in section.get_text()
    form = section.select_one("form.photo-upload")
    assert form["method"] == "post" and form["enctype"] == "multipart/form-data"
    assert form["action"] == f"/forms/{sid}/photos" and form.select_one("input[name=csrf_token]")
    chosen = form.select_one("input[type=file]")
    assert chosen["name"] == "photo" and chosen["accept"] == "image/*"
    assert page(response).select_one(f'label[for="{chosen["id"]}"]')
    assert not thumbnails(response)


def test_an_uploaded_photo_is_listed_and_its_thumbnail_shown_to_its_owner(app, resident, sid):
    response = upload(resident, sid, files.phone_jpeg())
    assert path_of(saved(response)) == f"/forms/{sid}/check"

    back = resident.get(f"/forms/{sid}/check")
    assert "照片已经传好了" in text(back)
    [src] = thumbnails(back)
    thumbnail = resident.get(src)
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/jpeg"
    assert thumbnail.headers["Cache-Control"] == "private, no-store"
    assert max(Image.open(io.BytesIO(thumbnail.data)).size) <= 240
    [row] = photo_rows(app, sid)
    assert (row["width"], row["height"]) == (1200, 1600)
    assert row["size"] == len(row["image"]) and row["uploaded_by"].startswith("resident:")
    assert b"Exif" not in row["image"]


def test_another_resident_gets_404_for_the_thumbnail(app, resident, sid):
    saved(upload(resident, sid, files.png()))
    [src] = thumbnails(resident.get(f"/forms/{sid}/check"))
    other = app.test_client()
    sign_in(other, app, OTHER_PHONE)
    assert other.get(src).status_code == 404
    assert app.test_client().get(src).status_code == 302  # signed out: to the sign-in page


def test_heic_from_an_iphone_is_accepted(app, resident, sid):
    saved(upload(resident, sid, files.heic(), "IMG_0001.HEIC"))
    assert Image.open(io.BytesIO(photo_rows(app, sid)[0]["image"])).format == "JPEG"


def test_no_more_photos_than_the_setting_allows(app, resident, sid):
    app.config["PHOTOS_PER_FORM"] = 2
    for number in range(2):
        saved(upload(resident, sid, distinct_png(number)))
    full = resident.get(f"/forms/{sid}/check")
    assert not page(full).select_one(".photo-upload") and "不能再多了" in text(full)

    # A page opened before the last one was added still has the upload form.
    refused = resident.post(f"/forms/{sid}/photos", content_type="multipart/form-data",
                            data={"csrf_token": token(resident),
                                  "photo": (io.BytesIO(distinct_png(3)), "c.png")})
    assert refused.status_code == 422
    assert photo_error(refused) == "每份最多传 2 张照片。要换一张，请先删除一张。"
    assert len(photo_rows(app, sid)) == 2


def test_the_same_photo_twice_is_kept_once(app, resident, sid):
    saved(upload(resident, sid, files.png()))
    saved(upload(resident, sid, files.png()))
    assert "这张照片已经传过了" in text(resident.get(f"/forms/{sid}/check"))
    assert len(photo_rows(app, sid)) == 1


def test_a_photo_over_the_limit_is_refused_with_413_and_nothing_is_lost(app, resident, sid):
    saved(upload(resident, sid, files.png()))
    app.config["PHOTO_MAX_BYTES"] = 20 * 1024

    refused = upload(resident, sid, files.phone_jpeg((1600, 1200)))

    assert refused.status_code == 413
    assert photo_error(refused) == "这张照片太大了，不能超过 20 KB。请换一张，或者把照片改小一点再传。"
    assert "照片没有传上" in text(refused, ".error-summary")
    assert "张三" in text(refused) and len(thumbnails(refused)) == 1
    assert len(photo_rows(app, sid)) == 1


def test_a_body_over_the_request_limit_gets_the_friendly_413_page(app, resident, sid):
    saved(upload(resident, sid, files.png()))
    check = f"/forms/{sid}/check"
    assert app.config["MAX_CONTENT_LENGTH"] == 11 * 1024 * 1024  # the photo limit and 1 MB
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024

    refused = resident.post(f"/forms/{sid}/photos", content_type="multipart/form-data",
                            headers={"Referer": f"http://localhost{check}"},
                            data={"csrf_token": token(resident),
                                  "photo": (io.BytesIO(b"\xff" * 100 * 1024), "big.jpg")})

    assert refused.status_code == 413
    assert "这张照片太大了，不能超过 10 MB" in text(refused)
    assert page(refused).select_one(f'main a[href="{check}"]').get_text() == "返回上一页"
    kept = resident.get(check)
    assert "张三" in text(kept) and len(thumbnails(kept)) == 1


NOT_A_PHOTO = "这个文件不是照片，请选择手机里的照片（JPG、PNG、HEIC）"
BROKEN = "这张照片不完整或已经损坏，打不开。请重新拍一张再传。"
TOO_MANY_PIXELS = "这张照片的像素太多了，打不开。请换一张，或者截个图再传。"


@pytest.mark.parametrize("data, name, message", [
    (b"just some notes\n", "notes.txt", NOT_A_PHOTO), (files.gif(), "dot.gif", NOT_A_PHOTO),
    (files.truncated_jpeg(), "cut.jpg", BROKEN),
    (files.png_claiming(30_000, 30_000), "bomb.png", TOO_MANY_PIXELS)],
    ids=["text", "gif", "truncated", "decompression-bomb"])
def test_what_is_not_a_photo_is_refused_with_422_and_earlier_photos_stay(app, resident, sid, data,
                                                                         name, message):
    saved(upload(resident, sid, files.png()))

    refused = upload(resident, sid, data, name)

    assert refused.status_code == 422
    assert photo_error(refused) == message
    assert page(refused).select_one("#photo")["aria-invalid"] == "true"
    assert "张三" in text(refused)  # what was typed before is still there
    assert len(thumbnails(refused)) == 1 and len(photo_rows(app, sid)) == 1


def test_pressing_upload_with_no_file_chosen_asks_for_one(resident, sid):
    refused = resident.post(f"/forms/{sid}/photos", content_type="multipart/form-data",
                            data={"csrf_token": token(resident)})
    assert refused.status_code == 422 and photo_error(refused) == "请先选择一张照片"


def test_a_photo_is_deleted_before_submitting(app, resident, sid):
    saved(upload(resident, sid, files.png()))
    check = resident.get(f"/forms/{sid}/check")
    [src] = thumbnails(check)
    delete = page(check).select_one(".photo-list form")
    assert delete.select_one("button").get_text(" ", strip=True) == "删除 第 1 张照片"

    assert path_of(saved(post(resident, delete["action"]))) == f"/forms/{sid}/check"

    after = resident.get(f"/forms/{sid}/check")
    assert "照片已经删除了" in text(after) and not thumbnails(after)
    assert resident.get(src).status_code == 404 and not photo_rows(app, sid)


def test_photos_stay_with_the_submission_and_cannot_be_deleted_after(app, resident, sid):
    saved(upload(resident, sid, files.png()))
    check = resident.get(f"/forms/{sid}/check")
    [src] = thumbnails(check)
    delete_url = page(check).select_one(".photo-list form")["action"]
    saved(post(resident, f"/forms/{sid}/check"))
    saved(post(resident, f"/forms/{sid}/notice", {"read": "yes"}))
    submitted = saved(post(resident, f"/forms/{sid}/sign", sign_data((SPOUSE,))))

    refused = post(resident, delete_url)

    assert path_of(saved(refused)) == path_of(submitted)
    assert "不能删除" in text(resident.get(submitted))
    assert len(photo_rows(app, sid)) == 1
    assert resident.get(src).status_code == 200  # still the resident's own


def test_an_assistant_attaches_a_photo_for_the_resident(app, db):
    assistant = assistant_client(app, db)
    sid = start_for(assistant)
    fill_application_for(assistant, sid, upto="check")
    check = assistant.get(f"/staff/for/{sid}/check")
    assert page(check).select_one(".photo-upload")["action"] == f"/staff/for/{sid}/photos"

    response = upload(assistant, sid, files.phone_jpeg((2000, 1500)), base="/staff/for")

    assert path_of(saved(response)) == f"/staff/for/{sid}/check"
    listed = assistant.get(f"/staff/for/{sid}/check")
    [src] = thumbnails(listed)
    assert src.startswith(f"/staff/for/{sid}/photos/")
    assert assistant.get(src).status_code == 200
    [row] = photo_rows(app, sid)
    assert row["uploaded_by"].startswith("staff:")
    # An assistant of another village does not see it; the resident's own addresses do not
    # serve it to a browser without the resident's sign-in.
    elsewhere = assistant_client(app, db, username="dongguan", region=DONGGUAN, name="东关协理")
    assert elsewhere.get(src).status_code == 404
    assert app.test_client().get(f"/forms/{sid}/photos/{row['id']}/thumbnail.jpg").status_code == 302

    delete = page(listed).select_one(".photo-list form")["action"]
    deleted = assistant.post(delete, data={"csrf_token": token(assistant, f"/staff/for/{sid}/check")})
    assert path_of(saved(deleted)) == f"/staff/for/{sid}/check"
    assert not photo_rows(app, sid)
