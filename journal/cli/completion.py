"""``reljournal completion bash|zsh|fish``: shell completion made from the parser itself, so every
command, option and choice that ``--help`` lists completes, and people's names complete where a NAME
goes (read by ``reljournal completion names``, which never asks for anything and never fails loudly)."""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import dataclass
from typing import Any

SHELLS = ("bash", "zsh", "fish")
_FILE_WORDS = ("FILE", "PATH", "DIR", "BACKUP")


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    takes: str  # "" (a switch), "names", "files", "values" or "text"
    values: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    first_positional: str  # "names", "files" or ""


def register(sub: argparse._SubParsersAction[Any]) -> None:
    completion = sub.add_parser(
        "completion",
        help="print shell completion for bash, zsh or fish",
        description='Print a completion script. bash: add `eval "$(reljournal completion bash)"` to '
        '~/.bashrc; zsh: `eval "$(reljournal completion zsh)"` in ~/.zshrc; fish: '
        "`reljournal completion fish > ~/.config/fish/completions/reljournal.fish`.",
    )
    completion.add_argument("shell", choices=[*SHELLS, "names"], help="the shell (names: people, one a line)")
    completion.set_defaults(standalone=cmd_completion)


def _takes(action: argparse.Action) -> tuple[str, tuple[str, ...]]:
    if action.nargs == 0:
        return "", ()
    if action.choices:
        return "values", tuple(str(choice) for choice in action.choices)
    metavar = str(action.metavar or action.dest.upper())
    if "|" in metavar:
        return "values", tuple(metavar.split("|"))
    if metavar == "1-5":
        return "values", ("1", "2", "3", "4", "5")
    if metavar == "NAME" or action.dest in ("name", "person"):
        return "names", ()
    if any(word in metavar for word in _FILE_WORDS):
        return "files", ()
    return "text", ()


def commands(parser: argparse.ArgumentParser) -> list[Command]:
    """Every subcommand with its options, as the parser declares them."""
    found: list[Command] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: str(choice.help or "") for choice in action._choices_actions}
        for name, command in action.choices.items():
            options: list[Option] = []
            first = ""
            for item in command._actions:
                if isinstance(item, argparse._HelpAction):
                    continue
                takes, values = _takes(item)
                if item.option_strings:
                    options.append(Option(tuple(item.option_strings), takes, values, str(item.help or "")))
                elif not first and takes in ("names", "files"):
                    first = takes
            found.append(Command(name, helps.get(name, ""), tuple(options), first))
    return found


def _global_options(parser: argparse.ArgumentParser) -> list[str]:
    return [flag for action in parser._actions for flag in action.option_strings]


def bash_script(parser: argparse.ArgumentParser) -> str:
    cases: list[str] = []
    values: list[str] = []
    for command in commands(parser):
        flags = " ".join(flag for option in command.options for flag in option.flags)
        cases.append(
            f"        {command.name}) opts={shlex.quote(flags)}; first={command.first_positional or 'none'} ;;"
        )
        for option in command.options:
            when = "|".join(f"{command.name}:{flag}" for flag in option.flags)
            if option.takes == "values":
                values.append(
                    f"        {when}) _reljournal_words {shlex.quote(' '.join(option.values))}; return ;;"
                )
            elif option.takes in ("names", "files"):
                values.append(f"        {when}) _reljournal_{option.takes}; return ;;")
    names = " ".join(command.name for command in commands(parser))
    globals_ = " ".join(_global_options(parser))
    return _BASH.format(
        commands=shlex.quote(names),
        globals=shlex.quote(globals_),
        cases="\n".join(cases),
        values="\n".join(values),
    )


