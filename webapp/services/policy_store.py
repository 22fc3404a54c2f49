"""Policy parameters kept as data: per region and period, in versions that are never changed.

RULES.md (the "example values, Henan 2022" notes): standards differ by county and change every
year, so they are data per region and per period. How the store keeps them:

- A version is one set of figures for one region from `valid_from` to `valid_to` (the last day,
  inclusive; none for "until further notice"), with its source document, who entered it and when.
- An edit adds a version that supersedes the edited one; the superseded one stays, as history.
- A region's *current* sets are the versions nothing supersedes; their periods never overlap. A
  new set that starts after an open-ended current set ends that set the day before (by adding a
  version of it that ends then); any other overlap is refused, naming the set in the way.
- On a date a village uses the current set covering it of the nearest region in its chain
  (village, township, county).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlite_utils import Database

from webapp.domain import phase_out, policy, policy_levels
from webapp.services import audit, regions
from webapp.store import policy as store
from webapp.store.engine import immediate
from webapp.web.i18n import _


class PolicyStoreError(ValueError):
    """A version that cannot be added as asked; `message` says why, `field` where."""

    def __init__(self, message: str, field: str = "valid_from"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Version:
    """One stored set of parameters and where it came from."""

    id: int
    parameters: policy.PolicyParameters
    source: str
    entered_by: str
    entered_by_name: str | None
    entered_at: str
    supersedes: int | None
    superseded_by: int | None

    @property
    def current(self) -> bool:
        return self.superseded_by is None

    @property
    def period(self) -> str:
        return period_text(self.parameters.effective_from, self.parameters.effective_to)


def period_text(start: date, end: date | None) -> str:
    """"2022-01-01 起" or "2024-01-01 至 2024-12-31"."""
    if end is None:
        return _("%s 起") % start.isoformat()
    return _("%s 至 %s") % (start.isoformat(), end.isoformat())


def _from_row(row) -> Version:
    params = policy.PolicyParameters(
        region_code=row["region_code"],
        effective_from=date.fromisoformat(row["valid_from"]),
        effective_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        dibao_urban_monthly=row["dibao_urban_monthly"],
        dibao_rural_monthly=row["dibao_rural_monthly"],
        expenditure_hardship_ratio=Decimal(row["expenditure_hardship_ratio"]),
        last_year_disposable_income_per_capita=row["last_year_disposable_income_per_capita"],
        near_dibao_multiplier=Decimal(row["near_dibao_multiplier"]),
        tekun_multiplier=Decimal(row["tekun_multiplier"]),
        temporary_aid_township_multiple=row["temporary_aid_township_multiple"],
        temporary_aid_county_multiple=row["temporary_aid_county_multiple"],
        phase_out_months=row["phase_out_months"],
        temporary_aid_first_aid_cap=row["temporary_aid_first_aid_cap"],
        temporary_aid_decision_days=row["temporary_aid_decision_days"],
        temporary_aid_explanation_days=row["temporary_aid_explanation_days"],
        deadlines=policy.DeadlineDays(row["deadline_standard"], row["deadline_township_confirms"],
                                      row["deadline_extended"]),
        tekun_care_full_monthly=row["tekun_care_full_monthly"],
        tekun_care_partial_monthly=row["tekun_care_partial_monthly"],
        tekun_care_self_monthly=row["tekun_care_self_monthly"],
        dibao_tier_amounts=tiers_from_text(row["dibao_tier_amounts"]),
        accepts_residence_permit=bool(row["accepts_residence_permit"]),
        version=row["id"],
        phase_out_schedule=phase_out.parse_schedule(row["phase_out_schedule"] or ""),
        phase_out_schedule_disabled=phase_out.parse_schedule(row["phase_out_schedule_disabled"] or ""),
        phase_out_income_cap=Decimal(row["phase_out_income_cap"] or "0"),
    )
    return Version(row["id"], params, row["source"], row["entered_by"], row["entered_by_name"],
                   row["entered_at"], row["supersedes"], row["superseded_by"])


def _to_row(params: policy.PolicyParameters) -> dict:
    return {
        "region_code": params.region_code, "valid_from": params.effective_from.isoformat(),
        "valid_to": params.effective_to.isoformat() if params.effective_to else None,
        "dibao_urban_monthly": params.dibao_urban_monthly,
        "dibao_rural_monthly": params.dibao_rural_monthly,
        "expenditure_hardship_ratio": str(params.expenditure_hardship_ratio),
        "last_year_disposable_income_per_capita": params.last_year_disposable_income_per_capita,
        "near_dibao_multiplier": str(params.near_dibao_multiplier),
        "tekun_multiplier": str(params.tekun_multiplier),
        "temporary_aid_township_multiple": params.temporary_aid_township_multiple,
        "temporary_aid_county_multiple": params.temporary_aid_county_multiple,
        "phase_out_months": params.phase_out_months,
        "temporary_aid_first_aid_cap": params.temporary_aid_first_aid_cap,
        "temporary_aid_decision_days": params.temporary_aid_decision_days,
        "temporary_aid_explanation_days": params.temporary_aid_explanation_days,
        "deadline_standard": params.deadlines.standard,
        "deadline_township_confirms": params.deadlines.township_confirms,
        "deadline_extended": params.deadlines.extended,
        "phase_out_schedule": phase_out.schedule_text(params.phase_out_schedule),
        "phase_out_schedule_disabled": phase_out.schedule_text(params.phase_out_schedule_disabled),
        "phase_out_income_cap": str(params.phase_out_income_cap),
        "tekun_care_full_monthly": params.tekun_care_full_monthly,
        "tekun_care_partial_monthly": params.tekun_care_partial_monthly,
        "tekun_care_self_monthly": params.tekun_care_self_monthly,
        "dibao_tier_amounts": ",".join(str(t) for t in params.dibao_tier_amounts),
        "accepts_residence_permit": int(params.accepts_residence_permit),
    }


def tiers_from_text(text: str | None) -> tuple[int, ...]:
    """The stored tiers ("10000,20000" in fen) as amounts; "" for none (the exact gap)."""
    return tuple(int(part) for part in (text or "").split(",") if part)


def get(db: Database, version_id: int) -> Version | None:
    row = store.get(db, version_id)
    return _from_row(row) if row else None


def versions(db: Database, region_code: str) -> list[Version]:
    """Every version of a region's sets, current and superseded, the latest entered first."""
    return [_from_row(row) for row in store.of_region(db, region_code)]


