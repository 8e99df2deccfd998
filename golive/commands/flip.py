"""``golive flip``: flip a tenant live on a new branch and print its pull request."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK, date_arg

HELP = "flip a tenant live on a new branch golive/TENANT"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tenant", metavar="TENANT")
    parser.add_argument("--date", type=date_arg, metavar="DATE", help="the go-live date (default: today)")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive._authoring import flip
    from golive.core.layout import find_repo

    done = flip(find_repo(args.repo), args.tenant, args.date)
    write = stdout.write
    write(f'Branch {done.branch}: commit {done.commit[:12]} "{done.title}" '
          f"({len(done.edits)} values changed).\n")
    if done.missing:
        write(f"Still missing from the checklist: {', '.join(done.missing)}\n")
    else:
        write("Nothing is missing from the checklist.\n")
    write(f"Push the branch and open a pull request.\n\nTitle: {done.title}\n\n{done.body}")
    return EXIT_OK
