"""Starting a phase-out (渐退) and the amounts it pays month by month (issue 12; the rules are
webapp/domain/phase_out.py): webapp/services/cases.py calls `changes` inside the step's
transaction and `keep_amounts` once the step is recorded."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain import phase_out as rules
from webapp.domain import policy
from webapp.domain import review as review_rules
from webapp.domain.money import format_yuan
from webapp.services import opinion, regions
from webapp.store import cases as store
from webapp.store.cases import Case
from webapp.web.i18n import _


def hukou_of(db: Database, village_code: str) -> str:
    """Urban for a community (社区), rural otherwise, as the opinion reads it."""
    village = regions.get(db, village_code)
    return policy.URBAN if village and village.name.endswith("社区") else policy.RURAL


def changes(db: Database, case: Case, grounds: rules.Grounds | None, today: date) -> dict:
    """The case columns the start of a phase-out sets: its last day, after the grounds are
    checked (000… 一(三): employment raised income above the standard; 003… 二(二)3: a cap)."""
    if grounds is None:
        raise rules.PhaseOutRefused(_("请说明收入为什么超过了低保标准"), "phase_out_reason")
    params = opinion.parameters_for(db, case.village_code, today)
    rules.check_grounds(grounds, params, hukou_of(db, case.village_code))
    months = rules.months(params, grounds.disabled_household)
    return {"phase_out_until": machine.phase_out_until(today, months).isoformat()}


def keep_amounts(db: Database, case: Case, grounds: rules.Grounds, *, actor: str, at: str,
                 today: date) -> None:
    """One amount per month of the phase-out, from the month after it starts, as the schedule
    says (percent of the last monthly amount), then nothing once it is over."""
    params = opinion.parameters_for(db, case.village_code, today)
    percents = rules.schedule(params, grounds.disabled_household)
    last = case.monthly_amount_fen or 0
    first = review_rules.default_effective_month(today)
    event_id = store.last_event_id(db, case.id)
    for index, (pct, amount) in enumerate(zip(percents, rules.amounts(last, percents), strict=True)):
        store.add_amount(db, {
            "case_id": case.id, "event_id": event_id, "recorded_at": at, "actor": actor,
            "source": rules.SOURCE, "category": case.category, "monthly_amount_fen": amount,
            "household_size": case.household_size, "effective_month": first.plus(index).iso,
            "result": _("渐退第 %d 个月：上次金额 %s 元的 %d%%") % (index + 1, format_yuan(last), pct)})
