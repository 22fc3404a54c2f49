"""Temporary aid (临时救助): who may apply where, which level approves which amount, what may be
paid first. RULES.md "Temporary assistance"; the clauses themselves are the authority:

- `002…` 民政厅 第三类: for a family or person whose basic living falls into hardship through a
  sudden event, accident, serious illness or another special cause; per person at most 6 × the
  local urban monthly dibao standard; up to 3 × the county may entrust the township to approve;
  over 3 × up to 6 × the county approves; for major hardship (遭遇重大生活困难) the amount is set
  case by case (一事一议) once every other assistance is used.
- `001…` 二(六); `004…` 四(三); `000…` 四(三): no hukou or residence condition — apply, and be
  helped, where the emergency happens (急难发生地); small amounts first, explained afterwards
  (小金额先行救助，事后补充说明情况); one approval, aid in stages (一次审批、分阶段救助).
- `000…` 二(一): an uninsured unemployed person (a migrant worker) with no income for 3 months in a
  row, not on dibao, gets one-time aid where they work or usually live.

No Flask and no database: amounts are whole fen, the parameters come from
`webapp.domain.policy.PolicyParameters`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from webapp.domain.money import format_yuan
from webapp.domain.policy import PolicyParameters
from webapp.web.i18n import _

# What happened (002… 民政厅 第三类 1; 000… 二(一), 二(二)).
FIRE_OR_DISASTER, ACCIDENT, SERIOUS_ILLNESS, INCOME_LOSS, OTHER = (
    "fire_or_disaster", "accident", "serious_illness", "income_loss", "other")
EMERGENCY_KINDS = {
    FIRE_OR_DISASTER: _("火灾、水灾等突发事件或自然灾害"),
    ACCIDENT: _("交通事故等意外伤害"),
    SERIOUS_ILLNESS: _("突发重病、大病"),
    INCOME_LOSS: _("没了收入（如失业、不能外出打工）"),
    OTHER: _("其他急事难事"),
}
# A serious illness is health information: the separate consent is asked for it (PIPL art. 28).
SENSITIVE_KINDS = frozenset({SERIOUS_ILLNESS})

# 000… 二(一): "连续3个月无收入来源".
INCOME_LOSS_MONTHS = 3

# How first aid or a payment reached the person.
PAYMENT_METHODS = {"cash": _("现金"), "transfer": _("转账到银行卡"), "goods": _("实物（如食品、衣被）")}


class Level(StrEnum):
    """Who approves an amount."""

    TOWNSHIP = "township"
    COUNTY = "county"
    CASE_BY_CASE = "case_by_case"  # 一事一议, by the county's coordination mechanism


LEVEL_LABELS = {
    Level.TOWNSHIP: _("乡镇（街道）审批"),
    Level.COUNTY: _("县级民政部门审批"),
    Level.CASE_BY_CASE: _("县级“一事一议”"),
}


class AidRefused(ValueError):
    """An amount or a step the rules do not allow, with a message for the person who tried."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message, self.field = message, field


@dataclass(frozen=True)
class Approval:
    """Which level must approve an amount for a household, and the figures that decide it."""

    level: Level
    amount: int
    household_size: int
    township_limit: int  # for the whole household, in fen
    county_limit: int
    why: str


def approval_level(params: PolicyParameters, amount: int, household_size: int, *,
                   major_hardship: bool = False) -> Approval:
    """The level that approves `amount` (fen, for the whole household) under the parameters in
    force (002… 民政厅 第三类 2). The limits are per person, multiples of the urban monthly dibao
    standard: at most the township multiple (3 ×) the township approves, as the county entrusts
    it; above that, up to the county multiple (6 ×), the county. Major hardship is decided case
    by case (一事一议) whatever the amount; above 6 × without major hardship nothing may be
    approved (AidRefused)."""
    if amount <= 0:
        raise AidRefused(_("请填写救助金额（元）"), "amount")
    if household_size < 1:
        raise AidRefused(_("请填写受助人数（至少 1 人）"), "household_size")
    per_township, per_county = params.temporary_aid_limits()
    township, county = per_township * household_size, per_county * household_size
    approval = _Approval(amount, household_size, township, county)
    if major_hardship:
        return approval(Level.CASE_BY_CASE, _("遭遇重大生活困难，按“一事一议”确定救助额度"))
    if amount <= township:
        return approval(Level.TOWNSHIP, _("%s 元不超过乡镇审批额度 %s 元（%d 人 × 城市低保标准 %d 倍）")
                        % (format_yuan(amount), format_yuan(township), household_size,
                           params.temporary_aid_township_multiple))
    if amount <= county:
        return approval(Level.COUNTY,
                        _("%s 元超过乡镇审批额度 %s 元，不超过 %s 元（%d 人 × %d 倍），由县级审批")
                        % (format_yuan(amount), format_yuan(township), format_yuan(county),
                           household_size, params.temporary_aid_county_multiple))
    raise AidRefused(
        _("%s 元超过临时救助最高额度 %s 元（%d 人 × 城市低保标准 %d 倍）；只有遭遇重大生活困难的，"
          "才能按“一事一议”确定更高的额度") % (format_yuan(amount), format_yuan(county),
                                  household_size, params.temporary_aid_county_multiple),
        "amount")


