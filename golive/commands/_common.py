"""Pieces the commands share: argument types, exit codes, opening ``--output``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from golive.core.errors import UsageError

if TYPE_CHECKING:
    from golive.engine.shard import Shard

EXIT_OK, EXIT_FAILED, EXIT_CANNOT_RUN, EXIT_BUG = 0, 1, 2, 3


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def shard_arg(text: str) -> Shard:
    """``K/N`` as a :class:`golive.engine.shard.Shard`."""
    from golive.engine.shard import parse

    try:
        return parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return value


def use_color(out: TextIO) -> bool:
    return out.isatty() and "NO_COLOR" not in os.environ


@contextmanager
def output(path: str | None, stdout: TextIO) -> Iterator[TextIO]:
    """``stdout``, or ``path`` opened for writing (an unwritable path is a usage error)."""
    if not path:
        yield stdout
        return
    try:
        out = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed below; open errors are usage errors)
    except OSError as exc:
        raise UsageError(f"--output {path}: {exc.strerror}") from None
    with out:
        yield out
