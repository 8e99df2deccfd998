"""Hyper-care day by day, as values: each business day's standup, dashboard rates and thresholds.

The days are computed from a tenant's golive.yaml by
:mod:`golive.policies.hypercare_days`; the hypercare policy turns the breaches of a
metrics row without an ``investigation`` into findings; ``golive hypercare`` prints
the day-by-day table; the go-live board draws each rate against its threshold.
Rates, per metrics row, and when each breaches:

- acknowledgement: claims_acknowledged / claims_submitted, below its floor;
- denial: claims_denied / claims_submitted, above its ceiling;
- ERA auto-match: eras_auto_matched / eras_received, at or below its floor;
- auto-correction success: auto_corrections_succeeded / auto_corrections_attempted,
  at or below its floor.

A zero denominator (nothing submitted, received or attempted) is no breach and
has no value. The thresholds and the number of business days are settings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections.abc import Callable
from typing import Any


@dataclasses.dataclass(frozen=True)
class Rate:
    """One dashboard rate of a metrics row, and when it breaches its threshold."""

    key: str                                   # the name in JSON output: "denial"
    name: str                                  # in words: "denial rate"
    short: str                                 # a column heading: "denial"
    numerator: str
    denominator: str
    setting: str                               # the Settings field holding the threshold
    breaches: Callable[[float, float], bool]   # (rate, threshold) -> breached?
    words: str                                 # the breach, in words: "above"
    bound: str                                 # what the threshold is, in JSON: "at_most"
    sign: str                                  # the allowed side, for a table: "≤"


RATES = (
    Rate("acknowledgement", "acknowledgement rate", "ack", "claims_acknowledged", "claims_submitted",
         "acknowledgement_rate_at_least", operator.lt, "below", "at_least", "≥"),
    Rate("denial", "denial rate", "denial", "claims_denied", "claims_submitted",
         "denial_rate_at_most", operator.gt, "above", "at_most", "≤"),
    Rate("era_auto_match", "ERA auto-match rate", "ERA match", "eras_auto_matched", "eras_received",
         "era_auto_match_rate_above", operator.le, "at or below", "above", ">"),
    Rate("auto_correction", "auto-correction success rate", "auto-corr", "auto_corrections_succeeded",
         "auto_corrections_attempted", "auto_correction_success_rate_above", operator.le,
         "at or below", "above", ">"),
)


RATE = {rate.key: rate for rate in RATES}


@dataclasses.dataclass(frozen=True)
class Reading:
    """One rate of one day: its counts (None without a metrics row) and its threshold."""

    key: str                      # which rate (a key of RATE)
    numerator: int | None
    denominator: int | None
    threshold: float

    @property
    def rate(self) -> Rate:
        return RATE[self.key]

    @property
    def value(self) -> float | None:
        """The rate, or None when there is no row or nothing to measure (a zero denominator)."""
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator

    @property
    def breached(self) -> bool:
        value = self.value
        return value is not None and self.rate.breaches(value, self.threshold)

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "threshold": self.threshold, "breach": self.breached}


@dataclasses.dataclass(frozen=True)
class Day:
    """One business day of hyper-care, as golive.yaml records it."""

    number: int                   # business day 1..N
    date: dt.date
    due: bool                     # on or before --as-of
    standup: bool
    row: int | None               # its index in hypercare.metrics, None when it has no row
    submitted: int | None
    readings: tuple[Reading, ...]
    investigation: str | None

    @property
    def breaches(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.readings if r.breached)

    def as_dict(self) -> dict[str, Any]:
        """The day as JSON data (the ``days`` items of ``golive hypercare --format json``)."""
        return {
            "day": self.number, "date": self.date.isoformat(), "due": self.due,
            "standup": self.standup, "metrics_row": self.row, "submitted": self.submitted,
            "rates": {r.key: r.as_dict() for r in self.readings},
            "investigation": self.investigation,
            "breaches": [r.key for r in self.breaches],
        }
