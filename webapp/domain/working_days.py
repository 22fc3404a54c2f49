"""Official working days (工作日) and deadlines counted in them.

RULES.md "Procedure and deadlines for dibao" (000… 四(一)): deadlines are counted in working days,
which follow the State Council's holiday calendar, make-up working weekends (调休) included.

Where the answer comes from, for each year:
1. a year a county administrator has loaded (an upload of that year's official calendar);
2. otherwise the `chinesecalendar` package, for the years it knows;
3. otherwise Monday to Friday without the holidays fixed on calendar dates (元旦, 劳动节, 国庆节,
   see FIXED_HOLIDAYS) — and the answer says so, so the case can show it. A date outside every
   calendar never raises: a deadline must always be shown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import accumulate

import chinese_calendar  # type: ignore[import-untyped]  # the package ships no type hints

from webapp.web.i18n import _

SATURDAY = 5

# 《全国年节及纪念日放假办法》 (as revised by 国务院令第795号, in force from 2025): the holidays on
# fixed dates of the Gregorian calendar — 元旦 1 January, 劳动节 1–2 May, 国庆节 1–3 October. A
# year with no official calendar never counts them as working days (its 春节, 清明, 端午 and 中秋
# follow the lunar calendar and its 调休 the State Council's notice: those stay guessed).
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})
# The fallback's days are tabled from FIRST_TABLED_YEAR to this many years after the last year
# a calendar knows; beyond them (no deadline reaches so far) Monday–Friday alone is counted.
FIRST_TABLED_YEAR = 1950
YEARS_TABLED_AHEAD = 100

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
    """Tells working days apart, from loaded years, the package, or Monday–Friday as a fallback.

    Counting is O(1) per call: when the calendar is made, every day of the years it knows (the
    package's and the loaded ones) is looked up once into prefix sums of working days and of
    guessed days (kept for the next calendar made with the same loaded days); outside those years
    the Monday–Friday count has a closed formula. A loaded year means a new calendar.
    """

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
        loaded = frozenset((d, w) for d, w in self.extra.items() if d.year in self.extra_years)
        self._span = _span_for(loaded, self.extra_years)

    def is_working_day(self, d: date) -> tuple[bool, bool]:
        """(is it a working day?, was the Monday–Friday fallback used to say so?)."""
        return self._span.day(d.toordinal())

    def has_year(self, year: int) -> bool:
        """Whether the year's working days are known, not guessed."""
        return year in self.extra_years or year in _package_years()

    def add_working_days(self, start: date, n: int) -> Deadline:
        """The n-th working day after `start`; the start day itself (acceptance) never counts."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        after = start.toordinal()
        due = after if n == 0 else self._span.nth_working(self._span.working(after) + n)
        fallback_years = self._span.guessed_years(after, due)
        return Deadline(date.fromordinal(due), bool(fallback_years), fallback_years)

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
        return self._span.working(up_to.toordinal()) - self._span.working(after.toordinal())


@lru_cache(maxsize=16)
def _span_for(loaded: frozenset[tuple[date, bool]], years: frozenset[int]) -> _Span:
    """The prefix sums for these loaded days, built once: a calendar is made per request, the
    loaded years change seldom."""
    return _Span.build(dict(loaded), years)


@cache
def _package_table() -> bytes:
    """Every day of the package's years, 1 working and 0 off, from its first 1 January on.

    Built once per process from the package's tables of holidays and make-up working days, the
    way its `is_workday` decides (that function checks its year range on every call: slow)."""
    years = _package_years()
    first = date(years.start, 1, 1).toordinal()
    last = date(years.stop - 1, 12, 31).toordinal()
    table = bytearray(_weekday_of(o) < SATURDAY for o in range(first, last + 1))
    for day in chinese_calendar.holidays:
        table[day.toordinal() - first] = 0
    for day in chinese_calendar.workdays:
        table[day.toordinal() - first] = 1
    return bytes(table)


@cache
def _package_years() -> range:
    """The years the `chinesecalendar` package has official calendars for."""
    known = [d.year for d in chinese_calendar.holidays]
    return range(min(known), max(known) + 1)


def fallback_working(d: date) -> bool:
    """The guess for a day no calendar knows: Monday–Friday, not a fixed-date holiday."""
    return d.weekday() < SATURDAY and (d.month, d.day) not in FIXED_HOLIDAYS


def _fallback_days(ordinals: range) -> bytearray:
    return bytearray(fallback_working(date.fromordinal(o)) for o in ordinals)


def _weekday_of(ordinal: int) -> int:
    """Monday 0 … Sunday 6; ordinal 1 (1 January of year 1) was a Monday."""
    return (ordinal - 1) % 7


def _weekdays_up_to(ordinal: int) -> int:
    """Monday–Friday days among ordinals 1 … ordinal (0 for ordinal 0)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday(k: int) -> int:
    """The ordinal of the k-th Monday–Friday day counted from ordinal 1 (k >= 1)."""
    weeks, rest = divmod(k - 1, 5)
    return weeks * 7 + rest + 1


@dataclass(frozen=True)
class _Span:
    """Prefix sums over the years a calendar knows, with closed formulas on either side.

    `working(x)` is the number of working days with ordinal <= x (counted from ordinal 1), so
    working days in (a, b] are working(b) - working(a); `guessed(x)` is the same for days the
    Monday–Friday fallback answered. Before and after the span every day is guessed.
    """

    first: int  # ordinal of the span's first day
    last: int  # ordinal of its last day
    worked: bytes  # per day of the span: 1 working, 0 off
    fell_back: bytes  # per day of the span: 1 when the fallback answered
    worked_up_to: tuple[int, ...]  # working(first - 1 + i) for i in 0 … len
    guessed_up_to: tuple[int, ...]
    nth: tuple[int, ...]  # ordinals of the span's working days, in order

    @classmethod
    def build(cls, loaded: Mapping[date, bool], years: Iterable[int]) -> _Span:
        """The package's days, then the loaded ones over them; Monday–Friday where neither is."""
        package = _package_years()
        known = [package.start, package.stop - 1, *years]
        first = date(min(FIRST_TABLED_YEAR, *known), 1, 1).toordinal()
        last = date(max(known) + YEARS_TABLED_AHEAD, 12, 31).toordinal()
        package_first = date(package.start, 1, 1).toordinal()
        before = range(first, package_first)
        after = range(package_first + len(_package_table()), last + 1)
        worked = _fallback_days(before)
        worked += _package_table()
        worked += _fallback_days(after)
        fell_back = bytearray([1] * len(before) + [0] * len(_package_table()) + [1] * len(after))
        for d, working in loaded.items():
            worked[d.toordinal() - first] = working
            fell_back[d.toordinal() - first] = 0
        worked_up_to = tuple(accumulate(worked, initial=_weekdays_up_to(first - 1)))
        guessed_up_to = tuple(accumulate(fell_back, initial=first - 1))
        nth = tuple(first + i for i, w in enumerate(worked) if w)
        return cls(first, last, bytes(worked), bytes(fell_back), worked_up_to, guessed_up_to, nth)

    def day(self, x: int) -> tuple[bool, bool]:
        """(working?, guessed?) for the day with ordinal x."""
        if self.first <= x <= self.last:
            return bool(self.worked[x - self.first]), bool(self.fell_back[x - self.first])
        return _weekday_of(x) < SATURDAY, True

    def working(self, x: int) -> int:
        """Working days with ordinal <= x."""
        if x < self.first:
            return _weekdays_up_to(x)
        if x <= self.last:
            return self.worked_up_to[x - self.first + 1]
        return self.worked_up_to[-1] + _weekdays_up_to(x) - _weekdays_up_to(self.last)

    def guessed(self, x: int) -> int:
        """Days the fallback answered, with ordinal <= x."""
        if x < self.first:
            return x
        if x <= self.last:
            return self.guessed_up_to[x - self.first + 1]
        return self.guessed_up_to[-1] + x - self.last

    def nth_working(self, k: int) -> int:
        """The ordinal of the first day d with working(d) == k (k >= 1)."""
        before = self.worked_up_to[0]
        if k <= before:
            return _nth_weekday(k)
        if k - before <= len(self.nth):
            return self.nth[k - before - 1]
        beyond = k - self.worked_up_to[-1]
        return _nth_weekday(_weekdays_up_to(self.last) + beyond)

    def guessed_years(self, after: int, up_to: int) -> tuple[int, ...]:
        """The years of the guessed days d with after < d <= up_to."""
        if up_to <= after:
            return ()
        years = range(date.fromordinal(after + 1).year, date.fromordinal(up_to).year + 1)
        return tuple(y for y in years if self._guessed_in(y, after, up_to))

    def _guessed_in(self, year: int, after: int, up_to: int) -> bool:
        """Whether a day of the year inside (after, up_to] was guessed."""
        low = max(after, date(year, 1, 1).toordinal() - 1)
        high = min(up_to, date(year, 12, 31).toordinal())
        return self.guessed(high) > self.guessed(low)


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
