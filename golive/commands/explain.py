"""``golive explain RULE``: what a rule checks, the runbook line behind it, how to fix it."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK
from golive.core.errors import UsageError

HELP = "what a rule checks and how to fix it"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.engine.rule_catalogue import all_rules, describe

    try:
        doc = describe(args.rule)
    except KeyError:
        raise UsageError(f"unknown rule {args.rule!r}; known rules: {', '.join(all_rules())}") from None
    stdout.write(f"{doc.id} ({doc.checklist})\n\n{doc.summary}\n")
    if doc.detail:
        stdout.write(f"\n{doc.detail}\n")
    stdout.write(f"\nRunbook: {doc.runbook}\nFix: {doc.fix}\n")
    return EXIT_OK
