"""Working days: RULES.md "Procedure and deadlines for dibao" — deadlines in working days that follow
the State Council's holiday calendar, make-up working weekends (调休) included."""

from datetime import date, timedelta

import pytest

from webapp.domain.working_days import WorkingCalendar, parse_year_csv

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

    # 12 working days left in December 2026, then 18 Monday–Friday days from 1 January 2027.
    assert deadline.due == date(2027, 1, 26)
    assert deadline.fallback_used
    assert deadline.fallback_years == (2027,)


@pytest.mark.parametrize("d", [date(1990, 5, 1), date(2003, 1, 1), date(2150, 10, 1)])
def test_a_date_outside_every_calendar_never_raises(calendar, d):
    working, fell_back = calendar.is_working_day(d)

    assert fell_back
    assert working == (d.weekday() < 5)


def test_fallback_is_monday_to_friday(calendar):
    assert calendar.is_working_day(date(2027, 1, 4)) == (True, True)  # Monday
    assert calendar.is_working_day(date(2027, 1, 2)) == (False, True)  # Saturday


# RULES.md "Procedure and deadlines for dibao": a county administrator loads a year's calendar.
def test_a_loaded_year_is_used_instead_of_the_fallback():
    new_year = date(2027, 1, 1)
    loaded = WorkingCalendar(parse_year_csv(year_csv(2027, days_off=(new_year,))), {2027})

    deadline = loaded.add_working_days(date(2026, 12, 15), 30)

    assert loaded.is_working_day(new_year) == (False, False)
    assert deadline.due == date(2027, 1, 27)  # one day later: New Year's Day is off
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
