"""Step fields render through webapp/flows/widgets.py: the same HTML WTForms' widgets write."""

from __future__ import annotations

import pytest
from markupsafe import Markup, escape

from webapp.flows import application, members, regions, self_declaration
from webapp.flows.fields import StepForm
from webapp.flows.widgets import fast
from webapp.store.engine import get_db
from webapp.web.templating import input_attrs

FORMS = sorted({form for module in (application, members, regions, self_declaration)
                for form in vars(module).values()
                if isinstance(form, type) and issubclass(form, StepForm) and form is not StepForm},
               key=lambda form: form.__name__)


def filled(form_class):
    """The form with its choices loaded and, where it can, its messages shown."""
    form = form_class(formdata=None, data={})
    if hasattr(form, "load_choices"):
        form.load_choices(get_db())
    try:
        form.validate()
    except AttributeError:  # a field that only checks what was sent
        pass
    return form


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: form.__name__)
def test_step_fields_render_as_wtforms_renders_them(app, form_class):
    with app.test_request_context("/"):
        for field in filled(form_class):
            for attrs in ({}, input_attrs(field), input_attrs(field, '/check?a="1"&b=<2>')):
                kwargs = {**(field.render_kw or {}), **attrs}
                rendered = fast(field.widget)(field, **kwargs)
                assert isinstance(rendered, Markup)
                assert rendered == field.widget(field, **kwargs), field.name


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: form.__name__)
def test_choice_labels_written_in_the_macro_match_wtforms_labels(app, form_class):
    with app.test_request_context("/"):
        for field in filled(form_class):
            for option in field if field.type in ("Radio", "Checkboxes") else ():
                assert option.label() == f'<label for="{option.id}">{escape(option.label.text)}</label>'
