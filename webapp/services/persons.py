"""One person, one open case of each kind, one name per ID number (webapp/domain/persons.py):
the checks a form's person and member steps, the village assistant's choice of resident and the
submission itself make, the binding kept when a form is submitted, and the staff's correction of
a bound name. No Flask here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain import persons as rules
from webapp.domain.id_number import mask_id_number
from webapp.flows import get_flow
from webapp.services import audit
from webapp.services.submissions import FORM_NAMES, Draft
from webapp.store import cases as case_store
from webapp.store import persons as store
from webapp.web.i18n import _

# What the person is told to do instead of opening a second case, by machine: while it is being
# decided, the open one is where answers are added or corrected; once decided, a change is
# reported (RULES.md "Honest reporting").
WHILE_OPEN = _("同一个人同一时间只能有一份，不用再交。要补充或更正内容，请在“查询进度”里打开编号 %s "
               "的那一份；乡镇请您补正时会发短信，按短信里的链接修改。")
ONCE_DECIDED = {
    machine.APPLICATION.name:
        _("不用再申请。家里人口、收入、财产有变化的，请及时告诉乡镇（街道）或村协理员。"),
    machine.RELAPSE_MONITORING.name:
        _("不用再申报。家里情况有变化的，请告诉帮扶责任人或村协理员。"),
}


class PersonRefused(ValueError):
    """A name or ID number the form cannot take: `field` is the field at fault, `step` the step
    that holds it, `member` the household member's place when it is one."""

    def __init__(self, message: str, field: str = "id_number", step: str = "",
                 member: int | None = None):
        super().__init__(message)
        self.message, self.field, self.step, self.member = message, field, step, member


@dataclass(frozen=True)
class Person:
    """A name and ID number a form gives, and where in the form."""

    name: str
    id_number: str
    step: str
    member: int | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def name_taken(id_number: str) -> str:
    """The message for a name that is not the one the ID number is bound to (which stays
    unsaid: a stranger typing an ID number learns nobody's name)."""
    return _("身份证号码 %s 已经登记过，登记的是另一个姓名。请对照身份证核对姓名和号码；登记的姓名有误的，"
             "请联系乡镇（街道）更正。") % mask_id_number(id_number)


def open_case_message(found: rules.PersonCase, form: str) -> str:
    """What a person with an open case of this kind is told: its reference and state, and where
    a correction or a change goes."""
    head = _("这个身份证号码已经有一份%(form)s（编号 %(reference)s，现在：%(state)s）。") % {
        "form": FORM_NAMES[form], "reference": found.reference, "state": found.state_label}
    if found.decided and found.machine in ONCE_DECIDED:
        return head + ONCE_DECIDED[found.machine]
    return head + WHILE_OPEN % found.reference


def binder(submission_id: int | None) -> str:
    """How a binding names the submission that made it (corrections of it included)."""
    return f"submission:{submission_id}"


def _fits(binding: tuple[str, str] | None, name: str | None, own_submission: int | None) -> bool:
    """Whether the name fits the binding; a binding the form itself made (its correction may
    put right the name it was submitted with) fits any name."""
    if binding is None:
        return True
    bound, by = binding
    return rules.name_fits(bound, name) or (own_submission is not None
                                            and by == binder(own_submission))


def check_name(db: Database, name: str | None, id_number: str | None,
               own_submission: int | None = None) -> None:
    """PersonRefused when the ID number is bound to another name."""
    number = rules.normalise_id_number(id_number)
    if not number or not rules.normalise_name(name):
        return
    if not _fits(store.bindings(db, [number]).get(number), name, own_submission):
        raise PersonRefused(name_taken(number))


def check_open_case(db: Database, form: str, id_number: str | None,
                    own_submission: int | None = None) -> None:
    """PersonRefused when the person already has a case of the form's procedure that bars a
    second (Group.ONE_AT_A_TIME)."""
    number = rules.normalise_id_number(id_number)
    if not number:
        return
    found = rules.open_case(get_flow(form).machine, _cases_of(db, number), own_submission)
    if found is not None:
        raise PersonRefused(open_case_message(found, form))


def check_applicant(db: Database, form: str, name: str | None, id_number: str | None,
                    own_submission: int | None = None) -> None:
    """The checks of the person a form is about: the name first, so that only someone who
    knows both name and number learns of an open case and its reference."""
    check_name(db, name, id_number, own_submission)
    check_open_case(db, form, id_number, own_submission)


