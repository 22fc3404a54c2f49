"""Nothing typed is lost when the 30-minute idle limit ends a session in the middle of a step."""

from __future__ import annotations

from conftest import latest_code, page, post, sign_in

from webapp.store.engine import connect


def test_answers_posted_after_the_session_ended_come_back_after_signing_in(client, app):
    sign_in(client, app, "13700137000")
    token = page(client.get("/start/application")).find("input", {"name": "csrf_token"})["value"]
    step = client.post("/start/application/begin", data={"csrf_token": token}).headers["Location"]
    step = client.get(step).headers["Location"]
    token = page(client.get(step)).find("input", {"name": "csrf_token"})["value"]
    db = connect(app.config["DATABASE"])
    with db.conn:
        db.conn.execute("UPDATE resident_sessions SET last_seen = '2000-01-01T00:00:00+00:00'")

    response = client.post(step, data={"csrf_token": token, "name": "赵六",
                                       "id_number": "11010519491231002X", "phone": "13700137000"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin")
    signin_page = page(client.get(response.headers["Location"]))
    assert "30分钟" in signin_page.get_text()

    # Sign in again (a minute later, as the code limit requires).
    with db.conn:
        db.conn.execute("UPDATE sign_in_codes SET created_at = '2000-01-01T00:00:00+00:00'")
    post(client, response.headers["Location"], {"phone": "13700137000"})
    back = post(client, "/signin/code", {"code": latest_code(client, app, "13700137000")})
    assert back.headers["Location"] == step
    form = page(client.get(step))
    assert form.find("input", {"name": "name"})["value"] == "赵六"
    assert form.find("input", {"name": "id_number"})["value"] == "11010519491231002X"
    assert "刚才填的内容都还在" in form.get_text()
