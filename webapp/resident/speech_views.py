"""「听一听」 on the resident's question pages and letters (issue 11): the text each page reads,
built here from the same step, form and letter the page shows; and the server's audio of it,
for a phone with no Chinese voice.

The audio's address names the draft, the page part and the text's digest: the server rebuilds
the text from the draft (only its owner, or the assistant filling it, gets it) and answers only
when the digest matches, so it never speaks words taken from the address, and a text changed
since the page was shown is refused (404) rather than read in its old version."""

from __future__ import annotations

from flask import Response, abort, current_app, g, request
from jinja2 import pass_context
from markupsafe import Markup

from webapp.domain import speech as words
from webapp.flows import speech as texts
from webapp.flows.application import PlainIncomeForm
from webapp.flows.base import MEMBERS, PER_MEMBER
from webapp.resident import bp, forms, household, signing
from webapp.resident.acting import form_url
from webapp.resident.drafts import correcting, with_answers
from webapp.services import letters, notify_commit, speech
from webapp.store.engine import get_db
from webapp.web.i18n import _

NOT_A_FORM = {"csrf": False}


def step_text(draft, flow, step_id: str) -> str | None:
    step = flow.step(step_id)
    if step is None or not step.shown(draft.answers):
        return None
    if step.kind == PER_MEMBER:
        return texts.step_text(step)
    if step.kind == MEMBERS and flow.member_per_page:
        return texts.step_text(step, None, *members_list_pieces(draft))
    if step.kind == MEMBERS:
        return texts.step_text(step, member_form(draft, flow, None, {}))
    form = step.form(formdata=None, meta=NOT_A_FORM)
    forms.phone_optional(form, draft)
    return texts.step_text(step, form)


def member_form(draft, flow, index: int | None, stored: dict):
    return flow.member_form(formdata=None, data=stored, is_applicant=index == 0,
                            sensitive_allowed=forms.sensitive_allowed(draft), meta=NOT_A_FORM)


def members_list_pieces(draft) -> list[str]:
    """The household list of one person per page (forms/_members_list.html): its hint, then
    each person's 有没有收入？ with its two answers."""
    pieces = [household.INCOME_HINT]
    for member in draft.members:
        pieces += [_("%(name)s有没有收入？") % {"name": member.get("name") or ""},
                   "；".join((_("有"), _("没有")))]
    return pieces


def new_member_text(draft, flow) -> str:
    """The page adding one household member (forms/member_add.html)."""
    return texts.question_text(_("添加一位家人"), household.ADD_MEMBER_LEAD,
                               member_form(draft, flow, None, {}))


def member_text(draft, flow, index: int) -> str:
    member = draft.members[index]
    lead = _("申请人本人。姓名和身份证号码在第一步修改。") if index == 0 else ""
    return texts.question_text(_("%(name)s的情况") % {"name": member.get("name") or ""}, lead,
                               member_form(draft, flow, index, member))


def income_text(draft, flow, index: int) -> str | None:
    if flow.step("income") is None:
        return None
    title = _("%s的收入") % (draft.members[index].get("name") or "")
    return texts.question_text(
        title, household.INCOME_LEAD, PlainIncomeForm(formdata=None, meta=NOT_A_FORM))


def letters_of(draft, flow) -> dict[str, letters.RenderedLetter]:
    """Every letter the draft's pages show, by the part name of its 「听一听」."""
    found = {}
    if flow.consent is not None:
        found[flow.consent_letter] = letters.render(flow.consent_letter, {})
    if flow.commits:
        found[flow.notice_letter] = notify_commit.notice_letter(get_db(), draft)
    signed = signing.sign_context(draft, flow)
    for letter in signed["letters"]:
        found[letter_part(letter, flow, 0)] = letter
    for index, _member, letter in signed["members"]:
        found[letter_part(letter, flow, index)] = letter
    return found


def letter_part(letter, flow, member: int) -> str:
    """A letter's part name: its kind, and for an authorisation whose member signs it."""
    return f"{letter.kind}-{member}" if letter.kind == flow.authorization_letter else letter.kind


