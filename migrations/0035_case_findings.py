"""Structured findings of the township (issue 12, item 1; webapp/domain/findings.py): one row per
recording of a home visit, a record check, a democratic review or the findings that decide the
category, append-only (a correction is a new row; the latest of a kind wins), read by case and
kind along one index."""


def migrate(db):
    db["case_findings"].create({
        "id": int, "case_id": int, "kind": str, "recorded_at": str, "actor": str, "data": str,
    }, pk="id", not_null={"case_id", "kind", "recorded_at", "actor", "data"},
        foreign_keys=[("case_id", "cases", "id")])
    db["case_findings"].create_index(["case_id", "kind", "id"])
    for event in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER case_findings_no_{event.lower()} BEFORE {event} ON case_findings "
                   f"BEGIN SELECT RAISE(ABORT, 'case_findings is append-only'); END")
