"""The self-declaration's optional 收入和花费 page (step `outlook`) is now part of its risks page
(issue 11, a self-declaration of at most 4 pages before the letter). Drafts still being filled
keep what they typed: their `outlook` answers move into `risks`. Submitted self-declarations
keep their answers as they were signed. One UPDATE over the drafts that have such answers."""


def migrate(db):
    db.execute("""
        UPDATE submissions
        SET answers = json_remove(
            json_set(answers, '$.risks',
                     json_patch(COALESCE(json_extract(answers, '$.risks'), '{}'),
                                json_extract(answers, '$.outlook'))),
            '$.outlook')
        WHERE form = 'self_declaration' AND status = 'draft'
          AND json_extract(answers, '$.outlook') IS NOT NULL
    """)