def current(db: Database, region_code: str) -> list[Version]:
    """The region's sets in use (not superseded), earliest period first."""
    found = [v for v in versions(db, region_code) if v.current]
    return sorted(found, key=lambda v: (v.parameters.effective_from, v.id))


def region_chain(db: Database, village_code: str) -> list[str]:
    """The village's code and those of the regions above it, nearest first."""
    chain: list[str] = []
    region = regions.get(db, village_code)
    while region is not None and region.code not in chain:
        chain.append(region.code)
        region = regions.get(db, region.parent_code) if region.parent_code else None
    # Issue 12: then the city and the province, from the code (002… 民政厅 第一类 3).
    return policy_levels.extend_chain(chain or [village_code])


def in_force(db: Database, village_code: str, on: date) -> Version:
    """The set a village uses on a date; policy.NoPolicyInForce when there is none."""
    chain = region_chain(db, village_code) or [village_code]
    found = {v.id: v for v in map(_from_row, store.of_regions(db, chain)) if v.current}
    chosen = policy.in_force([v.parameters for v in found.values()], chain, on)
    assert chosen.version is not None
    return found[chosen.version]


def add_version(db: Database, params: policy.PolicyParameters, *, source: str, actor: str,
                replaces: int | None = None) -> Version:
    """Store a new set (or, with `replaces`, a new version of a current set) in one transaction,
    recorded in the audit log; PolicyStoreError when it would overlap another current set."""
    with immediate(db):
        if replaces is not None:
            _check_replaceable(db, replaces, params.region_code)
        check_not_below_upper(db, params)
        others = [v for v in current(db, params.region_code) if v.id != replaces]
        to_close = [v for v in others if _overlap_to_close(v, params)]
        now = datetime.now(UTC).isoformat(timespec="seconds")
        new_id = _insert(db, params, source, actor, now, replaces)
        closed = [_close(db, v, params.effective_from, new_id, actor, now) for v in to_close]
        audit.record(db, actor, "policy_parameters_added", f"policy:{new_id}",
                     region=params.region_code, valid_from=params.effective_from.isoformat(),
                     valid_to=params.effective_to.isoformat() if params.effective_to else None,
                     replaces=replaces, closed=closed)
    added = get(db, new_id)
    assert added is not None
    return added


