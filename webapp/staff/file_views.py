"""The household file (一户一档) of a case, printed as a PDF by staff covering its region; every
print is recorded like any view of the case file."""

from __future__ import annotations

from flask import Response, abort

from webapp.services import audit, authz, cases, household_file
from webapp.staff import bp
from webapp.staff.guard import current_staff, require_region, staff_required
from webapp.store.engine import get_db
from webapp.web.security import client


@bp.get("/cases/<int:case_id>/household-file.pdf")
@staff_required(*authz.roles_for("view_case"))
def household_file_pdf(case_id: int):
    db = get_db()
    case = cases.get(db, case_id) if 0 < case_id < 2**63 else None
    if case is None:
        abort(404)
    require_region(case.village_code)
    staff = current_staff()
    printed = household_file.render_pdf(db, case, printed_by=f"{staff.name}（{staff.role_label}）")
    with db.atomic():
        audit.record(db, staff.actor, "printed_household_file", f"case:{case_id}",
                     client_address=client()["address"])
    return Response(printed.pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{printed.reference}.pdf"',
        "Cache-Control": "no-store"})


@bp.context_processor
def _case_signatures():
    """The case page's list of who signed which letter, for whom and how
    (templates/staff/_case_signatures.html)."""
    return {"case_signatures":
            lambda submission_id: household_file.signed(get_db(), submission_id)[0]}
