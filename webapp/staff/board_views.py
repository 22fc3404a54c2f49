"""The deadline board of a township or county, and its case list as CSV and Excel. The list has
only what the board shows: no ID numbers, phone numbers or addresses."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template
from markupsafe import Markup

from webapp.domain.case_machine import MACHINES
from webapp.flows import get_flow
from webapp.services import audit, board, cases, regions
from webapp.staff import bp
from webapp.staff.authz import roles_for
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client

BOARD_ROLES = roles_for("export_cases")  # township reviewer, county confirmer, county admin
COLUMNS = (("reference", _("编号"), 18), ("form", _("事项"), 26), ("state", _("状态"), 18),
           ("village", _("村（社区）"), 16), ("accepted_on", _("受理日期"), 12),
           ("due_on", _("办结期限"), 12), ("days_left", _("剩余工作日"), 12))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _listed() -> tuple[list[dict], list[dict]]:
    """The region's cases (queue rows) and the same cases as export rows."""
    staff = current_staff()
    db = get_db()
    rows = cases.queue(db, staff.region_code)
    villages: dict[str, str] = {}
    for code in {r["village_code"] for r in rows}:
        region = regions.get(db, code)
        villages[code] = region.name if region else ""
    listed = [{"reference": r["reference"], "form": get_flow(r["form"]).title,
               "state": MACHINES[r["machine"]].states.get(r["state"], r["state"]),
               "village": villages.get(r["village_code"], ""), "accepted_on": r["accepted_on"] or "",
               # The column is 剩余工作日 for every case, relapse monitoring's plain-day deadlines too.
               "due_on": r["due_on"] or "", "days_left": r["working_days_left"]} for r in rows]
    return rows, listed


def _audit(action: str, count: int, **detail) -> None:
    staff = current_staff()
    db = get_db()
    with db.atomic():
        audit.record(db, staff.actor, action, f"region:{staff.region_code}", count=count,
                     client_address=client()["address"], **detail)


@bp.get("/board")
@staff_required(*BOARD_ROLES)
def board_page():
    staff = current_staff()
    rows, listed = _listed()
    summary = board.summary(rows, cases.today())
    _audit("viewed_board", len(rows))
    for row, item in zip(rows, listed, strict=True):
        item.update(id=row["id"], overdue=board.is_overdue(row), due_soon=board.is_due_soon(row),
                    closed=board.is_closed(row), fallback=bool(row["due_fallback"]),
                    calendar_days=row["calendar_days"], plain_days_left=row["days_left"])
    return render_template("staff/board.html", staff=staff, board=summary, cases=listed,
                           chart=Markup(board.svg(summary)),
                           region=regions.full_name(get_db(), staff.region_code),
                           due_soon_days=board.DUE_SOON_WORKING_DAYS)


def _safe(value):
    """A text cell a spreadsheet would take for a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _filename(ext: str) -> str:
    return f"cases-{current_staff().region_code}-{cases.today().isoformat()}.{ext}"


def _download(body: bytes, mimetype: str, ext: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(ext)}"'
    return response


@bp.get("/board/cases.csv")
@staff_required(*BOARD_ROLES)
def board_csv():
    _rows, listed = _listed()
    _audit("exported_cases", len(listed), format="csv")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for _key, title, _width in COLUMNS])
    for item in listed:
        writer.writerow([_safe(item[key]) if item[key] is not None else "" for key, _t, _w in COLUMNS])
    # The BOM tells Excel the file is UTF-8, so the Chinese opens readable.
    return _download(("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", "csv")


@bp.get("/board/cases.xlsx")
@staff_required(*BOARD_ROLES)
def board_xlsx():
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    _rows, listed = _listed()
    _audit("exported_cases", len(listed), format="xlsx")
    book = Workbook()
    sheet = book.active
    sheet.title = _("案件")
    sheet.append([title for _key, title, _width in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in listed:
        sheet.append([_safe(item[key]) for key, _t, _w in COLUMNS])
    for index, (_key, _title, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return _download(out.getvalue(), XLSX, "xlsx")
