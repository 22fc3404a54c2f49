"""Form metrics (issue 11, item 10): for each draft, the first time each of its pages was saved
and how long the resident spent on it — no answer, name, ID number, phone or submission id, only
a key that tells one draft's pages from another's (a hash). Started, finished and abandoned per
form and step, and the median time per step, are read from here (webapp/store/form_metrics.py)."""


def migrate(db):
    db.execute("""
        CREATE TABLE form_steps (
            draft_key TEXT NOT NULL,
            form TEXT NOT NULL,
            step TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            seconds INTEGER NOT NULL,
            PRIMARY KEY (draft_key, step)
        ) WITHOUT ROWID
    """)
    # Per form and step: counts, and the median by seconds (ORDER BY seconds LIMIT 1 OFFSET n/2).
    db.execute("CREATE INDEX idx_form_steps_step ON form_steps (form, step, saved_at, seconds)")
    # Each draft's last page: the abandoned count.
    db.execute("CREATE INDEX idx_form_steps_draft ON form_steps (draft_key, saved_at)")
