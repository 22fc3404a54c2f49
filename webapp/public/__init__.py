"""Pages open to anyone, signed in or not: a village's public notice (公示) and publication (公布),
the objection anyone may file during the notice, and a county's 好差评 results (国办发〔2019〕51号:
the results are public) — counts per township only, never a comment or a name.

RULES.md "Procedure and deadlines for dibao" and "Privacy and data" (`000…` 四(二)): the notice
carries the applicant's name, household size and the proposed category and amount; the
publication only name, household size and amount — nothing else. Temporary aid is never on the
notice (its procedure has none); granted temporary aid is on the publication page only where the
county chose so (county_settings.temporary_aid_public), with the same three things. So the store's queries
(webapp/store/cases.py, public_notice_rows and publication_rows) select exactly those columns (and
the notice dates, and the case id the objection link needs); no answer of the submission ever
reaches these templates.

Nothing here is rate-limited yet: the objection form is guarded by CSRF only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import segno
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.domain import case_machine as machine
from webapp.domain import ratings as rating_rules
from webapp.services import cases, ratings, regions
from webapp.services.queues import Page
from webapp.store import cases as store
from webapp.store.engine import get_db, immediate
from webapp.web.i18n import _
from webapp.web.security import client

bp = Blueprint("public", __name__, url_prefix="/public")

# The proposed category as the notice shows it.
# Households on one page of a village's publication list (printable on a few A4 sheets).
PUBLICATION_PAGE_SIZE = 100
CATEGORY_LABELS = {
    "dibao": _("低保"),
    "near_dibao": _("低保边缘家庭"),
    "tekun": _("特困供养"),
    "expenditure_hardship": _("刚性支出困难家庭"),
    "temporary_aid": _("临时救助"),
    "not_eligible": _("不符合条件"),
}
OBJECTION_MAX = 500
CONTACT_MAX = 60

def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ObjectionForm(FlaskForm):
    text = TextAreaField(
        _("您的异议"), filters=[_strip],
        description=_("请写明您认为哪里不符合实际，例如收入、财产或家庭人口的情况。"),
        validators=[DataRequired(_("请写明您的异议")),
                    Length(max=OBJECTION_MAX, message=_("异议最多 %d 个字") % OBJECTION_MAX)],
        render_kw={"maxlength": OBJECTION_MAX, "rows": 6})
    contact = StringField(
        _("联系方式（选填）"), filters=[_strip],
        description=_("如希望工作人员回复您，可留下电话或其他联系方式；不留也可以。"),
        validators=[Optional(), Length(max=CONTACT_MAX, message=_("联系方式最多 %d 个字") % CONTACT_MAX)],
        render_kw={"maxlength": CONTACT_MAX, "autocomplete": "tel"})


def _village_or_404(village_code: str) -> regions.Region:
    village = regions.get(get_db(), village_code)
    if village is None or village.level != "village":
        abort(404)
    return village


def notices(db, village_code: str, today: date) -> list[dict]:
    """The cases of a village whose public notice is open today, by name."""
    rows = store.public_notice_rows(db, village_code, today)
    for row in rows:
        row["category_label"] = CATEGORY_LABELS.get(row["category"] or "", "")
    return rows


def publications(db, village_code: str, page: int) -> Page:
    """A page of the published cases of a village: name, household size and amount only. A
    village's list runs to thousands of households over the years, so it is paged like every
    list; its length is not counted."""
    number = max(page, 1)
    rows = store.publication_rows(db, village_code, (number - 1) * PUBLICATION_PAGE_SIZE,
                                  PUBLICATION_PAGE_SIZE + 1)
    return Page(rows[:PUBLICATION_PAGE_SIZE], number, PUBLICATION_PAGE_SIZE, None,
                len(rows) > PUBLICATION_PAGE_SIZE)


def granted_aid(db, village: regions.Region, page: int) -> Page | None:
    """A page of the village's granted temporary aid (name, people helped and amount approved
    only), or None where the village's county has not chosen to list it (its setting)."""
    township = regions.get(db, village.parent_code)
    if township is None or not store.temporary_aid_public(db, township.parent_code):
        return None
    number = max(page, 1)
    rows = store.aid_publication_rows(db, village.code, (number - 1) * PUBLICATION_PAGE_SIZE,
                                      PUBLICATION_PAGE_SIZE + 1)
    return Page(rows[:PUBLICATION_PAGE_SIZE], number, PUBLICATION_PAGE_SIZE, None,
                len(rows) > PUBLICATION_PAGE_SIZE)


