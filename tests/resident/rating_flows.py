"""好差评 in tests: a case of a signed-in resident finished by a real staff step, and the
rating form of its submission's page posted as a browser would."""

from __future__ import annotations

from conftest import page, sign_in

from tests.staff.conftest import make_staff, post_step, staff_sign_in
from tests.staff.factory import create_case
from webapp.store.engine import connect

PHONE = "13700137000"


def sql(app, query: str, *params) -> list:
    db = connect(app.config["DATABASE"])
    try:
        return [tuple(row) for row in db.execute(query, params).fetchall()]
    finally:
        db.close()


def refused_case(app, db, *, phone: str = PHONE, reviewer: str = "liulin") -> tuple[int, str]:
    """A submitted application of `phone`'s resident (杨庄村, 柳林乡), refused acceptance by the
    柳林乡 reviewer through the case page: a finished service. (case id, reference)"""
    known = db.execute("SELECT id FROM residents WHERE phone = ?", [phone]).fetchone()
    case_id = create_case(db, state="submitted", resident=known is None, phone=phone)
    if known is not None:  # another case of the same resident
        with db.conn:
            db.execute("UPDATE submissions SET resident_id = ? WHERE id = "
                       "(SELECT submission_id FROM cases WHERE id = ?)", [known[0], case_id])
    staff = db.execute("SELECT id FROM staff WHERE username = ?", [reviewer]).fetchone()
    if staff is None:
        make_staff(db, username=reviewer)
    client = app.test_client()
    staff_sign_in(client, reviewer)
    response = post_step(client, case_id, "refuse_acceptance", reason="户籍不在本乡")
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    reference = db.execute("SELECT reference FROM cases WHERE id = ?", [case_id]).fetchone()[0]
    return case_id, reference


def invitation_id(app, case_id: int) -> int:
    return sql(app, "SELECT id FROM rating_invitations WHERE case_id = ? ORDER BY id DESC",
               case_id)[0][0]


def resident_client(app, phone: str = PHONE):
    client = app.test_client()
    sign_in(client, app, phone)
    return client


def rate_on_web(client, reference: str, invitation: int, level: str, comment: str = ""):
    """Post the rating form of the submission's page, with its CSRF token."""
    prefix = f"rating{invitation}"
    soup = page(client.get(f"/submissions/{reference}"))
    token = soup.find("input", {"name": f"{prefix}-csrf_token"})["value"]
    return client.post(f"/submissions/{reference}/ratings/{invitation}",
                       data={f"{prefix}-csrf_token": token, f"{prefix}-level": level,
                             f"{prefix}-comment": comment})
