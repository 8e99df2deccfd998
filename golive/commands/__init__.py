"""The commands of the ``golive`` script, by name: an explicit registry.

Each command module offers ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args, stdout) -> int``: the :class:`Command` protocol, which mypy checks
every module of the registry against. The CLI builds its parser from this dict,
so a new command is one module plus one line here.
"""

from __future__ import annotations

import argparse
from typing import Protocol, TextIO

from golive.commands import (
    apply,
    completion,
    drift,
    explain,
    flip,
    history,
    hypercare,
    init,
    new,
    plan,
    report,
    rollback,
    state,
    status,
    validate,
)


class Command(Protocol):
    """A command of the ``golive`` script: its help line, its arguments, and what it does (an exit code)."""

    @property
    def HELP(self) -> str: ...

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, stdout: TextIO) -> int: ...


COMMANDS: dict[str, Command] = {
    "validate": validate,
    "status": status,
    "explain": explain,
    "rollback": rollback,
    "init": init,
    "new": new,
    "flip": flip,
    "plan": plan,
    "apply": apply,
    "state": state,
    "drift": drift,
    "history": history,
    "hypercare": hypercare,
    "report": report,
    "completion": completion,
}
