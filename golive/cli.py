"""The command line: parse arguments, call the library, pick a reporter, map errors to exit codes.

Exit codes: 0 nothing blocking (or the action was done), 1 the check failed,
2 the command could not run (one line on stderr; a traceback only with --debug).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TextIO

import golive
from golive._errors import GoliveError, UsageError

EXIT_OK, EXIT_FAILED, EXIT_CANNOT_RUN = 0, 1, 2


@dataclass(frozen=True)
class Invocation:
    """The parsed command line."""

    command: str
    repo: str | None
    paths: tuple[str, ...]
    as_of: dt.date | None
    format: str
    output: str | None
    verbose: bool
    debug: bool
    rule: str | None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    from golive.reporters import STATUS_REPORTERS, VALIDATE_REPORTERS

    common = _Parser(add_help=False)
    common.add_argument("--repo", metavar="DIR",
                        help="config repo (default: the git work tree holding the current directory)")
    common.add_argument("--debug", action="store_true", help="show a traceback on internal errors")

    parser = _Parser(prog="golive", description="GitOps for taking a tenant live.")
    parser.add_argument("--version", action="version", version=f"golive {golive.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    val = sub.add_parser("validate", parents=[common], help="check tenants against the checklist")
    val.add_argument("paths", nargs="*", metavar="PATH", help="tenant directories or files")
    val.add_argument("--as-of", type=_date, metavar="DATE", help="treat DATE as today")
    val.add_argument("--format", choices=sorted(VALIDATE_REPORTERS), default="text")
    val.add_argument("--output", metavar="FILE", help="write the report to FILE")
    val.add_argument("-v", "--verbose", action="store_true", help="also show what passed")

    st = sub.add_parser("status", parents=[common], help="each tenant's go-live checklist")
    st.add_argument("paths", nargs="*", metavar="TENANT")
    st.add_argument("--as-of", type=_date, metavar="DATE", help="treat DATE as today")
    st.add_argument("--format", choices=sorted(STATUS_REPORTERS), default="text")
    st.add_argument("--output", metavar="FILE", help="write the report to FILE")
    st.add_argument("-v", "--verbose", action="store_true", help="also list the items done")

    ex = sub.add_parser("explain", parents=[common], help="what a rule checks and how to fix it")
    ex.add_argument("rule", metavar="RULE")
    return parser


def parse(argv: Sequence[str]) -> Invocation:
    ns = _parser().parse_args(list(argv))
    return Invocation(
        command=ns.command,
        repo=ns.repo,
        paths=tuple(getattr(ns, "paths", ())),
        as_of=getattr(ns, "as_of", None),
        format=getattr(ns, "format", "text"),
        output=getattr(ns, "output", None),
        verbose=getattr(ns, "verbose", False),
        debug=ns.debug,
        rule=getattr(ns, "rule", None),
    )


def _use_color(out: TextIO) -> bool:
    return out.isatty() and "NO_COLOR" not in os.environ


def _report(inv: Invocation, result: golive.Result, stdout: TextIO) -> None:
    from golive.reporters import STATUS_REPORTERS, VALIDATE_REPORTERS, Options

    reporters = VALIDATE_REPORTERS if inv.command == "validate" else STATUS_REPORTERS
    with ExitStack() as stack:
        out = stdout
        if inv.output:
            try:
                out = stack.enter_context(open(inv.output, "w", encoding="utf-8"))
            except OSError as exc:
                raise UsageError(f"--output {inv.output}: {exc.strerror}") from None
        reporters[inv.format](result, out, Options(inv.verbose, _use_color(out)))


def _explain(rule: str, stdout: TextIO) -> int:
    from golive._rules import all_rules, describe

    try:
        doc = describe(rule)
    except KeyError:
        raise UsageError(f"unknown rule {rule!r}; known rules: {', '.join(all_rules())}") from None
    stdout.write(f"{doc.id} ({doc.checklist})\n\n{doc.summary}\n")
    if doc.detail:
        stdout.write(f"\n{doc.detail}\n")
    stdout.write(f"\nRunbook: {doc.runbook}\nFix: {doc.fix}\n")
    return EXIT_OK


def execute(inv: Invocation, stdout: TextIO) -> int:
    if inv.command == "explain":
        return _explain(inv.rule or "", stdout)
    if inv.command == "validate":
        result = golive.validate(inv.repo, inv.paths, inv.as_of)
        _report(inv, result, stdout)
        return EXIT_FAILED if result.blocks else EXIT_OK
    result = golive.status(inv.repo, inv.paths, inv.as_of)
    _report(inv, result, stdout)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    try:
        return execute(parse(args), stdout)
    except GoliveError as exc:
        if debug:
            raise
        stderr.write(f"golive: {exc}\n")
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        stderr.write("golive: interrupted\n")
        return 130
    except Exception as exc:  # the one top-level handler: no traceback unless --debug
        if debug:
            raise
        stderr.write(f"golive: internal error: {type(exc).__name__}: {exc} (rerun with --debug)\n")
        return EXIT_CANNOT_RUN
