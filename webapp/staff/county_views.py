"""The county administrator's settings of the procedure for their county."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, InputRequired, Length

from webapp.flows.fields import Radio
from webapp.services import authz, county_settings, regions
from webapp.staff import bp
from webapp.staff.audit_views import county_of
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _


def _basis(description: str) -> StringField:
    return StringField(
        _("依据的文件"), description=description,
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[DataRequired(_("请写明依据的文件")),
                    Length(max=200, message=_("文件名称和文号不超过 200 个字"))])


class CountySettingsForm(FlaskForm):
    township_confirms = Radio(
        _("乡镇是否有审核确认权"),
        choices={"no": _("没有：县民政局审核确认，办理期限 30 个工作日"),
                 "yes": _("有：县里已委托乡镇审核确认，办理期限 20 个工作日")},
        validators=[InputRequired(_("请选择乡镇是否有审核确认权"))])
    basis = _basis(_("委托或收回审核确认权的文件名称和文号"))


class AidPublicForm(FlaskForm):
    """Whether granted temporary aid is listed on the villages' publication pages. Its own form
    (prefix aid-), so each setting is changed, and audited, with its own document."""

    temporary_aid_public = Radio(
        _("临时救助是否在村（社区）公布"),
        choices={"no": _("不公布"),
                 "yes": _("公布：批准的临时救助在村公布栏列出姓名、受助人数和救助金额")},
        validators=[InputRequired(_("请选择临时救助是否公布"))])
    basis = _basis(_("规定临时救助公布的文件名称和文号"))


@bp.route("/county", methods=["GET", "POST"])
@staff_required(*authz.roles_for("edit_policy"))
def county():
    db = get_db()
    staff = current_staff()
    county_code = county_of(db, staff.region_code)
    current = county_settings.township_confirms(db, county_code)
    form = CountySettingsForm(data={"township_confirms": "yes" if current else "no"})
    if form.validate_on_submit():
        changed = county_settings.set_township_confirms(
            db, county_code, form.township_confirms.data == "yes", staff.actor, form.basis.data)
        flash(_("已保存。之后受理的申请按新的期限计算，已受理的期限不变。") if changed
              else _("设置没有变化。"))
        return redirect(url_for("staff.county"))
    return _settings_page(county_code, form, _aid_form(county_code))


def _aid_form(county_code: str, formdata=None) -> AidPublicForm:
    public = county_settings.temporary_aid_public(get_db(), county_code)
    return AidPublicForm(formdata=formdata, prefix="aid",
                         data={"temporary_aid_public": "yes" if public else "no"})


def _settings_page(county_code: str, form: CountySettingsForm, aid_form: AidPublicForm):
    db = get_db()
    return render_template(
        "staff/county.html", form=form, aid_form=aid_form, staff=current_staff(),
        current=county_settings.township_confirms(db, county_code),
        aid_public=county_settings.temporary_aid_public(db, county_code),
        county=regions.full_name(db, county_code),
        history=county_settings.history(db, county_code)), \
        422 if form.errors or aid_form.errors else 200


@bp.post("/county/temporary-aid")
@staff_required(*authz.roles_for("edit_policy"))
def county_temporary_aid():
    db = get_db()
    staff = current_staff()
    county_code = county_of(db, staff.region_code)
    aid_form = _aid_form(county_code, request.form)
    if not aid_form.validate_on_submit():
        current = county_settings.township_confirms(db, county_code)
        shown = CountySettingsForm(formdata=None, data={"township_confirms": "yes" if current else "no"})
        return _settings_page(county_code, shown, aid_form)
    changed = county_settings.set_temporary_aid_public(
        db, county_code, aid_form.temporary_aid_public.data == "yes", staff.actor, aid_form.basis.data)
    flash(_("已保存。") if changed else _("设置没有变化。"))
    return redirect(url_for("staff.county"))
