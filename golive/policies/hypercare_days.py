"""Hyper-care day by day, computed: the one place the hyper-care rates are worked out.

From a tenant's ``hypercare:`` record (golive.yaml), its business days of hyper-care
and the thresholds of ``policies/settings.yaml``, each day's standup and the four
dashboard rates of its metrics row (:mod:`golive.core.hypercare` holds the values
and says when a rate breaches). Shared by the hypercare policy, ``golive hypercare``
and the go-live board.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from golive.core.hypercare import RATES, Day, Rate, Reading
from golive.policies.settings import Settings


def threshold(rate: Rate, settings: Settings) -> float:
    """The threshold of ``rate`` in ``settings``."""
    return float(getattr(settings, rate.setting))


def readings(row: Mapping[str, Any] | None, settings: Settings) -> tuple[Reading, ...]:
    """The four rates of a metrics row (all without counts when ``row`` is None)."""
    return tuple(
        Reading(rate.key,
                None if row is None else row[rate.numerator],
                None if row is None else row[rate.denominator],
                threshold(rate, settings))
        for rate in RATES)


def days(hypercare: Mapping[str, Any] | None, business_days: Sequence[dt.date], settings: Settings,
         as_of: dt.date) -> tuple[Day, ...]:
    """Each business day of the window with its standup and its metrics row's readings."""
    hypercare = hypercare or {}
    standups = {row["date"] for row in hypercare.get("standups", [])}
    rows = {row["date"]: (i, row) for i, row in enumerate(hypercare.get("metrics", []))}
    out = []
    for number, day in enumerate(business_days, 1):
        index, row = rows.get(day.isoformat(), (None, None))
        out.append(Day(
            number, day, day <= as_of, day.isoformat() in standups, index,
            None if row is None else row["claims_submitted"],
            readings(row, settings),
            None if row is None else row.get("investigation")))
    return tuple(out)
