"""Cases: each submission taken through its procedure, with every step kept; loaded calendar
years; policy parameters with their history."""


def migrate(db):
    db["cases"].create(
        {
            "id": int, "submission_id": int, "machine": str, "state": str,
            "village_code": str, "township_code": str, "county_code": str,
            "opened_on": str, "accepted_on": str, "due_on": str, "due_fallback": int,
            "notice_start": str, "notice_end": str, "updated_at": str,
        },
        pk="id", foreign_keys=[("submission_id", "submissions", "id")],
    )
    db["cases"].create_index(["submission_id"], unique=True)
    db["cases"].create_index(["state", "due_on"])
    db["cases"].create_index(["village_code"])
    db["case_events"].create(
        {
            "id": int, "case_id": int, "at": str, "actor": str, "action": str,
            "from_state": str, "to_state": str, "reason": str, "detail": str,
        },
        pk="id", foreign_keys=[("case_id", "cases", "id")],
    )
    db["case_events"].create_index(["case_id", "id"])
    db["calendar_days"].create({"day": str, "working": int, "loaded_by": str, "loaded_at": str},
                               pk="day")
    db["county_settings"].create({"county_code": str, "township_confirms": int}, pk="county_code")
    for event in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER case_events_no_{event.lower()} BEFORE {event} ON case_events "
                   "BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END")
    # Every submission made before cases existed becomes a case at its first step.
    db.execute("""
        INSERT INTO cases (submission_id, machine, state, village_code, township_code,
                           county_code, opened_on, updated_at)
        SELECT s.id,
               CASE s.form WHEN 'application' THEN 'application' ELSE 'relapse_monitoring' END,
               CASE s.form WHEN 'application' THEN 'submitted' ELSE 'declared' END,
               v.code, t.code, t.parent_code, substr(s.submitted_at, 1, 10), s.submitted_at
        FROM submissions s
        JOIN regions v ON v.code = COALESCE(json_extract(s.answers, '$.residence.village'),
                                            json_extract(s.answers, '$.declarant.village'))
        JOIN regions t ON t.code = v.parent_code
        WHERE s.status = 'submitted'
    """)
