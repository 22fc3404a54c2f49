"""The village assistant's forms: choosing the resident to fill a form for, and the code with
which a resident lets the assistant take over their own draft."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import ValidationError

from webapp.auth.forms import CodeForm, StripWhitespaceForm
from webapp.domain import otp
from webapp.flows.fields import IdNumberField, MaxLength, Radio, Required
from webapp.web.i18n import _

FORMS = {"application": _("社会救助申请"), "self_declaration": _("自主申报（防止返贫监测）"),
         "temporary_aid": _("临时救助申请")}


class ResidentForm(StripWhitespaceForm):
    """Who the form is for: a resident of the assistant's own village."""

    # Not named "form": a control of that name hides the <form>'s own .form from scripts.
    flow = Radio(_("办理什么"), [Required(_("请选择办理什么"))], choices=FORMS)
    name = StringField(_("村民姓名"), [Required(_("请填写村民的姓名")), MaxLength(30)],
                       render_kw={"autocomplete": "off"})
    id_number = IdNumberField(_("村民身份证号码"), [Required(_("请填写村民的身份证号码"))],
                              description=_("18位，最后一位可能是 X"),
                              render_kw={"autocomplete": "off"})
    phone = StringField(_("村民本人的手机号码（没有可以不填）"),
                        description=_("验证码会发到这个号码，由本人在您的手机上输入；"
                                      "没有手机的，由本人在屏幕上手写签名"),
                        render_kw={"inputmode": "tel", "autocomplete": "off"})

    def validate_phone(self, field):
        if not field.data:
            field.data = None
            return
        try:
            field.data = otp.normalise_phone(field.data)
        except otp.InvalidPhone as error:
            raise ValidationError(error.message) from None


class ConsentCodeForm(CodeForm):
    """The 6-digit code the resident got on their phone, typed in by them."""
