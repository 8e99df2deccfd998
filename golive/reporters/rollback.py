"""``golive rollback``: what was done, and the pull request to open (``templates/rollback.md.j2``).

Everything shown that came from git or the tenant's files was masked where the
:class:`~golive.rollback.Rollback` was made; the markdown body passes the boundary
again as it is rendered.
"""

from __future__ import annotations

from typing import TextIO

from golive.core.layout import tenant_path
from golive.core.templates import environment
from golive.rollback import Rollback


def body(result: Rollback) -> str:
    """The pull request's markdown body for a rollback."""
    return environment("markdown").get_template("rollback.md.j2").render(
        r=result, trigger=result.trigger, title=result.title, reverted=result.reverted,
        short=(result.reverted.sha[:12] if result.reverted else ""))


def text(done: Rollback, out: TextIO) -> None:
    """What the rollback did, then the pull request's title and body (or why nothing was done)."""
    write = out.write
    if done.conflicts:
        what = f'{done.reverted.sha[:12]} "{done.reverted.summary}"' if done.reverted else ""
        write(f"cannot revert {what} cleanly for {done.tenant}: conflicts in "
              f"{', '.join(done.conflicts)}; nothing was changed (no branch {done.branch}). "
              "Revert those files by hand, or set the tenant read-only with "
              f"golive rollback {done.tenant} --trigger catastrophic-config-error.\n")
        return
    what = f"sets status: read_only in {tenant_path(done.tenant, 'tenant.yaml')}"
    if done.reverted:
        merge = " (a merge commit, against its first parent)" if done.merge else ""
        what = (f'reverts {done.reverted.sha[:12]} "{done.reverted.summary}"{merge} '
                f"for {tenant_path(done.tenant)}/ only")
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
    write(f"Title: {done.title}\n\n{body(done)}")
