"""Trust signals (issue 11): how residents reach the offices that run the service.

- `region_contacts`: one row per county or township the county administrator has filled in
  (/staff/county/contacts): the office's name, its phone, the hotline residents are told to call
  (12345 unless the county names another), its address and opening hours. A region without a
  row is shown with a name derived from the region's own and the national 12345 hotline.
- `staff.public_phone`: the number a village assistant chose to publish to the residents of
  their village (empty: none is shown). Only assistants' numbers are ever shown.
The primary key is the region code, so the footer's lookup of a village's county and township
is one read of two rows by key; no list reads this table."""


def migrate(db):
    db.execute("""
        CREATE TABLE region_contacts (
            region_code TEXT PRIMARY KEY REFERENCES regions(code),
            office_name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            hotline TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            hours TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )
    """)
    db.execute("ALTER TABLE staff ADD COLUMN public_phone TEXT NOT NULL DEFAULT ''")
    # The footer looks up a village's assistants who published a number.
    db.execute("CREATE INDEX idx_staff_published ON staff (region_code, role) "
               "WHERE public_phone != '' AND active = 1")
