"""The county administrator keeps the county's policy parameters: the sets in use, every earlier
version with who entered it, when, and from which document, and a form for a new set or a new
version of one. The rules of the store are in webapp/policy_store.py."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.domain import phase_out, policy, policy_levels
from webapp.services import authz, policy_store, regions
from webapp.services.cases import today
from webapp.staff import bp
from webapp.staff.guard import current_staff, staff_required
from webapp.staff.policy_fields import Parsed, day, fen, fen_text, multiplier, percent, plain, whole
from webapp.staff.policy_tiers import tier_amounts
from webapp.store.engine import get_db
from webapp.web.i18n import _

EDITORS = authz.roles_for("edit_policy")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PolicyForm(FlaskForm):
    """One set of parameters for one period. Amounts in yuan (to the fen), kept as fen."""

    replaces = HiddenField()
    source = StringField(
        _("依据文件"), filters=[_strip], description=_("公布这些标准的文件，例如 豫民〔2022〕X号"),
        validators=[DataRequired(_("请填写依据的文件")), Length(max=200, message=_("最多 200 个字"))])
    valid_from = StringField(_("开始日期"), filters=[_strip], description=_("例如 2025-01-01"),
                             validators=[Parsed(day, _("请填写开始日期"))], render_kw={"type": "date"})
    valid_to = StringField(
        _("结束日期（含这一天，可不填）"), filters=[_strip],
        description=_("不填：一直有效，直到下一期开始（录入下一期时自动截止到它开始的前一天）"),
        validators=[Optional(), Parsed(day)], render_kw={"type": "date"})
    dibao_rural_monthly = StringField(
        _("农村低保标准（元/人·月）"), filters=[_strip], description=_("例如 420.00"),
        validators=[Parsed(fen, _("请填写农村低保标准"), 1_00, 10_000_00,
                           _("低保标准应在 1 元到 10,000 元之间"))], render_kw={"inputmode": "decimal"})
    dibao_urban_monthly = StringField(
        _("城市低保标准（元/人·月）"), filters=[_strip], description=_("例如 630.00；临时救助按它的倍数计算"),
        validators=[Parsed(fen, _("请填写城市低保标准"), 1_00, 10_000_00,
                           _("低保标准应在 1 元到 10,000 元之间"))], render_kw={"inputmode": "decimal"})
    tekun_multiplier = StringField(
        _("特困人员基本生活标准（低保标准的倍数）"), filters=[_strip],
        description=_("不低于低保标准的 1.3 倍，例如 1.3"),
        validators=[Parsed(multiplier, _("请填写特困人员标准的倍数"), Decimal("1.3"), Decimal(5),
                           _("特困人员标准应为低保标准的 1.3 到 5 倍"))], render_kw={"inputmode": "decimal"})
    near_dibao_multiplier = StringField(
        _("低保边缘家庭（低保标准的倍数）"), filters=[_strip], description=_("一般为 1.5"),
        validators=[Parsed(multiplier, _("请填写低保边缘家庭的倍数"), Decimal("1.01"), Decimal(3),
                           _("低保边缘家庭的倍数应大于 1、不超过 3"))], render_kw={"inputmode": "decimal"})
    last_year_disposable_income_per_capita = StringField(
        _("上年当地居民人均可支配收入（元/年）"), filters=[_strip], description=_("例如 17533.00"),
        validators=[Parsed(fen, _("请填写上年人均可支配收入"), 1_00, 1_000_000_00,
                           _("人均可支配收入应在 1 元到 1,000,000 元之间"))],
        render_kw={"inputmode": "decimal"})
    expenditure_hardship_percent = StringField(
        _("刚性支出困难家庭：看病和上学支出占家庭年收入超过（%）"), filters=[_strip],
        description=_("当地规定的比例，例如 50"),
        validators=[Parsed(percent, _("请填写比例"), Decimal("0.01"), Decimal(1000),
                           _("比例应大于 0、不超过 1000%"))], render_kw={"inputmode": "decimal"})
    temporary_aid_township_multiple = StringField(
        _("临时救助：乡镇可批（城市低保月标准的倍数）"), filters=[_strip], description=_("例如 3"),
        validators=[Parsed(whole, _("请填写乡镇可批的倍数"), 1, 36, _("倍数应在 1 到 36 之间"))],
        render_kw={"inputmode": "numeric"})
    temporary_aid_county_multiple = StringField(
        _("临时救助：县级可批（城市低保月标准的倍数）"), filters=[_strip], description=_("例如 6"),
        validators=[Parsed(whole, _("请填写县级可批的倍数"), 1, 36, _("倍数应在 1 到 36 之间"))],
        render_kw={"inputmode": "numeric"})
    temporary_aid_first_aid_cap = StringField(
        _("临时救助：先行救助最多（元）"), filters=[_strip],
        description=_("急难情况下乡镇先给的小额救助，每件最多多少钱，例如 1000.00"),
        validators=[Parsed(fen, _("请填写先行救助的最高金额"), 1_00, 100_000_00,
                           _("先行救助的最高金额应在 1 元到 100,000 元之间"))],
        render_kw={"inputmode": "decimal"})
    temporary_aid_decision_days = StringField(
        _("临时救助：审批期限（工作日）"), filters=[_strip], description=_("自受理之日起，例如 10"),
        validators=[Parsed(whole, _("请填写临时救助的审批期限"), 1, 90,
                           _("期限应在 1 到 90 个工作日之间"))], render_kw={"inputmode": "numeric"})
    temporary_aid_explanation_days = StringField(
        _("临时救助：先行救助后补充说明期限（工作日）"), filters=[_strip], description=_("例如 5"),
        validators=[Parsed(whole, _("请填写补充说明的期限"), 1, 90,
                           _("期限应在 1 到 90 个工作日之间"))], render_kw={"inputmode": "numeric"})
    phase_out_months = StringField(
        _("渐退期（月）"), filters=[_strip], description=_("收入超过标准后最多继续发放的月数，例如 6"),
        validators=[Parsed(whole, _("请填写渐退期"), 0, 36, _("渐退期应在 0 到 36 个月之间"))],
        render_kw={"inputmode": "numeric"})
    deadline_standard = StringField(
        _("低保办理期限（工作日）"), filters=[_strip], description=_("自受理之日起，例如 30"),
        validators=[Parsed(whole, _("请填写办理期限"), 1, 90, _("期限应在 1 到 90 个工作日之间"))],
        render_kw={"inputmode": "numeric"})
    deadline_township_confirms = StringField(
        _("乡镇审核确认时的期限（工作日）"), filters=[_strip], description=_("例如 20"),
        validators=[Parsed(whole, _("请填写乡镇审核确认时的期限"), 1, 90,
                           _("期限应在 1 到 90 个工作日之间"))], render_kw={"inputmode": "numeric"})
    deadline_extended = StringField(
        _("可延长至（工作日）"), filters=[_strip], description=_("例如 45"),
        validators=[Parsed(whole, _("请填写可延长到的期限"), 1, 90, _("期限应在 1 到 90 个工作日之间"))],
        render_kw={"inputmode": "numeric"})

    # Issue 12: the phase-out schedule (000… 一(三); 003… 二(二)3, e.g. Jilin's 18 months falling
    # every quarter: 100,100,100,83,83,83,67,67,67,50,50,50,33,33,33,17,17,17).
    phase_out_schedule = StringField(
        _("渐退期每月发放比例（%，可不填）"), filters=[_strip],
        description=_("按月填上次金额的百分比，用逗号隔开，个数等于渐退期月数，只能逐月不变或减少，"
                      "例如 100,100,80,80,50,50；不填：渐退期内全额发放"),
        validators=[Optional()])
    phase_out_schedule_disabled = StringField(
        _("残疾人低保家庭的渐退安排（%，可不填）"), filters=[_strip],
        description=_("残疾人家庭另有规定时按月填写（个数即月数）；不填：与其他家庭相同"),
        validators=[Optional()])
    phase_out_income_cap = StringField(
        _("渐退的收入上限（低保标准的倍数，可不填）"), filters=[_strip],
        description=_("人均收入达到这个倍数的不给渐退期，例如吉林为 2；不填或填 0：不设上限"),
        validators=[Optional()], render_kw={"inputmode": "decimal"})

    def validate_phase_out_schedule(self, field):
        months = None if self.phase_out_months.errors else whole(self.phase_out_months.data)
        _check_schedule(field.data, months)

    def validate_phase_out_schedule_disabled(self, field):
        _check_schedule(field.data, None)

    def validate_phase_out_income_cap(self, field):
        try:
            cap = multiplier(field.data)
        except ValueError as refused:
            raise ValidationError(str(refused)) from None
        if cap > 10:
            raise ValidationError(_("倍数应在 0 到 10 之间"))
        if 0 < cap <= 1:
            raise ValidationError(_("收入上限应大于 1 倍（超过标准才进入渐退），不设填 0"))
    tekun_care_full_monthly = StringField(
        _("特困人员照料护理标准：全护理（元/人·月）"), filters=[_strip],
        description=_("原则上不低于当地最低工资标准的 1/3，例如 600.00"),
        validators=[Parsed(fen, _("请填写全护理标准"), 0, 10_000_00, _("护理标准应在 0 到 10,000 元之间"))],
        render_kw={"inputmode": "decimal"})
    tekun_care_partial_monthly = StringField(
        _("特困人员照料护理标准：半护理（元/人·月）"), filters=[_strip],
        description=_("原则上不低于当地最低工资标准的 1/6，例如 300.00"),
        validators=[Parsed(fen, _("请填写半护理标准"), 0, 10_000_00, _("护理标准应在 0 到 10,000 元之间"))],
        render_kw={"inputmode": "decimal"})
    tekun_care_self_monthly = StringField(
        _("特困人员照料护理标准：全自理（元/人·月）"), filters=[_strip],
        description=_("按当地重度残疾人护理补贴标准，例如 60.00"),
        validators=[Parsed(fen, _("请填写全自理标准"), 0, 10_000_00, _("护理标准应在 0 到 10,000 元之间"))],
        render_kw={"inputmode": "decimal"})
    dibao_tier_amounts = StringField(
        _("低保分档救助：每档金额（元/人·月，可不填）"), filters=[_strip],
        description=_("不填：按实际差额补差。填了：差额按能补足它的最低一档发放，例如 100、200、300"),
        validators=[Optional(), Parsed(tier_amounts)])
    accepts_residence_permit = BooleanField(
        _("接受持本地居住证的外地户籍家庭在居住地申请低保、低保边缘家庭认定"),
        description=_("不勾选：外地户籍家庭到户籍所在地申请"))

    def validate_tekun_care_partial_monthly(self, field):
        if not self.tekun_care_full_monthly.errors and \
                fen(field.data) > fen(self.tekun_care_full_monthly.data):
            raise ValidationError(_("半护理标准不能高于全护理标准"))

    def validate_valid_to(self, field):
        if self.valid_from.errors or not field.data:
            return
        if day(field.data) < day(self.valid_from.data):
            raise ValidationError(_("结束日期不能早于开始日期"))

    def validate_temporary_aid_county_multiple(self, field):
        if not self.temporary_aid_township_multiple.errors and \
                whole(field.data) < whole(self.temporary_aid_township_multiple.data):
            raise ValidationError(_("县级可批的倍数不能小于乡镇可批的倍数"))

    def validate_deadline_township_confirms(self, field):
        if not self.deadline_standard.errors and whole(field.data) > whole(self.deadline_standard.data):
            raise ValidationError(_("乡镇审核确认时的期限不能长于一般办理期限"))

    def validate_deadline_extended(self, field):
        if not self.deadline_standard.errors and whole(field.data) < whole(self.deadline_standard.data):
            raise ValidationError(_("延长后的期限不能短于一般办理期限"))

    def parameters(self, region_code: str) -> policy.PolicyParameters:
        """The set as typed, for a validated form."""
        return policy.PolicyParameters(
            region_code=region_code, effective_from=day(self.valid_from.data),
            effective_to=day(self.valid_to.data) if self.valid_to.data else None,
            dibao_urban_monthly=fen(self.dibao_urban_monthly.data),
            dibao_rural_monthly=fen(self.dibao_rural_monthly.data),
            expenditure_hardship_ratio=percent(self.expenditure_hardship_percent.data) / 100,
            last_year_disposable_income_per_capita=fen(self.last_year_disposable_income_per_capita.data),
            near_dibao_multiplier=multiplier(self.near_dibao_multiplier.data),
            tekun_multiplier=multiplier(self.tekun_multiplier.data),
            temporary_aid_township_multiple=whole(self.temporary_aid_township_multiple.data),
            temporary_aid_county_multiple=whole(self.temporary_aid_county_multiple.data),
            temporary_aid_first_aid_cap=fen(self.temporary_aid_first_aid_cap.data),
            temporary_aid_decision_days=whole(self.temporary_aid_decision_days.data),
            temporary_aid_explanation_days=whole(self.temporary_aid_explanation_days.data),
            phase_out_months=whole(self.phase_out_months.data),
            deadlines=policy.DeadlineDays(whole(self.deadline_standard.data),
                                          whole(self.deadline_township_confirms.data),
                                          whole(self.deadline_extended.data)),
            phase_out_schedule=phase_out.parse_schedule(self.phase_out_schedule.data or ""),
            phase_out_schedule_disabled=phase_out.parse_schedule(
                self.phase_out_schedule_disabled.data or ""),
            phase_out_income_cap=multiplier(self.phase_out_income_cap.data or "0"),
            tekun_care_full_monthly=fen(self.tekun_care_full_monthly.data),
            tekun_care_partial_monthly=fen(self.tekun_care_partial_monthly.data),
            tekun_care_self_monthly=fen(self.tekun_care_self_monthly.data),
            dibao_tier_amounts=tier_amounts(self.dibao_tier_amounts.data or ""),
            accepts_residence_permit=bool(self.accepts_residence_permit.data))


def prefill(version: policy_store.Version | None, *, whole_version: bool) -> dict:
    """The form's starting values: a set's figures, and with `whole_version` its period and
    source too (for a new version of that set; a new period starts with those blank)."""
    if version is None:
        return {}
    p = version.parameters
    data = {
        "dibao_rural_monthly": fen_text(p.dibao_rural_monthly),
        "dibao_urban_monthly": fen_text(p.dibao_urban_monthly),
        "tekun_multiplier": plain(p.tekun_multiplier),
        "near_dibao_multiplier": plain(p.near_dibao_multiplier),
        "last_year_disposable_income_per_capita": fen_text(p.last_year_disposable_income_per_capita),
        "expenditure_hardship_percent": plain(p.expenditure_hardship_ratio * 100),
        "temporary_aid_township_multiple": str(p.temporary_aid_township_multiple),
        "temporary_aid_county_multiple": str(p.temporary_aid_county_multiple),
        "temporary_aid_first_aid_cap": fen_text(p.temporary_aid_first_aid_cap),
        "temporary_aid_decision_days": str(p.temporary_aid_decision_days),
        "temporary_aid_explanation_days": str(p.temporary_aid_explanation_days),
        "phase_out_months": str(p.phase_out_months),
        "deadline_standard": str(p.deadlines.standard),
        "deadline_township_confirms": str(p.deadlines.township_confirms),
        "deadline_extended": str(p.deadlines.extended),
        "phase_out_schedule": phase_out.schedule_text(p.phase_out_schedule),
        "phase_out_schedule_disabled": phase_out.schedule_text(p.phase_out_schedule_disabled),
        "phase_out_income_cap": plain(p.phase_out_income_cap),
        "tekun_care_full_monthly": fen_text(p.tekun_care_full_monthly),
        "tekun_care_partial_monthly": fen_text(p.tekun_care_partial_monthly),
        "tekun_care_self_monthly": fen_text(p.tekun_care_self_monthly),
        "dibao_tier_amounts": "、".join(fen_text(t) for t in p.dibao_tier_amounts),
        "accepts_residence_permit": p.accepts_residence_permit,
    }
    if whole_version:
        data |= {"replaces": str(version.id), "source": version.source,
                 "valid_from": p.effective_from.isoformat(),
                 "valid_to": p.effective_to.isoformat() if p.effective_to else ""}
    return data


def _check_schedule(text: str | None, months: int | None) -> None:
    """A schedule as typed: whole percentages from 1 to 100, never rising, one per month."""
    if not text:
        return
    try:
        percents = phase_out.parse_schedule(text)
    except ValueError as refused:
        raise ValidationError(str(refused)) from None
    if not percents or any(not 0 < p <= 100 for p in percents):
        raise ValidationError(_("每月比例应在 1 到 100 之间"))
    if any(b > a for a, b in zip(percents, percents[1:], strict=False)):
        raise ValidationError(_("比例只能逐月不变或减少"))
    if months is not None and len(percents) != months:
        raise ValidationError(_("填了 %d 个月的比例，渐退期是 %d 个月：个数要相同") % (len(percents), months))


def _county() -> str:
    """The county of the signed-in administrator (their own region)."""
    chain = authz.region_chain(get_db(), current_staff().region_code)
    return chain[-1] if chain else current_staff().region_code


def _version_in(county: str, text: str | None) -> policy_store.Version | None:
    """The version named in the request, which must be one of this county's; 404 otherwise."""
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) < 2**63:
        abort(404)
    version = policy_store.get(get_db(), int(text))
    if version is None or version.parameters.region_code != county:
        abort(404)
    return version


