"""Human text: findings grouped per tenant, quiet about what passed unless asked."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from golive.core.checklist import CHECKLIST
from golive.core.findings import DONE, MISSING, NOT_YET, Finding, Result, Severity, TenantReport

if TYPE_CHECKING:
    from golive.reporters import Options

_CODES = {"red": "31", "yellow": "33", "green": "32", "dim": "2", "bold": "1"}


def _paint(options: Options, color: str, text: str) -> str:
    return f"\x1b[{_CODES[color]}m{text}\x1b[0m" if options.color else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def checked(result: Result) -> str:
    """``3 tenants checked``, or ``3 tenants, 1 not checked (a bug in golive)`` when a policy raised."""
    tenants = _plural(len(result.tenants), "tenant")
    if not result.crashes:
        return f"{tenants} checked"
    return f"{tenants}, {len(result.crashes)} not checked (a bug in golive)"


def _heading(report: TenantReport) -> str:
    bits = [report.phase or "phase unknown"]
    if report.status:
        bits.append(f"status {report.status}")
    if report.golive_date:
        bits.append(f"go-live {report.golive_date}")
    bits += [f"rolled back: {r}" for r in report.rolled_back]
    return f"{report.tenant} ({', '.join(bits)})"


def _finding(f: Finding, options: Options) -> str:
    if f.waived:
        label = _paint(options, "dim", "waived")
    elif f.severity is Severity.ERROR:
        label = _paint(options, "red", "error")
    else:
        label = _paint(options, "yellow", "warning")
    standing = [r for r in f.standing if r != "waived"]   # the label says it
    old = _paint(options, "dim", f" ({'; '.join(standing)})") if standing else ""
    where = _paint(options, "bold", f"{f.file}:{f.line}:{f.column}")
    return f"  {where}: {label} {f.message} [{f.rule} {f.checklist}]{old}"


def _not_checked(report: TenantReport, out: TextIO, options: Options) -> None:
    if report.crash is not None:
        out.write("  " + _paint(options, "red", "not checked") +
                  f": policy {report.crash.rule} raised {report.crash.error} (a bug in golive)\n")


def findings(result: Result, out: TextIO, options: Options) -> None:
    if result.rulebook_changes:
        out.write("schemas and policies changed by this pull request\n")
        for f in result.rulebook_changes:
            out.write(_finding(f, options) + "\n")
    for report in result.tenants:
        if not report.findings and report.checked and not options.verbose:
            continue
        out.write(_heading(report) + "\n")
        _not_checked(report, out, options)
        for f in report.findings:
            out.write(_finding(f, options) + "\n")
        if not report.findings and report.checked:
            out.write("  " + _paint(options, "green", "ok") + "\n")
    summary = result.summary()
    verdict = (_paint(options, "red", "blocked") if result.blocks
               else _paint(options, "red", "not checked") if result.crashes
               else _paint(options, "green", "ok"))
    out.write(
        f"{checked(result)}: {_plural(summary['errors'], 'error')}, "
        f"{_plural(summary['warnings'], 'warning')}, {summary['blocking']} blocking — {verdict}\n"
    )


_STATE_COLOR = {DONE: "green", MISSING: "red", NOT_YET: "dim"}


def checklist(result: Result, out: TextIO, options: Options) -> None:
    for report in result.tenants:
        out.write(_heading(report) + "\n")
        _not_checked(report, out, options)
        by_state: dict[str, list[str]] = {DONE: [], MISSING: [], NOT_YET: []}
        for key in CHECKLIST:
            by_state[report.checklist[key]].append(key)
        done, due = report.progress
        out.write(f"  {done}/{due} checklist items done\n")
        for state in (MISSING, NOT_YET, DONE):
            if by_state[state] and (state != DONE or options.verbose):
                label = _paint(options, _STATE_COLOR[state], f"{state:<8}")
                out.write(f"  {label} {', '.join(by_state[state])}\n")
        for item in report.evidence:   # proven from the file, or by its hash alone
            out.write(f"  {item.proof:<10} {item.checklist}: {item.evidence}\n")
