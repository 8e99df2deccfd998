"""``golive state``: what the platform's config store holds."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK
from golive.commands.plan import TARGET_HELP

HELP = "what the platform's config store holds"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.apply.report import STATE_FORMATS

    parser.add_argument("--target", metavar="URL", help=TARGET_HELP)
    parser.add_argument("--format", choices=sorted(STATE_FORMATS), default="text")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.apply import state
    from golive.apply.report import STATE_FORMATS

    STATE_FORMATS[args.format](state(args.repo, args.target), stdout)
    return EXIT_OK
