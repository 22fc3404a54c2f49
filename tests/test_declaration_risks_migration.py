"""Migration 0031 moves a self-declaration draft's 收入和花费 answers onto its risks page; a
submitted one, and other forms, keep their answers as they were."""

from __future__ import annotations

import json

from conftest import migrated_until

RISKS = {"risks": ["illness"], "sensitive": "yes"}
OUTLOOK = {"income": 200000, "rigid_spending": 0, "description": "丈夫在外打工"}


def test_a_drafts_outlook_answers_move_onto_its_risks_page(tmp_path):
    db, migrations = migrated_until(tmp_path / "old.db", "0031_declaration_risks_page")
    answers = json.dumps({"risks": RISKS, "outlook": OUTLOOK}, ensure_ascii=False)
    with db.conn:
        db.execute("INSERT INTO submissions (id, form, status, answers) VALUES "
                   "(1, 'self_declaration', 'draft', ?), (2, 'self_declaration', 'submitted', ?),"
                   " (3, 'self_declaration', 'draft', '{}')", [answers, answers])

    migrations.apply(db)

    rows = {r[0]: json.loads(r[1]) for r in db.execute("SELECT id, answers FROM submissions")}
    assert rows[1] == {"risks": {**RISKS, **OUTLOOK}}
    assert rows[2] == {"risks": RISKS, "outlook": OUTLOOK}
    assert rows[3] == {}
