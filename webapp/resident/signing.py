"""Signing the letters and submitting, on the resident's phone or the assistant's: who signs,
which letters the sign page shows, and the submission itself."""

from __future__ import annotations

from flask import current_app, redirect, render_template

from webapp.domain import guardians
from webapp.flows.fields import today
from webapp.resident import acting
from webapp.resident.acting import form_url
from webapp.services import notify_commit, persons, submissions
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client


def signers(draft, flow, form) -> tuple[list[notify_commit.Signer], dict]:
    """Who signs, from the sign page; errors keyed by the field they concern."""
    errors = {}
    applicant = (draft.members[0] if draft.members else {}).get("name", "")
    if form.get("commit") != "yes":
        errors["commit"] = _("请勾选承诺，才能提交") if flow.commits \
            else _("请勾选同意承诺授权书，才能提交")
    if flow.commits and form.get("authorize") != "yes":
        errors["authorize"] = _("请勾选授权核对，才能提交")
    signers = [notify_commit.Signer(applicant, "applicant", "signed_in_phone", 0)]
    if flow.commits:
        adults = notify_commit.adult_members(draft)
        unable = {i for i, _m in adults if form.get(f"member-{i}-unable") == "yes"}
        for index, member in adults:
            if index in unable:
                signers.append(_guardian(draft, form, index, unable, errors))
                continue
            typed = (form.get(f"member-{index}-name") or "").strip()
            if form.get(f"member-{index}-agree") != "yes":
                errors[f"member-{index}"] = _("请%s本人勾选同意授权") % member.get("name", "")
            elif typed != member.get("name"):
                errors[f"member-{index}"] = _("请%s本人输入自己的姓名，要和上面登记的一样") % \
                    member.get("name", "")
            signers.append(notify_commit.Signer(typed, "member", "typed_name", index))
    return signers, errors


def _guardian(draft, form, index: int, unable: set[int], errors: dict) -> notify_commit.Signer:
    """The guardian's signature for a member who cannot sign (webapp/domain/guardians.py); the
    first thing wrong goes into `errors` under member-<index>-guardian."""
    key = f"member-{index}"
    chosen = form.get(f"{key}-guardian") or ""
    signing = guardians.GuardianSigning(
        index, int(chosen) if chosen.isdigit() and int(chosen) < len(draft.members) else None,
        form.get(f"{key}-relation") or "", form.get(f"{key}-reason") or "",
        (form.get(f"{key}-note") or "")[:100])
    typed = (form.get(f"{key}-guardian-name") or "").strip()
    try:
        guardian = guardians.accept(draft.members, signing, unable, today())
    except guardians.GuardianRefused as refused:
        errors[f"{key}-guardian"] = refused.message
        return notify_commit.Signer(typed, guardians.GUARDIAN, "typed_name", index)
    if form.get(f"{key}-guardian-agree") != "yes":
        errors[f"{key}-guardian"] = _("请监护人%s勾选代为同意授权") % guardian.guardian_name
    elif typed != guardian.guardian_name:
        errors[f"{key}-guardian"] = _("请监护人%s输入自己的姓名，要和登记的一样") % \
            guardian.guardian_name
    return notify_commit.Signer(typed, guardians.GUARDIAN, "typed_name", index, guardian=guardian)


def guardian_choices(draft) -> dict:
    """For each adult member, what the sign page offers to sign for them: who may be their
    guardian, and the applicant's relation to them where the answers tell it."""
    adults = notify_commit.adult_members(draft)
    return {i: {"candidates": [(c, draft.members[c].get("name", "")) for c in
                               guardians.candidates(draft.members, i, set(), today())],
                "suggested": guardians.suggested_relation(draft.members, i, today())}
            for i, _m in adults}


def sign_context(draft, flow) -> dict:
    db = get_db()
    if not flow.commits:
        return {"letters": [notify_commit.commitment_authorization(db, draft)], "members": []}
    return {"letters": [notify_commit.commitment(draft), notify_commit.authorization(draft, 0)],
            "members": [(i, m, notify_commit.authorization(draft, i))
                        for i, m in notify_commit.adult_members(draft)],
            "guardians": guardian_choices(draft), "guardian_reasons": guardians.REASONS,
            "guardian_relations": guardians.RELATIONS}


def submit(draft, signers, assistance: notify_commit.Assistance | None = None, notice=None):
    """Submit, signed by `signers` (`notice`: the notice letter already built for the page)."""
    config = current_app.config
    db = get_db()
    try:
        draft.reference = notify_commit.submit(
            db, draft, signers, client=client(), phone=draft.resident_phone or None,
            signature=config["SMS_SIGNATURE"], service=config["SERVICE_NAME"],
            assistance=assistance, notice=notice)
    except notify_commit.AlreadySubmitted:
        draft.reference = submissions.load(db, draft.resident_id, draft.id).reference
    except notify_commit.NoticeOutOfDate:
        return redirect(form_url("notice", sid=draft.id))
    except persons.PersonRefused as refused:
        return person_refused(draft, refused)
    return redirect(acting.submitted_url(draft))


def person_refused(draft, refused: persons.PersonRefused):
    """Not submitted: the person has an open case of this kind, or a name is not the one its ID
    number is bound to. The answers stay in the draft; the page links to the step to change."""
    if refused.member is not None:
        fix = form_url("member", sid=draft.id, index=refused.member)
    else:
        fix = form_url("step", sid=draft.id, step_id=refused.step)
    return render_template("forms/person_refused.html", draft=draft, refused=refused,
                           fix=fix), 422
