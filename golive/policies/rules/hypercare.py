"""Hyper-care: an on-call admin, and a standup and dashboard metrics for each business day.

Hyper-care runs for the first N U.S. federal business days from ``golive_date``
(day 1 is the go-live date if it is a business day, else the next one; a
business day is a weekday that is not a federal holiday, as observed). It holds when:

- ``oncall_admin.response_minutes`` is at most the allowed response time;
- each of those days has a standup and a metrics row (matched by ``date``);
- every metrics row that breaches a threshold names its ``investigation``.
  A breach is acknowledged/submitted below its floor, denied/submitted above its
  ceiling, or ERA auto-match or auto-correction success at or below its floor; a
  rate whose denominator is zero is not a breach.

N, the response time and the thresholds are settings (``policies/settings.yaml``);
``golive hypercare`` shows the same rates day by day.
Demanded in phase bau. In phase live the same gaps are warnings, and only days
up to ``--as-of`` count: tomorrow's standup is not missing yet.

Passing (golive_date 2026-12-01, a Tuesday; 5 business days, 60 minutes)::

    hypercare:
      oncall_admin: {name: Alex Kim, email: alex.kim@platform.example, response_minutes: 60}
      standups: [{date: 2026-12-01, notes: ...}, ... one for each day to 2026-12-07]
      metrics:
        - {date: 2026-12-01, claims_submitted: 200, claims_acknowledged: 198,
           claims_denied: 9, ..., investigation: INC-5521}
        ... one for each day to 2026-12-07

Failing: ``response_minutes: 90``; no standup dated 2026-12-03; the row above
without ``investigation`` (a 4.5% denial rate is over the 1% ceiling).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from golive.core.checklist import BAU, LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant, as_warnings
from golive.policies.hypercare_days import readings

ID = "GL-HYPERCARE"
CHECKLIST = "hypercare"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "golive.yaml")
RUNBOOK = ("Hyper-care (first 5 business days): daily standup with the customer's billing "
           "lead; watch dashboards (claims throughput, denial rate, ERA auto-match rate, "
           "auto-correction success rate); on-call platform admin available within 1 hour "
           "for escalations.")
FIX = ("Add a standup and a metrics row to `hypercare:` in golive.yaml for each business day "
       "of hyper-care, give a row that breaches a threshold the `investigation` (ticket or "
       "incident) that looked into it, and keep the on-call response time within the limit.")

F = "golive.yaml"


def check(t: Tenant) -> Iterator[Problem]:
    if t.phase == BAU:
        yield from _problems(t, t.hypercare_days())
    else:
        # While live, only the days so far must be on record, and gaps only warn.
        yield from as_warnings(_problems(t, [d for d in t.hypercare_days() if d <= t.as_of]))


def due(t: Tenant) -> bool:
    """Whether hyper-care can be complete: ``--as-of`` is on or after its last business day.

    Until then `golive status` shows it ``not_yet``, or ``missing`` when a day so
    far already has a gap.
    """
    days = t.hypercare_days()
    return bool(days) and t.as_of >= days[-1]


def _problems(t: Tenant, days: list[dt.date]) -> Iterator[Problem]:
    hypercare = t.file(F).get("hypercare")
    if hypercare is None:
        if days:
            yield Problem(F, (), f"no hypercare: record the on-call admin, and a standup and "
                          f"a metrics row for each of business days 1–{len(days)} "
                          f"({days[0]} to {days[-1]})")
        return
    minutes = hypercare["oncall_admin"]["response_minutes"]
    limit = t.settings.oncall_response_minutes_max
    if minutes > limit:
        yield Problem(F, ("hypercare", "oncall_admin", "response_minutes"),
                      f"the on-call admin responds within {minutes} minutes; escalations "
                      f"need a response within {limit}")
    for key, what in (("standups", "standup"), ("metrics", "metrics row")):
        recorded = {row["date"] for row in hypercare[key]}
        for n, day in enumerate(days, 1):
            if day.isoformat() not in recorded:
                yield Problem(F, ("hypercare", key),
                              f"no {what} for {day:%a} {day}, business day {n} of hyper-care")
    for i, row in enumerate(hypercare["metrics"]):
        if "investigation" in row:
            continue
        for reading in readings(row, t.settings):
            if reading.breached:
                rate = reading.rate
                yield Problem(F, ("hypercare", "metrics", i),
                              f"{row['date']}: {rate.name} {reading.value:.1%} ({reading.numerator}/"
                              f"{reading.denominator}) is {rate.words} the {reading.threshold * 100:g}% "
                              "threshold; record the `investigation` that looked into it")
