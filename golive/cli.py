"""The command line: build the parser from the command registry, run one, map errors to exit codes.

Exit codes: 0 nothing blocking (or the action was done), 1 the check failed,
2 the command could not run (one line on stderr; a traceback only with --debug),
3 a bug in golive itself: a policy that raised (one line per tenant naming the rule,
the tenant and the exception, after the other tenants' results) or any other
unexpected exception.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from typing import TextIO

from golive.commands._common import EXIT_BUG, EXIT_CANNOT_RUN
from golive.core.errors import GoliveError, PolicyCrashed, UsageError
from golive.core.version import VERSION

EXIT_BROKEN_PIPE = 141   # 128 + SIGPIPE, what a shell reports for a tool killed by a closed pipe


def _silence(stream: TextIO) -> None:
    """Point ``stream``'s file at /dev/null, so flushing it at exit raises nothing more."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _shown(exc: object) -> str:
    """An error's words as one line of output: they may quote tenant data, git or a target."""
    from golive.core.redact import text

    return text(str(exc))


def _traceback(trace: str) -> str:
    """A traceback for ``--debug``, each line through the output boundary: the exception's
    words may quote tenant data, arguments or a target, which never reach a terminal raw."""
    return "".join(f"{_shown(line)}\n" for line in trace.splitlines())


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line naming the command and what is wrong, then that command's usage
        # (``main`` adds the ``golive:`` prefix, so ``self.prog`` would double it).
        name = self.prog.removeprefix("golive").strip()
        raise UsageError(f"{name}: {message}" if name else message,
                         usage=self.format_usage().rstrip("\n"))


def _parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the ``chosen`` command's arguments are set up (the others may import a lot)."""
    from golive.commands import COMMANDS

    common = _Parser(add_help=False)
    common.add_argument("--repo", metavar="DIR",
                        help="config repo (default: the git work tree holding the current directory)")
    common.add_argument("--debug", action="store_true", help="show a traceback on internal errors")

    parser = _Parser(prog="golive", description="GitOps for taking a tenant live.")
    parser.add_argument("--version", action="version", version=f"golive {VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, command in COMMANDS.items():
        sub_parser = sub.add_parser(name, parents=[common], help=command.HELP)
        if chosen is None or name == chosen:
            command.add_arguments(sub_parser)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` as the chosen command's arguments; UsageError (with usage) when they are wrong."""
    from golive.commands import COMMANDS
    from golive.core.suggest import close_matches, did_you_mean

    # Options all belong to a command, so the first word that is not one names it.
    words = [a for a in argv if not a.startswith("-")]
    chosen = words[0] if words else ""
    parser = _parser(chosen)
    if chosen and chosen not in COMMANDS:
        raise UsageError(f"unknown command {chosen!r}{did_you_mean(chosen, COMMANDS)}",
                         usage=parser.format_usage().rstrip("\n"))
    args, extra = parser.parse_known_args(list(argv))
    if extra:
        # Said by the command, with its usage and the option meant, not by the top-level parser.
        command = _subparsers(parser)[args.command]
        # Compared without the dashes: every option shares them, which makes anything look close.
        known = {o.lstrip("-"): o for action in command._actions for o in action.option_strings
                 if o.startswith("--")}
        word = extra[0].split("=", 1)[0]
        found = close_matches(word.lstrip("-"), known, n=1) if word.startswith("--") else []
        hint = f"; did you mean {known[found[0]]!r}?" if found else ""
        command.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return args


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """``{command: its parser}`` (argparse keeps them only in its subparsers action)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def execute(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.commands import COMMANDS

    result: int = COMMANDS[args.command].run(args, stdout)
    return result


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    try:
        return execute(parse(args), stdout)
    except GoliveError as exc:
        if debug:
            stderr.write(_traceback(traceback.format_exc()))
        stderr.write(f"golive: {_shown(exc)}\n")
        if isinstance(exc, UsageError) and exc.usage:
            stderr.write(f"{exc.usage}\n")
        return EXIT_CANNOT_RUN
    except PolicyCrashed as exc:
        for trace in exc.traces if debug else ():
            stderr.write(_traceback(trace))
        stderr.writelines(f"golive: bug: {line}\n" for line in exc.lines)
        return EXIT_BUG
    except KeyboardInterrupt:
        stderr.write("golive: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (``golive ... | head``): stop quietly, as a shell tool does.
        _silence(stdout)
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # the one top-level handler: no traceback unless --debug
        if debug:
            stderr.write(_traceback(traceback.format_exc()))
        stderr.write(f"golive: internal error: {type(exc).__name__}: {_shown(exc)} (rerun with --debug)\n")
        return EXIT_BUG
