"""``golive rollback``: a branch holding a tenant's rollback commit (or its resolution), and its
pull request."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK, date_arg, tenant_arg

HELP = "make a rollback branch for a tenant (or resolve its rollback) and print its pull request"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.rollback.triggers import TRIGGERS

    parser.add_argument("tenant", metavar="TENANT")
    parser.add_argument("--trigger", choices=list(TRIGGERS),
                        help="the rollback plan's trigger (with --resolve: only its records)")
    parser.add_argument("--resolve", action="store_true",
                        help="restore what the open rollback records changed and close them")
    parser.add_argument("--reference", metavar="REF", default="",
                        help="the incident or ticket, e.g. INC-5600")
    parser.add_argument("--reason", metavar="TEXT", default="", help="why, in a line")
    parser.add_argument("--by", metavar="NAME", help="who rolls back (default: git's user.name)")
    parser.add_argument("--date", type=date_arg, metavar="DATE",
                        help="the record's since (with --resolve: resolved_on); default today")
    parser.add_argument("--partner", action="append", default=[], metavar="ID",
                        help="mass-envelope-rejections: only this trading partner's envelopes (repeatable)")
    parser.add_argument("--transaction", action="append", default=[], metavar="CODE",
                        help="mass-envelope-rejections: only envelopes of this transaction (repeatable)")
    parser.add_argument("--target", metavar="URL",
                        help="mass-scrub-failures: only go back to a version once applied on this target")
    parser.add_argument("--branch", metavar="NAME",
                        help="branch to create (default: rollback/TENANT/TRIGGER, or "
                             "rollback/TENANT/resolve; -2, -3 ... added while taken)")
    parser.add_argument("--no-commit", action="store_true",
                        help="leave the changes staged on the new branch, uncommitted")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.core.errors import UsageError
    from golive.core.layout import find_repo
    from golive.reporters import ROLLBACK_REPORTERS
    from golive.rollback import Who, resolve, rollback

    root = find_repo(args.repo)
    tenant = tenant_arg(root, args.tenant)
    if args.resolve:
        done = resolve(root, tenant, args.trigger, args.date, args.branch, commit=not args.no_commit)
    elif args.trigger is None:
        raise UsageError("pass --trigger T (one of the rollback plan's triggers) or --resolve")
    else:
        applied = None
        if args.target:
            if args.trigger != "mass-scrub-failures":
                raise UsageError("--target narrows mass-scrub-failures only")
            from golive.apply import history

            seen = {e.new for e in history(root, args.target, tenant) if e.field == "modifier_rules_version"}
            applied = seen.__contains__
        done = rollback(root, tenant, args.trigger,
                        Who(args.reference, args.reason, args.by, args.date), args.branch,
                        commit=not args.no_commit, partners=args.partner, transactions=args.transaction,
                        applied=applied)
    ROLLBACK_REPORTERS["text"](done, stdout)
    return EXIT_OK
