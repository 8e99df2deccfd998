"""The planned go-live date leaves business days after it to react on.

A go-live on a weekend, on a U.S. federal holiday, on the last business day before
one, or on a Friday puts the first days of hyper-care where the customer's billing
team, the payers and the clearinghouses are not at work. Each is a warning;
``golive_date`` in ``policies/settings.yaml`` makes any of them an error, or ``ignore`` turns it off.
Judged while the tenant onboards: once it is live the date is history.
The holidays are the federal ones hyper-care counts business days by.

Passing: ``golive_date: 2026-12-15`` (a Tuesday).

Failing: ``golive_date: 2026-12-18`` (a Friday); ``2026-11-25`` (the day before
Thanksgiving); ``2026-12-19`` (a Saturday).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from golive.core.business_days import LAST_DAY, federal_holiday, is_business_day
from golive.core.checklist import ONBOARDING
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-GOLIVE-DATE"
CHECKLIST = "golive_date"
SEVERITY = Severity.WARNING
PHASES = frozenset({ONBOARDING})
NEEDS = ("tenant.yaml",)
RUNBOOK = "2.12 Go-live: flip on a business day with business days after it for hyper-care."
FIX = ("Move golive_date to a Monday to Thursday that is neither a federal holiday nor the "
       "business day before one, or grade the check in policies/settings.yaml (golive_date).")

_DAY = dt.timedelta(days=1)
_SEVERITY = {"error": Severity.ERROR, "warning": Severity.WARNING}


def _next_weekday(day: dt.date) -> dt.date:
    day += _DAY
    while day.weekday() >= 5:
        day += _DAY
    return day


def reasons(day: dt.date) -> Iterator[tuple[str, str]]:
    """Each check of ``GOLIVE_DATE_CHECKS`` that ``day`` fails, with why, in that order."""
    name = day.strftime("%A")
    if day.weekday() >= 5:
        yield "weekend", f"a {name}"
    holiday = federal_holiday(day)
    if holiday is not None:
        yield "federal_holiday", f"a U.S. federal holiday ({holiday})"
    if is_business_day(day):
        after = _next_weekday(day)
        holiday_after = federal_holiday(after)
        if holiday_after is not None:
            yield "day_before_holiday", (f"the last business day before {holiday_after} "
                                         f"({after.strftime('%A')} {after.isoformat()})")
    if day.weekday() == 4:
        yield "friday", "a Friday"


def check(t: Tenant) -> Iterator[Problem]:
    if t.phase != ONBOARDING or not isinstance(t.golive_date, str):
        return
    try:
        day = dt.date.fromisoformat(t.golive_date)
    except ValueError:
        return  # the schema reports a date that is not one
    if day > LAST_DAY:
        return
    for key, why in reasons(day):
        grade = t.settings.golive_date_grade(key)
        if grade == "ignore":
            continue
        tail = ("when payers and clearinghouses are closed" if key in ("weekend", "federal_holiday")
                else "with no business day after it to react on")
        yield Problem("tenant.yaml", ("golive_date",),
                      f"golive_date {day.isoformat()} is {why}, {tail}", _SEVERITY[grade])
