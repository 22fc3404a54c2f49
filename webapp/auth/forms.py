"""Sign-in forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError

from webapp.domain import otp
from webapp.web.i18n import _


class StripWhitespaceForm(FlaskForm):
    """Every text field is stripped before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            filters.append(lambda v: v.strip() if isinstance(v, str) else v)
            return unbound_field.bind(form=form, filters=filters, **options)


class PhoneForm(StripWhitespaceForm):
    phone = StringField(_("手机号码"), render_kw={"inputmode": "tel", "autocomplete": "tel"})

    def validate_phone(self, field):
        try:
            field.data = otp.normalise_phone(field.data or "")
        except otp.InvalidPhone as error:
            raise ValidationError(error.message) from None


class CodeForm(StripWhitespaceForm):
    code = StringField(_("验证码"), render_kw={"inputmode": "numeric",
                                              "autocomplete": "one-time-code", "maxlength": 6})

    def validate_code(self, field):
        digits = "".join(ch for ch in (field.data or "") if ch.isdigit())
        if len(digits) != 6:
            raise ValidationError(_("请填写短信里的6位数字验证码"))
        field.data = digits
