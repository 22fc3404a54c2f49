"""Pages, fields and taps of each form for the demo personas (issue 11: a self-declaration of at
most 4 pages before the letter; a 3-person application of at most 12 pages).

Each persona walks its form through the real app (Flask's test client, a real SQLite file), the
way bench/pages.py does. For every page shown it counts the fields a resident sees (inputs other
than hidden ones, selects, text areas) and the taps the persona makes there: one to focus each
field filled in, one for each radio or checkbox chosen, one for each button pressed (a page
shown again after 添加 counts again: the resident sees it again). "Before the letter" counts the
form's pages (not its start page) up to the first letter page (告知书, or 承诺和授权 where the
form has no notice letter); "in all" counts every page from the start page to the submitted one.
Run: .venv/bin/python bench/form_shape.py [--markdown]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import NO_INCOME, VILLAGE, post  # noqa: E402
from webapp.app import create_app  # noqa: E402
from webapp.domain.id_number import check_character  # noqa: E402
from webapp.store.engine import connect  # noqa: E402

LETTER_PAGES = ("/notice", "/sign")
TICKED = {"checkbox", "radio"}


@dataclass
class Walk:
    """What one persona saw and did."""

    name: str
    pages: list[str] = field(default_factory=list)
    fields: int = 0
    taps: int = 0
    before_letter: int | None = None

    def see(self, client, url: str) -> str:
        html = client.get(url).get_data(as_text=True)
        main = BeautifulSoup(html, "html.parser").select_one("main")
        if self.before_letter is None and url.split("?")[0].endswith(LETTER_PAGES):
            self.before_letter = sum(1 for seen in self.pages if seen.startswith("/forms/"))
        self.pages.append(url)
        self.fields += sum(1 for node in main.select("input, select, textarea")
                           if node.get("type") not in ("hidden", "submit", "button"))
        return html

    def press(self, client, url: str, data: dict) -> str:
        """Fill in `data` on the page at `url` and press its button; where it goes next."""
        html = self.see(client, url)
        soup = BeautifulSoup(html, "html.parser")
        token = soup.select_one("main form input[name=csrf_token]")["value"]
        for name, value in data.items():
            node = soup.select_one(f'main [name="{name}"]')
            kind = node.get("type") if node is not None else None
            self.taps += len(value) if isinstance(value, list) else 1 if value and kind else 0
        self.taps += 1  # the button
        response = client.post(url, data={"csrf_token": token, **data})
        if response.status_code not in (302, 303):
            refused = BeautifulSoup(response.get_data(as_text=True), "html.parser")
            raise AssertionError((url, response.status_code, [e.get_text(" ", strip=True)
                                  for e in refused.select(".error")]))
        return response.headers["Location"]


def sign_in(client, app, phone: str) -> None:
    """Sign in with the code the console SMS backend left in the outbox."""
    post(client, "/signin", {"phone": phone})
    db = connect(app.config["DATABASE"])
    code = db.execute("SELECT json_extract(params, '$.code') FROM outbox WHERE phone = ? AND "
                      "template = 'sign_in_code' ORDER BY id DESC LIMIT 1", [phone]).fetchone()[0]
    db.close()
    post(client, "/signin/code", {"code": code})


def start(client, walk: Walk, form: str) -> str:
    walk.see(client, f"/start/{form}")
    walk.taps += 1
    html = client.get(f"/start/{form}").get_data(as_text=True)
    token = BeautifulSoup(html, "html.parser").select_one(
        f'main form[action="/start/{form}/begin"] input[name=csrf_token]')["value"]
    begun = client.post(f"/start/{form}/begin", data={"csrf_token": token})
    return client.get(begun.headers["Location"]).headers["Location"]


def follow(client, walk: Walk, location: str, answers: dict[str, dict]) -> None:
    """Press on from `location` with the persona's answers for each page until submitted."""
    while "/submissions/" not in location:
        page_key = location.split("?")[0].rsplit("/", 1)[1]
        location = walk.press(client, location, answers.get(page_key, {}))
    walk.see(client, location)


# --- the personas ---------------------------------------------------------------------------

def id_number(birth: str, sequence: str) -> str:
    first_17 = "110105" + birth + sequence
    return first_17 + check_character(first_17)


WANG = {"name": "王秀英", "id_number": id_number("19480312", "002")}


