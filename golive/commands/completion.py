"""``golive completion bash|zsh``: a shell completion script, made from the command line itself.

The script completes command names, each command's options, the values of an option
that has a fixed set (``--format``, ``--head-code``), and tenant ids (the directories
under ``tenants/`` of the current directory) or paths for the rest.
zsh uses the same function through ``bashcompinit``. Install with, for example,
``golive completion bash > ~/.local/share/bash-completion/completions/golive``, or
``eval "$(golive completion zsh)"`` in ``~/.zshrc``.
"""

from __future__ import annotations

import argparse
import shlex
from typing import TextIO

from golive.commands._common import EXIT_OK

HELP = "print a shell completion script (bash or zsh)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=("bash", "zsh"))


def _options() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``{command: its option strings}`` and ``{"command --option": its choices}``, read from the
    parser golive itself uses."""
    from golive.commands import COMMANDS

    options, choices = {}, {}
    for name, command in COMMANDS.items():
        parser = argparse.ArgumentParser(prog=f"golive {name}")
        parser.add_argument("--repo")
        parser.add_argument("--debug")
        command.add_arguments(parser)
        # argparse lists its actions only through this attribute.
        options[name] = sorted(o for action in parser._actions for o in action.option_strings)
        choices.update({f"{name} {o}": sorted(map(str, action.choices)) for action in parser._actions
                        if action.choices and action.option_strings for o in action.option_strings})
    return options, choices


def script(shell: str) -> str:
    """The completion script for ``shell`` (``bash`` or ``zsh``)."""
    options, choices = _options()
    cases = "".join(f"    {name}) opts={shlex.quote(' '.join(opts))} ;;\n" for name, opts in options.items())
    values = "".join(f"    {shlex.quote(key)}) COMPREPLY=( $(compgen -W {shlex.quote(' '.join(words))} "
                     f'-- "$cur") ); return ;;\n' for key, words in choices.items())
    body = (
        "_golive() {\n"
        '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" opts=""\n'
        "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
        f"    COMPREPLY=( $(compgen -W {shlex.quote(' '.join(options))} -- \"$cur\") )\n"
        "    return\n"
        "  fi\n"
        '  case "${COMP_WORDS[1]} $prev" in\n'
        f"{values}"
        "  esac\n"
        '  case "${COMP_WORDS[1]}" in\n'
        f"{cases}"
        "  esac\n"
        '  if [[ "$cur" == -* ]]; then\n'
        '    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )\n'
        "  else\n"
        '    local tenants=""\n'
        '    [ -d tenants ] && tenants=$(cd tenants && compgen -d -X ".*")\n'
        '    COMPREPLY=( $(compgen -W "$tenants" -- "$cur") $(compgen -f -- "$cur") )\n'
        "  fi\n"
        "}\n"
    )
    if shell == "zsh":
        return "autoload -U +X bashcompinit && bashcompinit\n" + body + "complete -F _golive golive\n"
    return body + "complete -o filenames -F _golive golive\n"


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    stdout.write(script(args.shell))
    return EXIT_OK
