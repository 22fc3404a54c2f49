"""SQL on the photos attached to forms (submission_photos, migrations/0022): the cleaned JPEG
and its thumbnail kept in the database beside the form they belong to. Lists never read the
images; only the one asked for is read."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from webapp.store.engine import insert_row

# What a list of photos shows: everything but the image bytes.
LISTED = "id, submission_id, sha256, width, height, size, uploaded_by, created_at"


def insert(db: Database, columns: dict) -> int:
    return insert_row(db, "INSERT INTO submission_photos", columns)


def of_submission(db: Database, submission_id: int) -> list[sqlite3.Row]:
    """The photos of a form, first uploaded first, without their bytes."""
    return list(db.execute(f"SELECT {LISTED} FROM submission_photos WHERE submission_id = ? "
                           "ORDER BY id", [submission_id]))


def count(db: Database, submission_id: int) -> int:
    return db.execute("SELECT count(*) FROM submission_photos WHERE submission_id = ?",
                      [submission_id]).fetchone()[0]


def has_sha256(db: Database, submission_id: int, sha256: str) -> bool:
    return db.execute("SELECT 1 FROM submission_photos WHERE submission_id = ? AND sha256 = ?",
                      [submission_id, sha256]).fetchone() is not None


def image(db: Database, submission_id: int, photo_id: int) -> bytes | None:
    """The kept JPEG of one photo of this form; None when the form has no such photo."""
    row = db.execute("SELECT image FROM submission_photos WHERE id = ? AND submission_id = ?",
                     [photo_id, submission_id]).fetchone()
    return row[0] if row else None


def thumbnail(db: Database, submission_id: int, photo_id: int) -> bytes | None:
    row = db.execute("SELECT thumbnail FROM submission_photos WHERE id = ? AND submission_id = ?",
                     [photo_id, submission_id]).fetchone()
    return row[0] if row else None


def images_of(db: Database, submission_id: int) -> list[sqlite3.Row]:
    """Every photo of a form with its image, first uploaded first (the household file)."""
    return list(db.execute(f"SELECT {LISTED}, image FROM submission_photos "
                           "WHERE submission_id = ? ORDER BY id", [submission_id]))


def delete_from_draft(db: Database, submission_id: int, photo_id: int) -> bool:
    """Delete one photo of a form that is still a draft; False when there is no such photo or
    the form was submitted (then its photos are part of the record)."""
    cursor = db.execute(
        "DELETE FROM submission_photos WHERE id = ? AND submission_id = ? AND submission_id IN "
        "(SELECT id FROM submissions WHERE id = ? AND status = 'draft')",
        [photo_id, submission_id, submission_id])
    return cursor.rowcount > 0
