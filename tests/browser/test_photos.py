"""A photo of a document attached on the check page of a real phone browser: with JavaScript
the phone shrinks it before sending (static/photos.js), without it the file goes as chosen and
the person presses 上传这张照片; either way the server keeps it upright at 1600 px."""

from __future__ import annotations

import pytest
from flask import request
from playwright.sync_api import expect

from tests import photo_files
from webapp.store.engine import connect

from .browsing import arrive, declare, javascript, press

pytestmark = pytest.mark.browser

CHECK = "check (self-declaration)"


def test_a_phone_photo_is_attached_on_the_check_page(page, live_server):
    original = photo_files.phone_jpeg()  # 4032 × 3024, stored sideways, EXIF says to turn it
    sent = []  # the bytes of each photo upload, as the server received them

    def measure():
        if request.method == "POST" and request.path.endswith("/photos"):
            sent.append(request.content_length)

    # Chromium does not tell a test the body of a form it sends; the server sees it.
    hooks = live_server.app.before_request_funcs.setdefault(None, [])
    hooks.insert(0, measure)

    def on_check(page, name):
        if name != CHECK or sent:
            return
        section = page.locator("#photos")
        expect(section.get_by_role("heading")).to_have_text("照片（可以不传）")
        page.get_by_label("选一张照片").set_input_files(
            {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": original})
        if not javascript(page):
            press(page, "上传这张照片")  # with JavaScript, choosing it sends it
        arrive(page, "核对填写的内容")
        expect(page.locator("main")).to_contain_text("照片已经传好了")
        thumbnail = page.locator(".photo-list img")
        expect(thumbnail).to_have_count(1)
        expect(thumbnail).to_have_js_property("complete", True)
        assert thumbnail.evaluate("img => img.naturalWidth") > 0

    try:
        declare(page, on_check)
    finally:
        hooks.remove(measure)

    [size] = sent
    if javascript(page):
        assert size < len(original) / 2  # shrunk on the phone
    else:
        assert size > len(original)  # as chosen
    database = connect(live_server.app.config["DATABASE"])
    try:
        width, height = database.execute(
            "SELECT width, height FROM submission_photos ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        database.close()
    assert (width, height) == (1200, 1600)  # upright, whoever turned it
