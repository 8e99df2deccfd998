"""``golive new`` and ``golive flip``: what was written, and the flip's pull request.

The flip's body renders ``templates/flip.md.j2``; every value it shows was masked where
the :class:`~golive.authoring.flip.Flip` was made, and passes the boundary again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from golive.authoring.flip import Flip
from golive.core.checklist import CHECKLIST, POST_FLIP
from golive.core.layout import tenant_path
from golive.core.templates import environment


def flip_body(done: Flip) -> str:
    """The flip's pull-request body: the values changed and the checklist still to do."""
    return environment("markdown").get_template("flip.md.j2").render(
        tenant=done.tenant, date=done.date, edits=done.edits, checklist=CHECKLIST,
        blocking=[k for k in done.missing if k not in POST_FLIP],
        after_golive=[k for k in CHECKLIST if k in POST_FLIP])


def flip_text(done: Flip, out: TextIO) -> None:
    write = out.write
    write(f'Branch {done.branch}: commit {done.commit[:12]} "{done.title}" '
          f"({len(done.edits)} values changed).\n")
    blocking = [k for k in done.missing if k not in POST_FLIP]
    if blocking:
        write(f"Still missing from the checklist: {', '.join(blocking)}\n")
    else:
        write("Nothing is missing from the pre go-live checklist.\n")
    write(f"After go-live: {', '.join(k for k in CHECKLIST if k in POST_FLIP)}\n")
    write(f"Push the branch and open a pull request.\n\nTitle: {done.title}\n\n{flip_body(done)}")


def scaffold_text(tenant: str, written: Sequence[Path], out: TextIO) -> None:
    out.write(f"Created {tenant_path(tenant)}/:\n")
    for path in written:
        out.write(f"  {path.as_posix()}\n")
    out.write(f"Fill in the values marked TODO, then run golive status {tenant} "
              "to see what the go-live checklist still needs.\n")
