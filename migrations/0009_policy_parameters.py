"""Policy parameters as data, per region and period, with their history (RULES.md: standards
differ by county and change every year). Rows are versions and are never changed: an edit adds a
version that names the one it supersedes. The demo county starts with the Henan 2022 example
values, so a fresh install calculates as before."""

from datetime import UTC, datetime

from webapp.domain.policy import HENAN_2022


def migrate(db):
    # SQL for the CHECK constraints: nothing that writes here may store a period that ends
    # before it starts, or a standard of zero.
    db.execute("""
        CREATE TABLE policy_parameters (
            id INTEGER PRIMARY KEY,
            region_code TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
            dibao_urban_monthly INTEGER NOT NULL CHECK (dibao_urban_monthly > 0),
            dibao_rural_monthly INTEGER NOT NULL CHECK (dibao_rural_monthly > 0),
            expenditure_hardship_ratio TEXT NOT NULL,
            last_year_disposable_income_per_capita INTEGER NOT NULL
                CHECK (last_year_disposable_income_per_capita > 0),
            near_dibao_multiplier TEXT NOT NULL,
            tekun_multiplier TEXT NOT NULL,
            temporary_aid_township_multiple INTEGER NOT NULL,
            temporary_aid_county_multiple INTEGER NOT NULL,
            phase_out_months INTEGER NOT NULL,
            deadline_standard INTEGER NOT NULL,
            deadline_township_confirms INTEGER NOT NULL,
            deadline_extended INTEGER NOT NULL,
            source TEXT NOT NULL,
            entered_by TEXT NOT NULL,
            entered_at TEXT NOT NULL,
            supersedes INTEGER REFERENCES policy_parameters(id)
        )
    """)
    db["policy_parameters"].create_index(["region_code", "valid_from"])
    # A version is superseded at most once: two edits of the same version cannot both land.
    db["policy_parameters"].create_index(["supersedes"], unique=True)
    p = HENAN_2022
    db["policy_parameters"].insert({
        "region_code": p.region_code, "valid_from": p.effective_from.isoformat(),
        "valid_to": None, "dibao_urban_monthly": p.dibao_urban_monthly,
        "dibao_rural_monthly": p.dibao_rural_monthly,
        "expenditure_hardship_ratio": str(p.expenditure_hardship_ratio),
        "last_year_disposable_income_per_capita": p.last_year_disposable_income_per_capita,
        "near_dibao_multiplier": str(p.near_dibao_multiplier),
        "tekun_multiplier": str(p.tekun_multiplier),
        "temporary_aid_township_multiple": p.temporary_aid_township_multiple,
        "temporary_aid_county_multiple": p.temporary_aid_county_multiple,
        "phase_out_months": p.phase_out_months,
        "deadline_standard": p.deadlines.standard,
        "deadline_township_confirms": p.deadlines.township_confirms,
        "deadline_extended": p.deadlines.extended,
        "source": "河南省 2022 年标准（示例值，演示县用）",
        "entered_by": "system", "entered_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "supersedes": None,
    })
    for event in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER policy_parameters_no_{event.lower()} BEFORE {event} "
                   "ON policy_parameters "
                   "BEGIN SELECT RAISE(ABORT, 'policy_parameters is append-only'); END")