@dataclass(frozen=True)
class _Approval:
    amount: int
    household_size: int
    township: int
    county: int

    def __call__(self, level: Level, why: str) -> Approval:
        return Approval(level, self.amount, self.household_size, self.township, self.county, why)


def check_approver(approval: Approval, approver: Level) -> None:
    """The approver's level may approve this amount: the county approves anything it or the
    township may; the township only up to its limit; 一事一议 only the county, recording who
    took part (check_case_by_case)."""
    if approver is Level.TOWNSHIP and approval.level is not Level.TOWNSHIP:
        raise AidRefused(_("这笔救助须%s：%s。乡镇（街道）不能批准，请报县级民政部门。")
                         % (LEVEL_LABELS[approval.level], approval.why))
    if approver is Level.CASE_BY_CASE:
        raise ValueError("an approver is a township or a county")


def check_case_by_case(approval: Approval, participants: str) -> None:
    """一事一议 is a collective decision (004… （四）分类处置预警信息: 通过“一事一议”方式集体研究
    处理): who took part is recorded with it."""
    if approval.level is Level.CASE_BY_CASE and not participants.strip():
        raise AidRefused(_("“一事一议”要写明参加研究的单位和人员"), "participants")


# The shortest finding of a major hardship taken as written down (a few words, not a tick).
MAJOR_HARDSHIP_MIN_CHARS = 4


def check_major_hardship(major_hardship: bool, finding: str) -> None:
    """002… 民政厅 第三类 2: "对遭遇重大生活困难的，在综合运用各项救助帮扶政策的基础上，采取‘一事一议’
    方式确定救助额度" — 一事一议 rests on a finding of major hardship, not on the amount: a
    proposal marked as one records what the hardship is and which assistance was used first."""
    if major_hardship and len(finding.strip()) < MAJOR_HARDSHIP_MIN_CHARS:
        raise AidRefused(_("按“一事一议”办理，要写明调查核实的重大生活困难是什么、已经用了哪些救助帮扶政策"),
                         "major_hardship_finding")


def check_case_by_case_grounds(approval: Approval, finding: str) -> None:
    """A 一事一议 approval only on a recorded major-hardship finding (002… 民政厅 第三类 2)."""
    if approval.level is Level.CASE_BY_CASE and len(finding.strip()) < MAJOR_HARDSHIP_MIN_CHARS:
        raise AidRefused(
            _("没有记录遭遇重大生活困难的调查结论，不能按“一事一议”批准；请退回乡镇重新提出意见"))


def check_first_aid(amount: int, cap: int) -> None:
    """A first amount paid before the regular procedure (小金额先行救助) stays within the
    region's cap (a policy parameter)."""
    if amount <= 0:
        raise AidRefused(_("请填写先行救助的金额（元）"), "amount")
    if amount > cap:
        raise AidRefused(_("先行救助最多 %s 元（本地政策参数）；更多的请按正常程序审批")
                         % format_yuan(cap), "amount")


def check_payment(amount: int, approved: int, paid_so_far: int) -> None:
    """A payment under one approval (一次审批、分阶段救助): the payments together stay within
    the amount approved."""
    if amount <= 0:
        raise AidRefused(_("请填写这次发放的金额（元）"), "amount")
    left = approved - paid_so_far
    if amount > left:
        raise AidRefused(_("这次最多还能发放 %s 元（批准 %s 元，已发放 %s 元）")
                         % (format_yuan(max(left, 0)), format_yuan(approved), format_yuan(paid_so_far)),
                         "amount")


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (5 Jan → 4 Apr is 2, → 5 Apr is 3)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def income_loss_path(since: date | None, today: date, *, unemployment_insured: bool,
                     on_dibao: bool) -> bool:
    """000… 二(一): one-time aid where they work or live for an unemployed person not covered by
    unemployment insurance, with no income for 3 months in a row, not on dibao."""
    if since is None or unemployment_insured or on_dibao:
        return False
    return months_between(since, today) >= INCOME_LOSS_MONTHS
