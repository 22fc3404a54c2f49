"""The history of a case's monthly amount (issue 10, periodic review with a result): one row for
the amount confirmed and one for each review, with the month it is paid from, where it came from
(confirm or review), the review's result and calculation, the event that recorded it and who did.
Confirmed cases already there get their current amount as a confirmation row, paid from the
month after their confirmation (the rows of earlier reviews were never kept)."""


def migrate(db):
    db.execute("""CREATE TABLE case_amounts (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        monthly_amount_fen INTEGER NOT NULL,
        category TEXT,
        household_size INTEGER,
        effective_month TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('confirm', 'review')),
        result TEXT,
        calculation TEXT,
        event_id INTEGER REFERENCES case_events(id),
        recorded_at TEXT NOT NULL,
        actor TEXT NOT NULL)""")
    db.execute("CREATE INDEX idx_case_amounts_case ON case_amounts (case_id, id)")
    db.execute("""INSERT INTO case_amounts (case_id, monthly_amount_fen, category, household_size,
            effective_month, source, event_id, recorded_at, actor)
        SELECT c.id, COALESCE(c.monthly_amount_fen, 0), c.category, c.household_size,
            strftime('%Y-%m', c.confirmed_on, 'start of month', '+1 month'), 'confirm', e.id,
            COALESCE(e.at, c.confirmed_on), COALESCE(e.actor, 'migration')
        FROM cases c
        LEFT JOIN case_events e ON e.id = (SELECT max(id) FROM case_events
                                           WHERE case_id = c.id AND action = 'confirm')
        WHERE c.machine = 'application' AND c.confirmed_on IS NOT NULL
        ORDER BY c.id""")
