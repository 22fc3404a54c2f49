"""Responsible officials (帮扶责任人) of relapse-monitoring households (RULES.md "Relapse
monitoring": each new household gets one, who holds at most 5 whose risk is not removed).

One row per assignment, never changed: naming another official adds a row that names the one it
replaces, so the history says who assigned whom and when. A case's official is its newest row.

Self-declarations opened before this migration get the deadline that runs now: 15 days from the
declaration to county approval, or 10 days from the county's approval to the assistance plan.
"""

# 002… 乡村振兴局(二): webapp/domain/case_machine.py keeps these as RELAPSE_APPROVAL_DAYS and
# RELAPSE_PLAN_DAYS; written out here because a migration never changes.
APPROVAL_DAYS = 15
PLAN_DAYS = 10
BEFORE_APPROVAL = ("declared", "home_verified", "data_compared", "village_shortlisted",
                   "township_reviewed")
BEFORE_PLAN = ("county_approved", "announced", "filed")


def migrate(db):
    db.execute("""
        CREATE TABLE responsible_officials (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            assigned_by TEXT NOT NULL,
            assigned_at TEXT NOT NULL,
            note TEXT,
            replaces INTEGER REFERENCES responsible_officials(id)
        )
    """)
    db["responsible_officials"].create_index(["case_id", "id"])
    db["responsible_officials"].create_index(["staff_id"])
    # An assignment is replaced at most once: two reassignments of the same one cannot both land.
    db["responsible_officials"].create_index(["replaces"], unique=True)
    for event in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER responsible_officials_no_{event.lower()} BEFORE {event} "
                   "ON responsible_officials "
                   "BEGIN SELECT RAISE(ABORT, 'responsible_officials is append-only'); END")
    _deadlines(db)


def _deadlines(db):
    marks = ", ".join("?" for _ in BEFORE_APPROVAL)
    db.execute(f"UPDATE cases SET due_on = date(opened_on, ?), due_fallback = 0 "
               f"WHERE machine = 'relapse_monitoring' AND due_on IS NULL AND state IN ({marks})",
               [f"+{APPROVAL_DAYS} days", *BEFORE_APPROVAL])
    # Event times are UTC; +8 hours gives the Beijing day, as cases.today() counts.
    marks = ", ".join("?" for _ in BEFORE_PLAN)
    db.execute(f"""
        UPDATE cases SET due_fallback = 0, due_on = (
            SELECT date(max(e.at), '+8 hours', ?) FROM case_events e
            WHERE e.case_id = cases.id AND e.action = 'approve_at_county')
        WHERE machine = 'relapse_monitoring' AND due_on IS NULL AND state IN ({marks})
    """, [f"+{PLAN_DAYS} days", *BEFORE_PLAN])
