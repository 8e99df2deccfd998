"""The hyper-care table of one tenant (``golive hypercare``): text, JSON or markdown.

Each renderer takes the tenant's report, whose ``hypercare`` days carry the
rates computed in ``golive.policies.hypercare_days``; the JSON shape is documented in
``golive/commands/hypercare.py`` and in the README.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from golive.core.findings import TenantReport
from golive.core.hypercare import RATES, Day, Reading
from golive.core.templates import md_escape as _md


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _threshold(reading: Reading) -> str:
    return f"{reading.rate.sign} {reading.threshold * 100:g}%"


def _cell(day: Day, reading: Reading) -> str:
    if day.row is None:
        return "-"
    value = reading.value
    return "n/a" if value is None else _pct(value)


def _standup(day: Day) -> str:
    if day.standup:
        return "yes"
    return "no" if day.due else "not yet"


def _title(report: TenantReport) -> str:
    name = f" ({report.name})" if report.name else ""
    return f"{report.tenant}{name}: {report.phase}, go-live {report.golive_date}"


def _window(days: tuple[Day, ...]) -> str:
    first, last = days[0].date, days[-1].date
    return f"{len(days)} U.S. federal business days, {first:%a} {first} to {last:%a} {last}"


def _breach_lines(days: tuple[Day, ...]) -> list[str]:
    out = []
    for day in days:
        for r in day.breaches:
            why = f"investigation {day.investigation}" if day.investigation else "no investigation"
            out.append(f"{day.date}: {r.rate.name} {_pct(r.value or 0)} ({r.numerator}/{r.denominator}) "
                       f"is {r.rate.words} the {r.threshold * 100:g}% threshold; {why}")
    return out


def _count(days: tuple[Day, ...]) -> str:
    n = sum(len(day.breaches) for day in days)
    return "no breach" if n == 0 else f"{n} breach" if n == 1 else f"{n} breaches"


def text(report: TenantReport, out: TextIO) -> None:
    days = report.hypercare
    out.write(f"{_title(report)}\nhyper-care: {_window(days)}\n")
    out.write("thresholds: " + ", ".join(
        f"{r.rate.short} {_threshold(r)}" for r in days[0].readings) + "\n\n")
    head = ["day", "date", "standup", "submitted", *(f"{r.short}  " for r in RATES), "investigation"]
    rows = [head]
    for day in days:
        cells = [f"{_cell(day, r)}{' !' if r.breached else '  '}" for r in day.readings]
        rows.append([str(day.number), f"{day.date:%a} {day.date}", _standup(day),
                     "-" if day.submitted is None else str(day.submitted), *cells,
                     day.investigation or "-"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    numeric = {0, *range(3, 4 + len(RATES))}
    for row in rows:
        padded = [cell.rjust(w) if i in numeric else cell.ljust(w)
                  for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        out.write("  ".join(padded).rstrip() + "\n")
    out.write(f"\n{_count(days)}" + (" (marked !):" if _breach_lines(days) else "") + "\n")
    for line in _breach_lines(days):
        out.write(f"  {line}\n")


def as_dict(report: TenantReport) -> dict[str, Any]:
    days = report.hypercare
    return {
        "tenant": report.tenant,
        "name": report.name,
        "phase": report.phase,
        "golive_date": report.golive_date,
        "business_days": len(days),
        "thresholds": {r.key: {r.rate.bound: r.threshold} for r in days[0].readings},
        "days": [day.as_dict() for day in days],
        "breaches": [
            {"day": day.number, "date": day.date.isoformat(), "rate": r.key, "value": r.value,
             "threshold": r.threshold, "investigation": day.investigation}
            for day in days for r in day.breaches],
    }


def json_format(report: TenantReport, out: TextIO) -> None:
    json.dump(as_dict(report), out, indent=2, ensure_ascii=False)
    out.write("\n")


def markdown(report: TenantReport, out: TextIO) -> None:
    days = report.hypercare
    out.write(f"### Hyper-care of {_md(_title(report))}\n\nHyper-care: {_window(days)}.\n\n")
    head = ["Day", "Date", "Standup", "Submitted",
            *(f"{r.rate.short} {_threshold(r)}" for r in days[0].readings), "Investigation"]
    out.write("| " + " | ".join(head) + " |\n")
    out.write("|" + "|".join(["---:", "---", "---", "---:", *["---:"] * len(RATES), "---"]) + "|\n")
    for day in days:
        cells = [f"**{_cell(day, r)}** (breach)" if r.breached else _cell(day, r) for r in day.readings]
        row = [str(day.number), f"{day.date:%a} {day.date}", _standup(day),
               "-" if day.submitted is None else str(day.submitted), *cells,
               _md(day.investigation) if day.investigation else "-"]
        out.write("| " + " | ".join(row) + " |\n")
    out.write(f"\n{_count(days).capitalize()}" + (":" if _breach_lines(days) else ".") + "\n")
    for line in _breach_lines(days):
        out.write(f"- {_md(line)}\n")

