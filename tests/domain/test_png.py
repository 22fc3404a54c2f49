"""A drawn signature is kept only when it is a real, small PNG with something drawn on it
(webapp/domain/png.py)."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from webapp.domain import png

# A stroke in each colour mode, on a background of zeros (transparent, or black).
INK = {"RGBA": (0, 0, 0, 255), "RGB": (255, 255, 255), "L": 255, "LA": (255, 255), "P": 1}


def drawing(width: int = 320, height: int = 160, mode: str = "RGBA", blank: bool = False,
            **save) -> bytes:
    image = Image.new(mode, (width, height), 0)
    if not blank:
        ImageDraw.Draw(image).line([(10, 10), (width - 10, height - 10)], fill=INK[mode], width=3)
    out = io.BytesIO()
    image.save(out, "PNG", **save)
    return out.getvalue()


def as_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def pixels(data: bytes) -> bytes:
    return Image.open(io.BytesIO(data)).convert("RGBA").tobytes()


def test_a_drawing_is_kept_as_a_clean_copy_of_its_pixels():
    data = drawing()

    kept = png.from_data_url(as_url(data))

    assert (kept.width, kept.height) == (320, 160)
    assert pixels(kept.data) == pixels(data)
    assert kept.data_url == as_url(kept.data)


def test_bytes_after_the_end_of_the_image_are_not_kept():
    """Issue 13 item 5: a PNG with trailing bytes is stored without them."""
    data = drawing()
    hidden = b"<script>alert(1)</script>" * 20

    kept = png.check(data + hidden)

    assert hidden not in kept.data and kept.data.endswith(b"IEND\xaeB`\x82")
    assert pixels(kept.data) == pixels(data)


def test_text_chunks_are_not_kept():
    info = PngInfo()
    info.add_text("Comment", "13800138000")

    kept = png.check(drawing(pnginfo=info))

    assert b"13800138000" not in kept.data


def test_an_image_that_lost_only_its_end_marker_is_kept_whole():
    kept = png.check(drawing()[:-12])

    assert kept.data.endswith(b"IEND\xaeB`\x82") and pixels(kept.data) == pixels(drawing())


def test_a_pad_filled_with_one_colour_is_blank():
    out = io.BytesIO()
    Image.new("RGB", (320, 160), (255, 255, 255)).save(out, "PNG")

    with pytest.raises(png.InvalidPng, match="方框里还是空的"):
        png.check(out.getvalue())


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "L", "LA", "P"])
def test_every_colour_type_is_read(mode):
    assert png.check(drawing(mode=mode)).width == 320


def test_a_stroke_on_the_last_row_counts():
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image.putpixel((39, 39), (0, 0, 0, 255))
    out = io.BytesIO()
    image.save(out, "PNG")

    assert png.check(out.getvalue()).height == 40


@pytest.mark.parametrize(("data", "message"), [
    (drawing(blank=True), "方框里还是空的"),
    (drawing(width=10), "大小不对"),
    (drawing(height=3000, width=30), "大小不对"),
    (b"GIF89a" + b"\0" * 40, "不对"),
    (drawing()[:60], "不完整"),
])
def test_what_is_refused(data, message):
    with pytest.raises(png.InvalidPng, match=message):
        png.check(data)


def test_a_changed_byte_fails_its_checksum():
    data = bytearray(drawing())
    data[40] ^= 0xFF

    with pytest.raises(png.InvalidPng, match="请清除后重新写一遍"):
        png.check(bytes(data))


def test_a_decompression_bomb_is_not_inflated_beyond_its_header():
    """50 MB of zeros packed into 50 KB: only the 2000 x 2000 pixels the header names are read
    (and they are blank); a header naming more pixels is refused before anything is read."""
    header = struct.pack(">IIBBBBB", 2000, 2000, 8, 6, 0, 0, 0)
    packed = zlib.compress(b"\0" * 50_000_000, 9)  # far more than 2000 x 2000 RGBA holds
    bomb = png.SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", packed) + chunk(b"IEND", b"")
    huge = png.SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 6, 0, 0, 0)) \
        + chunk(b"IDAT", packed) + chunk(b"IEND", b"")

    with pytest.raises(png.InvalidPng, match="方框里还是空的"):
        png.check(bomb)
    with pytest.raises(png.InvalidPng, match="大小不对"):
        png.check(huge)


@pytest.mark.parametrize(("text", "message"), [
    ("", "请本人在方框里写下自己的名字"),
    ("data:image/svg+xml;base64,PHN2Zz4=", "不对"),
    ("data:image/png;base64,not base64!", "不对"),
    ("data:image/png;base64," + "A" * 300_000, "太大了"),
])
def test_what_is_refused_in_the_address(text, message):
    with pytest.raises(png.InvalidPng, match=message):
        png.from_data_url(text)


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(png.InvalidPng, match="太大了"):
        png.check(png.SIGNATURE + b"\0" * png.MAX_BYTES)
