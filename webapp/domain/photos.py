"""Photos of documents a resident may attach to a form (never required under 告知承诺): check
that an upload is a photo Pillow can read, then keep a clean copy of it — turned upright, no
larger than a page needs, re-encoded as JPEG with nothing of the original file's metadata (no
EXIF, so no GPS location, no XMP, no comment) — and a small thumbnail for the lists."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from webapp.web.i18n import _

# HEIC/HEIF is what iPhones take photos in; Pillow reads it through pillow-heif's opener.
pillow_heif.register_heif_opener()

# The formats Pillow is allowed to try (pillow-heif names HEIC "HEIF"); GIF, BMP, TIFF, PDF …
# are not photos a phone takes and are refused as not being photos.
FORMATS = ("JPEG", "PNG", "HEIF", "WEBP")
MB = 1024 * 1024
JPEG_QUALITY = 80
THUMBNAIL_SIDE = 240
THUMBNAIL_QUALITY = 70
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Limits:
    """What an upload may be, and how large the copy kept is (webapp/settings.py PHOTO_*)."""

    max_bytes: int = 10 * MB
    max_pixels: int = 40_000_000
    long_side: int = 1600


class PhotoRefused(ValueError):
    """Not a photo we can keep, with a message for the person uploading it."""

    status = 422

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PhotoTooLarge(PhotoRefused):
    """More bytes than an upload may have."""

    status = 413


@dataclass(frozen=True)
class Photo:
    """The copy kept: a JPEG with no metadata, its size, its hash and its thumbnail."""

    data: bytes
    width: int
    height: int
    sha256: str
    thumbnail: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def too_large_message(max_bytes: int) -> str:
    return _("这张照片太大了，不能超过 %s。请换一张，或者把照片改小一点再传。") % size_label(max_bytes)


def size_label(count: int) -> str:
    """A number of bytes as a person reads it: 10 MB, 2.5 MB, 500 KB."""
    if count >= MB:
        return f"{count / MB:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, count // 1024)} KB"


NOT_A_PHOTO = _("这个文件不是照片，请选择手机里的照片（JPG、PNG、HEIC）")
BROKEN = _("这张照片不完整或已经损坏，打不开。请重新拍一张再传。")
TOO_MANY_PIXELS = _("这张照片的像素太多了，打不开。请换一张，或者截个图再传。")
EMPTY = _("请先选择一张照片")


def decode_strictly() -> None:
    """Make Pillow refuse a truncated file rather than fill its missing part with grey.
    WeasyPrint (the household file) turns LOAD_TRUNCATED_IMAGES on for the whole process when
    it is imported; the images it prints are ones checked here, so it needs no such leniency."""
    ImageFile.LOAD_TRUNCATED_IMAGES = False


def clean(data: bytes, limits: Limits = Limits()) -> Photo:
    """The copy of an uploaded photo that is kept; PhotoRefused (or PhotoTooLarge) with the
    reason when it is not a photo, too large, too many pixels, or cannot be read whole."""
    decode_strictly()
    if not data:
        raise PhotoRefused(EMPTY)
    if len(data) > limits.max_bytes:
        raise PhotoTooLarge(too_large_message(limits.max_bytes))
    image = _open(data, limits)
    try:
        upright = _decode(image, limits.long_side)
    finally:
        image.close()
    upright.thumbnail((limits.long_side, limits.long_side), Image.Resampling.LANCZOS)
    kept = _jpeg(upright, JPEG_QUALITY)
    small = upright.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return Photo(kept, upright.width, upright.height, hashlib.sha256(kept).hexdigest(),
                 _jpeg(small, THUMBNAIL_QUALITY))


def _open(data: bytes, limits: Limits) -> Image.Image:
    """The image's header read (no pixels decoded yet), its size within the pixel limit."""
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard, far above ours; a warning is raised when warnings are errors.
        raise PhotoRefused(TOO_MANY_PIXELS) from None
    except UnidentifiedImageError:
        raise PhotoRefused(NOT_A_PHOTO) from None
    except Exception:  # any failure to read a stranger's header is a broken file
        raise PhotoRefused(BROKEN) from None
    width, height = image.size
    if width < 1 or height < 1 or width * height > limits.max_pixels:
        image.close()
        raise PhotoRefused(TOO_MANY_PIXELS)
    return image


def _decode(image: Image.Image, long_side: int) -> Image.Image:
    """The pixels, decoded whole (a truncated file is refused), upright, in RGB on white."""
    width, height = image.size
    scale = long_side / max(width, height)
    if scale < 1:
        # A JPEG decodes straight at 1/2, 1/4 or 1/8 of its size when that is still large
        # enough: a 12-megapixel photo then never needs its full size in memory.
        image.draft("RGB", (max(1, round(width * scale)), max(1, round(height * scale))))
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
        return _rgb(upright)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(TOO_MANY_PIXELS) from None
    except Exception:  # decoders raise OSError, SyntaxError, ValueError … for bad data
        raise PhotoRefused(BROKEN) from None


def _rgb(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (a screenshot's PNG may have some)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, WHITE)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    """JPEG bytes with no metadata: the encoder is given none, and the image's own info (EXIF,
    XMP, ICC profile, comment) is dropped so none can be carried over."""
    image.info.clear()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()
