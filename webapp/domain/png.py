"""A signature drawn with a finger arrives as a PNG data address: check that it is a real,
small PNG with something drawn on it, then keep a clean copy of it with the letters.

Pillow decodes the image (its PNG reader checks every chunk's CRC) and the copy kept is
re-encoded from the pixels: bytes after IEND, text chunks and any other extra data the phone or
a forger sent are not kept."""

from __future__ import annotations

import base64
import binascii
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from webapp.web.i18n import _

MAX_BYTES = 200_000  # the decoded PNG; a signature pad's PNG is a few kilobytes
MAX_SIDE = 2000  # pixels: a phone screen at 3x is well under this
MIN_SIDE = 20
DATA_PREFIX = "data:image/png;base64,"
SIGNATURE = b"\x89PNG\r\n\x1a\n"


class InvalidPng(ValueError):
    """Not a drawn signature we can keep, with a message for the person signing."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Png:
    width: int
    height: int
    data: bytes

    @property
    def data_url(self) -> str:
        return DATA_PREFIX + base64.b64encode(self.data).decode("ascii")


def from_data_url(text: str) -> Png:
    """The PNG in a data: address, checked and re-encoded; InvalidPng with the reason otherwise."""
    text = (text or "").strip()
    if not text:
        raise InvalidPng(_("请本人在方框里写下自己的名字"))
    if not text.startswith(DATA_PREFIX):
        raise InvalidPng(_("签名图片不对，请清除后重新写一遍"))
    encoded = text[len(DATA_PREFIX):]
    if len(encoded) > (MAX_BYTES * 4) // 3 + 4:
        raise InvalidPng(_("签名图片太大了，请清除后重新写一遍"))
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidPng(_("签名图片不对，请清除后重新写一遍")) from None
    return check(data)


def check(data: bytes) -> Png:
    """A whole PNG of a sensible size with something drawn on it, as a clean re-encoded copy."""
    if len(data) > MAX_BYTES:
        raise InvalidPng(_("签名图片太大了，请清除后重新写一遍"))
    if not data.startswith(SIGNATURE):
        raise InvalidPng(_("签名图片不对，请清除后重新写一遍"))
    image = _decoded(data)
    if not _drawn_on(image):
        raise InvalidPng(_("方框里还是空的，请本人写下自己的名字"))
    return Png(image.width, image.height, _encoded(image.convert("RGBA")))


def _decoded(data: bytes) -> Image.Image:
    """The pixels, read only after the header's size is checked (no decompression bomb)."""
    try:
        image = Image.open(io.BytesIO(data), formats=["PNG"])
    except Image.DecompressionBombError:
        raise InvalidPng(_("签名图片的大小不对，请清除后重新写一遍")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidPng(_("签名图片不对，请清除后重新写一遍")) from None
    width, height = image.size
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise InvalidPng(_("签名图片的大小不对，请清除后重新写一遍"))
    try:
        image.load()  # a truncated file or a wrong checksum fails here
    except (OSError, SyntaxError, ValueError, EOFError):
        raise InvalidPng(_("签名图片不完整，请清除后重新写一遍")) from None
    return image


def _drawn_on(image: Image.Image) -> bool:
    """Whether anything is drawn: a blank pad, transparent or filled, is one value throughout
    (read in the file's own mode, so a palette image's indexes count as they are)."""
    extrema = image.getextrema()
    bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
    return any(low != high for low, high in bands)


def _encoded(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
