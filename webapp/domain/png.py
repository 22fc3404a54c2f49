"""A signature drawn with a finger arrives as a PNG data address: check that it is a real,
small PNG with something drawn on it before it is kept with the letters."""

from __future__ import annotations

import base64
import binascii
import struct
import zlib
from dataclasses import dataclass

from webapp.web.i18n import _

MAX_BYTES = 200_000  # the decoded PNG; a signature pad's PNG is a few kilobytes
MAX_SIDE = 2000  # pixels: a phone screen at 3x is well under this
MIN_SIDE = 20
DATA_PREFIX = "data:image/png;base64,"
SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Colour type -> samples per pixel (PNG spec, table 11.1).
SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


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
    """The PNG in a data: address, checked; InvalidPng with the reason otherwise."""
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
    """A PNG whose chunks are whole with right checksums, of a sensible size, not blank."""
    if len(data) > MAX_BYTES:
        raise InvalidPng(_("签名图片太大了，请清除后重新写一遍"))
    if not data.startswith(SIGNATURE):
        raise InvalidPng(_("签名图片不对，请清除后重新写一遍"))
    header, compressed = _chunks(data)
    width, height, depth, colour, _compression, _filter, interlace = header
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise InvalidPng(_("签名图片的大小不对，请清除后重新写一遍"))
    if colour not in SAMPLES or depth not in (1, 2, 4, 8, 16) or interlace != 0:
        raise InvalidPng(_("签名图片不对，请清除后重新写一遍"))
    row = (width * SAMPLES[colour] * depth + 7) // 8
    pixels = _inflate(compressed, (row + 1) * height)
    if not _drawn_on(pixels, row, height):
        raise InvalidPng(_("方框里还是空的，请本人写下自己的名字"))
    return Png(width, height, data)


def _chunks(data: bytes) -> tuple[tuple[int, ...], bytes]:
    """The IHDR fields and the joined IDAT data; every chunk's CRC checked, IEND required."""
    position, header, compressed = len(SIGNATURE), None, bytearray()
    while position + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        crc_at = position + 8 + length
        if len(body) != length or crc_at + 4 > len(data):
            break
        (crc,) = struct.unpack(">I", data[crc_at:crc_at + 4])
        if zlib.crc32(kind + body) != crc:
            break
        if kind == b"IHDR" and length == 13:
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            if header is None or not compressed:
                break
            return header, bytes(compressed)
        position = crc_at + 4
    raise InvalidPng(_("签名图片不完整，请清除后重新写一遍"))


def _inflate(compressed: bytes, expected: int) -> bytes:
    """Decompress no more than the image can hold (no decompression bomb)."""
    inflater = zlib.decompressobj()
    try:
        pixels = inflater.decompress(compressed, expected + 1)
    except zlib.error:
        raise InvalidPng(_("签名图片不完整，请清除后重新写一遍")) from None
    if len(pixels) != expected:
        raise InvalidPng(_("签名图片不完整，请清除后重新写一遍"))
    return pixels


def _drawn_on(pixels: bytes, row: int, height: int) -> bool:
    """Whether anything is drawn on a transparent pad: every filter turns a row of zero bytes
    into zero bytes, so a blank image is all zeros apart from each row's filter-type byte."""
    for y in range(height):
        start = y * (row + 1) + 1
        if pixels[start:start + row].strip(b"\x00"):
            return True
    return False
