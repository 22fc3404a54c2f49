"""Issue 12 (eligibility rules): the tekun care standard per care level (照料护理标准, `002…`
民政厅 第二类 3; per person per month, in fen) and the optional dibao tiers (分档救助, `002…`
民政厅 第一类 3; per-person monthly amounts in fen, comma-separated, ascending; '' pays the exact
gap), and whether the county accepts applications from residence-permit holders where they live
(`000…` 四(三); 0 no, 1 yes). Existing versions get the example values of
webapp/domain/policy.py."""

# The example values of webapp/domain/policy.py as this migration was written.
CARE_COLUMNS = {"tekun_care_full_monthly": 600_00, "tekun_care_partial_monthly": 300_00,
                "tekun_care_self_monthly": 60_00}


def migrate(db):
    for column, default in CARE_COLUMNS.items():
        db.execute(f"ALTER TABLE policy_parameters ADD COLUMN {column} INTEGER NOT NULL DEFAULT {default}")
    db.execute("ALTER TABLE policy_parameters ADD COLUMN dibao_tier_amounts TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE policy_parameters ADD COLUMN accepts_residence_permit INTEGER NOT NULL DEFAULT 0")
