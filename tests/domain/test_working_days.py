"""Working days: RULES.md "Procedure and deadlines for dibao" — deadlines in working days that follow
the State Council's holiday calendar, make-up working weekends (调休) included."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.domain import working_days
from webapp.domain.working_days import Deadline, WorkingCalendar, parse_year_csv

# National Day 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are worked.
FRIDAY_BEFORE_NATIONAL_DAY = date(2025, 9, 26)


def year_csv(year: int, days_off: tuple[date, ...] = (), worked: tuple[date, ...] = ()) -> str:
    """An administrator's upload: Monday–Friday, with the given days changed."""
    rows = ["date,working"]
    day = date(year, 1, 1)
    while day.year == year:
        working = (day.weekday() < 5 or day in worked) and day not in days_off
        rows.append(f"{day.isoformat()},{int(working)}")
        day += timedelta(days=1)
    return "\n".join(rows) + "\n"


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


# RULES.md "Procedure and deadlines for dibao": working days include make-up working weekends.
def test_a_make_up_saturday_is_a_working_day(calendar):
    assert calendar.is_working_day(date(2025, 10, 11)) == (True, False)


# RULES.md "Procedure and deadlines for dibao": official holidays are not working days.
def test_a_national_day_weekday_is_not_a_working_day(calendar):
    assert calendar.is_working_day(date(2025, 10, 6)) == (False, False)


# RULES.md "Procedure and deadlines for dibao": the day of acceptance does not count.
def test_the_first_working_day_after_acceptance_is_day_one(calendar):
    assert calendar.add_working_days(date(2025, 3, 3), 1).due == date(2025, 3, 4)


# RULES.md "Procedure and deadlines for dibao": counting across National Day and its 调休.
@pytest.mark.parametrize(
    ("n", "due"),
    [
        (1, date(2025, 9, 28)),  # the make-up Sunday
        (3, date(2025, 9, 30)),
        (4, date(2025, 10, 9)),  # 1–8 October skipped
        (6, date(2025, 10, 11)),  # the make-up Saturday
        (7, date(2025, 10, 13)),
        (30, date(2025, 11, 13)),
    ],
)
def test_counting_across_national_day(calendar, n, due):
    deadline = calendar.add_working_days(FRIDAY_BEFORE_NATIONAL_DAY, n)

    assert deadline.due == due
    assert not deadline.fallback_used


def test_zero_working_days_is_the_start_day(calendar):
    assert calendar.add_working_days(date(2025, 3, 3), 0).due == date(2025, 3, 3)


def test_a_negative_count_is_a_programming_error(calendar):
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2025, 3, 3), -1)


# RULES.md "Procedure and deadlines for dibao"; issue 4: a year the package lacks falls back to
# Monday–Friday, says so, and never fails.
def test_counting_into_a_year_the_package_lacks_falls_back_and_says_so(calendar):
    deadline = calendar.add_working_days(date(2026, 12, 15), 30)

    # 12 working days left in December 2026, then 18 Monday–Friday days from 4 January 2027
    # (Friday 1 January, 元旦, is never a working day).
    assert deadline.due == date(2027, 1, 27)
    assert deadline.fallback_used
    assert deadline.fallback_years == (2027,)


@pytest.mark.parametrize("d", [date(1990, 5, 1), date(2003, 1, 1), date(2003, 1, 2),
                               date(1900, 1, 1), date(2150, 10, 1)])
def test_a_date_outside_every_calendar_never_raises(calendar, d):
    working, fell_back = calendar.is_working_day(d)

    assert fell_back
    tabled = working_days.FIRST_TABLED_YEAR <= d.year <= 2026 + working_days.YEARS_TABLED_AHEAD
    assert working == (working_days.fallback_working(d) if tabled else d.weekday() < 5)


def test_fallback_is_monday_to_friday(calendar):
    assert calendar.is_working_day(date(2027, 1, 4)) == (True, True)  # Monday
    assert calendar.is_working_day(date(2027, 1, 2)) == (False, True)  # Saturday


