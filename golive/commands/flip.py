"""``golive flip``: flip a tenant live on a new branch and print its pull request."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK, date_arg

HELP = "flip a tenant live on a new branch golive/TENANT"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tenant", metavar="TENANT")
    parser.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD", help="go-live date (default: today)")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.authoring.flip import flip
    from golive.core.layout import find_repo
    from golive.reporters import FLIP_REPORTERS

    done = flip(find_repo(args.repo), args.tenant, args.date)
    FLIP_REPORTERS["text"](done, stdout)
    return EXIT_OK
