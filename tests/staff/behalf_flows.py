"""A village assistant fills the forms on a resident's behalf through the test client: the same
answers as tests/web/flows.py, sent to the assistant's addresses under /staff/for/…"""

from __future__ import annotations

import base64
import io
import re
from urllib.parse import urlsplit

from conftest import csrf, deliver, page
from PIL import Image, ImageDraw

from tests.staff.conftest import make_staff, staff_sign_in
from tests.web.flows import (
    APPLICANT_HEALTH,
    APPLICATION,
    APPLICATION_STEPS,
    INCOMES,
    SELF_DECLARATION,
    SPOUSE,
    YANGZHUANG,
    id_number,
    income_answers,
    member_data,
    plain_income,
    saved,
    sign_data,
)

RESIDENT = {"name": "赵大娘", "id_number": id_number("19480203", sequence="064")}
ASSISTANT_NAME = "王协理"


def assistant_client(app, db, username: str = "wangxl", region: str = YANGZHUANG,
                     name: str = ASSISTANT_NAME, role: str = "assistant"):
    """A browser in which a staff member (by default the 杨庄村 assistant) has signed in."""
    make_staff(db, username=username, role=role, region=region, name=name)
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return client


def token(client) -> str:
    return csrf(client.get("/staff/assistant/new"))


def choose_resident(client, form: str = "application", phone: str | None = "13700137000",
                    **resident):
    """Press 开始填写 on the assistant's 帮村民办理 page."""
    data = {"flow": form, **RESIDENT, **resident, "phone": phone or ""}
    return client.post("/staff/assistant/new", data={"csrf_token": token(client), **data})


def start_for(client, form: str = "application", phone: str | None = "13700137000",
              **resident) -> int:
    """Choose the resident and land on the first step; return the draft's id."""
    location = saved(choose_resident(client, form, phone, **resident))
    first = saved(client.get(location))
    assert urlsplit(first).path.startswith("/staff/for/"), first
    return int(re.search(r"/staff/for/(\d+)/", first).group(1))


def url(sid: int, path: str) -> str:
    return f"/staff/for/{sid}/{path}"


def fill_application_for(client, sid: int, upto: str = "sign", members=(SPOUSE,),
                         **answers) -> None:
    """Save every page of the application before `upto` (check, notice or sign)."""
    data = {**APPLICATION, **answers}
    data["applicant"] = {**data["applicant"], "name": RESIDENT["name"],
                         "id_number": RESIDENT["id_number"]}
    fields = {"csrf_token": token(client)}

    def send(path, extra=None):
        return saved(client.post(url(sid, path), data={**(extra or {}), **fields}))

    for step in APPLICATION_STEPS[:APPLICATION_STEPS.index(upto)]:
        if step == "consent":
            send("step/consent", {**data["consent"], **APPLICANT_HEALTH})
        elif step == "members":
            for member in members:
                send("step/members", member_data(member))
            send("step/members", {"action": "continue", **income_answers(
                [INCOMES[i] if i < len(INCOMES) else {} for i in range(len(members) + 1)])})
        elif step == "income":
            for index in range(len(members) + 1):
                if index < len(INCOMES) and INCOMES[index]:
                    send(f"income/{index}", plain_income(INCOMES[index]))
            send("step/income")
        elif step in ("check", "notice"):
            send(step, {"read": "yes"} if step == "notice" else {})
        else:
            send(f"step/{step}", data[step])


def fill_self_declaration_for(client, sid: int) -> None:
    fields = {"csrf_token": token(client)}
    declarant = {**SELF_DECLARATION["declarant"], **RESIDENT}
    for step, answers in (("declarant", declarant), ("risks", SELF_DECLARATION["risks"]),
                          ("members", {"action": "continue"})):
        saved(client.post(url(sid, f"step/{step}"), data={**answers, **fields}))
    saved(client.post(url(sid, "check"), data=fields))


def send_sign_code(client, sid: int, members=(SPOUSE,)):
    """Press 发送验证码 on the sign page (the ticks so far are kept)."""
    return client.post(url(sid, "sign"), data={"csrf_token": token(client), "how": "sms_code",
                                               "action": "send_code", **sign_data(members)})


def consent_code(client, app, phone: str) -> str:
    """The newest consent code sent to `phone`, read from /dev/sms as a tester would."""
    deliver(app)
    for item in page(client.get("/dev/sms")).select(".sms-message"):
        meta = item.select_one(".sms-meta").get_text()
        if phone in item.select_one(".sms-to").get_text() and "consent_code" in meta:
            return re.search(r"验证码(\d{6})", item.select_one(".sms-body").get_text()).group(1)
    raise AssertionError(f"no consent code for {phone}")


def sign_with_code(client, sid: int, code: str, members=(SPOUSE,), **extra):
    return client.post(url(sid, "sign"), data={"csrf_token": token(client), "how": "sms_code",
                                               "code": code, **sign_data(members), **extra})


def drawn_png(width: int = 320, height: int = 160, blank: bool = False) -> str:
    """A signature as the pad sends it: a transparent PNG with a black stroke, as a data URL."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line([(20, 100), (80, 40), (140, 110), (220, 50)], fill=(0, 0, 0, 255),
                                   width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def sign_with_drawing(client, sid: int, signature: str | None = None, members=(SPOUSE,),
                      witness: bool = True, **extra):
    data = {"csrf_token": token(client), "how": "drawn_signature",
            "signature": drawn_png() if signature is None else signature, **sign_data(members),
            **extra}
    if witness:
        data["witness"] = "yes"
    return client.post(url(sid, "sign"), data=data)


def cut_png() -> str:
    """A drawing cut short on its way (its end lost)."""
    whole = base64.b64decode(drawn_png().split(",", 1)[1])
    return "data:image/png;base64," + base64.b64encode(whole[:len(whole) // 2]).decode()