def _check_replaceable(db: Database, version_id: int, region_code: str) -> None:
    old = get(db, version_id)
    if old is None or old.parameters.region_code != region_code:
        raise PolicyStoreError(_("要修改的那一版参数不存在。"), "replaces")
    if not old.current:
        raise PolicyStoreError(
            _("第 %d 版已经被第 %d 版取代了，请回到列表，在现行的那一版上修改。")
            % (old.id, old.superseded_by or 0), "replaces")


def _overlap_to_close(existing: Version, new: policy.PolicyParameters) -> bool:
    """Whether an existing current set must be ended for the new one: True for an open-ended set
    the new one starts after; PolicyStoreError for any other overlap; False for none."""
    old = existing.parameters
    if not _overlaps(old, new):
        return False
    if old.effective_to is None and old.effective_from < new.effective_from:
        return True
    if old.effective_from > new.effective_from:
        latest_end = old.effective_from - timedelta(days=1)
        raise PolicyStoreError(
            _("与现行的第 %d 版（%s）时间重叠：结束日期最晚可填 %s，或在列表中修改第 %d 版。")
            % (existing.id, existing.period, latest_end.isoformat(), existing.id), "valid_to")
    raise PolicyStoreError(
        _("与现行的第 %d 版（%s）时间重叠。要改那一段时间的参数，请在列表中点第 %d 版的“修改”。")
        % (existing.id, existing.period, existing.id), "valid_from")


def _overlaps(a: policy.PolicyParameters, b: policy.PolicyParameters) -> bool:
    a_ends_before_b = a.effective_to is not None and a.effective_to < b.effective_from
    b_ends_before_a = b.effective_to is not None and b.effective_to < a.effective_from
    return not (a_ends_before_b or b_ends_before_a)


def _insert(db: Database, params: policy.PolicyParameters, source: str, actor: str, now: str,
            supersedes: int | None) -> int:
    row = {**_to_row(params), "source": source, "entered_by": actor, "entered_at": now,
           "supersedes": supersedes}
    return store.insert(db, row)


def _close(db: Database, existing: Version, next_start: date, successor: int, actor: str,
           now: str) -> int:
    """Add a version of an open-ended set that ends the day before its successor starts."""
    ended = replace(existing.parameters, effective_to=next_start - timedelta(days=1), version=None)
    note = _("%s（由第 %d 版接替）") % (existing.source, successor)
    return _insert(db, ended, note, actor, now, existing.id)


def upper_sets(db: Database, region_code: str) -> list[Version]:
    """The current sets of the city and the province above a region, nearest level first."""
    found = []
    for code in policy_levels.levels_above(region_code):
        found += current(db, code)
    return found


def check_not_below_upper(db: Database, params: policy.PolicyParameters) -> None:
    """002… 民政厅 第一类 3: a county's standard may not be below the province's (or the city's)
    set in force for the same period; PolicyStoreError on the field that is."""
    if policy_levels.level_of(params.region_code) == policy_levels.PROVINCE:
        return
    breaches = policy_levels.below_upper(params, [v.parameters for v in upper_sets(db, params.region_code)])
    if breaches:
        raise PolicyStoreError(breaches[0].message, breaches[0].field)


def inherited(db: Database, region_code: str, on: date) -> Version | None:
    """The set a region without one of its own uses on the day: the city's or the province's."""
    chain = policy_levels.levels_above(region_code)
    found = {v.id: v for v in map(_from_row, store.of_regions(db, chain)) if v.current} if chain else {}
    try:
        chosen = policy.in_force([v.parameters for v in found.values()], chain, on)
    except policy.NoPolicyInForce:
        return None
    return found[chosen.version] if chosen.version is not None else None
