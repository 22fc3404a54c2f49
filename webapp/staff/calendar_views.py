"""The county administrator loads a year's official calendar the package does not have yet."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms.validators import ValidationError

from webapp.domain.working_days import parse_year_csv
from webapp.services import calendar_days
from webapp.staff import bp
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _

MAX_BYTES = 64 * 1024


class CalendarForm(FlaskForm):
    upload = FileField(_("日历文件（CSV）"), description=_(
        "第一行 date,working；之后一年中每天一行，例如 2027-01-01,0"
        "（1 为工作日，0 为休息日；调休上班的周末写 1）"))

    def validate_upload(self, field):
        data = field.data.read(MAX_BYTES + 1) if field.data else b""
        if not data:
            raise ValidationError(_("请选择要上传的日历文件"))
        if len(data) > MAX_BYTES:
            raise ValidationError(_("文件太大了，一年的日历不会超过 64 KB"))
        try:
            self.days = parse_year_csv(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ValidationError(_("文件应为 UTF-8 编码的 CSV")) from None
        except ValueError as error:
            raise ValidationError(str(error)) from None


@bp.route("/calendar", methods=["GET", "POST"])
@staff_required("county_admin")
def calendar():
    form = CalendarForm()
    if form.validate_on_submit():
        loaded = calendar_days.load_year(get_db(), form.days, current_staff().actor)
        flash(_("已载入 %(year)d 年的日历，%(moved)d 件在办案件的办理期限随之调整。")
              % {"year": loaded.year, "moved": loaded.moved} if loaded.moved
              else _("已载入 %d 年的日历。") % loaded.year)
        return redirect(url_for("staff.calendar"))
    status = 422 if form.errors else 200
    return render_template("staff/calendar.html", form=form, staff=current_staff(),
                           years=calendar_days.loaded_years(get_db())), status
