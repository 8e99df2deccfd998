"""``golive rollback``: a branch holding a tenant's rollback commit, and its pull request."""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_FAILED, EXIT_OK

HELP = "make a rollback branch for a tenant and print its pull request"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive._rollback_plan import TRIGGERS

    parser.add_argument("tenant", metavar="TENANT")
    parser.add_argument("--trigger", required=True, choices=list(TRIGGERS),
                        help="the rollback plan's trigger")
    parser.add_argument("--branch", metavar="NAME",
                        help="branch to create (default: rollback/TENANT/TRIGGER)")
    parser.add_argument("--no-commit", action="store_true",
                        help="leave the changes staged on the new branch, uncommitted")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive._rollback import rollback
    from golive.core.layout import find_repo

    done = rollback(find_repo(args.repo), args.tenant, args.trigger, args.branch,
                    commit=not args.no_commit)
    write = stdout.write
    if done.conflicts:
        what = f'{done.reverted.sha[:12]} "{done.reverted.summary}"' if done.reverted else ""
        write(f"cannot revert {what} cleanly for {done.tenant}: conflicts in "
              f"{', '.join(done.conflicts)}; nothing was changed (no branch {done.branch}). "
              "Revert those files by hand, or set the tenant read-only with "
              f"golive rollback {done.tenant} --trigger catastrophic-config-error.\n")
        return EXIT_FAILED
    what = f"sets status: read_only in tenants/{done.tenant}/tenant.yaml"
    if done.reverted:
        merge = " (a merge commit, against its first parent)" if done.merge else ""
        what = (f'reverts {done.reverted.sha[:12]} "{done.reverted.summary}"{merge} '
                f"for tenants/{done.tenant}/ only")
    if done.commit:
        write(f"Branch {done.branch}: commit {done.commit[:12]} {what}.\n")
    else:
        write(f"Branch {done.branch}: staged, not committed; the change {what}.\n")
    if done.left_alone:
        write(f"Left alone (changed by the reverted commit, not {done.tenant}'s): "
              f"{', '.join(done.left_alone)}\n")
    if done.also_reverted:
        write(f"Also reverted (changed by the same commit): {'; '.join(done.also_reverted)}\n")
    if done.trigger.pointer:
        write(f"{done.trigger.pointer}\n")
    first = "Push the branch" if done.commit else "Review it (git diff --cached), commit, push the branch"
    write(f"{first} and open a pull request; merging it and running golive apply "
          f"rolls {done.tenant} back.\n\n")
    write(f"Title: {done.title}\n\n{done.body}")
    return EXIT_OK