def self_declaration(client) -> Walk:
    """王秀英, 78, alone, fell ill this year: one risk, no members, signs herself."""
    walk = Walk("self-declaration: 王秀英 (alone, illness)")
    location = start(client, walk, "self_declaration")
    follow(client, walk, location, {
        "declarant": {**VILLAGE, **WANG},
        "risks": {"risks": ["illness"], "sensitive": "y"},
        "members": {"action": "continue"},
        "sign": {"commit": "yes"}})
    return walk


APPLICANT = {"name": "张三", "id_number": id_number("19620105", "013"), "phone": "13800138000"}
SPOUSE = {"name": "李四", "id_number": id_number("19600101", "024"), "relation": "spouse",
          "serious_illness": "no", "labor_ability": "partial", "work": "retired"}
GRANDSON = {"name": "张小明", "id_number": id_number("20120304", "015"), "relation": "grandchild",
            "serious_illness": "no", "labor_ability": "none", "work": "student"}


def application(client) -> Walk:
    """张三 (works in town), his wife 李四 (a pensioner whose only money is the basic pension of
    the urban-rural resident pension, which is not counted: 001… 二(八)) and their grandson (a
    pupil): 李四 and the boy answer 没有 on the list and open no income page."""
    walk = Walk("application: 张三, 3 people (one earner, one pensioner)")
    location = start(client, walk, "application")
    sid = location.split("/")[2]
    members = f"/forms/{sid}/step/members"
    location = walk.press(client, location, APPLICANT)
    location = walk.press(client, location, {**VILLAGE, "hukou_same": "yes"})
    location = walk.press(client, location, {"sensitive": "yes", "serious_illness": "no",
                                             "labor_ability": "full", "work": "employed"})
    walk.see(client, members)
    walk.taps += 1  # 添加一位家人
    location = walk.press(client, f"/forms/{sid}/members/new", {**SPOUSE, "action": "another"})
    location = walk.press(client, location, GRANDSON)
    location = walk.press(client, members, {"action": "continue", "income-0": "yes",
                                            "income-1": "no"})  # the boy: 没有 by default
    location = walk.press(client, location, {**NO_INCOME, "has_work": "yes", "work": "2.4万"})
    follow(client, walk, location, {
        "property": {"houses": "1", "vehicles": "0", "business": "no"},
        "spending": {"education": "1200"},
        "situation": {"what_happened": "老伴只有基础养老金，孙子上学", "help": "living"},
        "notice": {"read": "yes"},
        "sign": {"commit": "yes", "authorize": "yes", "member-1-name": "李四",
                 "member-1-agree": "yes"}})
    return walk


def temporary_aid(client) -> Walk:
    """赵六, whose house burned down, asks for aid where it happened, for three people."""
    walk = Walk("temporary aid: 赵六 (fire, 3 people)")
    location = start(client, walk, "temporary_aid")
    follow(client, walk, location, {
        "person": {"name": "赵六", "id_number": id_number("19800101", "123"),
                   "phone": "13800138000"},
        "place": {**VILLAGE, "address": "村东头", "hukou": "here"},
        "event": {"kind": "fire_or_disaster", "since": "2026-11-30",
                  "what_happened": "家里失火，房子烧了一半", "sensitive": "no"},
        "household": {"size": "3", "needs": ["food", "shelter"], "amount_asked": "3000"},
        "members": {"action": "continue"},
        "notice": {"read": "yes"},
        "sign": {"commit": "yes", "authorize": "yes"}})
    return walk


def measure() -> list[Walk]:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE": str(Path(folder) / "bench.db"), "TESTING": True,
                          "WTF_CSRF_ENABLED": True, "SESSION_COOKIE_SECURE": False})
        assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
        walks = []
        for number, persona in enumerate((self_declaration, application, temporary_aid)):
            client = app.test_client()
            sign_in(client, app, f"1380013800{number}")
            walks.append(persona(client))
        return walks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    markdown = parser.parse_args().markdown
    rows = [(w.name, w.before_letter, len(w.pages), w.fields, w.taps) for w in measure()]
    if markdown:
        print("| persona | pages before the letter | pages in all | fields seen | taps |")
        print("|---|---:|---:|---:|---:|")
        for row in rows:
            print("| " + " | ".join(str(v) for v in row) + " |")
    else:
        for name, before, pages, fields, taps in rows:
            print(f"{name}: {before} pages before the letter, {pages} in all, {fields} fields, "
                  f"{taps} taps")


if __name__ == "__main__":
    main()
