"""The dates a case's reminders and dynamic management need: the booked home visit, when the
public notice was posted, confirmation, the next periodic review and the end of a phase-out.
Cases confirmed before this migration get their confirmation day from their events."""

# 002… 民政厅 6 sets no interval for the periodic review; webapp/domain/case_machine.py keeps the
# yearly default as REVIEW_INTERVAL_MONTHS. Written out here because a migration never changes.
REVIEW_INTERVAL_MONTHS = 12


def migrate(db):
    cases = db["cases"]
    cases.add_column("visit_on", str)  # the booked home visit
    cases.add_column("visit_booked_on", str)  # when it was booked (or last rebooked)
    cases.add_column("notice_posted_on", str)  # the day the township started the notice
    cases.add_column("confirmed_on", str)
    cases.add_column("review_due_on", str)  # the next periodic review (定期复核)
    cases.add_column("reviewed_on", str)  # the latest periodic review
    cases.add_column("review_result", str)
    cases.add_column("phase_out_until", str)  # the last day of a phase-out (渐退期)
    # Event times are UTC; +8 hours gives the Beijing day, as cases.today() counts.
    db.execute("""
        UPDATE cases SET confirmed_on = (
            SELECT date(max(e.at), '+8 hours') FROM case_events e
            WHERE e.case_id = cases.id AND e.action = 'confirm')
        WHERE state IN ('confirmed', 'published')
    """)
    db.execute("UPDATE cases SET review_due_on = date(confirmed_on, ?) WHERE confirmed_on IS NOT NULL",
               [f"+{REVIEW_INTERVAL_MONTHS} months"])
    db.execute("""
        UPDATE cases SET notice_posted_on = (
            SELECT date(max(e.at), '+8 hours') FROM case_events e
            WHERE e.case_id = cases.id AND e.action = 'start_public_notice')
        WHERE notice_start IS NOT NULL
    """)
    cases.create_index(["machine", "state"])
