"""The deadline board of a township or county, and its case list as CSV and Excel. The list has
only what the board shows: no ID numbers, phone numbers or addresses. The board's counts come
from aggregate queries; its list is one page of a queue; the exports stream rows as they are read
in keyset batches, so neither holds a county's cases in memory."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator

from flask import Response, abort, current_app, render_template, request, stream_with_context
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from webapp.domain.case_machine import DEADLINE_LABELS, MACHINES, Group
from webapp.flows import get_flow
from webapp.services import audit, board, cases, queues, regions
from webapp.services.authz import roles_for
from webapp.staff import bp
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import connect, get_db
from webapp.web.i18n import _
from webapp.web.security import client

BOARD_ROLES = roles_for("export_cases")  # township reviewer, county confirmer, county admin
COLUMNS = (("reference", _("编号"), 18), ("form", _("事项"), 26), ("state", _("状态"), 18),
           ("village", _("村（社区）"), 16), ("accepted_on", _("受理日期"), 12),
           ("due_on", _("办结期限"), 12), ("days_left", _("剩余工作日"), 12))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 64 * 1024


def _exported(row: dict) -> dict:
    """A case as a line of the export."""
    return {"reference": row["reference"], "form": get_flow(row["form"]).title,
            "state": MACHINES[row["machine"]].states.get(row["state"], row["state"]),
            "village": row["village"] or "", "accepted_on": row["accepted_on"] or "",
            # The column is 剩余工作日 for every case, relapse monitoring's plain-day deadlines too.
            # A finished or settled case has no running deadline: neither is exported.
            "due_on": "" if row["closed"] else row["due_on"] or "",
            "days_left": None if row["closed"] else row["working_days_left"]}


def _audit(action: str, count: int, **detail) -> None:
    staff = current_staff()
    db = get_db()
    with db.atomic():
        audit.record(db, staff.actor, action, f"region:{staff.region_code}", count=count,
                     client_address=client()["address"], **detail)


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


@bp.get("/board")
@staff_required(*BOARD_ROLES)
def board_page():
    staff = current_staff()
    db = get_db()
    on, cal = cases.today(), cases.calendar(db)
    counts, due = queues.board_counts(db, staff.region_code, on, cal)
    summary = board.from_counts(counts, due, on)
    chosen = request.args.get("queue") or Group.OPEN.value
    try:
        listed = queues.queue(db, staff.region_code, chosen, _page_number(), on=on, cal=cal)
    except queues.UnknownQueue:
        abort(404)
    _audit("viewed_board", summary.total, page=listed.number)
    return render_template("staff/board.html", staff=staff, board=summary, listed=listed,
                           chosen=chosen, chart=Markup(board.svg(summary)), get_flow=get_flow,
                           region=regions.full_name(db, staff.region_code),
                           due_soon_days=board.DUE_SOON_WORKING_DAYS,
                           due_label=DEADLINE_LABELS[""])  # other deadlines are named on their row


def _safe(value):
    """A text cell a spreadsheet would take for a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _filename(ext: str) -> str:
    return f"cases-{current_staff().region_code}-{cases.today().isoformat()}.{ext}"


def _download(body, mimetype: str, ext: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(ext)}"'
    return response


def _listed() -> tuple[int, Iterator[dict]]:
    """How many cases the region has, and every one of them as export lines, read in batches
    on a connection of the export's own (the request's closes before the rows are sent)."""
    region_code = current_staff().region_code
    path = current_app.config["DATABASE"]

    def lines() -> Iterator[dict]:
        db = connect(path)
        try:
            for row in queues.export_rows(db, region_code, cases.today(), cases.calendar(db)):
                yield _exported(row)
        finally:
            db.close()

    return queues.total(get_db(), region_code), lines()


def csv_lines(rows) -> Iterator[str]:
    """The CSV file line by line: the BOM (so Excel opens the Chinese readable), the header, rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for _key, title, _width in COLUMNS])
    yield "\ufeff" + out.getvalue()
    for item in rows:
        out.seek(0)
        out.truncate()
        writer.writerow([_safe(item[key]) if item[key] is not None else "" for key, _t, _w in COLUMNS])
        yield out.getvalue()


@bp.get("/board/cases.csv")
@staff_required(*BOARD_ROLES)
def board_csv():
    total, rows = _listed()
    _audit("exported_cases", total, format="csv")
    body = (line.encode("utf-8") for line in csv_lines(rows))
    return _download(stream_with_context(body), "text/csv; charset=utf-8", "csv")


def _xlsx_file(rows) -> Iterator[bytes]:
    """The workbook written row by row (write-only: rows go to disk, not memory), then read back
    in chunks."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("案件"))
    for index, (_key, _title, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for _key, title, _width in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for item in rows:
        sheet.append([_safe(item[key]) for key, _t, _w in COLUMNS])
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(CHUNK):
            yield chunk


@bp.get("/board/cases.xlsx")
@staff_required(*BOARD_ROLES)
def board_xlsx():
    total, rows = _listed()
    _audit("exported_cases", total, format="xlsx")
    return _download(stream_with_context(_xlsx_file(rows)), XLSX, "xlsx")
