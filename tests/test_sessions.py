"""Ending a session: signing out is not reported as the 30-minute idle limit."""

from __future__ import annotations

from conftest import page, sign_in


def test_a_cookie_replayed_after_signing_out_is_not_told_it_was_idle(client, app):
    sign_in(client, app, "13600136000")
    old_cookie = client.get_cookie("doudi").value
    token = page(client.get("/")).find("input", {"name": "csrf_token"})["value"]
    client.post("/signout", data={"csrf_token": token})
    client.set_cookie("doudi", old_cookie)
    response = client.get("/status")
    assert response.status_code == 302
    signin_page = page(client.get(response.headers["Location"])).get_text()
    assert "30分钟" not in signin_page
    assert "用手机号码登录" in signin_page
