"""The store: every SQL statement on the application's tables lives in this package, one owner
module per group of tables (OWNERS). Services and views call named functions
(`cases.queue(db, region, group, page)`), never SQL, so an index, a paging rule or a second
database engine is a change here only. `engine` opens connections and runs migrations; it is the
one place that knows it talks to SQLite (PRAGMAs, `BEGIN IMMEDIATE`).

tests/test_store_owners.py fails when SQL on one of these tables appears outside its owner; a
statement may join other groups' tables to read, but the table it reads from or writes to first
belongs to the module it is in."""

from __future__ import annotations

# Owner module (webapp/store/<name>.py) -> the tables whose SQL it holds.
OWNERS: dict[str, frozenset[str]] = {
    "submissions": frozenset({
        "submissions", "held_posts", "signatures", "letter_texts", "correction_requests",
        "correction_answers", "correction_resubmissions", "idempotency_keys", "consent_codes",
        "assistance_consents"}),
    "cases": frozenset({
        "cases", "case_events", "case_counts", "case_due_counts", "objections", "responsible_officials",
        "county_settings", "calendar_days", "case_payments",
        "case_amounts"}),
    "outbox": frozenset({
        "outbox", "sms_receipts", "sms_followups", "sms_bulk_sends", "opt_outs", "inbound_sms"}),
    "residents": frozenset({"residents", "resident_sessions", "sign_in_codes"}),
    "staff": frozenset({"staff", "staff_sessions"}),
    "regions": frozenset({"regions"}),
    "audit": frozenset({"audit_log"}),
    "policy": frozenset({"policy_parameters"}),
    "photos": frozenset({"submission_photos"}),
    "change_reports": frozenset({"change_reports"}),
    "ratings": frozenset({"rating_invitations", "ratings", "rating_followups"}),
    "persons": frozenset({"persons"}),  # issue 10: one name per ID number
    "form_metrics": frozenset({"form_steps"}),  # issue 11: pages saved, no personal data
    "contacts": frozenset({"region_contacts"}),  # issue 11: trust signals
    "speech": frozenset({"speech_audio"}),  # issue 11: read-aloud audio cache
    "monitoring": frozenset({"monitoring_lines", "monitoring_incomes"}),  # issue 12: relapse lines
    "findings": frozenset({"case_findings"}),  # issue 12: the township's structured findings
}

TABLES: frozenset[str] = frozenset().union(*OWNERS.values())


def owner_of(table: str) -> str:
    """The store module that owns a table's SQL."""
    return next(name for name, tables in OWNERS.items() if table in tables)
