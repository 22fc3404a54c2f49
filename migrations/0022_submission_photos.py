"""Photos a resident or a village assistant may attach to a form before submitting it (never
required: 告知承诺 asks for no proof). Each row is the cleaned copy webapp/domain/photos.py
makes — a JPEG with no metadata, long side at most PHOTO_LONG_SIDE — and its thumbnail, kept in
the database beside the form (one file to back up, the same access rules as the answers), with
its hash, size, who uploaded it and when. Lists read a form's photos by submission_id."""


def migrate(db):
    db["submission_photos"].create(
        {
            "id": int, "submission_id": int, "image": bytes, "thumbnail": bytes, "sha256": str,
            "width": int, "height": int, "size": int, "uploaded_by": str, "created_at": str,
        },
        pk="id", foreign_keys=[("submission_id", "submissions", "id")],
        not_null={"submission_id", "image", "thumbnail", "sha256", "width", "height", "size",
                  "uploaded_by", "created_at"},
    )
    db["submission_photos"].create_index(["submission_id"])
