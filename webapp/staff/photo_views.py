"""The photos an applicant attached to their form, for staff covering the case's region: a
thumbnail on the case page (templates/staff/_case_photos.html), each linking to the full image.
Role and region are checked as for the case page itself; every view is audited; a browser may
not keep them."""

from __future__ import annotations

from flask import abort

from webapp.resident.photo_views import jpeg
from webapp.services import authz, photos
from webapp.staff import bp
from webapp.staff.case_views import _case_or_404 as case_or_404
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.security import client

VIEWERS = authz.roles_for("view_case")


@bp.context_processor
def _case_photos():
    """For the case page: the photos of the case's form, without their bytes."""
    return {"case_photos": lambda submission_id: photos.listing(get_db(), submission_id)}


def _shown(case_id: int, photo_id: int, thumbnail_only: bool):
    case = case_or_404(case_id)
    data = photos.shown_to_staff(get_db(), current_staff().actor, case.id, case.submission_id,
                                 photo_id, thumbnail_only, client()["address"])
    if data is None:
        abort(404)
    return jpeg(data)


@bp.get("/cases/<int:case_id>/photos/<int:photo_id>.jpg")
@staff_required(*VIEWERS)
def case_photo(case_id: int, photo_id: int):
    return _shown(case_id, photo_id, thumbnail_only=False)


@bp.get("/cases/<int:case_id>/photos/<int:photo_id>/thumbnail.jpg")
@staff_required(*VIEWERS)
def case_photo_thumbnail(case_id: int, photo_id: int):
    return _shown(case_id, photo_id, thumbnail_only=True)
