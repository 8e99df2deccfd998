"""Who runs an apply: the name its audit rows carry as ``applied_by``.

``GOLIVE_ACTOR`` when set (a deploy system naming its operator), else ``GITHUB_ACTOR``
(the GitHub user whose push or dispatch started the workflow), else the user this
process runs as. The commit's author is recorded beside it: a re-apply that puts back
a hand edit is done by whoever ran it, not by whoever wrote the commit.
"""

from __future__ import annotations

import getpass
import os

ENV = ("GOLIVE_ACTOR", "GITHUB_ACTOR")


def actor() -> str:
    """The first non-empty of ``GOLIVE_ACTOR`` and ``GITHUB_ACTOR``, else the OS user (``uid N``)."""
    for name in ENV:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    try:
        return getpass.getuser()
    except (KeyError, OSError):   # a uid with no passwd entry and no LOGNAME or USER
        return f"uid {os.getuid()}"
