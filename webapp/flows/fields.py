"""Fields and validators shared by every form, with their messages in plain Chinese."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from wtforms import Field, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.widgets.core import clean_key

from webapp.auth.forms import StripWhitespaceForm
from webapp.domain import money
from webapp.domain.id_number import InvalidIdNumber, parse_id_number
from webapp.flows.widgets import fast
from webapp.web.i18n import _

BEIJING = timezone(timedelta(hours=8))
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def today() -> date:
    """Today in Beijing, which decides ages."""
    return datetime.now(BEIJING).date()


class Required:
    """The field must be answered; the message says what to do."""

    def __init__(self, message: str):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field):
        if field.data in (None, "", []) or (isinstance(field.data, str) and not field.data.strip()):
            raise StopValidation(self.message)


class RequiredIf:
    """Required only when another field has a given value."""

    def __init__(self, other: str, values: tuple, message: str):
        self.other, self.values, self.message = other, values, message

    def __call__(self, form, field):
        if form[self.other].data in self.values and not field.data:
            raise ValidationError(self.message)


class ShownIf(RequiredIf):
    """An optional follow-up question, asked (and shown) only when another field has a given
    value: like RequiredIf for the check page and the conditional reveal, but may stay empty."""

    def __init__(self, other: str, values: tuple):
        super().__init__(other, values, "")

    def __call__(self, form, field):
        return None


class MaxLength:
    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form, field):
        if field.data and len(field.data) > self.limit:
            raise ValidationError(_("最多填 %d 个字，您填了 %d 个字") % (self.limit, len(field.data)))


class Choice(SelectField):
    """A drop-down whose 'not a valid choice' message is plain Chinese."""

    def __init__(self, label=None, validators=None, invalid_message: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message or _("请从列表里选一项")

    def pre_validate(self, form):
        if self.data and self.data not in self.choices:
            raise ValidationError(self.invalid_message)


class Radio(RadioField):
    def pre_validate(self, form):
        if self.data and self.data not in self.choices:
            raise ValidationError(_("请选一项"))


class Checkboxes(SelectMultipleField):
    """Several may apply; rendered as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        allowed = set(self.choices)
        if any(item not in allowed for item in self.data or []):
            raise ValidationError(_("请从列表里选"))


class IdNumberField(StringField):
    """An 18-character ID checked by the GB 11643 check digit; keeps the normalised number."""

    def pre_validate(self, form):
        if self.data:
            try:
                self.data = parse_id_number(self.data, today()).number
            except InvalidIdNumber as error:
                raise ValidationError(error.message) from None


class YuanField(Field):
    """An amount in yuan typed by a person, kept as integer fen."""

    widget = StringField.widget

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.raw = None
        self.parse_error = None

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        try:
            self.data = money.parse_yuan(self.raw)
        except money.InvalidAmount as error:
            self.data, self.parse_error = None, error.message

    def pre_validate(self, form):
        if self.parse_error:
            raise ValidationError(self.parse_error)

    def _value(self):
        if self.raw is not None:
            return self.raw
        if not self.data:
            return ""
        yuan, fen = divmod(int(self.data), 100)
        return f"{yuan}.{fen:02d}".rstrip("0").rstrip(".") if fen else str(yuan)


class CountField(IntegerField):
    """A small whole number such as a count of houses."""

    def __init__(self, label=None, validators=None, maximum: int = 99, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)
        self.maximum = maximum

    def process_formdata(self, valuelist):
        self.raw = valuelist[0].strip() if valuelist else ""
        digits = self.raw.translate(FULL_WIDTH_DIGITS)
        self.data = int(digits) if digits.isascii() and digits.isdigit() else None

    def pre_validate(self, form):
        if self.data is None and self.raw:
            raise ValidationError(_("请填一个整数，例如 0、1、2"))
        if self.data is not None and self.data > self.maximum:
            raise ValidationError(_("这个数太大了，请核对（最多 %d）") % self.maximum)

    def _value(self):
        raw = getattr(self, "raw", None)
        return raw if raw is not None else ("" if self.data is None else str(self.data))


class StepForm(StripWhitespaceForm):
    """A page of questions: loads from and saves to the draft's answers."""

    class Meta:
        def render_field(self, field, render_kw):
            """As WTForms renders a field, through the widget's faster twin (widgets.py)."""
            other = getattr(field, "render_kw", None)
            if other:
                render_kw = {**other, **render_kw}
            return fast(field.widget)(field, **{clean_key(k): v for k, v in render_kw.items()})

    def to_answers(self) -> dict:
        return {name: f.data for name, f in self._fields.items() if name != "csrf_token"}

    def validate_field(self, name: str) -> list[str]:
        """Check one field the way the whole form would (for the check-as-you-go request)."""
        self.validate()
        return list(self[name].errors) if name in self else []


def follow_ups(form) -> dict[str, list[tuple[str, str]]]:
    """For each question that others follow up (RequiredIf, ShownIf), its follow-ups and the
    class that reveals them (reveal-if-yes, reveal-if-no, reveal-if-chosen): the page shows a
    follow-up only once its question is answered so (static/site.css, with :has(), no JS)."""
    result: dict[str, list[tuple[str, str]]] = {}
    for name, field in form._fields.items():
        rule = next((v for v in field.validators if isinstance(v, RequiredIf)), None)
        if rule is None or rule.other not in form:
            continue
        values = tuple(rule.values)
        kind = {("yes",): "yes", ("no",): "no"}.get(values, "chosen")
        result.setdefault(rule.other, []).append((name, "reveal-if-" + kind))
    return result
