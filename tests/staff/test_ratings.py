"""好差评 for staff (国办发〔2019〕51号): the township's paged list of bad ratings to answer,
overdue ones marked; its answer reaching the resident; other regions' ratings not there; the
county administrator's view per township."""

from __future__ import annotations

from conftest import csrf, page
from web.flows import CHENGGUAN, DONGGUAN, LIULIN, YANGZHUANG

from tests.staff.conftest import make_staff, staff_sign_in
from tests.staff.factory import create_case
from webapp.services import cases, ratings

PAGE = "/staff/ratings/followups"


def rated(db, level: int, *, village: str = YANGZHUANG, comment: str = "") -> int:
    """A case refused acceptance through the service, rated `level` on the web; its invitation."""
    case_id = create_case(db, state="submitted", village=village, resident=True)
    cases.act(db, case_id, "refuse_acceptance", role="township_reviewer", actor="staff:0",
              reason="不符合条件", signature="兜底服务", service="兜底服务")
    invitation = db.execute("SELECT id FROM rating_invitations WHERE case_id = ?",
                            [case_id]).fetchone()[0]
    ratings.rate(db, invitation, level, comment, channel="web", actor="resident:0",
                 followup_days=15)
    return invitation


def followup_of(db, invitation: int) -> int:
    return db.execute("SELECT f.id FROM rating_followups f JOIN ratings r ON r.id = f.rating_id "
                      "WHERE r.invitation_id = ?", [invitation]).fetchone()[0]


def signed_in(app, db, username: str, role: str, region: str):
    make_staff(db, username=username, role=role, region=region)
    client = app.test_client()
    staff_sign_in(client, username)
    return client


def answer(client, followup_id: int, text: str):
    token = csrf(client.get(PAGE))
    return client.post(f"{PAGE}/{followup_id}/answer", data={"csrf_token": token, "answer": text})


def test_the_township_lists_its_own_bad_ratings_only(app, db):
    own = rated(db, 5, comment="等太久")
    rated(db, 4, village=DONGGUAN, comment="城关镇的")
    rated(db, 2)  # a good rating opens nothing
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)

    soup = page(client.get(PAGE))

    rows = soup.select(".followup-row")
    assert len(rows) == 1 and "等太久" in rows[0].get_text() and "非常不满意" in rows[0].get_text()
    assert rows[0]["id"] == f"followup-{followup_of(db, own)}"
    assert "差评回访" in soup.select_one(".staff-nav").get_text()


def test_an_overdue_follow_up_is_marked_overdue(app, db):
    late = followup_of(db, rated(db, 4))
    rated(db, 5)
    with db.conn:
        db.execute("UPDATE rating_followups SET due_on = '2020-01-02' WHERE id = ?", [late])
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)

    rows = page(client.get(PAGE)).select(".followup-row")

    assert [("overdue" in r["class"], "已超期" in r.get_text()) for r in rows] == [
        (True, True), (False, False)]  # the overdue one first: earliest due first


def test_the_list_is_paged(app, db):
    for _ in range(ratings.PAGE_SIZE + 1):
        rated(db, 5)
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)

    first = page(client.get(PAGE))
    second = page(client.get(PAGE + "?page=2"))

    assert len(first.select(".followup-row")) == ratings.PAGE_SIZE
    assert len(second.select(".followup-row")) == 1
    assert first.select_one("a[rel=next]")["href"].endswith("page=2")
    assert client.get(PAGE + "?page=x").status_code == 422


def test_the_answer_leaves_the_list_and_is_sent_to_the_resident(app, db):
    followup_id = followup_of(db, rated(db, 4))
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)

    response = answer(client, followup_id, "已上门说明情况，欢迎再次申请。")

    assert response.status_code == 302
    assert page(client.get(PAGE)).select(".followup-row") == []
    [(text, by)] = db.execute("SELECT answer, answered_by FROM rating_followups").fetchall()
    assert text == "已上门说明情况，欢迎再次申请。" and by.startswith("staff:")
    [body] = [r[0] for r in db.execute("SELECT body FROM outbox WHERE template = 'rating_answer'")]
    assert "欢迎再次申请" in body
    assert answer(client, followup_id, "再答一次").status_code == 302  # told: answered already
    assert db.execute("SELECT count(*) FROM outbox WHERE template = 'rating_answer'").fetchone()[0] == 1


def test_an_empty_or_too_long_answer_is_refused_and_what_was_typed_is_kept(app, db):
    followup_id = followup_of(db, rated(db, 5))
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)

    empty = answer(client, followup_id, "   ")
    long = answer(client, followup_id, "答" * 301)

    assert empty.status_code == long.status_code == 422
    assert "请写明答复的内容" in page(empty).select_one(".error-summary").get_text()
    assert page(long).select_one(f"#answer-{followup_id}").get_text() == "答" * 301
    assert db.execute("SELECT answered_at FROM rating_followups").fetchone()[0] is None


def test_another_townships_follow_up_is_not_there(app, db):
    followup_id = followup_of(db, rated(db, 5))
    client = signed_in(app, db, "chengguan", "township_reviewer", CHENGGUAN)

    assert answer(client, followup_id, "不是我们乡的").status_code == 404
    assert page(client.get(PAGE)).select(".followup-row") == []
    assert db.execute("SELECT answered_at FROM rating_followups").fetchone()[0] is None


def test_the_county_administrator_sees_ratings_and_follow_ups_per_township(app, db):
    for level in (1, 2, 2, 5):
        rated(db, level)
    rated(db, 4, village=DONGGUAN)
    answered, late = followup_of(db, rated(db, 4)), followup_of(db, rated(db, 5))
    with db.conn:
        db.execute("UPDATE rating_followups SET answered_at = '2026-12-01T00:00:00+00:00' "
                   "WHERE id = ?", [answered])
        db.execute("UPDATE rating_followups SET due_on = '2020-01-02' WHERE id = ?", [late])
    client = signed_in(app, db, "admin", "county_admin", "999901000000")

    soup = page(client.get("/staff/county/ratings"))

    liulin = soup.select_one(f"tr[data-township='{LIULIN}']")
    cells = {c: liulin.select_one(f".{c}").get_text() for c in
             ("ratings-count", "level-1", "level-2", "level-4", "level-5", "average", "open",
              "overdue", "answered")}
    assert cells == {"ratings-count": "6", "level-1": "1", "level-2": "2", "level-4": "1",
                     "level-5": "2", "average": f"{19 / 6:.2f}", "open": "2", "overdue": "1",
                     "answered": "1"}
    assert soup.select_one(f"tr[data-township='{CHENGGUAN}'] .open").get_text() == "1"
    assert "好差评情况" in soup.select_one(".staff-nav").get_text()
