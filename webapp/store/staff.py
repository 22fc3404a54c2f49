"""SQL on staff accounts and staff sessions."""

from __future__ import annotations

from sqlite_utils import Database


def active_in(db: Database, roles_by_region: dict[str, str]) -> list[dict]:
    """Active staff holding one of the roles in its region (role -> region code), township
    reviewers first, then by name."""
    where = " OR ".join("(role = ? AND region_code = ?)" for _role in roles_by_region)
    params = [value for pair in roles_by_region.items() for value in pair]
    return [dict(r) for r in db.execute(
        f"SELECT id, name, role FROM staff WHERE active = 1 AND ({where}) ORDER BY role DESC, name, id",
        params)]
