"""Regions, residents and sign-in, drafts and submissions, letters, signatures, outbox, audit."""


def migrate(db):
    db["regions"].create(
        {"code": str, "name": str, "level": str, "parent_code": str}, pk="code"
    )
    db["regions"].create_index(["parent_code"])
    db["residents"].create({"id": int, "phone": str, "created_at": str}, pk="id")
    db["residents"].create_index(["phone"], unique=True)
    db["sign_in_codes"].create(
        {
            "id": int, "phone": str, "code_hash": str, "client_address": str,
            "created_at": str, "expires_at": str, "wrong_tries": int, "used_at": str,
        },
        pk="id", defaults={"wrong_tries": 0},
    )
    db["sign_in_codes"].create_index(["phone", "created_at"])
    db["sign_in_codes"].create_index(["client_address", "created_at"])
    db["resident_sessions"].create(
        {
            "id": int, "token_hash": str, "resident_id": int, "created_at": str,
            "last_seen": str, "ended_at": str,
        },
        pk="id", foreign_keys=[("resident_id", "residents", "id")],
    )
    db["resident_sessions"].create_index(["token_hash"], unique=True)
    db["submissions"].create(
        {
            "id": int, "resident_id": int, "form": str, "status": str,
            "reference": str, "current_step": str, "answers": str,
            "created_at": str, "updated_at": str, "submitted_at": str,
        },
        pk="id", defaults={"status": "draft", "answers": "{}"},
        foreign_keys=[("resident_id", "residents", "id")],
    )
    db["submissions"].create_index(["reference"], unique=True)
    db["submissions"].create_index(["resident_id", "status"])
    db["letter_texts"].create(
        {"id": int, "kind": str, "version": int, "sha256": str, "body": str, "created_at": str},
        pk="id",
    )
    db["letter_texts"].create_index(["kind", "version"], unique=True)
    db["signatures"].create(
        {
            "id": int, "submission_id": int, "letter_kind": str, "text_version": int,
            "template_sha256": str, "text": str, "text_sha256": str,
            "signer_name": str, "signer_role": str, "member_index": int,
            "method": str, "decision": str, "signature_image": str,
            "signed_at": str, "client_address": str, "user_agent": str,
        },
        pk="id", foreign_keys=[("submission_id", "submissions", "id")],
    )
    db["signatures"].create_index(["submission_id", "letter_kind"])
    db["outbox"].create(
        {
            "id": int, "reference": str, "phone": str, "template": str, "params": str,
            "body": str, "segments": int, "urgent": int, "status": str,
            "submission_id": int, "created_at": str, "send_after": str,
            "attempts": int, "sent_at": str, "provider_reference": str, "error": str,
        },
        pk="id", defaults={"status": "created", "attempts": 0, "urgent": 0},
    )
    db["outbox"].create_index(["reference"], unique=True)
    db["outbox"].create_index(["status", "send_after"])
    db["audit_log"].create(
        {"id": int, "at": str, "actor": str, "action": str, "subject": str, "detail": str},
        pk="id",
    )
    for table in ("signatures", "audit_log", "letter_texts"):
        for event in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
