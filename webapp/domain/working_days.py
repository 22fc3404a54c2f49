"""Official working days (工作日) and deadlines counted in them.

RULES.md "Procedure and deadlines for dibao" (000… 四(一)): deadlines are counted in working days,
which follow the State Council's holiday calendar, make-up working weekends (调休) included.

Where the answer comes from, for each year:
1. a year a county administrator has loaded (an upload of that year's official calendar);
2. otherwise the `chinesecalendar` package, for the years it knows;
3. otherwise Monday to Friday — and the answer says so, so the case can show it. A date outside
   every calendar never raises: a deadline must always be shown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar  # type: ignore[import-untyped]  # the package ships no type hints

from webapp.web.i18n import _

ONE_DAY = timedelta(days=1)
SATURDAY = 5

# The upload format, documented for the administrator's page: a header line `date,working`, then
# one row per day of one year, `2027-01-01,0` — 1 for a working day, 0 for a day off. Every day of
# the year must be there, in any order.
CSV_HEADER = ("date", "working")
CSV_WORKING = {"1": True, "0": False}


@dataclass(frozen=True)
class Deadline:
    """The last day to finish, and whether any day on the way was guessed as Monday–Friday."""

    due: date
    fallback_used: bool = False
    fallback_years: tuple[int, ...] = ()


class WorkingCalendar:
    """Tells working days apart, from loaded years, the package, or Monday–Friday as a fallback."""

    def __init__(
        self,
        extra: Mapping[date, bool] | None = None,
        extra_years: Iterable[int] | None = None,
    ) -> None:
        self.extra: dict[date, bool] = dict(extra or {})
        # Years the administrator loaded; by default every year the loaded days belong to.
        self.extra_years: frozenset[int] = frozenset(
            extra_years if extra_years is not None else {d.year for d in self.extra}
        )

    def is_working_day(self, d: date) -> tuple[bool, bool]:
        """(is it a working day?, was the Monday–Friday fallback used to say so?)."""
        # A loaded year wins over the package, so a county can correct the package before it
        # is updated. A day missing from a loaded year falls through rather than failing.
        if d.year in self.extra_years and d in self.extra:
            return self.extra[d], False
        try:
            return bool(chinese_calendar.is_workday(d)), False
        except NotImplementedError:
            return d.weekday() < SATURDAY, True

    def has_year(self, year: int) -> bool:
        """Whether the year's working days are known, not guessed."""
        if year in self.extra_years:
            return True
        try:
            chinese_calendar.is_workday(date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    def add_working_days(self, start: date, n: int) -> Deadline:
        """The n-th working day after `start`; the start day itself (acceptance) never counts."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        day, counted = start, 0
        fallback_years: set[int] = set()
        while counted < n:
            day += ONE_DAY
            working, fell_back = self.is_working_day(day)
            if fell_back:
                fallback_years.add(day.year)
            counted += working
        return Deadline(day, bool(fallback_years), tuple(sorted(fallback_years)))

    def working_days_left(self, today: date, due: date) -> int:
        """Working days after today up to the due day: 0 on the due day, negative when overdue.

        Overdue counts the working days since the due day, and is at least -1 on any day after
        it, so a weekend after a Friday deadline never reads as "due today".
        """
        if today == due:
            return 0
        if today < due:
            return self._working_days_between(today, due)
        return -max(1, self._working_days_between(due, today))

    def _working_days_between(self, after: date, up_to: date) -> int:
        """Working days d with after < d <= up_to."""
        count, day = 0, after
        while day < up_to:
            day += ONE_DAY
            count += self.is_working_day(day)[0]
        return count


def parse_year_csv(text: str) -> dict[date, bool]:
    """Read an administrator's upload of one year's calendar (format above); ValueError if wrong."""
    rows = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if any(c.strip() for c in row)]
    if not rows:
        raise ValueError(_("文件是空的：第一行应为 date,working，之后每天一行"))
    header = tuple(c.strip().lower() for c in rows[0])
    if header != CSV_HEADER:
        raise ValueError(_("第 1 行应为 date,working"))
    days: dict[date, bool] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        d, working = _parse_row(line_no, row)
        if d in days:
            raise ValueError(_("第 %d 行：日期 %s 重复出现") % (line_no, d.isoformat()))
        days[d] = working
    _check_whole_year(days)
    return days


def _parse_row(line_no: int, row: list[str]) -> tuple[date, bool]:
    if len(row) != len(CSV_HEADER):
        raise ValueError(_("第 %d 行：应有两列，日期和 1 或 0") % line_no)
    text, flag = row[0].strip(), row[1].strip()
    try:
        d = date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("第 %d 行：日期“%s”应写成 2027-01-01 的格式") % (line_no, text)) from None
    if flag not in CSV_WORKING:
        raise ValueError(_("第 %d 行：第二列应为 1（工作日）或 0（休息日），不是“%s”") % (line_no, flag))
    return d, CSV_WORKING[flag]


def _check_whole_year(days: dict[date, bool]) -> None:
    years = sorted({d.year for d in days})
    if len(years) != 1:
        raise ValueError(_("一个文件只能有一年的日期，这个文件有：%s") % "、".join(map(str, years)))
    year = years[0]
    first = date(year, 1, 1)
    expected = (date(year, 12, 31) - first).days + 1
    if len(days) != expected:
        every_day = (first + timedelta(days=i) for i in range(expected))
        missing = next(d for d in every_day if d not in days)
        raise ValueError(
            _("%d 年应有 %d 天，文件里只有 %d 天；例如缺少 %s")
            % (year, expected, len(days), missing.isoformat())
        )
