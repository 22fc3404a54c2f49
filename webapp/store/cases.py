"""SQL on cases: the case rows and their append-only events, objections, responsible officials,
the county settings and the loaded calendar days. Lists are paged here, with counts from
indexed queries."""

from __future__ import annotations

# --- appended by the messages part of issue 8 (webapp/sms/bulk.py) -------------------------

def _bulk_where(column: str, groups: dict[str, frozenset[str]] | None) -> tuple[str, list]:
    """The real cases of a region (one indexed column), in the given machines' states if any,
    whose applicant has a number."""
    assert column in ("village_code", "township_code", "county_code")
    where = (f"c.{column} = ? AND c.synthetic = 0 AND c.applicant_phone IS NOT NULL "
             "AND c.applicant_phone != ''")
    params: list = []
    if groups is not None:
        terms = []
        for machine, states in sorted(groups.items()):
            terms.append(f"(c.machine = ? AND c.state IN ({', '.join('?' * len(states))}))")
            params += [machine, *sorted(states)]
        where += f" AND ({' OR '.join(terms) or '0'})"
    return where, params


def bulk_counts(db, column: str, region_code: str,
                groups: dict[str, frozenset[str]] | None) -> tuple[int, int]:
    """How many distinct applicant numbers a bulk send to the region reaches, and how many of
    them opted out of reminders: one aggregate query over the region's index."""
    where, params = _bulk_where(column, groups)
    row = db.execute("SELECT COUNT(DISTINCT c.applicant_phone), COUNT(DISTINCT o.phone) FROM cases c "
                     f"LEFT JOIN opt_outs o ON o.phone = c.applicant_phone WHERE {where}",
                     [region_code, *params]).fetchone()
    return row[0], row[1]


def bulk_phones(db, column: str, region_code: str, groups: dict[str, frozenset[str]] | None,
                batch: int = 500):
    """Each applicant number of the region's cases once, with its latest submission, by number,
    yielded in lists of `batch` from one cursor (never all in memory)."""
    where, params = _bulk_where(column, groups)
    cursor = db.execute("SELECT c.applicant_phone, MAX(c.submission_id) FROM cases c "
                        f"WHERE {where} GROUP BY c.applicant_phone ORDER BY c.applicant_phone",
                        [region_code, *params])
    while rows := cursor.fetchmany(batch):
        yield [(row[0], row[1]) for row in rows]


def county_codes(db, case_ids: list[int]) -> dict[int, str | None]:
    """Each of these cases' county code (the audit reader's county filter), by primary key."""
    if not case_ids:
        return {}
    marks = ", ".join("?" * len(case_ids))
    return {row[0]: row[1] for row in db.execute(
        f"SELECT id, county_code FROM cases WHERE id IN ({marks})", case_ids)}
