"""The county administrator fills in how residents reach the county's civil-affairs bureau and
each township office (issue 11, trust signals: every resident page's footer shows them)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, ValidationError

from webapp.domain import contact_numbers
from webapp.services import authz, contacts, regions
from webapp.staff import bp
from webapp.staff.audit_views import county_of
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _number(form, field) -> None:
    try:
        contact_numbers.normalise(field.data or "")
    except contact_numbers.InvalidNumber:
        raise ValidationError(_("电话号码只能有数字和“-”，例如 0311-12345678 或 12345")) from None


class ContactsForm(FlaskForm):
    office_name = StringField(_("单位名称"), filters=[_strip],
                              description=_("不填就显示为“县名＋民政局”或“乡镇名＋人民政府”"),
                              validators=[Length(max=60, message=_("最多 60 个字"))])
    phone = StringField(_("办事电话"), filters=[_strip], validators=[_number],
                        render_kw={"inputmode": "tel"})
    hotline = StringField(_("投诉、咨询热线"), filters=[_strip], validators=[_number],
                          description=_("不填就是 12345（政务服务便民热线）"),
                          render_kw={"inputmode": "tel"})
    address = StringField(_("地址"), filters=[_strip],
                          validators=[Length(max=100, message=_("最多 100 个字"))])
    hours = StringField(_("办公时间"), filters=[_strip],
                        description=_("例如：工作日 8:30–12:00，14:30–17:30"),
                        validators=[Length(max=60, message=_("最多 60 个字"))])


def _county() -> str:
    return county_of(get_db(), current_staff().region_code)


@bp.get("/county/contacts")
@staff_required(*authz.roles_for("edit_policy"))
def county_contacts():
    db = get_db()
    offices = contacts.editable(db, _county())
    return render_template("staff/county_contacts.html", offices=offices,
                           filled=contacts.filled_in(db, [r.code for r in offices]),
                           default_name=contacts.default_name, staff=current_staff())


@bp.route("/county/contacts/<region_code>", methods=["GET", "POST"])
@staff_required(*authz.roles_for("edit_policy"))
def county_contact_edit(region_code: str):
    db = get_db()
    staff = current_staff()
    county = _county()
    region = next((r for r in contacts.editable(db, county) if r.code == region_code), None)
    if region is None:  # another county's office is, for this administrator, not there at all
        abort(404)
    form = ContactsForm(data=contacts.filled_in(db, [region.code]).get(region.code) or {})
    if region.level != "county":
        del form.hotline
    if form.validate_on_submit():
        changed = contacts.save(db, county, region.code, form.data, staff.actor)
        flash(_("已保存，村民看到的联系方式已更新。") if changed else _("没有变化。"))
        return redirect(url_for("staff.county_contacts"))
    return render_template("staff/county_contact_edit.html", form=form, region=region,
                           name=regions.full_name(db, region.code), staff=staff,
                           default_name=contacts.default_name(region)), \
        422 if form.errors else 200
