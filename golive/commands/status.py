"""``golive status``: each tenant's phase, status, go-live date and checklist."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from golive.commands._common import EXIT_OK, date_arg, output, tenant_arg, use_color

HELP = "each tenant's go-live checklist"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import STATUS_REPORTERS

    parser.add_argument("paths", nargs="*", metavar="TENANT")
    parser.add_argument("--no-cache", action="store_true", help="check everything afresh")
    parser.add_argument("--as-of", type=date_arg, metavar="YYYY-MM-DD", help="treat it as today")
    parser.add_argument("--format", choices=sorted(STATUS_REPORTERS), default="text")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list the items done")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    import os

    import golive
    from golive.core.layout import find_repo, tenant_path
    from golive.reporters import STATUS_REPORTERS, Options

    root = find_repo(args.repo)
    # A path that exists (from here or the repo) is taken as it is; anything else must name a tenant.
    paths = [p if os.path.lexists(p) or os.path.lexists(root / p) else tenant_path(tenant_arg(root, p))
             for p in args.paths]
    result = golive.status(args.repo, paths, args.as_of, cache=not args.no_cache)
    made_from, made_at = _provenance(root) if args.format == "html" else ("", "")
    with output(args.output, stdout) as out:
        STATUS_REPORTERS[args.format](result, out, Options(args.verbose, use_color(out),
                                                           made_from=made_from, made_at=made_at))
    result.raise_crashes()
    return EXIT_OK


def _provenance(root: Path) -> tuple[str, str]:
    """What the board is made from (``commit <sha>``, and whether the work tree differs) and when.

    The time is now in UTC to the minute, or ``SOURCE_DATE_EPOCH`` when it is set (the
    reproducible-builds convention), so a board can be rebuilt byte for byte.
    """
    import datetime as dt
    import os

    from golive.core.errors import GoliveError
    from golive.git.revisions import resolve
    from golive.git.work_tree import is_dirty

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    now = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit()
           else dt.datetime.now(dt.UTC))
    made_at = f"{now:%Y-%m-%d %H:%M} UTC"
    try:
        made_from = f"commit {resolve(root, 'HEAD')[:12]}"
        if is_dirty(root):
            made_from += " with uncommitted changes"
    except (GoliveError, OSError, ValueError):
        made_from = "files outside git"
    return made_from, made_at
