"""Worker processes that never outlive the golive that started them.

Killed with SIGKILL, a parent cannot stop its workers; left behind, they would keep
writing into a pipe nobody reads, and hold the caller's stdout open so that a CI
step waiting for end-of-file waits until its own timeout. So each worker asks Linux
to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, through
ctypes), and, where that is not available or the parent died before the request,
watches its parent itself: a daemon thread that ends the process within
:data:`WATCH_SECONDS` of the parent's death (the worker is re-parented then).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import cast

PR_SET_PDEATHSIG = 1   # linux/prctl.h
WATCH_SECONDS = 0.25


def _prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return cast("Callable[..., int]", ctypes.CDLL(None, use_errno=True).prctl)
    except (OSError, AttributeError):
        return None


def _death_signal() -> bool:
    """Ask Linux for SIGKILL when the parent dies; whether the request was made."""
    prctl = _prctl()
    return prctl is not None and int(prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0


def child_death_signal() -> Callable[[], None] | None:
    """For ``subprocess``'s ``preexec_fn``: a function that asks, in the child between fork and
    exec, for SIGKILL when this process dies (the request outlives the exec of a program that is
    not set-user-ID). libc is looked up here, in the parent: the child only makes the call."""
    prctl = _prctl()
    if prctl is None:
        return None
    kill = int(signal.SIGKILL)

    def ask() -> None:
        prctl(PR_SET_PDEATHSIG, kill, 0, 0, 0)

    return ask


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)   # no clean-up: the results have nowhere to go


def die_with_parent(parent: int) -> None:
    """Make this (worker) process end when ``parent``, the pid that started it, ends.

    Call it first thing in the worker. A parent that is already gone ends the worker at once.
    """
    _death_signal()
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="golive-parent-watch", daemon=True).start()
