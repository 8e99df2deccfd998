"""``golive explain RULE|KEY``: what a rule checks, the runbook line behind it, how to fix it.

A checklist key (``e2e_test``, as ``golive status`` shows it) lists the rules that
decide it; an unknown word gets the closest rule ids and keys.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK
from golive.core.errors import UsageError

HELP = "what a rule checks and how to fix it (or, for a checklist key, its rules)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE|KEY",
                        help="a rule id such as GL-E2E-TEST, or a checklist key such as e2e_test")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.core.checklist import CHECKLIST
    from golive.core.suggest import did_you_mean
    from golive.engine.rule_catalogue import all_rules, describe, rules_of

    word = args.rule
    if word in CHECKLIST:
        stdout.write(f"{word}: {CHECKLIST[word]}\n\nRules:\n")
        for doc in rules_of(word):
            stdout.write(f"  {doc.id}  {doc.summary}\n")
        stdout.write("\nRun 'golive explain RULE' for how to fix one.\n")
        return EXIT_OK
    try:
        doc = describe(word)
    except KeyError:
        hint = did_you_mean(word, [*all_rules(), *CHECKLIST]) or (
            "; give a rule id such as GL-E2E-TEST or a checklist key such as e2e_test")
        raise UsageError(f"unknown rule or checklist key {word!r}{hint}") from None
    stdout.write(f"{doc.id} ({doc.checklist})\n\n{doc.summary}\n")
    if doc.detail:
        stdout.write(f"\n{doc.detail}\n")
    stdout.write(f"\nRunbook: {doc.runbook}\nFix: {doc.fix}\n")
    return EXIT_OK
