"""一户一档: one case's household file as a printable A4 PDF — every answer with its question,
the household members in full, the letters exactly as signed with each signature's details, the
sensitive-data consent and the procedure so far. This is the case file, so ID numbers are shown
in full; only staff covering the case's region get it (webapp/staff/file_views.py)."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from flask import render_template
from sqlite_utils import Database

from webapp.domain import guardians
from webapp.domain.case_machine import TEMPORARY_AID
from webapp.domain.id_number import InvalidIdNumber, parse_id_number
from webapp.domain.income import COUNTED_KINDS, EXCLUDED_KINDS
from webapp.domain.money import format_yuan
from webapp.domain.photos import decode_strictly
from webapp.flows import get_flow
from webapp.flows.application import IncomeForm
from webapp.flows.base import MEMBERS, PER_MEMBER
from webapp.flows.choices import RELATIONS
from webapp.flows.fields import IdNumberField
from webapp.resident import forms, summary
from webapp.resident.household import income_summary
from webapp.services import cases, findings, letters, on_behalf, photos, regions, submissions, temporary_aid
from webapp.services.authz import ROLE_LABELS
from webapp.services.submissions import FORM_NAMES, Draft
from webapp.store import staff as staff_store
from webapp.web.i18n import _

BEIJING = timezone(timedelta(hours=8))
METHOD_LABELS = {"signed_in_phone": _("本人在短信验证码登录的手机上确认"),
                 "typed_name": _("本人输入自己的姓名"), "drawn_signature": _("本人手写签名"),
                 "sms_code": _("本人手机收到验证码，本人在协理员的手机上输入"),
                 "assistant_recorded": _("协理员代填时按本人的意思记录"),
                 "assistant_witnessed": _("协理员见证：本人当面同意，输入自己的姓名（没有手写签名）")}
DECISION_LABELS = {"read": _("已阅读"), "agreed": _("同意"), "declined": _("不同意")}
SIGNER_ROLES = {"applicant": _("申请人"), "member": _("家庭成员"), guardians.GUARDIAN: _("监护人")}
# Shown in each member's heading rows rather than among their details.
MEMBER_COLUMNS = ("name", "relation", "id_number")
# Pango and fontconfig are not known to be safe across threads; waitress serves with threads.
_render_lock = threading.Lock()


@dataclass(frozen=True)
class Member:
    name: str
    relation: str
    id_number: str
    age: str
    details: list[tuple[str, str]]


@dataclass(frozen=True)
class Section:
    """The answers of one step: `kind` says whether `content` is rows, members or incomes."""

    kind: str
    title: str
    content: object


def beijing(iso: str | None) -> str:
    """A stored UTC time as Beijing time to the second: 2026-11-23 18:05:09."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def shown(field) -> str:
    """A stored answer in words, as on the check page, but with the ID number in full."""
    if isinstance(field, IdNumberField) and field.data:
        return field.data
    return summary.display(field)


def _rows(form, skip: tuple[str, ...] = (), show=shown) -> list[tuple[str, str]]:
    """(question, answer) of each question asked, as the check page labels them
    (summary.labelled_rows), each answer as `show` words it."""
    return summary.labelled_rows(form, skip, show)


def sections(draft: Draft, show=shown) -> list[Section]:
    """Every step the resident saw, in order, with its answers (worded by `show`: the file prints
    them in full, the case page masks the phone number)."""
    flow = get_flow(draft.form)
    result = []
    for step in flow.visible(draft.answers):
        if step.kind == MEMBERS:
            result.append(Section(MEMBERS, step.title, members(draft, flow, show)))
        elif step.kind == PER_MEMBER:
            result.append(Section(PER_MEMBER, step.title, incomes(draft)))
        else:
            form = summary._stored_form(step.form, forms.defaults(draft, step.id))
            result.append(Section("single", step.title, _rows(form, show=show)))
    return result


def age_on(id_number: str | None, day: date) -> str:
    try:
        return str(parse_id_number(id_number or "", day).age(day))
    except InvalidIdNumber:
        return ""


def members(draft: Draft, flow, show=shown) -> list[Member]:
    submitted = date.fromisoformat((draft.submitted_at or draft.updated_at)[:10])
    result = []
    for member in draft.members:
        form = summary._stored_form(flow.member_form, member, is_applicant=False,
                                    sensitive_allowed=forms.sensitive_allowed(draft))
        result.append(Member(member.get("name", ""), RELATIONS.get(member.get("relation") or "", ""),
                             member.get("id_number") or "", age_on(member.get("id_number"), submitted),
                             _rows(form, skip=MEMBER_COLUMNS, show=show)))
    return result


