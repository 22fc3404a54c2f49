"""A village assistant chooses whether the residents of their village see their phone number
in every page's footer (issue 11, trust signals), and which number."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import StringField

from webapp.services import accounts, authz, contacts
from webapp.staff import bp
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _


class PublicPhoneForm(FlaskForm):
    phone = StringField(_("给村民打的电话"), filters=[lambda v: v.strip() if isinstance(v, str) else v],
                        description=_("村民的每个页面底部都会写着您的名字和这个电话。不想公开的，清空后保存。"),
                        render_kw={"inputmode": "tel", "autocomplete": "tel"})


@bp.route("/assistant/phone", methods=["GET", "POST"])
@staff_required(*authz.roles_for("fill_on_behalf"))
def assistant_phone():
    db = get_db()
    staff = current_staff()
    form = PublicPhoneForm(data={"phone": contacts.published_phone(db, staff.id)})
    if form.validate_on_submit():
        try:
            changed = contacts.publish_phone(db, staff, form.phone.data or "")
        except accounts.StaffAccountError as refused:
            form.phone.errors.append(str(refused))
        else:
            flash(_("已保存。") if changed else _("没有变化。"))
            return redirect(url_for("staff.assistant"))
    return render_template("staff/assistant_phone.html", form=form, staff=staff), \
        422 if form.errors else 200
