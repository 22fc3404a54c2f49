"""What goes over the wire: compressed pages, styles and scripts, static files kept by hash."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli
from flask import Response

from tests.conftest import page
from webapp import create_app
from webapp.serving import waitress_options
from webapp.web import compression
from webapp.web.templating import IMMUTABLE

STATIC = Path(__file__).resolve().parents[2] / "static"
CHROMIUM = {"Accept-Encoding": "gzip, deflate, br, zstd"}
PLAIN_HTTP_CHROMIUM = {"Accept-Encoding": "gzip, deflate"}  # Chromium asks br over HTTPS only


def stylesheet(client) -> str:
    return page(client.get("/")).head.select_one('link[rel="stylesheet"]')["href"]


def test_a_page_comes_brotli_compressed_to_a_browser_that_accepts_it(client):
    response = client.get("/start/application", headers=CHROMIUM)
    assert response.headers["Content-Encoding"] == "br"
    assert "申请" in brotli.decompress(response.data).decode()
    assert "Accept-Encoding" in response.headers["Vary"]


def test_a_page_comes_gzipped_when_brotli_is_not_accepted(client):
    response = client.get("/start/application", headers=PLAIN_HTTP_CHROMIUM)
    assert response.headers["Content-Encoding"] == "gzip"
    assert "申请" in gzip.decompress(response.data).decode()


def test_a_client_that_accepts_no_compression_gets_the_page_as_it_is(client):
    response = client.get("/start/application", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert "申请" in response.get_data(as_text=True)


def test_the_stylesheet_and_scripts_come_compressed(client):
    for url in (stylesheet(client), "/static/offline.js", "/static/htmx-2.0.11.min.js"):
        with client.get(url, headers=PLAIN_HTTP_CHROMIUM) as response:
            assert response.headers["Content-Encoding"] == "gzip", url
            sent = gzip.decompress(response.data)
        assert sent == (STATIC / url.split("?")[0].rsplit("/", 1)[1]).read_bytes(), url


def test_a_static_file_is_compressed_once_per_encoding_and_version(client):
    css = stylesheet(client)
    for headers, encoding in ((CHROMIUM, "br"), (PLAIN_HTTP_CHROMIUM, "gzip")):
        first, again = (client.get(css, headers=headers) for _ in range(2))
        assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == encoding
        assert first.data == again.data
        kept = [key for key in compression.static_compress.cache._kept
                if key.startswith(f"{encoding};{css}|")]
        assert len(kept) == 1 and compression.static_compress.cache.get(kept[0]) == first.data


def test_with_compression_off_a_proxy_in_front_gets_pages_as_they_are(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "d.db"), "SECRET_KEY": "t",
                      "COMPRESS": False})
    response = app.test_client().get("/start/application", headers=CHROMIUM)
    assert "Content-Encoding" not in response.headers


def test_a_streamed_response_goes_out_chunk_by_chunk_uncompressed(app):
    def rows():
        yield "<p>first</p>" * 100
        yield "<p>second</p>" * 100

    app.add_url_rule("/streamed", "streamed", lambda: Response(rows(), mimetype="text/html"))
    with app.test_client().get("/streamed", headers=CHROMIUM, buffered=False) as response:
        assert "Content-Encoding" not in response.headers
        assert response.is_streamed
        assert next(response.response).startswith(b"<p>first</p>")


def test_static_addresses_carry_a_hash_of_the_files_content(client):
    content = (STATIC / "site.css").read_bytes()
    assert stylesheet(client) == f"/static/site.css?v={hashlib.sha256(content).hexdigest()[:10]}"


def test_a_static_file_asked_for_by_its_hash_is_kept_a_year(client):
    with client.get(stylesheet(client)) as response:
        assert response.headers["Cache-Control"] == IMMUTABLE


def test_a_static_file_without_its_current_hash_is_revalidated(client):
    for url in ("/static/site.css", "/static/site.css?v=0000000000"):
        with client.get(url) as response:
            assert response.status_code == 200
            assert "immutable" not in response.headers.get("Cache-Control", ""), url


def test_the_service_worker_and_the_manifest_keep_their_addresses(client):
    head = page(client.get("/")).head
    assert head.select_one('link[rel="manifest"]')["href"] == "/static/manifest.webmanifest"
    assert "sw.js" not in str(head)  # offline.js registers it beside itself, by name
    assert head.select_one('script[src^="/static/offline.js?v="]')


def test_serve_leaves_room_for_many_kept_alive_phones(app):
    options = waitress_options(app.config)
    assert options["connection_limit"] >= 1000
    assert options["channel_timeout"] <= 60
    assert options["asyncore_use_poll"]  # select() stops at 1024 sockets