@bp.get("/policy")
@staff_required(*EDITORS)
def policy_list():
    db = get_db()
    county = _county()
    try:
        in_force_today = policy_store.in_force(db, county, today()).id
    except policy.NoPolicyInForce:
        in_force_today = None
    if in_force_today not in {v.id for v in policy_store.current(db, county)}:
        in_force_today = None  # inherited from the city or province: _policy_inherited.html
    return render_template(
        "staff/policy.html", staff=current_staff(), county_name=regions.full_name(db, county),
        current=policy_store.current(db, county), history=policy_store.versions(db, county),
        in_force_today=in_force_today, today=today(), percent=lambda ratio: plain(ratio * 100),
        **_inherited(db, county))


def _inherited(db, county: str) -> dict:
    """Issue 12: the city's and province's sets above the county, and the one it uses today when
    it has none of its own (002… 民政厅 第一类 3)."""
    return {"upper_sets": policy_store.upper_sets(db, county),
            "inherited_today": policy_store.inherited(db, county, today()),
            "level_label": lambda code: policy_levels.LEVEL_LABELS[policy_levels.level_of(code)]}


@bp.route("/policy/new", methods=["GET", "POST"])
@staff_required(*EDITORS)
def policy_new():
    db = get_db()
    county = _county()
    replaces = _version_in(county, request.values.get("replaces"))
    if request.method == "GET":
        if replaces is not None and not replaces.current:
            flash(_("第 %d 版已经被取代了，请在现行的那一版上修改。") % replaces.id)
            return redirect(url_for("staff.policy_list"))
        form = PolicyForm(data=prefill(replaces or _latest(county), whole_version=replaces is not None))
    else:
        form = PolicyForm()
    if form.validate_on_submit():
        try:
            added = policy_store.add_version(
                db, form.parameters(county), source=form.source.data, actor=current_staff().actor,
                replaces=replaces.id if replaces else None)
        except policy_store.PolicyStoreError as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(_("已保存为第 %d 版（%s）。") % (added.id, added.period))
            return redirect(url_for("staff.policy_list"))
    return render_template(
        "staff/policy_form.html", staff=current_staff(), form=form, replaces=replaces,
        county_name=regions.full_name(db, county)), (422 if form.errors else 200)


def _latest(county: str) -> policy_store.Version | None:
    """The current set that starts last: the figures a new period most likely starts from."""
    sets = policy_store.current(get_db(), county)
    return sets[-1] if sets else None
