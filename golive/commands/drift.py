"""``golive drift``: exit 1 when the platform's config store differs from what was last applied.

A tenant the store has and git does not (unmanaged) is drift too. The store is opened
read-only.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_FAILED, EXIT_OK
from golive.commands.plan import TARGET_HELP

HELP = "find changes made to the platform outside git"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import DRIFT_REPORTERS

    parser.add_argument("--target", metavar="URL", help=TARGET_HELP)
    parser.add_argument("--format", choices=sorted(DRIFT_REPORTERS), default="text")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.apply import drifted, opened
    from golive.reporters import DRIFT_REPORTERS

    with opened(args.repo, args.target, writable=False) as store:
        view = store.read()
    found = drifted(view)
    DRIFT_REPORTERS[args.format](found, view, store.display, stdout)
    return EXIT_FAILED if found or view.unmanaged else EXIT_OK
