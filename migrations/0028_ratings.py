"""好差评 (国办发〔2019〕51号): an invitation to rate each finished service of a case (one per
case event), the rating (at most one per invitation, whichever channel comes first), and the
follow-up a bad rating opens for the case's township. Indexes: a phone's latest invitation (the
SMS reply), a submission's invitations (the resident's page), the township's open follow-ups by
due day, and the county's summary per township (ratings by county and township, each joined to
its follow-up by the unique rating_id)."""


def migrate(db):
    db.execute("""CREATE TABLE rating_invitations (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        event_id INTEGER NOT NULL UNIQUE REFERENCES case_events(id),
        kind TEXT NOT NULL,
        action TEXT NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        village_code TEXT,
        township_code TEXT,
        county_code TEXT,
        created_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX idx_rating_invitations_phone ON rating_invitations (phone, id)")
    db.execute("CREATE INDEX idx_rating_invitations_submission "
               "ON rating_invitations (submission_id, id)")
    db.execute("""CREATE TABLE ratings (
        id INTEGER PRIMARY KEY,
        invitation_id INTEGER NOT NULL UNIQUE REFERENCES rating_invitations(id),
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        comment TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL,
        township_code TEXT,
        county_code TEXT,
        rated_by TEXT NOT NULL,
        rated_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX idx_ratings_county ON ratings (county_code, township_code, level)")
    db.execute("""CREATE TABLE rating_followups (
        id INTEGER PRIMARY KEY,
        rating_id INTEGER NOT NULL UNIQUE REFERENCES ratings(id),
        case_id INTEGER NOT NULL REFERENCES cases(id),
        township_code TEXT,
        county_code TEXT,
        opened_on TEXT NOT NULL,
        due_on TEXT NOT NULL,
        due_fallback INTEGER NOT NULL DEFAULT 0,
        answer TEXT,
        answered_by TEXT,
        answered_at TEXT)""")
    db.execute("CREATE INDEX idx_rating_followups_open ON rating_followups (township_code, due_on, id) "
               "WHERE answered_at IS NULL")