# 《全国年节及纪念日放假办法》 (国务院令第795号): 元旦 1 January, 劳动节 1–2 May and 国庆节 1–3
# October are holidays on fixed dates; a year with no official calendar never counts them as
# working days, and still says it guessed.
@pytest.mark.parametrize("d", [date(2027, 1, 1), date(2027, 5, 3), date(2027, 5, 4),
                               date(2029, 5, 1), date(2029, 5, 2), date(2029, 10, 1),
                               date(2029, 10, 2), date(2029, 10, 3), date(2030, 1, 1)])
def test_a_fixed_date_holiday_of_a_year_without_a_calendar_is_not_a_working_day(calendar, d):
    fixed = (d.month, d.day) in {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}
    assert calendar.is_working_day(d) == (d.weekday() < 5 and not fixed, True)


def test_new_years_day_of_a_year_without_a_calendar_moves_a_deadline(calendar):
    # Thursday 31 December 2026 + 1 working day: not Friday 1 January 2027 but Monday 4 January.
    deadline = calendar.add_working_days(date(2026, 12, 31), 1)

    assert deadline == Deadline(date(2027, 1, 4), True, (2027,))


# RULES.md "Procedure and deadlines for dibao": a county administrator loads a year's calendar.
def test_a_loaded_year_is_used_instead_of_the_fallback():
    new_year = date(2027, 1, 1)
    loaded = WorkingCalendar(parse_year_csv(year_csv(2027, days_off=(new_year,))), {2027})

    deadline = loaded.add_working_days(date(2026, 12, 15), 30)

    assert loaded.is_working_day(new_year) == (False, False)
    assert deadline.due == date(2027, 1, 27)  # New Year's Day off, as the fallback guessed
    assert not deadline.fallback_used
    assert loaded.has_year(2027)


def test_loaded_years_default_to_the_years_of_the_loaded_days():
    loaded = WorkingCalendar(parse_year_csv(year_csv(2028)))

    assert loaded.extra_years == {2028}
    assert loaded.is_working_day(date(2028, 1, 3)) == (True, False)


def test_a_loaded_year_overrides_the_package():
    # Lets a county correct the package before it is updated.
    national_day = date(2025, 10, 1)
    loaded = WorkingCalendar(parse_year_csv(year_csv(2025, worked=(national_day,))))

    assert loaded.is_working_day(national_day) == (True, False)


def test_which_years_are_known():
    calendar = WorkingCalendar()

    assert calendar.has_year(2025)
    assert not calendar.has_year(2027)


# RULES.md "Procedure and deadlines for dibao": working days left, shown on each case.
@pytest.mark.parametrize(
    ("today", "left"),
    [
        (date(2025, 11, 13), 0),  # the due day
        (date(2025, 11, 12), 1),
        (date(2025, 11, 7), 4),  # Friday: the weekend does not count
        (date(2025, 9, 30), 27),  # National Day does not count
        (date(2025, 11, 14), -1),  # overdue
        (date(2025, 11, 17), -2),  # Saturday and Sunday are not counted against the office
    ],
)
def test_working_days_left(calendar, today, left):
    assert calendar.working_days_left(today, date(2025, 11, 13)) == left


def test_a_weekend_after_a_friday_deadline_is_overdue_not_due_today(calendar):
    friday = date(2025, 11, 14)

    assert calendar.working_days_left(friday + timedelta(days=1), friday) == -1
    assert calendar.working_days_left(friday + timedelta(days=2), friday) == -1


def test_working_days_left_never_raises_in_a_year_without_a_calendar(calendar):
    assert calendar.working_days_left(date(2027, 1, 4), date(2027, 1, 8)) == 4


# The administrator's upload (RULES.md "Procedure and deadlines for dibao": the holiday calendar).
def test_a_whole_year_is_read():
    days = parse_year_csv(year_csv(2027))

    assert len(days) == 365
    assert days[date(2027, 1, 1)] is True
    assert days[date(2027, 1, 2)] is False


def test_a_leap_year_needs_366_days():
    text = year_csv(2028)
    assert len(parse_year_csv(text)) == 366

    without_leap_day = "\n".join(line for line in text.splitlines() if not line.startswith("2028-02-29"))
    with pytest.raises(ValueError, match="2028-02-29"):
        parse_year_csv(without_leap_day)


