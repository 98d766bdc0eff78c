"""Shell completion scripts for ``qpr`` (bash, zsh, fish), written from the argument parser
itself so that they always offer the commands and options ``qpr`` has.

Install: ``qpr completion bash > ~/.local/share/bash-completion/completions/qpr``;
``qpr completion zsh > "${fpath[1]}/_qpr"``; ``qpr completion fish >
~/.config/fish/completions/qpr.fish``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

TAKES_FILE = frozenset({"--config", "--output"})


@dataclass(frozen=True)
class Option:
    """One option of one command: its spellings, help, and what its value is."""

    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...]

    @property
    def takes_file(self) -> bool:
        return bool(TAKES_FILE.intersection(self.flags))


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    positional_choices: tuple[str, ...]


def commands(parser: argparse.ArgumentParser) -> list[Command]:
    """The parser's commands, their options and the choices of their positional argument."""
    found: list[Command] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        for name, sub in action.choices.items():
            options = tuple(
                Option(
                    tuple(a.option_strings),
                    a.help or "",
                    a.nargs != 0,
                    tuple(str(c) for c in a.choices or ()),
                )
                for a in sub._actions
                if a.option_strings and a.help != argparse.SUPPRESS
            )
            positional = next(
                (tuple(a.choices) for a in sub._actions if not a.option_strings and a.choices),
                (),
            )
            found.append(Command(name, helps.get(name, ""), options, positional))
    return found


def _bash_value_cases(cmds: list[Command]) -> list[str]:
    """``case "$prev"`` arms: options whose value is a choice or a file."""
    arms: dict[str, str] = {}
    for command in cmds:
        for option in command.options:
            pattern = "|".join(option.flags)
            if option.choices:
                words = " ".join(option.choices)
                arms[pattern] = f'COMPREPLY=($(compgen -W "{words}" -- "$cur")); return 0;;'
            elif option.takes_file:
                arms[pattern] = 'COMPREPLY=($(compgen -f -- "$cur")); return 0;;'
            elif option.takes_value:
                arms.setdefault(pattern, "return 0;;")
    return [f"        {pattern}) {arm}" for pattern, arm in arms.items()]


def bash(parser: argparse.ArgumentParser) -> str:
    """A bash completion function for ``qpr`` (``complete -F``)."""
    cmds = commands(parser)
    names = " ".join(c.name for c in cmds)
    option_arms = [
        f'        {c.name}) opts="{" ".join(f for o in c.options for f in o.flags)}";;'
        for c in cmds
    ]
    choice_arms = [
        f'        {c.name}) COMPREPLY=($(compgen -W "{" ".join(c.positional_choices)}" -- "$cur"));'
        " return 0;;"
        for c in cmds
        if c.positional_choices
    ]
    tui_opts = next(
        " ".join(f for o in c.options for f in o.flags) for c in cmds if c.name == "tui"
    )
    lines = [
        "# bash completion for qpr (qpr completion bash)",
        "_qpr() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local cmd="" opts="" i',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        f'        case "${{COMP_WORDS[i]}}" in {"|".join(c.name for c in cmds)}) '
        'cmd="${COMP_WORDS[i]}"; break;; esac',
        "    done",
        '    case "$prev" in',
        *_bash_value_cases(cmds),
        "    esac",
        '    case "$cmd" in',
        *option_arms,
        f'        *) opts="{tui_opts} --version";;',
        "    esac",
        '    if [[ "$cur" == -* ]]; then',
        '        COMPREPLY=($(compgen -W "$opts" -- "$cur")); return 0',
        "    fi",
        '    case "$cmd" in',
        *choice_arms,
        f'        "") COMPREPLY=($(compgen -W "{names}" -- "$cur") $(compgen -f -- "$cur"));;',
        '        *) COMPREPLY=($(compgen -f -- "$cur"));;',
        "    esac",
        "}",
        "complete -o filenames -o bashdefault -F _qpr qpr",
    ]
    return "\n".join(lines) + "\n"


def zsh(parser: argparse.ArgumentParser) -> str:
    """zsh completion: the bash function through zsh's ``bashcompinit``."""
    return (
        "#compdef qpr\n# zsh completion for qpr (qpr completion zsh)\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash(parser)
    )


def _fish_quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(condition: str, option: Option) -> str:
    parts = ["complete -c qpr", f"-n {_fish_quoted(condition)}"]
    for flag in option.flags:
        parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
    if option.choices:
        parts.append(f"-x -a {_fish_quoted(' '.join(option.choices))}")
    elif option.takes_file:
        parts.append("-r -F")
    elif option.takes_value:
        parts.append("-x")
    parts.append(f"-d {_fish_quoted(option.help)}")
    return " ".join(parts)


def fish(parser: argparse.ArgumentParser) -> str:
    """fish completions: commands first, then each command's options."""
    cmds = commands(parser)
    lines = ["# fish completion for qpr (qpr completion fish)"]
    for command in cmds:
        lines.append(
            f"complete -c qpr -n '__fish_use_subcommand' -f -a {command.name} "
            f"-d {_fish_quoted(command.help)}"
        )
    for command in cmds:
        condition = f"__fish_seen_subcommand_from {command.name}"
        if command.name == "tui":  # 'qpr FILE' is 'qpr tui FILE'
            others = " ".join(c.name for c in cmds if c.name != "tui")
            condition = f"not __fish_seen_subcommand_from {others}"
        lines.extend(_fish_option(condition, option) for option in command.options)
        if command.positional_choices:
            words = " ".join(command.positional_choices)
            lines.append(
                f"complete -c qpr -n {_fish_quoted(condition)} -f -a {_fish_quoted(words)}"
            )
    return "\n".join(lines) + "\n"


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for ``shell`` (bash, zsh or fish)."""
    writers = {"bash": bash, "zsh": zsh, "fish": fish}
    return writers[shell](parser)
