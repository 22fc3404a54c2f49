"""SQL on the read-aloud audio cache (speech_audio, migrations/0029)."""

from __future__ import annotations

from sqlite_utils import Database


def audio(db: Database, key: str) -> tuple[str, bytes] | None:
    """(content type, audio) kept under the key, None when not made yet."""
    row = db.execute("SELECT content_type, audio FROM speech_audio WHERE key = ?",
                     [key]).fetchone()
    return (row[0], row[1]) if row else None


def keep(db: Database, key: str, content_type: str, audio: bytes, created_at: str) -> None:
    """Keep an audio; another request that made the same one first wins (same bytes)."""
    db.execute("INSERT OR IGNORE INTO speech_audio (key, content_type, audio, size, created_at) "
               "VALUES (?, ?, ?, ?, ?)", [key, content_type, audio, len(audio), created_at])


def count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM speech_audio").fetchone()[0]
