"""``golive new``: scaffold a tenant directory from templates."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK, tenant_arg

HELP = "scaffold a new tenant from templates"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tenant", metavar="TENANT", help="the new tenant's id, e.g. summit-peds")
    parser.add_argument("--name", metavar="NAME", help="the customer's display name")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.authoring.scaffold import scaffold
    from golive.core.layout import find_repo
    from golive.reporters import SCAFFOLD_REPORTERS

    root = find_repo(args.repo)
    tenant = tenant_arg(root, args.tenant, existing=False)
    written = scaffold(root, tenant, args.name)
    SCAFFOLD_REPORTERS["text"](tenant, written, stdout)
    return EXIT_OK