def incomes(draft: Draft) -> dict:
    """Each kind of income by member: what counts (less the costs of earning it), the total
    counted, what does not count, and the household's monthly income per head."""
    stored = draft.answers.get("income") or {}
    per_member = [summary._stored_form(IncomeForm, IncomeForm.from_answers(stored.get(str(i)) or {}))
                  for i in range(len(draft.members))]
    labels = summary._stored_form(IncomeForm, {})

    def rows(names) -> list[tuple[str, list[str]]]:
        return [(labels[n].label.text, [shown(f[n]) for f in per_member]) for n in names]

    totals = income_summary(draft)
    return {"names": [m.get("name", "") for m in draft.members],
            "counted": rows([*COUNTED_KINDS, "employment_costs"]),
            "excluded": rows(["x_" + kind for kind in EXCLUDED_KINDS]),
            "totals": [format_yuan(fen) + _("元") for fen in totals["per_member"]],
            "per_capita": format_yuan(totals["total"].per_capita_monthly) + _("元")
            if totals["total"] else ""}


def signed(db: Database, submission_id: int) -> tuple[list[dict], list[dict]]:
    """The letters as signed, and the sensitive-data consents, each with how it was signed."""
    rows = []
    for row in letters.signatures_for(db, submission_id):
        title, _sep, text = row["text"].partition("\n")
        rows.append({**row, "title": title, "body": text, "signed_at_local": beijing(row["signed_at"]),
                     "method_label": METHOD_LABELS.get(row["method"], row["method"]),
                     "decision_label": DECISION_LABELS.get(row["decision"], row["decision"]),
                     "role_label": SIGNER_ROLES.get(row["signer_role"], row["signer_role"]),
                     "who_label": who_signed(row),
                     "image": image_source(row.get("signature_image"))})
    consents = [r for r in rows if r["letter_kind"] in letters.CONSENT_KINDS]
    return [r for r in rows if r["letter_kind"] not in letters.CONSENT_KINDS], consents


def who_signed(row: dict) -> str:
    """Who signed, for whom and as what: 张三（申请人）, or 李小军：由监护人 王芳（母亲）代签."""
    if row["signer_role"] == guardians.GUARDIAN:
        relation = guardians.RELATIONS.get(row.get("guardian_relation") or "", "")
        return _("%(member)s：由监护人 %(name)s（%(relation)s）代签") % {
            "member": row.get("signed_for") or "", "name": row["signer_name"], "relation": relation}
    return f"{row['signer_name']}（{SIGNER_ROLES.get(row['signer_role'], row['signer_role'])}）"


def image_source(stored: str | None) -> str | None:
    """A drawn signature as a data: address (stored as one, or as bare base64 PNG)."""
    if not stored:
        return None
    return stored if stored.startswith("data:image/") else "data:image/png;base64," + stored


def attached_photos(db: Database, submission_id: int) -> list[dict]:
    """The photos attached to the form, each as a data: address with who uploaded it, when."""
    return [{"number": p.number, "who": _("本人") if p.uploaded_by.startswith("resident:")
             else who(db, p.uploaded_by), "at_local": beijing(p.created_at),
             "width": p.width, "height": p.height,
             "src": "data:image/jpeg;base64," + base64.b64encode(p.jpeg).decode("ascii")}
            for p in photos.for_print(db, submission_id)]


def procedure(db: Database, case: cases.Case) -> list[dict]:
    """The case's events with who took each step: a staff member by name and role."""
    events = cases.events(db, case.id)
    return [{**e, "at_local": beijing(e["at"]), "who": who(db, e["actor"])} for e in events]


def who(db: Database, actor: str | None) -> str:
    if actor == "public":
        return _("公众（公示期间提出异议）")
    kind, _sep, number = (actor or "").partition(":")
    row = staff_store.name_and_role(db, number) if kind == "staff" else None
    return f"{row['name']}（{ROLE_LABELS.get(row['role'], row['role'])}）" if row else actor or ""


def context(db: Database, case: cases.Case, printed_by: str) -> dict:
    """Everything the household file shows."""
    draft = submissions.get(db, case.submission_id)
    letters_signed, consents = signed(db, draft.id)
    return {"case": case, "draft": draft, "form_name": FORM_NAMES[draft.form],
            "village": regions.full_name(db, case.village_code),
            "submitted_at": beijing(draft.submitted_at), "sections": sections(draft),
            "letters": letters_signed, "consents": consents, "events": procedure(db, case),
            "calculation": json.loads(case.assessment)["lines"] if case.assessment else [],
            "recorded_findings": findings.sections(db, case.id),
            "people": on_behalf.people(db, draft.id), "photos": attached_photos(db, draft.id),
            "printed_at": datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M"),
            "printed_by": printed_by,
            "aid": temporary_aid.file_section(db, case) if case.machine == TEMPORARY_AID.name else None}


@dataclass(frozen=True)
class Printed:
    reference: str
    pdf: bytes


def render_pdf(db: Database, case: cases.Case, printed_by: str) -> Printed:
    """The household file as a PDF: real text in Noto CJK, A4, numbered pages."""
    # Imported here: loading WeasyPrint takes most of a second, which the CLI and worker need not wait.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    decode_strictly()  # undo what importing WeasyPrint did to every later photo upload

    shown_context = context(db, case, printed_by)
    html = render_template("staff/household_file.html", **shown_context)
    # Nothing is fetched but the data: addresses of drawn signatures and attached photos: no
    # files, no network.
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    with _render_lock:
        pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return Printed(shown_context["draft"].reference, pdf)