def _cases_of(db: Database, number: str) -> list[rules.PersonCase]:
    return [rules.PersonCase(r["id"], r["submission_id"], r["reference"] or "", r["machine"],
                             r["state"]) for r in case_store.cases_of_person(db, number)]


def people_of(draft: Draft, answers: dict | None = None) -> list[Person]:
    """The applicant and every household member with an ID number (of the draft's answers, or
    of `answers` of its form)."""
    answers = draft.answers if answers is None else answers
    flow = get_flow(draft.form)
    person = answers.get(flow.person_step) or {}
    found = [Person(person.get("name") or "", person.get("id_number") or "", flow.person_step)]
    for index, member in enumerate(answers.get("members") or []):
        if index > 0:
            found.append(Person(member.get("name") or "", member.get("id_number") or "",
                                "members", index))
    return [p for p in found if rules.normalise_id_number(p.id_number)]


def check_and_bind(db: Database, draft: Draft, before: dict | None = None) -> None:
    """At submission (or a correction's resubmission), inside its transaction, so that two
    submissions cannot both pass: refuse a second open case and any name not bound to its ID
    number, then bind every ID number given to its name (a binding this form made follows its
    correction). `before`: the answers a correction changes, whose names and ID numbers left
    as they were are not checked again (staff may have corrected the bound name since).
    PersonRefused names the step to change."""
    flow = get_flow(draft.form)
    person = draft.answers.get(flow.person_step) or {}
    kept = {(p.name, p.id_number) for p in people_of(draft, before)} if before is not None else set()
    given = [p for p in people_of(draft) if (p.name, p.id_number) not in kept]
    numbers = [rules.normalise_id_number(p.id_number) or "" for p in given]
    bound = store.bindings(db, numbers)
    for p, number in zip(given, numbers, strict=True):
        if not _fits(bound.get(number), p.name, draft.id):
            raise PersonRefused(name_taken(number), step=p.step, member=p.member)
    try:
        check_open_case(db, draft.form, person.get("id_number"), own_submission=draft.id)
    except PersonRefused as refused:
        refused.step = flow.person_step
        raise
    now, by = _now(), binder(draft.id)
    for p, number in zip(given, numbers, strict=True):
        if number in bound and not rules.name_fits(bound[number][0], p.name):
            store.rebind(db, number, p.name.strip(), now, by)  # its own binding, corrected
        else:
            store.bind(db, number, p.name.strip(), now, by)


def bound_name(db: Database, id_number: str | None) -> str | None:
    """The name an ID number is bound to, or None."""
    number = rules.normalise_id_number(id_number)
    found = store.bindings(db, [number]).get(number) if number else None
    return found[0] if found else None


class NameRefused(ValueError):
    """A name correction that cannot be made as asked, with its message and field."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message, self.field = message, field


NAME_LIMIT = 30
REASON_LIMIT = 500


def correct_name(db: Database, case_id: int, name: str, reason: str, actor: str) -> int:
    """Staff correct the name the case's ID number is bound to, with a reason: the binding and
    every case of the ID number take the new name, the case gets a `correct_name` event (no
    names in it) and the audit log an entry. Call inside a transaction; how many cases changed."""
    name, reason = name.strip(), reason.strip()
    case = case_store.get(db, case_id)
    number = rules.normalise_id_number(case_store.applicant_id_number_of(db, case_id))
    if not rules.normalise_name(name) or len(name) > NAME_LIMIT:
        raise NameRefused(_("请填写正确的姓名（最多 %d 个字）") % NAME_LIMIT, "name")
    if not reason:
        raise NameRefused(_("请写明更正姓名的理由，例如核对了户口簿或身份证"), "reason")
    if case is None or number is None:
        raise NameRefused(_("这个案件没有申请人的身份证号码，不能更正登记的姓名"), "name")
    now = _now()
    store.rebind(db, number, name, now, actor)
    changed = case_store.rename_applicant(db, number, name)
    case_store.add_event(db, case_id, at=now, actor=actor, action="correct_name",
                         from_state=case.state, to_state=case.state,
                         reason=reason[:REASON_LIMIT], detail={})
    audit.record(db, actor, "name_corrected", f"case:{case_id}", cases=changed)
    return changed

