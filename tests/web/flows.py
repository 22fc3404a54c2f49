"""Walk the resident forms through the test client, so each test starts where it needs to.

The answers are those of /tmp/smoke.py: 张三 applies for his household of two; his wife 李四
has a physical disability; he earns wages and spent money on medical care.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlsplit

from conftest import csrf, deliver, latest_code, page, sign_in  # noqa: F401

from webapp.store.engine import connect

PHONE = "13800138000"
OTHER_PHONE = "13900139000"

# Demo regions (webapp/data/demo_regions.csv)
COUNTY = "999901000000"  # 清河县（演示）
LIULIN = "999901102000"  # 柳林乡
YANGZHUANG = "999901102202"  # 杨庄村, in 柳林乡
CHENGGUAN = "999901101000"  # 城关镇
DONGGUAN = "999901101201"  # 东关村, in 城关镇

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def id_number(birth: str = "19800101", region: str = "110105", sequence: str = "123") -> str:
    """A valid 18-character ID number: the GB 11643 check character computed here, not by the app."""
    first_17 = region + birth + sequence
    value = (12 - sum(int(d) * w for d, w in zip(first_17, WEIGHTS, strict=True)) % 11) % 11
    return first_17 + ("X" if value == 10 else str(value))


def with_wrong_check(number: str) -> str:
    """The same number with a check character that does not fit."""
    return number[:17] + ("0" if number[17] != "0" else "1")


def id_ending_in_x(birth: str = "19491231") -> str:
    return next(n for n in (id_number(birth, sequence=f"{s:03d}") for s in range(1000))
                if n.endswith("X"))


def years_ago(years: int, days: int = 0) -> str:
    """A birth date (YYYYMMDD) that makes someone this old today in Beijing, `days` past the
    birthday."""
    today = datetime.now(timezone(timedelta(hours=8))).date()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        birthday = today.replace(year=today.year - years, day=28)
    return (birthday - timedelta(days=days)).strftime("%Y%m%d")


APPLICANT_ID = id_ending_in_x("19491231")
SPOUSE_ID = id_number("19500101", sequence="001")
SON_ID = id_number("19780506", sequence="013")
CHILD_ID = id_number(years_ago(8, days=30), sequence="022")

APPLICANT = {"name": "张三", "id_number": APPLICANT_ID, "phone": PHONE}


def other_person(number: int, **changes) -> dict:
    """APPLICANT's answers for the n-th other person of his age (a person has one open
    application at a time, and each ID number one name)."""
    return {**APPLICANT, "id_number": id_number("19491231", region="110106",
                                                sequence=f"{number % 1000:03d}"), **changes}
RESIDENCE = {"county": COUNTY, "township": LIULIN, "village": YANGZHUANG, "address": "3组12号",
             "hukou_same": "yes"}
CONSENT = {"sensitive": "yes"}
APPLICANT_HEALTH = {"serious_illness": "no", "labor_ability": "full", "work": "farming",
                    "disability_kind": ""}
SPOUSE = {"name": "李四", "id_number": SPOUSE_ID, "relation": "spouse", "serious_illness": "no",
          "labor_ability": "partial", "work": "farming", "disability_kind": "physical",
          "disability_grade": "2"}
SON = {"name": "张小明", "id_number": SON_ID, "relation": "child", "serious_illness": "no",
       "labor_ability": "full", "work": "employed", "disability_kind": ""}
CHILD = {"name": "张小红", "id_number": CHILD_ID, "relation": "grandchild",
         "serious_illness": "no", "labor_ability": "none", "work": "student",
         "disability_kind": ""}
INCOMES = ({"wages": "12000", "employment_costs": "1000", "x_basic_pension": "1500"}, {})
PROPERTY = {"houses": "1", "vehicles": "0", "deposits": "3000", "business": "no"}
SPENDING = {"medical": "8000", "education": ""}
SITUATION = {"what_happened": "老伴生病，看病花了很多钱", "help": ["living", "medical"]}

APPLICATION = {"applicant": APPLICANT, "residence": RESIDENCE, "consent": CONSENT,
               "property": PROPERTY, "spending": SPENDING, "situation": SITUATION}
APPLICATION_STEPS = ("applicant", "residence", "consent", "members", "income", "property",
                     "spending", "situation", "check", "notice", "sign", "submitted")

DECLARANT = {"name": "王芳", "id_number": id_number("19720315", sequence="046"),
             "county": COUNTY, "township": LIULIN, "village": YANGZHUANG}
RISKS = {"risks": ["income_drop", "unstable_work"]}
OUTLOOK = {"income": "20000", "rigid_spending": "6000", "description": "丈夫在外打工，工地停工了"}
HUSBAND = {"name": "刘强", "id_number": id_number("19700708", sequence="031"),
           "relation": "spouse"}
SELF_DECLARATION = {"declarant": DECLARANT, "risks": {**RISKS, **OUTLOOK}}
SELF_DECLARATION_STEPS = ("declarant", "risks", "members", "check", "sign", "submitted")


# --- pages and answers -------------------------------------------------------------------

def step_url(sid: int, step: str, **query: str) -> str:
    url = f"/forms/{sid}/step/{step}"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def saved(response) -> str:
    """Assert a POST was accepted (302) and return where it leads."""
    if response.status_code != 302:
        soup = page(response)
        messages = [e.get_text(" ", strip=True) for e in soup.select(".error, .error-summary")]
        raise AssertionError(f"expected 302, got {response.status_code}: {messages}")
    return response.headers["Location"]


def error(response, name: str) -> str | None:
    """The message shown next to a field (#field-<name>), or None."""
    field = page(response).select_one(f"#field-{name}")
    assert field is not None, f"no #field-{name} on the page"
    message = field.select_one(".error")
    return message.get_text(strip=True) if message else None


def summary(response) -> str:
    """The text of the error summary at the top of the page ('' when there is none)."""
    box = page(response).select_one(".error-summary")
    return box.get_text(" ", strip=True) if box else ""


def value(response, name: str, within: str = "main"):
    """What an input shows: its value, the selected option, the ticked choices (a list)."""
    soup = page(response).select_one(within)
    inputs = soup.select(f'[name="{name}"]')
    assert inputs, f"no input named {name}"
    first = inputs[0]
    if first.name == "select":
        chosen = first.select_one("option[selected]")
        return chosen["value"] if chosen else ""
    if first.name == "textarea":
        return first.get_text()
    if first.get("type") == "radio":
        ticked = [i["value"] for i in inputs if i.has_attr("checked")]
        return ticked[0] if ticked else None
    if first.get("type") == "checkbox":
        return [i["value"] for i in inputs if i.has_attr("checked")]
    return first.get("value", "")


def text(response, selector: str = "main") -> str:
    node = page(response).select_one(selector)
    assert node is not None, f"nothing matches {selector}"
    return node.get_text(" ", strip=True)


def token(client, url: str = "/start/application") -> str:
    """A CSRF token for the client's session, from a page that has a form."""
    return csrf(client.get(url))


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST a form the way a browser would (conftest.post), also to POST-only addresses,
    whose token then comes from another page of the same session."""
    data = dict(data or {})
    if "csrf_token" not in data:
        field = page(client.get(url)).find("input", {"name": "csrf_token"})
        data["csrf_token"] = field["value"] if field else token(client)
    return client.post(url, data=data, **kwargs)


# --- the database, for reading what was saved and for moving time -------------------------

def sql(app, statement: str, *params) -> list[sqlite3.Row]:
    """Run one statement against the app's SQLite file, committed, and return its rows."""
    database = connect(app.config["DATABASE"])
    try:
        rows = list(database.execute(statement, params).fetchall())
        database.conn.commit()
        return rows
    finally:
        database.close()


def move_back(app, table: str, columns: tuple[str, ...], delta: timedelta,
              where: str = "1", *params) -> None:
    """Move stored times into the past, as if `delta` had passed since they were written."""
    for row in sql(app, f"SELECT id, {', '.join(columns)} FROM {table} WHERE {where}", *params):
        moved = {c: (datetime.fromisoformat(row[c]) - delta).isoformat(timespec="seconds")
                 for c in columns if row[c]}
        if moved:
            assignments = ", ".join(f"{c} = ?" for c in moved)
            sql(app, f"UPDATE {table} SET {assignments} WHERE id = ?", *moved.values(), row["id"])


def forget_codes(app) -> None:
    """Let a day pass for every code sent so far, so the sending limits allow a new one."""
    move_back(app, "sign_in_codes", ("created_at", "expires_at"), timedelta(days=2))


def sign_in_again(client, app, phone: str = PHONE, next_url: str | None = None):
    """Sign in again later, on another device or after signing out (the sending limits
    are moved out of the way)."""
    forget_codes(app)
    return sign_in(client, app, phone, quote(next_url, safe="") if next_url else None)


def sign_out(client):
    return client.post("/signout", data={"csrf_token": token(client, "/")})


def submission(app, sid: int) -> sqlite3.Row:
    return sql(app, "SELECT * FROM submissions WHERE id = ?", sid)[0]


def sms_bodies(client, app, template: str | None = None) -> list[str]:
    """What /dev/sms shows after the worker has run, newest first."""
    deliver(app)
    soup = page(client.get("/dev/sms"))
    return [m.select_one(".sms-body").get_text() for m in soup.select(".sms-message")
            if template is None or template in m.select_one(".sms-meta").get_text()]


def path_of(location: str) -> str:
    return urlsplit(location).path


# --- walking the forms -------------------------------------------------------------------

def start(client, form: str = "application") -> int:
    """Press 开始填写 on a form's start page; return the draft's id."""
    location = saved(post(client, f"/start/{form}/begin",
                          {"csrf_token": token(client, f"/start/{form}")}))
    return int(path_of(location).rsplit("/", 1)[1])


def member_data(member: dict) -> dict:
    return {"action": "add", **member}


# The plain question (PlainIncomeForm) each official kind of INCOMES is asked as.
PLAIN_OF = {"wages": "work", "farming": "farming", "business": "business", "property": "rent",
            "support": "relatives"}
SUBSIDY_OF = {"transfers": "other_subsidy", "x_disability_subsidy": "disability_subsidy",
              "x_old_age_allowance": "old_age_allowance",
              "x_survivor_pension": "survivor_pension", "x_family_planning": "family_planning",
              "x_award": "award"}


def plain_income(official: dict) -> dict:
    """The plain income page's answers for amounts given by official kind ({"wages": "12000",
    "x_basic_pension": "1500"}): 打工 有 12000, 养老金 有 (城乡居民养老金) 1500, the rest 没有."""
    answers = {f"has_{name}": "no" for name in ("farming", "work", "business", "pension",
                                                "subsidy", "relatives", "rent")}
    for kind, amount in official.items():
        if kind in PLAIN_OF:
            answers.update({f"has_{PLAIN_OF[kind]}": "yes", PLAIN_OF[kind]: amount})
        elif kind in SUBSIDY_OF:
            answers.update({"has_subsidy": "yes", SUBSIDY_OF[kind]: amount})
        elif kind == "x_basic_pension":
            answers.update({"has_pension": "yes", "pension_kind": "resident_pension",
                            "pension": amount})
        elif kind == "employment_costs":
            answers["employment_costs"] = amount
    return answers


def income_answers(incomes) -> dict:
    """The members list's 有没有收入 for each member: 有 where an income is given."""
    return {f"income-{i}": "yes" if income else "no" for i, income in enumerate(incomes)}


def sign_data(members=()) -> dict:
    """Everything the sign page asks, ticked; each member types their own name."""
    data = {"commit": "yes", "authorize": "yes"}
    for index, member in enumerate(members, start=1):
        data[f"member-{index}-name"] = member["name"]
        data[f"member-{index}-agree"] = "yes"
    return data


def fill_application(client, upto: str = "check", *, members=(SPOUSE,),
                     incomes=INCOMES, health=APPLICANT_HEALTH, **answers) -> int:
    """Start (or resume) an aid application and save every page before `upto`.

    `upto` is a step id, or check / notice / sign / submitted. Answers default to
    APPLICATION; pass e.g. spending={...} to change one page.
    """
    sid = start(client, "application")
    data = {**APPLICATION, **answers}
    csrf_token = {"csrf_token": token(client, "/start/application")}

    def send(url, fields=None):
        return saved(client.post(url, data={**(fields or {}), **csrf_token}))

    for step in APPLICATION_STEPS[:APPLICATION_STEPS.index(upto)]:
        if step == "consent":
            send(step_url(sid, "consent"), {**data["consent"], **health})
        elif step == "members":
            for member in members:
                send(step_url(sid, "members"), member_data(member))
            send(step_url(sid, "members"), {"action": "continue", **income_answers(
                [incomes[i] if i < len(incomes) else {} for i in range(len(members) + 1)])})
        elif step == "income":
            for index in range(len(members) + 1):
                if index < len(incomes) and incomes[index]:
                    send(f"/forms/{sid}/income/{index}", plain_income(incomes[index]))
            send(step_url(sid, "income"))
        elif step == "check":
            send(f"/forms/{sid}/check")
        elif step == "notice":
            send(f"/forms/{sid}/notice", {"read": "yes"})
        elif step == "sign":
            send(f"/forms/{sid}/sign", sign_data(members))
        else:
            send(step_url(sid, step), data[step])
    return sid


def submit_application(client, members=(SPOUSE,), **answers) -> str:
    """Fill, read, sign and submit an application; return its reference."""
    sid = fill_application(client, "sign", members=members, **answers)
    location = saved(post(client, f"/forms/{sid}/sign", sign_data(members)))
    return path_of(location).rsplit("/", 1)[1]


def fill_self_declaration(client, upto: str = "check", *, members=(), **answers) -> int:
    """Start (or resume) a self-declaration and save every page before `upto`."""
    sid = start(client, "self_declaration")
    _walk(client, sid, SELF_DECLARATION_STEPS, upto, {**SELF_DECLARATION, **answers}, members,
          {"commit": "yes"})
    return sid


def _walk(client, sid: int, steps: tuple[str, ...], upto: str, data: dict, members,
          signing: dict) -> None:
    """Save every page of a short form before `upto`: its steps with `data`, the members listed
    and continued, the check page, the notice where the form has one, the sign page."""
    csrf_token = {"csrf_token": token(client, "/start/application")}

    def send(url, fields=None):
        return saved(client.post(url, data={**(fields or {}), **csrf_token}))

    for step in steps[:steps.index(upto)]:
        if step == "members":
            for member in members:
                send(step_url(sid, "members"), member_data(member))
            send(step_url(sid, "members"), {"action": "continue"})
        elif step == "check":
            send(f"/forms/{sid}/check")
        elif step == "notice":
            send(f"/forms/{sid}/notice", {"read": "yes"})
        elif step == "sign":
            send(f"/forms/{sid}/sign", signing)
        else:
            send(step_url(sid, step), data[step])


# --- temporary aid: 赵六, whose hukou is in another province, lost his house to a fire in 杨庄村

HARDSHIP_PERSON = {"name": "赵六", "id_number": id_number("19850210", region="510105", sequence="071"),
                   "phone": PHONE}
PLACE = {"county": COUNTY, "township": LIULIN, "village": YANGZHUANG, "address": "村东砖厂宿舍",
         "hukou": "elsewhere"}
EVENT = {"kind": "fire_or_disaster", "since": "", "what_happened": "宿舍失火，衣物被褥全烧了"}
HOUSEHOLD = {"size": "2", "needs": ["food", "shelter"], "amount_asked": "1500"}
TEMPORARY_AID = {"person": HARDSHIP_PERSON, "place": PLACE, "event": EVENT, "household": HOUSEHOLD}
TEMPORARY_AID_STEPS = ("person", "place", "event", "household", "members", "check", "notice",
                       "sign", "submitted")


def fill_temporary_aid(client, upto: str = "check", *, members=(), **answers) -> int:
    """Start (or resume) a request for temporary aid and save every page before `upto`."""
    sid = start(client, "temporary_aid")
    data = {**TEMPORARY_AID, **answers}
    data["event"] = {**data["event"], "since": data["event"]["since"] or _days_ago(3)}
    _walk(client, sid, TEMPORARY_AID_STEPS, upto, data, members, sign_data(members))
    return sid


def _days_ago(days: int) -> str:
    return (datetime.now(timezone(timedelta(hours=8))).date() - timedelta(days=days)).isoformat()
