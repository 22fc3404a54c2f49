"""Photo files as phones and people send them, made with Pillow (and pillow-heif for HEIC):
a phone's JPEG with GPS and orientation in its EXIF, PNG, HEIC, and files that are not photos
or are broken on purpose."""

from __future__ import annotations

import io
import struct
import zlib

import pillow_heif
from PIL import Image, ImageDraw

pillow_heif.register_heif_opener()

PHONE_SIZE = (4032, 3024)  # a 12-megapixel phone camera, as its sensor stores it
ORIENTATION = 0x0112
GPS_IFD = 0x8825
ROTATED_90 = 6  # EXIF: turn 90° clockwise to show upright
GPS = {1: "N", 2: (39.0, 54.0, 15.0), 3: "E", 4: (116.0, 23.0, 30.0)}  # GPSLatitude … Longitude


def picture(size: tuple[int, int] = (640, 480), mode: str = "RGB") -> Image.Image:
    """A bill-like picture: paper, a dark band at the top (to tell up from down), lines of text."""
    image = Image.new(mode, size, "white")
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle([0, 0, width, height // 8], fill="navy")
    for y in range(height // 4, height - 20, max(8, height // 30)):
        draw.line([(width // 10, y), (width * 9 // 10, y)], fill="black", width=max(1, height // 300))
    return image


def encoded(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def phone_jpeg(size: tuple[int, int] = PHONE_SIZE, orientation: int = ROTATED_90) -> bytes:
    """A phone camera's JPEG of `size` pixels as stored, with where it was taken (GPS), a camera
    model and a comment. Held upright (portrait), the phone stores the bill sideways and its EXIF
    orientation says to turn it 90° clockwise; with orientation 1 it is stored as shown."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x0110] = "Phone 12"  # Model
    exif[GPS_IFD] = GPS
    if orientation == ROTATED_90:
        stored = picture((size[1], size[0])).rotate(90, expand=True)  # counter-clockwise
    else:
        stored = picture(size)
    return encoded(stored, "JPEG", exif=exif, quality=85, comment=b"at home")


def png(size: tuple[int, int] = (800, 600), mode: str = "RGB") -> bytes:
    return encoded(picture(size, mode), "PNG")


def heic(size: tuple[int, int] = (1200, 900)) -> bytes:
    return encoded(picture(size), "HEIF", quality=70)


def webp(size: tuple[int, int] = (800, 600)) -> bytes:
    return encoded(picture(size), "WEBP", quality=70)


def gif() -> bytes:
    return encoded(Image.new("P", (1, 1)), "GIF")


def truncated_jpeg() -> bytes:
    whole = phone_jpeg((1200, 900), orientation=1)
    return whole[:len(whole) // 2]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb's header):
    its few bytes could never fill them, nor should anyone try."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + _chunk(b"IEND", b""))
