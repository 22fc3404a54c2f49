"""Tekun (特困人员救助供养), person by person: the three conditions (三无) with the seed's
definitions, and the person's own wish (`002…` 民政厅 第二类 1–2).

`002…` 民政厅 第二类 2: (1) 无劳动能力 — the rule of webapp/domain/assessment.py
`no_labor_ability_reason`; (2) 无生活来源 — 收入低于当地最低生活保障标准，且其财产符合当地最低生活保
障家庭财产状况规定 (the person's own counted income, computed, not a checkbox); (3) 无法定赡养、抚养、
扶养义务人或者其法定义务人无履行义务能力 — webapp/domain/supporters.py `no_able_supporter`.
符合“三无”条件是纳入特困人员救助供养的必要条件，但首先要尊重当事人的个人意愿: a person who meets
三无 but does not wish to be cared for as tekun is assessed for dibao instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.domain.income import MONTHS_PER_YEAR, divide_half_up
from webapp.domain.money import format_yuan
from webapp.domain.supporters import Supporter, no_able_supporter
from webapp.web.i18n import _


@dataclass(frozen=True)
class ThreeNos:
    """For one person: why each condition holds (None where it does not), and their wish."""

    no_labor_ability: str | None
    no_income_source: str | None
    no_able_supporter: str | None
    wants_tekun_care: bool
    # Whether the supporters were looked into (False: the third condition is not yet known).
    supporters_found: bool = True

    @property
    def met(self) -> bool:
        """三无: all three conditions hold."""
        return bool(self.no_labor_ability and self.no_income_source and self.no_able_supporter)

    @property
    def tekun(self) -> bool:
        """三无 and the person's own wish."""
        return self.met and self.wants_tekun_care

    def supporter_text(self) -> str:
        """The third condition where it does not hold: an able supporter, or not yet looked into."""
        return _("有能履行义务的法定义务人") if self.supporters_found else _("义务人情况未调查")

    def summary(self) -> str:
        """Each condition in words, as the reviewer reads it."""
        parts = [
            _("无劳动能力：%s") % self.no_labor_ability if self.no_labor_ability else _("有劳动能力"),
            _("无生活来源：%s") % self.no_income_source if self.no_income_source else _("有生活来源"),
            self.no_able_supporter or self.supporter_text(),
        ]
        return "；".join(parts)


def no_income_source(own_counted_annual: int, standard_monthly: int,
                     property_within_limits: bool) -> str | None:
    """无生活来源 (`002…` 民政厅 第二类 2(2)): the person's own counted income below the local dibao
    standard, compared exactly over the year, and their property within the dibao limits."""
    if own_counted_annual >= standard_monthly * MONTHS_PER_YEAR or not property_within_limits:
        return None
    monthly = divide_half_up(own_counted_annual, MONTHS_PER_YEAR)
    return _("本人月收入 %s 元，低于低保标准 %s 元，财产符合低保规定") % (
        format_yuan(monthly), format_yuan(standard_monthly))


def three_nos(no_labor_ability: str | None, own_counted_annual: int, standard_monthly: int,
              property_within_limits: bool, supporters: tuple[Supporter, ...],
              wants_tekun_care: bool, supporters_recorded: bool = True) -> ThreeNos:
    """The three conditions for one person, and their wish. No supporter is a finding only once
    the township has recorded the supporters (`supporters_recorded`); until then a person with
    none listed does not meet the third condition."""
    found = supporters_recorded or bool(supporters)
    return ThreeNos(
        no_labor_ability=no_labor_ability,
        no_income_source=no_income_source(own_counted_annual, standard_monthly, property_within_limits),
        no_able_supporter=no_able_supporter(supporters) if found else None,
        wants_tekun_care=wants_tekun_care,
        supporters_found=found,
    )
