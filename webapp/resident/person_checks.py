"""The person and member steps check a typed ID number as soon as it is entered (and again when
the page is saved): a name other than the one the number is bound to is refused, and so is a
second open case of the form's kind for the person the form is about
(webapp/services/persons.py). The message sits next to the field; nothing typed is lost."""

from __future__ import annotations

from wtforms.validators import ValidationError

from webapp.flows import get_flow
from webapp.services import persons
from webapp.store.engine import get_db


class PersonCheck:
    """A validator of the id_number field: the binding of its name, and for the person the form
    is about (`applicant`) no second open case of the form's kind."""

    def __init__(self, draft, applicant: bool):
        self.draft, self.applicant = draft, applicant

    def __call__(self, form, field):
        if field.errors or not field.data:
            return
        name = form["name"].data if "name" in form else None
        try:
            if self.applicant:
                persons.check_applicant(get_db(), self.draft.form, name, field.data,
                                        own_submission=self.draft.id)
            else:
                persons.check_name(get_db(), name, field.data, own_submission=self.draft.id)
        except persons.PersonRefused as refused:
            raise ValidationError(refused.message) from None


def attach(form, draft) -> None:
    """Give the form's id_number field its PersonCheck, on the person step and member pages."""
    if "id_number" not in form:
        return
    flow = get_flow(draft.form)
    person_form = getattr(flow.step(flow.person_step), "form", None)
    if person_form is not None and isinstance(form, person_form):
        applicant = True
    elif flow.member_form is not None and isinstance(form, flow.member_form):
        applicant = False
    else:
        return
    form.id_number.validators = [*form.id_number.validators, PersonCheck(draft, applicant)]
