"""Read-aloud (issue 11): the audio the server made for a text version, kept by the hash of
the engine setting and the spoken text (webapp/domain/speech.cache_key), so each text is
synthesized once. A cache, not a record: any row may be deleted and is made again when next
asked for. The key is the primary key, the only way a row is read; created_at lets an
operator drop old audio (a letter's audio says the resident's name, as the letter does)."""


def migrate(db):
    db.execute("""CREATE TABLE speech_audio (
        key TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        audio BLOB NOT NULL,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX idx_speech_audio_created ON speech_audio (created_at)")
