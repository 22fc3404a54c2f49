"""Counties, townships and villages: the region table and its CSV import."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from webapp.store import regions as store
from webapp.web.i18n import _

DEMO_CSV = Path(__file__).resolve().parents[1] / "data" / "demo_regions.csv"
LEVELS = ("county", "township", "village")
PARENT_LEVEL = {"county": None, "township": "county", "village": "township"}
# The column of a case that names its region of each level (one index per level, 0014).
CASE_COLUMN = {"village": "village_code", "township": "township_code", "county": "county_code"}


class RegionImportError(ValueError):
    """A row of a region CSV that cannot be imported; the message names the line."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent_code: str | None


def read_csv(path: Path) -> list[Region]:
    """Parse and check a CSV with columns code,name,level,parent_code (UTF-8, BOM allowed)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = {"code", "name", "level", "parent_code"} - set(reader.fieldnames or [])
        if missing:
            raise RegionImportError(_("缺少列：") + "、".join(sorted(missing)))
        rows = [_row(line_no, row) for line_no, row in enumerate(reader, start=2)]
    _check_parents(rows)
    return rows


def _row(line_no: int, row: dict) -> Region:
    code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
    level, parent = (row.get("level") or "").strip(), (row.get("parent_code") or "").strip()
    if not code or not name:
        raise RegionImportError(_("第 %d 行：代码和名称不能为空") % line_no)
    if level not in LEVELS:
        raise RegionImportError(_("第 %d 行：级别必须是 county、township 或 village") % line_no)
    if bool(parent) != bool(PARENT_LEVEL[level]):
        raise RegionImportError(_("第 %d 行：上级代码与级别不符") % line_no)
    return Region(code, name, level, parent or None)


def _check_parents(rows: list[Region]) -> None:
    by_code = {r.code: r for r in rows}
    for r in rows:
        if r.parent_code is None:
            continue
        parent = by_code.get(r.parent_code)
        if parent is not None and parent.level != PARENT_LEVEL[r.level]:
            raise RegionImportError(_("%s 的上级 %s 级别不对") % (r.code, r.parent_code))


def import_regions(db: Database, regions: list[Region]) -> int:
    """Insert or update regions in one transaction; parents must exist in the file or table."""
    known = store.codes(db)
    known.update(r.code for r in regions)
    for r in regions:
        if r.parent_code and r.parent_code not in known:
            raise RegionImportError(_("%s 的上级 %s 不存在") % (r.code, r.parent_code))
    with db.atomic():
        store.upsert_all(db, [r.__dict__ for r in regions])
    return len(regions)


def ensure_demo(db: Database) -> None:
    """Load the demo county when the table is empty, so a fresh install can be tried."""
    if store.is_empty(db):
        import_regions(db, read_csv(DEMO_CSV))


def children(db: Database, parent_code: str | None, level: str) -> list[Region]:
    """The regions of a level below a parent (all of that level when no parent), by code."""
    return [Region(*row) for row in store.children(db, parent_code, level)]


def get(db: Database, code: str | None) -> Region | None:
    if not code:
        return None
    row = store.get(db, code)
    return Region(*row) if row else None


def case_column(db: Database, code: str | None) -> str | None:
    """The one indexed column of a case that a filter on this region compares with
    (village_code, township_code or county_code); None for an unknown region."""
    region = get(db, code)
    return CASE_COLUMN[region.level] if region else None


def within(db: Database, code: str) -> list[dict]:
    """The region and every region below it, each with code, name, level and parent_code."""
    return store.within(db, code)


def full_name(db: Database, village_code: str | None) -> str:
    """'清河县 柳林乡 杨庄村' for a village code, '' when unknown."""
    names, region = [], get(db, village_code)
    while region is not None:
        names.append(region.name)
        region = get(db, region.parent_code)
    return " ".join(reversed(names))
