"""U.S. federal business days: the clock of hyper-care and of the definition of done.

A business day is a weekday that is not a U.S. federal holiday, counting the
observed day when a holiday falls on a weekend (Juneteenth on a Saturday is
observed the Friday before, Christmas on a Sunday the Monday after, and New
Year's Day on a Saturday the Friday before, in the previous year).

The holidays are the ``public`` category of the ``holidays`` package for the
United States with no subdivision: the federal holidays of 5 U.S.C. 6103. Its
``government`` category is deliberately not used: it adds one-off executive-order
closures (Christmas Eve some years, national days of mourning) that are
announced, and added to the package, after the fact; a validation that passed
must not start failing when the package learns of one.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

_DAY = dt.timedelta(days=1)
# The last day golive counts business days from: hyper-care (at most 30 business days, a
# setting) must fit before the end of Python's calendar (9999-12-31) with room to spare.
LAST_DAY = dt.date(9998, 12, 31)


@cache
def _holiday_names(year: int) -> dict[dt.date, str]:
    """The federal holidays, with observed days, that fall in ``year``, and their names.

    Populating one year also yields a 31 December observed for the next year's
    New Year's Day, so looking a day up by its own year is enough.
    """
    import holidays  # imported on first use: a run with no tenant in hyper-care never needs it

    calendar = holidays.country_holidays(
        "US", years=year, observed=True, categories=(holidays.PUBLIC,))
    return {day: calendar[day] for day in calendar if day.year == year}


@cache
def _federal_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(_holiday_names(year))


def federal_holiday(day: dt.date) -> str | None:
    """The name of the federal holiday (or its observed day) on ``day``, None on any other day."""
    return _holiday_names(day.year).get(day)


def today() -> dt.date:
    """Today in UTC: the default ``--as-of`` and go-live date."""
    return dt.datetime.now(dt.UTC).date()


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def business_days(start: dt.date, n: int) -> list[dt.date]:
    """The first ``n`` business days from ``start``: day 1 is ``start`` if it is one.

    ``start`` is at most :data:`LAST_DAY` (tenant files with later dates are
    reported and not judged); later, :class:`OverflowError` once the calendar ends.
    """
    days: list[dt.date] = []
    day = start
    while len(days) < n:
        if is_business_day(day):
            days.append(day)
        day += _DAY
    return days

