"""``golive history``: the audit trail of the platform's config store."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK
from golive.commands.plan import TARGET_HELP

HELP = "the audit trail of applies"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import HISTORY_REPORTERS

    parser.add_argument("tenant", nargs="?", metavar="TENANT", help="only this tenant's changes")
    parser.add_argument("--target", metavar="URL", help=TARGET_HELP)
    parser.add_argument("--format", choices=sorted(HISTORY_REPORTERS), default="text")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.apply import history
    from golive.core.layout import tenant_argument
    from golive.reporters import HISTORY_REPORTERS

    # The target may hold a tenant git no longer has: the id's form is checked, not that it exists.
    tenant = tenant_argument(args.tenant) if args.tenant else None
    HISTORY_REPORTERS[args.format](history(args.repo, args.target, tenant), tenant, stdout)
    return EXIT_OK
