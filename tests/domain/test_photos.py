"""A photo attached to a form is kept only as a clean copy (webapp/domain/photos.py): upright,
its long side at most 1600 px, a JPEG with no EXIF (no GPS location) nor any other metadata;
files that are not photos, too large, bombs or broken are refused with a message."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from tests import photo_files as files
from webapp.domain import photos


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_phone_photo_is_turned_upright_shrunk_and_stripped_of_its_location():
    original = files.phone_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(files.GPS_IFD)  # it had a location

    kept = photos.clean(original)

    image = opened(kept.data)
    assert image.format == "JPEG" and image.mode == "RGB"
    # Stored 4032 × 3024 sideways; kept upright (portrait) with the long side at 1600.
    assert image.size == (kept.width, kept.height) == (1200, 1600)
    assert not image.getexif()
    assert not image.getexif().get_ifd(files.GPS_IFD)
    assert {"exif", "xmp", "icc_profile", "comment"}.isdisjoint(image.info)
    assert b"Exif" not in kept.data and b"Phone 12" not in kept.data and b"at home" not in kept.data
    # The dark band at the top of the bill is at the top again: it was turned the right way.
    assert image.getpixel((600, 20))[2] > 100 > image.getpixel((600, 20))[0]
    assert kept.sha256 == hashlib.sha256(kept.data).hexdigest() and kept.size == len(kept.data)
    assert len(kept.data) < len(original)


def test_the_thumbnail_is_small_and_also_has_no_exif():
    kept = photos.clean(files.phone_jpeg((2000, 1500)))
    thumbnail = opened(kept.thumbnail)
    assert max(thumbnail.size) == photos.THUMBNAIL_SIDE
    assert not thumbnail.getexif() and b"Exif" not in kept.thumbnail


def test_a_small_photo_keeps_its_size():
    kept = photos.clean(files.phone_jpeg((800, 600), orientation=1))
    assert (kept.width, kept.height) == (800, 600)


def test_the_long_side_is_a_setting():
    kept = photos.clean(files.png((1000, 500)), photos.Limits(long_side=400))
    assert (kept.width, kept.height) == (400, 200)


@pytest.mark.parametrize("kind", ["png", "heic", "webp"])
def test_png_heic_and_webp_are_accepted_as_jpeg(kind):
    kept = photos.clean(getattr(files, kind)())
    assert opened(kept.data).format == "JPEG"
    assert kept.width > 0 and kept.height > 0


def test_a_transparent_png_is_laid_on_white():
    kept = photos.clean(files.encoded(files.Image.new("RGBA", (100, 100), (0, 0, 0, 0)), "PNG"))
    assert opened(kept.data).getpixel((50, 50)) > (250, 250, 250)


@pytest.mark.parametrize("data", [b"hello, this is a letter\n", b"%PDF-1.4\n", files.gif()],
                         ids=["text", "pdf", "gif"])
def test_what_is_not_a_photo_is_refused_with_a_message(data):
    with pytest.raises(photos.PhotoRefused) as refused:
        photos.clean(data)
    assert refused.value.message == "这个文件不是照片，请选择手机里的照片（JPG、PNG、HEIC）"
    assert refused.value.status == 422


def test_an_empty_upload_asks_for_a_photo():
    with pytest.raises(photos.PhotoRefused, match="请先选择一张照片"):
        photos.clean(b"")


def test_a_truncated_jpeg_is_refused():
    with pytest.raises(photos.PhotoRefused, match="不完整或已经损坏"):
        photos.clean(files.truncated_jpeg())


@pytest.mark.parametrize("data", [files.truncated_jpeg(), files.png()[:-200]], ids=["jpeg", "png"])
def test_a_truncated_file_is_refused_even_after_weasyprint_was_imported(monkeypatch, data):
    """Importing WeasyPrint (to print a household file) makes Pillow accept truncated images in
    the whole process; uploads stay strict."""
    from PIL import ImageFile
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(photos.PhotoRefused, match="不完整或已经损坏"):
        photos.clean(data)


def test_a_file_over_the_byte_limit_is_refused_naming_the_limit():
    with pytest.raises(photos.PhotoTooLarge) as refused:
        photos.clean(b"\xff" * (10 * 1024 * 1024 + 1))
    assert refused.value.status == 413
    assert "不能超过 10 MB" in refused.value.message
    with pytest.raises(photos.PhotoTooLarge, match="不能超过 2 KB"):
        photos.clean(files.png(), photos.Limits(max_bytes=2048))


@pytest.mark.parametrize("size", [(30_000, 30_000), (8_000, 6_000)], ids=["bomb", "over-limit"])
def test_a_header_claiming_too_many_pixels_is_refused_before_decoding(size):
    """30000 × 30000 is what Pillow itself calls a bomb; 8000 × 6000 is over our 40 million."""
    with pytest.raises(photos.PhotoRefused, match="像素太多"):
        photos.clean(files.png_claiming(*size))


def test_the_pixel_limit_is_a_setting():
    with pytest.raises(photos.PhotoRefused, match="像素太多"):
        photos.clean(files.png((800, 600)), photos.Limits(max_pixels=800 * 600 - 1))
