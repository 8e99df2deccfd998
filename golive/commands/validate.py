"""``golive validate``: check tenants against the checklist; exit 1 when something blocks."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_FAILED, EXIT_OK, date_arg, output, positive_int, shard_arg, use_color

HELP = "check tenants against the checklist"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import VALIDATE_REPORTERS

    parser.add_argument("paths", nargs="*", metavar="PATH", help="tenant directories or files")
    parser.add_argument("--base", metavar="REF",
                        help="pull-request mode: check what changed since the merge base of REF and HEAD")
    parser.add_argument("--head-code", choices=("run", "skip"), default="run",
                        help="with --base, when the pull request changes golive's own code: run that "
                             "code to preview the tenants it would break (run), or leave it unrun "
                             "(skip; the job that decides the verdict in CI)")
    parser.add_argument("--staged", action="store_true",
                        help="also check every tenant with a change staged for the next commit, deleted "
                             "and renamed files included; with no PATH, only those (the pre-commit hook)")
    parser.add_argument("--no-cache", action="store_true",
                        help="check everything afresh (default: reuse results whose inputs did not change)")
    parser.add_argument("--jobs", type=positive_int, metavar="N",
                        help="processes to check tenants in (default: every core)")
    parser.add_argument("--as-of", type=date_arg, metavar="YYYY-MM-DD", help="treat it as today")
    parser.add_argument("--format", choices=sorted(VALIDATE_REPORTERS), default="text")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show what passed")
    parser.add_argument("--shard", type=shard_arg, metavar="K/N",
                        help="check only shard K of N (a stable share by tenant id), for a check "
                             "split across machines; with --format json, the result golive report "
                             "merge puts back together")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    import golive
    from golive.reporters import VALIDATE_REPORTERS, Options

    result = golive.validate(args.repo, args.paths, args.as_of, args.base, cache=not args.no_cache,
                             jobs=args.jobs, staged=args.staged, head_code=args.head_code == "run",
                             shard=args.shard)
    with output(args.output, stdout) as out:
        if args.shard is not None and args.format == "json":
            _write_shard(args, result, out)
        else:
            VALIDATE_REPORTERS[args.format](result, out, Options(args.verbose, use_color(out)))
    result.raise_crashes()
    return EXIT_FAILED if result.blocks else EXIT_OK


def _write_shard(args: argparse.Namespace, result: object, out: TextIO) -> None:
    """One shard's JSON: the usual keys, and what ``golive report merge`` needs to rebuild the run."""
    import json

    from golive.core.business_days import today
    from golive.core.errors import GoliveError
    from golive.core.findings import Result
    from golive.core.layout import find_repo
    from golive.engine.rulebook import Rulebook
    from golive.engine.shard import document
    from golive.git.revisions import merge_base, resolve

    assert isinstance(result, Result)
    root = find_repo(args.repo)
    as_of = args.as_of or today()
    try:
        revision = resolve(root, "HEAD")
        base = merge_base(root, args.base) if args.base else ""
    except GoliveError:
        revision, base = "", ""
    doc = document(result, args.shard, revision=revision, checks=Rulebook.from_repo(root).digest(as_of),
                   as_of=as_of, base=base)
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")
