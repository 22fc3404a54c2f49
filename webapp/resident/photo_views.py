"""Photos of documents on the check page (templates/forms/_photos.html): upload, thumbnail,
delete. Plain multipart POSTs that redirect back to the check page, so they work without
JavaScript; with it, static/photos.js shrinks the photo on the phone first. The same views serve
an assistant acting for a resident under /staff/for/… (webapp/staff/assistant_views.py)."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, request

from webapp.resident import acting, bp
from webapp.resident.acting import form_url
from webapp.resident.drafts import own, signed_in, with_draft
from webapp.resident.finish import check_page
from webapp.services import photos
from webapp.store.engine import get_db
from webapp.web.i18n import _

# A person's photo: never kept by a browser, a proxy or the service worker.
PRIVATE = "private, no-store"


def jpeg(data: bytes) -> Response:
    return Response(data, mimetype="image/jpeg", headers={"Cache-Control": PRIVATE})


def _upload(settings: photos.Settings) -> bytes:
    """The chosen file's bytes, read no further than one past the limit."""
    chosen = request.files.get("photo")
    return chosen.stream.read(settings.limits.max_bytes + 1) if chosen else b""


@bp.post("/forms/<int:sid>/photos")
@with_draft
def add_photo(draft, flow):
    settings = photos.Settings.of(current_app.config)
    try:
        photos.add(get_db(), draft, _upload(settings), acting.actor(draft), settings)
    except photos.Duplicate:
        flash(_("这张照片已经传过了。"))
    except photos.PhotoRefused as refused:
        return check_page(draft, flow, photo_error=refused.message, status=refused.status)
    else:
        flash(_("照片已经传好了。"))
    return redirect(form_url("check", sid=draft.id) + "#photos")


@bp.get("/forms/<int:sid>/photos/<int:photo_id>/thumbnail.jpg")
@signed_in
def photo_thumbnail(sid: int, photo_id: int):
    """A thumbnail of one of the person's own photos (or of the form the assistant fills)."""
    draft = own(sid)
    data = photos.thumbnail(get_db(), draft.id, photo_id)
    if data is None:
        abort(404)
    return jpeg(data)


@bp.post("/forms/<int:sid>/photos/<int:photo_id>/delete")
@signed_in
def delete_photo(sid: int, photo_id: int):
    draft = own(sid)
    try:
        deleted = photos.delete(get_db(), draft, photo_id, acting.actor(draft))
    except photos.NotDraft as refused:
        flash(refused.message)
        return redirect(acting.submitted_url(draft))
    flash(_("照片已经删除了。") if deleted else _("这张照片已经不在了。"))
    return redirect(form_url("check", sid=draft.id) + "#photos")
