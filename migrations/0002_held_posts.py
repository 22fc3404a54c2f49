"""Answers posted after a session ended, kept until the resident signs in again."""


def migrate(db):
    db["held_posts"].create(
        {"id": int, "resident_id": int, "path": str, "form": str, "created_at": str},
        pk="id", foreign_keys=[("resident_id", "residents", "id")],
    )
    db["held_posts"].create_index(["resident_id", "path"])
