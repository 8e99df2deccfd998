"""``golive rollback``: what was done, and the pull request to open (``templates/rollback.md.j2``).

Everything shown that came from the tenant's files was masked where the
:class:`~golive.rollback.Rollback` was made; the markdown body passes the boundary
again as it is rendered.
"""

from __future__ import annotations

from typing import TextIO

from golive.core.templates import environment
from golive.rollback import Rollback


def body(result: Rollback) -> str:
    """The pull request's markdown body for a rollback or its resolution."""
    follow_ups = [f.replace("TENANT", result.tenant) for f in result.trigger.follow_ups] \
        if result.trigger else []
    return environment("markdown").get_template("rollback.md.j2").render(
        r=result, trigger=result.trigger, title=result.title, follow_ups=follow_ups)


def text(done: Rollback, out: TextIO) -> None:
    """What the rollback (or resolution) did, then the pull request's title and body."""
    write = out.write
    fields = ", ".join(f"{c.field} {c.before} → {c.after}" for c in done.changes) or "no platform field"
    what = f"closes {'; '.join(done.resolved)}, restoring {fields}" if done.trigger is None else \
        f"changes {fields}, and records the rollback"
    if done.commit:
        write(f"Branch {done.branch}: commit {done.commit[:12]} {what}.\n")
    else:
        write(f"Branch {done.branch}: staged, not committed; the change {what}.\n")
    for item in done.kept:
        write(f"Kept: {item}\n")
    if done.trigger and done.trigger.pointer:
        write(f"{done.trigger.pointer}\n")
    first = "Push the branch" if done.commit else "Review it (git diff --cached), commit, push the branch"
    verb = "rolls back" if done.trigger else "restores"
    write(f"{first} and open a pull request; merging it and running golive apply "
          f"{verb} {done.tenant}.\n\n")
    write(f"Title: {done.title}\n\n{body(done)}")
