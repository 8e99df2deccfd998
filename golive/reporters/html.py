"""The go-live board (``golive status --format html``): one self-contained HTML page.

It renders ``templates/board.html.j2`` with autoescape on and ``StrictUndefined``:
every tenant's phase, status, go-live date and checklist (n of the items due done, and each
key's state), and for tenants in hyper-care (phase live, or bau with metrics
recorded) one small inline SVG chart per dashboard rate, drawn against its
threshold line. The page has inline CSS and no script, and fetches nothing, so
it can be mailed, archived or served as a build artifact as it is.

Everything it shows comes from the :class:`~golive.core.findings.Result`: the chart
data is each tenant's ``hypercare`` days, whose rates ``golive.policies.hypercare_days``
computes for the hypercare policy too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from golive.core.checklist import CHECKLIST, PHASES
from golive.core.findings import DONE, MISSING, NOT_YET, Result, Severity, TenantReport
from golive.core.hypercare import RATES, Day
from golive.core.templates import environment
from golive.core.version import VERSION

if TYPE_CHECKING:
    from golive.reporters import Options

STATE_LABELS = {DONE: "done", MISSING: "missing", NOT_YET: "not yet"}
TITLES = {"acknowledgement": "Acknowledgement", "denial": "Denial", "era_auto_match": "ERA auto-match",
          "auto_correction": "Auto-correction"}

# Chart geometry, in SVG user units.
WIDTH, HEIGHT = 250, 116
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 12, 24


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str          # the tooltip: date, value, counts
    breached: bool


@dataclass(frozen=True)
class Chart:
    """One rate over the hyper-care days, scaled into the chart's plot area."""

    title: str
    threshold_label: str
    latest: str
    line: str                              # the polyline's points
    points: tuple[Point, ...]
    threshold_y: float
    ticks: tuple[tuple[float, str], ...]   # (y, label) at the bottom and top of the scale
    days: tuple[tuple[float, str, bool], ...]  # (x, label, due) under the plot
    breaches: int
    open: int                              # breaches without an investigation


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _scale(values: list[float], threshold: float) -> tuple[float, float]:
    """A value range that shows the values and the threshold with some air around them."""
    lo, hi = min([*values, threshold]), max([*values, threshold])
    span = max(hi - lo, 0.02)
    return max(0.0, lo - span * 0.3), min(1.0, hi + span * 0.3)


def _breach(words: str, day: Day) -> str:
    why = f"investigation {day.investigation}" if day.investigation else "no investigation"
    return f", {words} the threshold ({why})"


def _chart(days: tuple[Day, ...], index: int) -> Chart:
    rate = RATES[index]
    threshold = days[0].readings[index].threshold
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(days) - 1, 1)
    xs = [LEFT + (i * step if len(days) > 1 else plot_w / 2) for i in range(len(days))]
    measured = [(x, day, day.readings[index]) for x, day in zip(xs, days, strict=True)
                if day.readings[index].value is not None]
    lo, hi = _scale([r.value for _, _, r in measured if r.value is not None], threshold)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - (value - lo) / (hi - lo)), 1)

    points = tuple(
        Point(round(x, 1), y(r.value or 0), f"{day.date:%a} {day.date}: {_pct(r.value or 0)} "
              f"({r.numerator}/{r.denominator})" + (_breach(rate.words, day) if r.breached else ""),
              r.breached)
        for x, day, r in measured)
    latest = _pct(measured[-1][2].value or 0) if measured else "no data"
    return Chart(
        title=TITLES[rate.key],
        threshold_label=f"{rate.sign} {threshold * 100:g}%",
        latest=latest,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        points=points,
        threshold_y=y(threshold),
        ticks=((y(lo), f"{lo * 100:.0f}%"), (y(hi), f"{hi * 100:.0f}%")),
        days=tuple((round(x, 1), str(day.number), day.due) for x, day in zip(xs, days, strict=True)),
        breaches=sum(1 for p in points if p.breached),
        open=sum(1 for _, day, r in measured if r.breached and not day.investigation),
    )


def _in_hypercare(report: TenantReport) -> bool:
    """Live tenants, and bau tenants that recorded metrics, get charts."""
    days = report.hypercare
    return bool(days) and (report.phase == "live" or any(d.row is not None for d in days))


def _tenant(report: TenantReport) -> dict[str, Any]:
    states = [(key, report.checklist.get(key, MISSING), what) for key, what in CHECKLIST.items()]
    done, due = report.progress
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    days = report.hypercare
    return {
        "id": report.tenant,
        "name": report.name or report.tenant,
        "phase": report.phase or "unknown",
        "status": report.status or "unknown",
        "golive_date": report.golive_date or "not set",
        "rolled_back": list(report.rolled_back),
        "done": done,
        "total": due,
        "percent": round(100 * done / due) if due else 100,
        "checklist": [{"key": k, "state": s, "label": STATE_LABELS[s], "what": w} for k, s, w in states],
        "evidence": [{"key": e.checklist, "file": e.evidence, "proof": e.proof} for e in report.evidence],
        "blocking": sum(1 for f in report.findings if f.blocking),
        "errors": errors,
        "warnings": len(report.findings) - errors,
        "charts": [_chart(days, i) for i in range(len(RATES))] if _in_hypercare(report) else [],
        "window": (f"business days 1–{len(days)}, {days[0].date:%a %b} {days[0].date.day} to "
                   f"{days[-1].date:%a %b} {days[-1].date.day}, {days[-1].date.year}") if days else "",
    }


def render(result: Result, options: Options | None = None) -> str:
    """The board's HTML; ``options.made_from``/``made_at`` go in its header when given."""
    if options is None:
        from golive.reporters import Options

        options = Options()
    tenants = [_tenant(r) for r in result.tenants]
    phases = {phase: sum(1 for t in tenants if t["phase"] == phase) for phase in PHASES}
    return environment("html").get_template("board.html.j2").render(
        tenants=tenants,
        phases=phases,
        blocking=result.blocking,
        version=VERSION,
        made_from=options.made_from,
        made_at=options.made_at,
        chart={"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
               "bottom": HEIGHT - BOTTOM},
    )


def board(result: Result, out: TextIO, options: Options) -> None:
    out.write(render(result, options))