def text_of(draft, flow, part: str) -> str | None:
    """The words the part of a page reads (`step-<id>`, `member-<n>`, `member-new`,
    `income-<n>`, `letter-<kind>[-<n>]`), None when the draft shows no such part."""
    kind, _sep, rest = part.partition("-")
    if part == "member-new":
        return new_member_text(draft, flow) if flow.step("members") is not None else None
    if kind == "step":
        return step_text(draft, flow, rest)
    if kind in ("member", "income"):
        if not rest.isdigit() or int(rest) >= len(draft.members):
            return None
        index = int(rest)
        return member_text(draft, flow, index) if kind == "member" else \
            income_text(draft, flow, index)
    if kind == "letter":
        letter = letters_of(draft, flow).get(rest)
        return texts.letter_text(letter) if letter else None
    return None


def _step_of(kwargs) -> str:
    """The step a part belongs to (corrections open only the steps the township named)."""
    kind, _sep, rest = kwargs["part"].partition("-")
    return {"step": rest, "member": "members", "income": "income"}.get(kind, "letters")


@bp.get("/forms/<int:sid>/speech/<part>/<digest>.mp3")
@with_answers(_step_of)
def speech_audio(draft, flow, part: str, digest: str):
    """The server's audio of a part of a page. A GET may make and keep it: the store's
    speech_audio is a cache of what the engine says for a text the server built, not data
    anyone entered; it can be emptied at any time and is the same whoever fills it."""
    text = text_of(draft, flow, part)
    if text is None or words.digest(text) != digest:
        abort(404)
    try:
        content_type, audio = speech.audio_of(get_db(), text,
                                              current_app.config["SPEECH_TIMEOUT_SECONDS"])
    except speech.SpeechUnavailable:
        abort(503)
    response = Response(audio, mimetype=content_type)
    # A letter's audio says the resident's name: kept by no browser or proxy, as a photo is not.
    response.headers["Cache-Control"] = "private, no-store"
    return response.make_conditional(request, accept_ranges=True, complete_length=len(audio))


def control(draft, part: str, text: str | None) -> Markup:
    if text is None:
        return Markup("")
    g.read_aloud_used = True
    url = form_url("speech_audio", sid=draft.id, part=part, digest=words.digest(text))
    # The partial needs no request context: rendered directly, not through render_template
    # (which would run every context processor again for a line of markup).
    partial = current_app.jinja_env.get_template("forms/_read_aloud.html")
    return Markup(partial.render(url=url, text=words.spoken(text)))


@pass_context
def read_aloud(context, part: str) -> Markup:
    """The 「听一听」 control of this page's part (a step, a member, a member's income)."""
    draft, flow = context["draft"], context["flow"]
    return control(draft, part, shown_step_text(context, part) or text_of(draft, flow, part))


def shown_step_text(context, part: str) -> str | None:
    """A plain step's words read from the form the page already built (its labels, hints and
    options are those step_text's fresh form would have: same class, phone_optional applied);
    None for any other part."""
    step, form = context.get("step"), context.get("form")
    if step is None or form is None or part != f"step-{step.id}" \
            or step.kind in (MEMBERS, PER_MEMBER):
        return None
    return texts.step_text(step, form)


@pass_context
def read_aloud_letter(context, letter, member: int = 0) -> Markup:
    """The 「听一听」 control of a letter the page shows (`member`: whose authorisation)."""
    draft, flow = context["draft"], context["flow"]
    if correcting(draft):  # a correction opens only the steps named, no letter's audio
        return Markup("")
    part = "letter-" + letter_part(letter, flow, member)
    return control(draft, part, texts.letter_text(letter))


def read_aloud_used() -> bool:
    """Whether this page has a 「听一听」, so base.html loads its script."""
    return bool(g.get("read_aloud_used"))


bp.add_app_template_global(read_aloud)
bp.add_app_template_global(read_aloud_letter)
bp.add_app_template_global(read_aloud_used)
