"""Staff forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from webapp.web.i18n import _


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SignInForm(FlaskForm):
    username = StringField(
        _("用户名"), filters=[_strip],
        validators=[DataRequired(_("请填写用户名")), Length(max=64, message=_("用户名太长了"))],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    # Taken exactly as typed (spaces may be part of a password), and never shown again.
    password = PasswordField(
        _("密码"),
        validators=[InputRequired(_("请填写密码")), Length(max=1024, message=_("密码太长了"))],
        render_kw={"autocomplete": "current-password"})
