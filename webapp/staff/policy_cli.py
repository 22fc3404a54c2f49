"""flask policy: parameter sets of a province or a city, inherited by the counties below them
that have none of their own, and the yearly relapse-monitoring lines (issue 12; 002… 民政厅
第一类 3, 002… 乡村振兴局 一(一)1). A county's own sets are entered on its policy page."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import click
from flask.cli import with_appcontext

from webapp.domain import monitoring as monitoring_rules
from webapp.domain import phase_out, policy, policy_levels
from webapp.domain.money import InvalidAmount, parse_yuan
from webapp.services import monitoring, policy_store
from webapp.store.engine import get_db

ACTOR = "cli"


def _fen(text: str) -> int:
    try:
        return parse_yuan(text)
    except InvalidAmount as wrong:
        raise click.BadParameter(wrong.message) from None


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise click.BadParameter(f"not a number: {text}") from None


@click.group("policy")
def policy_group():
    """Province and city parameter sets, and the yearly monitoring lines."""


@policy_group.command("add")
@click.option("--region", required=True, help="A province (2 digits + zeros) or city (4 + zeros) code.")
@click.option("--from", "valid_from", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "valid_to", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--rural", required=True, help="Rural dibao standard, yuan per person per month.")
@click.option("--urban", required=True, help="Urban dibao standard, yuan per person per month.")
@click.option("--income", required=True, help="Last year's per-capita disposable income, yuan a year.")
@click.option("--expenditure-ratio", default="0.5", show_default=True)
@click.option("--tekun-multiplier", default="1.3", show_default=True)
@click.option("--phase-out-months", default=6, show_default=True, type=click.IntRange(0, 36))
@click.option("--phase-out-schedule", default="", help="Monthly percentages, e.g. 100,100,80,80,50,50.")
@click.option("--phase-out-schedule-disabled", default="")
@click.option("--phase-out-income-cap", default="0", show_default=True)
@click.option("--source", required=True, help="The document the figures come from.")
@with_appcontext
def add_command(region: str, valid_from, valid_to, rural: str, urban: str, income: str,
                expenditure_ratio: str, tekun_multiplier: str, phase_out_months: int,
                phase_out_schedule: str, phase_out_schedule_disabled: str,
                phase_out_income_cap: str, source: str):
    """Add a province's or city's set for a period (counties without their own inherit it)."""
    if policy_levels.level_of(region) == policy_levels.LOCAL:
        raise click.ClickException("--region must be a province (XX0000000000) or city (XXXX00000000) "
                                   "code; a county enters its own on its policy page")
    try:
        params = policy.PolicyParameters(
            region_code=region, effective_from=valid_from.date(),
            effective_to=valid_to.date() if valid_to else None,
            dibao_urban_monthly=_fen(urban), dibao_rural_monthly=_fen(rural),
            expenditure_hardship_ratio=_decimal(expenditure_ratio),
            last_year_disposable_income_per_capita=_fen(income),
            tekun_multiplier=_decimal(tekun_multiplier), phase_out_months=phase_out_months,
            phase_out_schedule=phase_out.parse_schedule(phase_out_schedule),
            phase_out_schedule_disabled=phase_out.parse_schedule(phase_out_schedule_disabled),
            phase_out_income_cap=_decimal(phase_out_income_cap))
        added = policy_store.add_version(get_db(), params, source=source, actor=ACTOR)
    except policy_store.PolicyStoreError as refused:
        raise click.ClickException(refused.message) from None
    except ValueError as refused:
        raise click.ClickException(str(refused)) from None
    level = policy_levels.LEVEL_LABELS[policy_levels.level_of(region)]
    click.echo(f"added version {added.id} for {region} ({level}), {added.period}")


@policy_group.command("monitoring-line")
@click.option("--region", required=True, help="Usually a province code (XX0000000000).")
@click.option("--year", required=True, type=click.IntRange(2000, 2100))
@click.option("--line", "income_line", required=True, help="Yuan per person per year, e.g. 6900.")
@click.option("--watch", required=True, help="The watch band, e.g. 8000.")
@click.option("--floor", default="4500", show_default=True,
              help="Below this no household is left out of monitoring (一(一)1: 明显高于4500元).")
@click.option("--source", required=True)
@with_appcontext
def monitoring_line_command(region: str, year: int, income_line: str, watch: str, floor: str,
                            source: str):
    """Enter a year's relapse-monitoring lines for a region."""
    try:
        line = monitoring_rules.Line(region, year, _fen(income_line), _fen(watch), _fen(floor), source)
        new_id = monitoring.add_line(get_db(), line, actor=ACTOR)
    except monitoring.MonitoringRefused as refused:
        raise click.ClickException(refused.message) from None
    except ValueError as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"added monitoring line {new_id} for {region}, {year}")