_BASH = """# reljournal completion for bash: eval "$(reljournal completion bash)"
_reljournal_words() {{ COMPREPLY=($(compgen -W "$1" -- "$cur")); }}
_reljournal_files() {{ local IFS=$'\\n'; COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; }}
_reljournal_names() {{
    local IFS=$'\\n' name
    COMPREPLY=()
    while IFS= read -r name; do
        [[ $name == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
    done < <(reljournal "${{where[@]}}" completion names 2>/dev/null)
}}
_reljournal() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
    local cmd="" opts="" first=none positional=0 i where=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${{COMP_WORDS[i]}} in
            --data-dir) where=(--data-dir "${{COMP_WORDS[i+1]}}"); ((i++)) ;;
            -*) ;;
            *) if [[ -z $cmd ]]; then cmd=${{COMP_WORDS[i]}}; else ((positional++)); fi ;;
        esac
    done
    if [[ $prev == --data-dir ]]; then _reljournal_files; return; fi
    if [[ -z $cmd ]]; then _reljournal_words {commands}" "{globals}; return; fi
    case $cmd:$prev in
{values}
    esac
    case $cmd in
{cases}
    esac
    if [[ $cur == -* ]]; then _reljournal_words "$opts --help"; return; fi
    if ((positional == 0)); then
        case $first in names) _reljournal_names ;; files) _reljournal_files ;; esac
    fi
}}
complete -F _reljournal reljournal
"""


def zsh_script(parser: argparse.ArgumentParser) -> str:
    """zsh runs the bash function through its bashcompinit, the way many tools ship one script."""
    return (
        '# reljournal completion for zsh: eval "$(reljournal completion zsh)"\n'
        "autoload -U +X compinit && { (( $+functions[compdef] )) || compinit; }\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(parser).split("\n", 1)[1]
    )


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish_script(parser: argparse.ArgumentParser) -> str:
    found = commands(parser)
    names = " ".join(command.name for command in found)
    lines = [
        "# reljournal completion for fish: reljournal completion fish > ~/.config/fish/completions/reljournal.fish",
        "function __reljournal_names",
        "    set -l where (string match -r -- '--data-dir(?:=|\\s+)(\\S+)' (commandline) )[2]",
        '    if test -n "$where"; reljournal --data-dir $where completion names 2>/dev/null',
        "    else; reljournal completion names 2>/dev/null; end",
        "end",
        "complete -c reljournal -f",
        "complete -c reljournal -l data-dir -r -F -d 'where the journal lives'",
        "complete -c reljournal -l version -d 'show the version'",
    ]
    for command in found:
        lines.append(
            f"complete -c reljournal -n 'not __fish_seen_subcommand_from {names}' -a {command.name} "
            f"-d {_fish_quote(command.help)}"
        )
        seen = f"-n '__fish_seen_subcommand_from {command.name}'"
        if command.first_positional == "names":
            lines.append(f"complete -c reljournal {seen} -a '(__reljournal_names)'")
        elif command.first_positional == "files":
            lines.append(f"complete -c reljournal {seen} -F")
        for option in command.options:
            spec = " ".join(
                f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}" for flag in option.flags
            )
            if option.takes == "values":
                spec += f" -x -a {_fish_quote(' '.join(option.values))}"
            elif option.takes == "names":
                spec += " -x -a '(__reljournal_names)'"
            elif option.takes == "files":
                spec += " -r -F"
            elif option.takes == "text":
                spec += " -x"
            lines.append(f"complete -c reljournal {seen} {spec} -d {_fish_quote(option.help[:60])}")
    return "\n".join(lines) + "\n"


def print_names(data_dir: str | None) -> int:
    """People's names for completion: following first. Never prompts (no passphrase asked), never
    prints an error into the person's command line: an unreadable journal completes nothing."""
    try:
        from journal.store.journal import Journal

        journal = Journal.open(data_dir)
        try:
            people = sorted(journal.people(), key=lambda p: (not p.following, p.name.casefold()))
        finally:
            journal.close()
    except Exception:
        return 0
    sys.stdout.write("".join(f"{person.name}\n" for person in people))
    return 0


def cmd_completion(args: argparse.Namespace) -> int:
    if args.shell == "names":
        return print_names(args.data_dir)
    from journal.cli import build_parser

    parser = build_parser(["--help"])
    script = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}[args.shell](parser)
    sys.stdout.write(script)
    return 0
