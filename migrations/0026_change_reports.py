"""Change reports (如实申报) and the death of a member (issue 10): what a household receiving
assistance reported, when it happened, who reported it, and the township's decision; indexed for
the queue of each region level by status, and for the reviews a report brought forward."""

LEVELS = ("village_code", "township_code", "county_code")


def migrate(db):
    db.execute("""
        CREATE TABLE change_reports (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            village_code TEXT NOT NULL,
            township_code TEXT,
            county_code TEXT,
            kind TEXT NOT NULL,
            happened_on TEXT NOT NULL,
            description TEXT NOT NULL,
            in_time INTEGER NOT NULL,
            reported_by TEXT NOT NULL,
            actor TEXT NOT NULL,
            reported_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new',
            review_due_on TEXT,
            review_reason TEXT,
            acknowledged_at TEXT,
            acknowledged_by TEXT,
            decision TEXT,
            decision_reason TEXT,
            decided_at TEXT,
            decided_by TEXT
        )""")
    db.execute("CREATE INDEX idx_change_reports_case ON change_reports (case_id, id)")
    db.execute("CREATE INDEX idx_change_reports_review ON change_reports (review_due_on) "
               "WHERE review_due_on IS NOT NULL")
    for level in LEVELS:
        db.execute(f"CREATE INDEX idx_change_reports_{level} ON change_reports ({level}, status, id)")
        db.execute(f"CREATE INDEX idx_change_reports_review_{level} ON change_reports "
                   f"({level}, review_due_on) WHERE review_due_on IS NOT NULL")