def _qr_svg(endpoint: str, **values) -> tuple[Markup, str]:
    """An inline SVG QR code of the page's own absolute address (from PUBLIC_URL, never from the
    request's Host header), and that address."""
    address = current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)
    qr = segno.make(address, error="m")
    svg = qr.svg_inline(scale=4, svgclass="public-qr-code", lineclass=None, omitsize=True,
                        title=_("本页二维码"))
    return Markup(svg), address


@bp.get("/notices/<village_code>")
def notice(village_code: str):
    village = _village_or_404(village_code)
    return _sheet("public/notice.html", "public.notice", village,
                  rows=notices(get_db(), village.code, cases.today()))


@bp.get("/publications/<village_code>")
def publication(village_code: str):
    village = _village_or_404(village_code)
    db = get_db()
    return _sheet("public/publication.html", "public.publication", village,
                  listed=publications(db, village.code, request.args.get("page", 1, type=int)),
                  aid=granted_aid(db, village, request.args.get("aid_page", 1, type=int)),
                  county_code=_county_of(village))


@bp.get("/ratings/<county_code>", endpoint="ratings")
def ratings_page(county_code: str):
    """The county's 好差评 results: each township's ratings per level and its follow-ups."""
    db = get_db()
    county = regions.get(db, county_code)
    if county is None or county.level != "county":
        abort(404)
    return render_template("public/ratings.html", county=regions.full_name(db, county.code),
                           county_code=county.code, levels=rating_rules.LEVELS,
                           townships=ratings.county_summary(db, county.code),
                           today=cases.today())


def _county_of(village: regions.Region) -> str | None:
    township = regions.get(get_db(), village.parent_code) if village.parent_code else None
    return township.parent_code if township else None


def _sheet(template: str, endpoint: str, village, **lists):
    """A village's printable public sheet: its name, the list, the page's own QR code, the day."""
    qr, address = _qr_svg(endpoint, village_code=village.code)
    return render_template(template, village=village,
                           village_name=regions.full_name(get_db(), village.code), qr=qr,
                           address=address, today=cases.today(), **lists)


def _closed(village: regions.Region, row: dict, message: str, status: int):
    return render_template("public/closed.html", village=village, row=row, message=message), status


@bp.route("/notices/<village_code>/object/<int:case_id>", methods=["GET", "POST"])
def objection(village_code: str, case_id: int):
    village = _village_or_404(village_code)
    db = get_db()
    row = store.public_notice_row(db, village.code, case_id) if 0 < case_id < 2**63 else None
    today = cases.today()
    if row is None or today < date.fromisoformat(row["notice_start"]):
        abort(404)
    if today > date.fromisoformat(row["notice_end"]):
        return _closed(village, row, _("对%(name)s的公示已于 %(end)s 结束，不能再提出异议。如有情况，"
                                       "请直接向乡镇人民政府或县民政局反映。")
                       % {"name": row["name"], "end": row["notice_end"]}, 410)
    form = ObjectionForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("public/objection.html", village=village, row=row, form=form), status
    config = current_app.config
    try:
        with immediate(db):  # the objection and the case's step stand or fall together
            cases.act_in(db, case_id, "raise_objection", role=machine.PUBLIC, actor="public",
                         reason=form.text.data, signature=config["SMS_SIGNATURE"],
                         service=config["SERVICE_NAME"])
            store.add_objection(db, case_id, at=datetime.now(UTC).isoformat(timespec="seconds"),
                                text=form.text.data, contact=form.contact.data or None,
                                client_address=client()["address"])
    except machine.IllegalTransition as refused:
        # Another objection, or the end of the notice, came first.
        return _closed(village, row, refused.message, 409)
    return redirect(url_for("public.objection_received", village_code=village.code))


@bp.get("/notices/<village_code>/objection-received")
def objection_received(village_code: str):
    village = _village_or_404(village_code)
    return render_template("public/thanks.html", village=village)


from webapp.public import trust  # noqa: E402,F401  (issue 11: footer, privacy notice, estimates)
