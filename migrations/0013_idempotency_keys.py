"""Idempotency keys: a form POST sent again with the same key (a phone resending what it kept
while offline, or a retry after a lost answer) gets the first response back and changes nothing
again (webapp/idempotency.py).

One row per person and key. `status` is NULL while the first request is being handled; then
the response kept: status, Location, content type and body. `replayed` counts resends answered
from the row. Rows older than 7 days are deleted as new keys arrive.
"""


def migrate(db):
    db["idempotency_keys"].create(
        {
            "id": int, "owner": str, "key": str, "request_hash": str, "method": str, "path": str,
            "status": int, "location": str, "content_type": str, "body": bytes,
            "replayed": int, "created_at": str, "completed_at": str,
        },
        pk="id", defaults={"replayed": 0},
        not_null={"owner", "key", "request_hash", "method", "path", "replayed", "created_at"},
    )
    db["idempotency_keys"].create_index(["owner", "key"], unique=True)
    db["idempotency_keys"].create_index(["created_at"])
