"""``golive state``: what the platform's config store holds."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK
from golive.commands.plan import TARGET_HELP

HELP = "what the platform's config store holds"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import STATE_REPORTERS

    parser.add_argument("--target", metavar="URL", help=TARGET_HELP)
    parser.add_argument("--format", choices=sorted(STATE_REPORTERS), default="text")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.apply import state
    from golive.reporters import STATE_REPORTERS

    STATE_REPORTERS[args.format](state(args.repo, args.target), stdout)
    return EXIT_OK