def test_a_missing_day_is_named():
    text = year_csv(2027).replace("2027-03-15,1\n", "")

    with pytest.raises(ValueError, match="缺少 2027-03-15"):
        parse_year_csv(text)


def test_excel_byte_order_mark_spaces_and_blank_lines_are_accepted():
    text = "\ufeff" + year_csv(2027).replace(",", " , ").replace("\n", "\n\n")

    assert len(parse_year_csv(text)) == 365


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("date,working", "day,type"), "第 1 行"),
        (lambda t: t.replace("2027-01-05,1", "2027-01-05,yes"), "第 6 行：第二列应为 1"),
        (lambda t: t.replace("2027-01-05,1", "2027/01/05,1"), "第 6 行：日期“2027/01/05”"),
        (lambda t: t.replace("2027-01-05,1", "2027-01-05"), "第 6 行：应有两列"),
        (lambda t: t.replace("2027-01-05,1", "2027-01-04,1"), "第 6 行：日期 2027-01-04 重复"),
        (lambda t: t + "2028-01-01,0\n", "只能有一年"),
        (lambda t: "", "文件是空的"),
    ],
)
def test_a_wrong_upload_is_refused_with_a_message_naming_the_problem(change, message):
    with pytest.raises(ValueError, match=message):
        parse_year_csv(change(year_csv(2027)))


# The O(1) arithmetic (prefix sums over the known years, closed formulas outside them) against the
# day-by-day count it replaced. RULES.md "Procedure and deadlines for dibao": deadlines and days
# left are counted in working days, make-up working weekends (调休) included.

class DayByDay:
    """The original count, one day at a time, asking the sources directly."""

    def __init__(self, extra: dict[date, bool] | None = None, years: set[int] | None = None):
        self.extra = extra or {}
        self.years = years if years is not None else {d.year for d in self.extra}
        self.known: dict[date, tuple[bool, bool]] = {}

    def is_working_day(self, d: date) -> tuple[bool, bool]:
        if d not in self.known:
            if d.year in self.years and d in self.extra:
                self.known[d] = (self.extra[d], False)
            else:
                try:
                    self.known[d] = (bool(chinese_calendar.is_workday(d)), False)
                except NotImplementedError:
                    self.known[d] = (working_days.fallback_working(d), True)
        return self.known[d]

    def between(self, after: date, up_to: date) -> int:
        count, day = 0, after
        while day < up_to:
            day += timedelta(days=1)
            count += self.is_working_day(day)[0]
        return count

    def working_days_left(self, today: date, due: date) -> int:
        if today == due:
            return 0
        if today < due:
            return self.between(today, due)
        return -max(1, self.between(due, today))

    def add_working_days(self, start: date, n: int) -> tuple[date, tuple[int, ...]]:
        day, counted, guessed = start, 0, set()
        while counted < n:
            day += timedelta(days=1)
            working, fell_back = self.is_working_day(day)
            if fell_back:
                guessed.add(day.year)
            counted += working
        return day, tuple(sorted(guessed))


