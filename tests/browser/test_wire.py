"""What Chromium receives: resident pages and the stylesheet compressed (gzip or brotli)."""

from __future__ import annotations

from .browsing import arrive


def test_a_resident_page_and_its_stylesheet_arrive_compressed(page):
    encodings = {}

    def seen(response):
        path = response.url.split("?")[0]
        if path.endswith("/start/application") or path.endswith("/static/site.css"):
            encodings[path.rsplit("/", 1)[1]] = response.header_value("content-encoding")

    page.on("response", seen)
    page.goto("/start/application")
    arrive(page, "社会救助申请")
    assert encodings.get("application") in ("gzip", "br")
    assert encodings.get("site.css") in ("gzip", "br")
