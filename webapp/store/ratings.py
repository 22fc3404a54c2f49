"""SQL on 好差评 (migrations/0028_ratings.py): the invitations to rate finished services, the
ratings, and the follow-ups bad ratings open for the township."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from webapp.store.engine import insert_row

_INVITATION = ("SELECT i.*, c.machine, c.reference, r.id AS rating_id, r.level, r.comment, "
               "r.channel, r.rated_at, f.id AS followup_id, f.due_on, f.answer, f.answered_at "
               "FROM rating_invitations i JOIN cases c ON c.id = i.case_id "
               "LEFT JOIN ratings r ON r.invitation_id = i.id "
               "LEFT JOIN rating_followups f ON f.rating_id = r.id ")


def add_invitation(db: Database, columns: dict) -> int | None:
    """A new invitation; None when the event has one already (the step was offered once)."""
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    cursor = db.execute(f"INSERT INTO rating_invitations ({names}) VALUES ({marks}) "
                        "ON CONFLICT (event_id) DO NOTHING", list(columns.values()))
    return cursor.lastrowid if cursor.rowcount else None


def invitation(db: Database, invitation_id: int) -> sqlite3.Row | None:
    return db.execute(_INVITATION + "WHERE i.id = ?", [invitation_id]).fetchone()


def latest_for_phone(db: Database, phone: str) -> sqlite3.Row | None:
    """The phone's newest invitation, rated or not (an SMS reply rates only that one)."""
    return db.execute(_INVITATION + "WHERE i.id = (SELECT id FROM rating_invitations "
                      "WHERE phone = ? ORDER BY id DESC LIMIT 1)", [phone]).fetchone()


def of_submission(db: Database, submission_id: int, limit: int) -> list[sqlite3.Row]:
    """A submission's invitations, newest first, with their rating and follow-up."""
    return list(db.execute(_INVITATION + "WHERE i.id IN (SELECT id FROM rating_invitations "
                           "WHERE submission_id = ? ORDER BY id DESC LIMIT ?) ORDER BY i.id DESC",
                           [submission_id, limit]))


def add_rating(db: Database, columns: dict) -> int | None:
    """The rating of an invitation; None when it was rated already (by either channel)."""
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    cursor = db.execute(f"INSERT INTO ratings ({names}) VALUES ({marks}) "
                        "ON CONFLICT (invitation_id) DO NOTHING", list(columns.values()))
    return cursor.lastrowid if cursor.rowcount else None


def add_followup(db: Database, columns: dict) -> int:
    return insert_row(db, "INSERT INTO rating_followups", columns)


_FOLLOWUP = ("SELECT f.*, r.level, r.comment, r.channel, r.rated_at, i.kind, i.action, "
             "i.submission_id, i.phone, i.village_code, c.reference "
             "FROM rating_followups f JOIN ratings r ON r.id = f.rating_id "
             "JOIN rating_invitations i ON i.id = r.invitation_id JOIN cases c ON c.id = f.case_id ")


def followup(db: Database, followup_id: int) -> sqlite3.Row | None:
    return db.execute(_FOLLOWUP + "WHERE f.id = ?", [followup_id]).fetchone()


def open_followups(db: Database, township_code: str, limit: int, offset: int) -> list[sqlite3.Row]:
    """A township's unanswered follow-ups, the earliest due first (idx_rating_followups_open)."""
    return list(db.execute(
        _FOLLOWUP + "WHERE f.id IN (SELECT id FROM rating_followups WHERE township_code = ? "
        "AND answered_at IS NULL ORDER BY due_on, id LIMIT ? OFFSET ?) ORDER BY f.due_on, f.id",
        [township_code, limit, offset]))


def count_open(db: Database, township_code: str) -> int:
    return db.execute("SELECT count(*) FROM rating_followups WHERE township_code = ? "
                      "AND answered_at IS NULL", [township_code]).fetchone()[0]


def answer(db: Database, followup_id: int, text: str, by: str, at: str) -> bool:
    """Record the township's answer; False when the follow-up was answered already."""
    cursor = db.execute("UPDATE rating_followups SET answer = ?, answered_by = ?, answered_at = ? "
                        "WHERE id = ? AND answered_at IS NULL", [text, by, at, followup_id])
    return cursor.rowcount > 0


def county_summary(db: Database, county_code: str, today: str) -> list[sqlite3.Row]:
    """Per township of the county: ratings per level, their average, and follow-ups open,
    overdue (open past their due day) and answered — one grouped pass over idx_ratings_county."""
    return list(db.execute(
        "SELECT r.township_code, count(*) AS ratings, "
        "sum(r.level = 1) AS level_1, sum(r.level = 2) AS level_2, sum(r.level = 3) AS level_3, "
        "sum(r.level = 4) AS level_4, sum(r.level = 5) AS level_5, avg(r.level) AS average, "
        "count(f.id) AS followups, "
        "sum(f.id IS NOT NULL AND f.answered_at IS NULL) AS open, "
        "sum(f.id IS NOT NULL AND f.answered_at IS NULL AND f.due_on < ?) AS overdue, "
        "sum(f.answered_at IS NOT NULL) AS answered "
        "FROM ratings r LEFT JOIN rating_followups f ON f.rating_id = r.id "
        "WHERE r.county_code = ? GROUP BY r.township_code ORDER BY r.township_code",
        [today, county_code]))
