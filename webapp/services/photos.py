"""Photos of documents attached to a form: added and deleted while it is a draft, by the
resident or the assistant filling it for them, up to PHOTOS_PER_FORM; kept with the submission
once it is sent (then part of the record: never deleted); shown to staff of the case's region,
each view audited. The image rules are webapp/domain/photos.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.domain import photos as domain
from webapp.domain.photos import PhotoRefused
from webapp.services import audit
from webapp.services.submissions import DRAFT, Draft
from webapp.store import photos as store
from webapp.store.engine import immediate
from webapp.web.i18n import _

__all__ = ["Duplicate", "NotDraft", "PhotoRefused", "TooMany", "add", "delete", "listing"]


class TooMany(PhotoRefused):
    """The form has as many photos as it may."""


class NotDraft(PhotoRefused):
    """The form was submitted: its photos are part of the record now."""


class Duplicate(Exception):
    """The very same photo is already attached to the form (a second tap, the same photo
    chosen twice): nothing is added."""


@dataclass(frozen=True)
class Listed:
    """A photo as a list shows it (no bytes)."""

    id: int
    number: int  # 1, 2 … in the order uploaded
    width: int
    height: int
    size: int
    uploaded_by: str
    created_at: str

    @property
    def thumbnail_size(self) -> tuple[int, int]:
        """About the thumbnail's width and height, for the page's layout before it loads."""
        scale = min(1.0, domain.THUMBNAIL_SIDE / max(self.width, self.height))
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))


@dataclass(frozen=True)
class Settings:
    """The app's PHOTO* settings."""

    per_form: int
    limits: domain.Limits

    @classmethod
    def of(cls, config: Mapping) -> Settings:
        return cls(int(config["PHOTOS_PER_FORM"]),
                   domain.Limits(int(config["PHOTO_MAX_BYTES"]), int(config["PHOTO_MAX_PIXELS"]),
                                 int(config["PHOTO_LONG_SIDE"])))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def too_many_message(per_form: int) -> str:
    return _("每份最多传 %d 张照片。要换一张，请先删除一张。") % per_form


def add(db: Database, draft: Draft, upload: bytes, actor: str, settings: Settings) -> int:
    """Check the upload, keep its clean copy with the draft; the new photo's id. Refused with
    a message (PhotoRefused and its kinds) when it cannot be kept; Duplicate when it is there."""
    if draft.status != DRAFT:
        raise NotDraft(_("已经提交了，不能再加照片。"))
    if store.count(db, draft.id) >= settings.per_form:  # before the work of decoding it
        raise TooMany(too_many_message(settings.per_form))
    photo = domain.clean(upload, settings.limits)
    with immediate(db):
        if store.count(db, draft.id) >= settings.per_form:
            raise TooMany(too_many_message(settings.per_form))
        if store.has_sha256(db, draft.id, photo.sha256):
            raise Duplicate(draft.id)
        photo_id = store.insert(db, {
            "submission_id": draft.id, "image": photo.data, "thumbnail": photo.thumbnail,
            "sha256": photo.sha256, "width": photo.width, "height": photo.height,
            "size": photo.size, "uploaded_by": actor, "created_at": _now()})
        audit.record(db, actor, "photo_added", f"submission:{draft.id}", photo=photo_id,
                     size=photo.size)
    return photo_id


def delete(db: Database, draft: Draft, photo_id: int, actor: str) -> bool:
    """Delete a photo from a draft; False when the draft has no such photo. NotDraft once the
    form is submitted."""
    if draft.status != DRAFT:
        raise NotDraft(_("已经提交了，照片是申请材料的一部分，不能删除。"))
    with immediate(db):
        deleted = store.delete_from_draft(db, draft.id, photo_id)
        if deleted:
            audit.record(db, actor, "photo_deleted", f"submission:{draft.id}", photo=photo_id)
    return deleted


def listing(db: Database, submission_id: int) -> list[Listed]:
    """The form's photos, first uploaded first."""
    return [Listed(r["id"], number, r["width"], r["height"], r["size"], r["uploaded_by"],
                   r["created_at"])
            for number, r in enumerate(store.of_submission(db, submission_id), start=1)]


def of_draft(db: Database, draft: Draft) -> list[Listed]:
    """The draft's photos; read only when its page query counted some (a form page reads its
    draft in one query: tests/web/test_request_cost.py)."""
    return listing(db, draft.id) if draft.photo_count is None or draft.photo_count else []


def thumbnail(db: Database, submission_id: int, photo_id: int) -> bytes | None:
    return store.thumbnail(db, submission_id, photo_id) if 0 < photo_id < 2**63 else None


def image(db: Database, submission_id: int, photo_id: int) -> bytes | None:
    return store.image(db, submission_id, photo_id) if 0 < photo_id < 2**63 else None


def shown_to_staff(db: Database, actor: str, case_id: int, submission_id: int, photo_id: int,
                   thumbnail_only: bool, client_address: str) -> bytes | None:
    """A photo of a case for a staff member (whose role and region the caller checked), the
    view recorded in the audit log; None when the case's form has no such photo."""
    data = (thumbnail if thumbnail_only else image)(db, submission_id, photo_id)
    if data is not None:
        with db.atomic():
            audit.record(db, actor, "viewed_photo", f"case:{case_id}", photo=photo_id,
                         thumbnail=thumbnail_only, client_address=client_address)
    return data


@dataclass(frozen=True)
class Printed:
    """A photo as the household file prints it."""

    number: int
    width: int
    height: int
    uploaded_by: str
    created_at: str
    jpeg: bytes


def for_print(db: Database, submission_id: int) -> list[Printed]:
    return [Printed(number, r["width"], r["height"], r["uploaded_by"], r["created_at"], r["image"])
            for number, r in enumerate(store.images_of(db, submission_id), start=1)]