def days_from(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


# National Day 2026 (1–7 October, Sunday 20 September and Saturday 10 October worked) and 2025.
NATIONAL_DAY = days_from(date(2026, 9, 15), 35)
NATIONAL_DAY_2025 = days_from(date(2025, 9, 20), 30)
# Spring Festival 2025: 28 January – 4 February off, Sunday 26 January and Saturday 8 February worked.
SPRING_FESTIVAL = days_from(date(2025, 1, 18), 30)
# The package's last year into a year it lacks, and a year before its first.
INTO_THE_FALLBACK = days_from(date(2026, 12, 10), 40)
FALLBACK_YEAR = days_from(date(2028, 9, 20), 30)
BEFORE_THE_PACKAGE = days_from(date(2003, 12, 15), 30)

# A county's upload of 2027 (not in the package): National Day 1–7 October off, 9 October worked.
GOLDEN_WEEK_2027 = days_from(date(2027, 10, 1), 7)
LOADED_2027 = {d: (d.weekday() < 5 or d == date(2027, 10, 9)) and d not in GOLDEN_WEEK_2027
               for d in days_from(date(2027, 1, 1), 365)}
LOADED_WINDOW = days_from(date(2027, 9, 20), 30)
# A county correcting 2025: 8 October worked after all.
CORRECTED_2025 = {d: chinese_calendar.is_workday(d) or d == date(2025, 10, 8)
                  for d in days_from(date(2025, 1, 1), 365)}


def assert_agrees(window: list[date], extra: dict[date, bool] | None = None) -> None:
    """Every pair of days in the window, and every count of days from each day of it."""
    fast, slow = WorkingCalendar(extra), DayByDay(extra)
    for today in window:
        assert fast.is_working_day(today) == slow.is_working_day(today), today
        for due in window:
            assert fast.working_days_left(today, due) == slow.working_days_left(today, due), (today, due)
        for n in range(len(window)):
            deadline = fast.add_working_days(today, n)
            assert (deadline.due, deadline.fallback_years) == slow.add_working_days(today, n), (today, n)
            assert deadline.fallback_used == bool(deadline.fallback_years)


@pytest.mark.parametrize(
    "window",
    [NATIONAL_DAY, NATIONAL_DAY_2025, SPRING_FESTIVAL, INTO_THE_FALLBACK, FALLBACK_YEAR, BEFORE_THE_PACKAGE],
    ids=["national-day-2026", "national-day-2025", "spring-festival-2025", "into-2027-fallback",
         "fallback-2028", "before-2004"],
)
def test_the_quick_count_agrees_with_counting_day_by_day(window):
    assert_agrees(window)


def test_the_quick_count_agrees_in_a_loaded_year():
    assert_agrees(LOADED_WINDOW, LOADED_2027)
    assert_agrees(INTO_THE_FALLBACK, LOADED_2027)


def test_the_quick_count_agrees_where_a_loaded_year_overrides_the_package():
    assert_agrees(NATIONAL_DAY_2025, CORRECTED_2025)


def test_a_loaded_year_moves_a_deadline_across_its_national_day():
    loaded = WorkingCalendar(LOADED_2027)

    # Friday 24 September 2027: 27–30 September, then 8 October (Friday) and the worked Saturday.
    assert loaded.add_working_days(date(2027, 9, 24), 6).due == date(2027, 10, 9)
    # The fallback knows only 1–3 October (Friday 1 October off): Tuesday 5 October.
    assert WorkingCalendar().add_working_days(date(2027, 9, 24), 6).due == date(2027, 10, 5)


def test_loaded_days_of_a_year_not_loaded_are_ignored():
    days = {date(2025, 10, 1): True}

    assert WorkingCalendar(days, extra_years=set()).is_working_day(date(2025, 10, 1)) == (False, False)


def test_a_deadline_spanning_several_unknown_years_names_each():
    deadline = WorkingCalendar().add_working_days(date(2026, 12, 30), 600)

    assert deadline.fallback_years == (2027, 2028, 2029)
    assert deadline == Deadline(*_slow_deadline(date(2026, 12, 30), 600))


def _slow_deadline(start: date, n: int) -> tuple[date, bool, tuple[int, ...]]:
    due, years = DayByDay().add_working_days(start, n)
    return due, bool(years), years


DAYS_2002_TO_2031 = st.dates(min_value=date(2002, 1, 1), max_value=date(2031, 12, 31))
HYPOTHESIS = settings(max_examples=300, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow])
CALENDARS = {"official": {}, "loaded-2027": LOADED_2027, "corrected-2025": CORRECTED_2025}
SLOW = {name: DayByDay(extra) for name, extra in CALENDARS.items()}
FAST = {name: WorkingCalendar(extra) for name, extra in CALENDARS.items()}


@HYPOTHESIS
@given(today=DAYS_2002_TO_2031, due=DAYS_2002_TO_2031, name=st.sampled_from(sorted(CALENDARS)))
def test_days_left_agree_for_any_two_days(today, due, name):
    assert FAST[name].working_days_left(today, due) == SLOW[name].working_days_left(today, due)


@HYPOTHESIS
@given(start=DAYS_2002_TO_2031, n=st.integers(min_value=0, max_value=400),
       name=st.sampled_from(sorted(CALENDARS)))
def test_deadlines_agree_for_any_start_and_count(start, n, name):
    deadline = FAST[name].add_working_days(start, n)

    assert (deadline.due, deadline.fallback_years) == SLOW[name].add_working_days(start, n)
