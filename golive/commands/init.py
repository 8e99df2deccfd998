"""``golive init [DIR]``: start a config repository of one's own."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from golive.commands._common import EXIT_OK

HELP = "start a config repository: rulebook, tenants/, hook, editor settings"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", nargs="?", default=".", metavar="DIR",
                        help="where to create it (default: the current directory)")
    parser.add_argument("--golive", metavar="REQUIREMENT",
                        help="the pip requirement requirements.txt pins (default: this golive's version)")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.authoring.init import default_requirement, init_repo
    from golive.core.errors import UsageError
    from golive.core.redact import text

    if args.repo is not None and args.directory != "." and Path(args.repo) != Path(args.directory):
        raise UsageError("golive init takes one directory: give DIR or --repo DIR, not both")
    dest = Path(args.repo if args.repo is not None else args.directory)
    written, made_git = init_repo(dest, args.golive)
    where = text(str(dest))
    if made_git:
        stdout.write(f"initialised a git repository in {where}\n")
    stdout.write(f"wrote {len(written)} files into {where}:\n")
    stdout.writelines(f"  {text(p)}\n" for p in written)
    pinned, installable = default_requirement()
    if args.golive is None and not installable:
        stdout.write(f"requirements.txt pins {pinned}: if golive is not on your package "
                     "index, pin where you get it, e.g. golive init --golive "
                     "'golive @ git+https://git.example/golive@<commit>' (or edit requirements.txt)\n")
    stdout.write("next: golive new TENANT, then golive validate\n")
    return EXIT_OK
