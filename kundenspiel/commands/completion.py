"""``kundenspiel completion bash|zsh``: a completion script written from whatever ``build_parser()``
holds when it runs (subcommands, options, choices, file and folder arguments), so a new subcommand
or option appears in it without changes here."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Literal

from kundenspiel.commands.common import EXIT_OK, GermanHelpFormatter

ValueKind = Literal["flag", "text", "file", "dir", "choice", "command"]

# Metavar words that say what kind of path an argument is; everything else is free text.
_FOLDER_WORDS = {"ORDNER", "VERZEICHNIS", "DIR", "DIRECTORY", "FOLDER"}
_FILE_WORDS = {"DATEI", "DATEIEN", "PFAD", "PFADE", "FILE", "PATH"}

_DESCRIPTION = """\
Gibt ein Skript aus, mit dem deine Shell Befehle, Optionen, Auswahlwerte und
Dateinamen von kundenspiel mit der Tabulatortaste ergänzt. Das Skript entsteht aus
den Befehlen dieser Version; erzeuge es nach einem Update neu.

bash (das Paket bash-completion lädt es beim ersten Tab):
  mkdir -p ~/.local/share/bash-completion/completions
  kundenspiel completion bash > ~/.local/share/bash-completion/completions/kundenspiel
  ohne bash-completion stattdessen in ~/.bashrc: source <(kundenspiel completion bash)

zsh (als _kundenspiel in einen Ordner aus $fpath):
  mkdir -p ~/.zfunc
  kundenspiel completion zsh > ~/.zfunc/_kundenspiel
  in ~/.zshrc vor „compinit“: fpath=(~/.zfunc $fpath)
  danach eine neue Shell öffnen (ältere Stände: rm -f ~/.zcompdump*)
"""


class _RawDescriptionFormatter(argparse.RawDescriptionHelpFormatter, GermanHelpFormatter):
    """German usage line, description kept as written so the install commands stay one per line."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``completion``; its handler prints the script for the chosen shell."""
    completion = commands.add_parser(
        "completion",
        help="Skript für die Befehlszeilen-Ergänzung ausgeben (bash, zsh)",
        description=_DESCRIPTION,
        formatter_class=_RawDescriptionFormatter,
    )
    completion.add_argument("shell", choices=("bash", "zsh"), metavar="SHELL", help="bash oder zsh")
    completion.set_defaults(handler=print_completion)


def print_completion(args: argparse.Namespace) -> int:
    """Print the completion script for ``args.shell``; a reader that stops early is no error."""
    # Imported here: cli imports this module while building the parser.
    from kundenspiel.cli import build_parser

    script = (bash_script if args.shell == "bash" else zsh_script)(describe_parser(build_parser()))
    try:
        sys.stdout.write(script)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again while flushing at exit; point stdout at nothing instead.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


@dataclass(frozen=True)
class ArgumentSpec:
    """One option or positional argument as the shell sees it."""

    strings: tuple[str, ...]  # the option strings; empty for a positional
    kind: ValueKind  # what its value is: none (flag), text, a file, a folder, one of choices
    metavar: str
    help: str
    choices: tuple[str, ...] = ()
    optional: bool = False  # nargs="?"
    repeats: bool = False  # nargs="*", "+" or a remainder
    repeatable: bool = False  # an option that may be given several times (append, count)
    ends_parsing: bool = False  # --help, --version: nothing else makes sense next to them


@dataclass
class CommandSpec:
    """A parser: its options, positionals and subcommands, under the words that lead to it."""

    path: tuple[str, ...]
    options: list[ArgumentSpec] = field(default_factory=list)
    positionals: list[ArgumentSpec] = field(default_factory=list)
    subcommands: dict[str, CommandSpec] = field(default_factory=dict)
    help: str = ""  # as the command above lists it

    def walk(self) -> Iterator[CommandSpec]:
        """This command and every command below it (an alias, with its own path, once more)."""
        yield self
        for child in self.subcommands.values():
            yield from child.walk()


def describe_parser(
    parser: argparse.ArgumentParser,
    path: tuple[str, ...] = (),
    inherited: dict[str, ArgumentSpec] | None = None,
) -> CommandSpec:
    """Read ``parser`` and its subparsers into a CommandSpec tree. An option hidden from a
    subcommand's help (help=SUPPRESS) is offered there all the same when a command above shows it:
    the global options, accepted after a subcommand too. Options hidden everywhere stay hidden."""
    command = CommandSpec(path or (parser.prog,))
    shown = dict(inherited or {})
    groups: list[argparse._SubParsersAction[argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            groups.append(action)
            command.positionals.append(ArgumentSpec((), "command", str(action.metavar or "BEFEHL"), ""))
        elif not action.option_strings:  # once for each word it takes (nargs=2: twice)
            words = action.nargs if isinstance(action.nargs, int) and action.nargs > 1 else 1
            command.positionals += [_argument_spec(action, parser)] * words
        elif action.help != argparse.SUPPRESS:
            command.options.append(_argument_spec(action, parser))
        elif parent := next((shown[s] for s in action.option_strings if s in shown), None):
            command.options.append(replace(_argument_spec(action, parser), help=parent.help))
    shown |= {string: option for option in command.options for string in option.strings}
    for group in groups:
        help_of = {id(group.choices[pseudo.dest]): pseudo.help for pseudo in group._choices_actions}
        for name, subparser in group.choices.items():
            command.subcommands[name] = describe_parser(subparser, (*command.path, name), shown)
            command.subcommands[name].help = _one_line(help_of.get(id(subparser)) or "")
    return command


def _argument_spec(action: argparse.Action, parser: argparse.ArgumentParser) -> ArgumentSpec:
    metavar = action.metavar[0] if isinstance(action.metavar, tuple) else action.metavar
    shown = str(metavar or (action.dest.upper() if action.option_strings else action.dest))
    words = set("".join(c if c.isalpha() else " " for c in shown.upper()).split())
    path_type = isinstance(action.type, argparse.FileType) or (
        isinstance(action.type, type) and issubclass(action.type, PurePath)
    )
    kind: ValueKind = "text"
    if action.nargs == 0:
        kind = "flag"
    elif action.choices is not None:
        kind = "choice"
    elif words & _FOLDER_WORDS:
        kind = "dir"
    elif words & _FILE_WORDS or path_type:
        kind = "file"
    # argparse's own expansion of %(default)s and friends, as the help shows it.
    text = parser._get_formatter()._expand_help(action) if action.help else ""
    return ArgumentSpec(
        strings=tuple(action.option_strings),
        kind=kind,
        metavar=shown,
        help=_one_line(text),
        choices=tuple(str(choice) for choice in action.choices or ()) if kind == "choice" else (),
        optional=action.nargs == "?",
        repeats=action.nargs in ("*", "+", argparse.REMAINDER),
        repeatable=isinstance(action, argparse._AppendAction | argparse._CountAction),
        ends_parsing=isinstance(action, argparse._HelpAction | argparse._VersionAction),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- bash

_BASH_TEMPLATE = r"""# bash completion for kundenspiel, written by „kundenspiel completion bash“.
# Install: kundenspiel completion bash > ~/.local/share/bash-completion/completions/kundenspiel
# or in ~/.bashrc: source <(kundenspiel completion bash)

_kundenspiel_describe() {
    # The caller's subcommands, options and their option_kinds, and positionals of command $1.
    # A kind is flag, text, file, dir, command or "choice" with its words; "+" in front: repeats.
    subcommands=() options=() option_kinds=() positionals=()
    case $1 in
@DESCRIBE@
    esac
}

_kundenspiel_option_kind() {  # kind: of option $1 of the command; a unique --prefix counts too
    local i found=-1 count=0
    for i in "${!options[@]}"; do
        if [[ ${options[i]} == "$1" ]]; then found=$i count=1; break; fi
        if [[ $1 == --?* && ${options[i]} == "$1"* ]]; then found=$i count=$((count + 1)); fi
    done
    (( count == 1 )) && kind=${option_kinds[found]}
}

_kundenspiel_slot() {  # slot: the kind of positional number $1 (from 0); a last kind with + repeats
    local last=$(( ${#positionals[@]} - 1 ))
    slot=none
    (( $1 <= last )) && slot=${positionals[$1]}
    (( $1 > last && last >= 0 )) && [[ ${positionals[last]} == +* ]] && slot=${positionals[last]}
    slot=${slot#+}
}

_kundenspiel_reply() {  # COMPREPLY: the candidates of kind $1 that start with $2
    local words=
    case $1 in
        file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$2"); return ;;
        dir) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$2"); return ;;
        choice\ *) words=${1#choice } ;;
        command) (( ${#subcommands[@]} )) && printf -v words '%q ' "${subcommands[@]}" ;;
        option) (( ${#options[@]} )) && printf -v words '%q ' "${options[@]}" ;;
    esac
    if [[ -n $words ]]; then mapfile -t COMPREPLY < <(compgen -W "$words" -- "$2"); fi
}

_kundenspiel() {
    local cur=${COMP_WORDS[COMP_CWORD]} path=@ROOT@ word i kind slot
    local pending= position=0 positional_only=0
    local -a subcommands options option_kinds positionals
    COMPREPLY=()
    _kundenspiel_describe "$path"
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word=${COMP_WORDS[i]}
        if [[ -n $pending ]]; then
            # With "=" in COMP_WORDBREAKS (the default) --option=value arrives as three words.
            [[ $word == = ]] || pending=
        elif (( ! positional_only )) && [[ $word == -?* ]]; then
            [[ $word == -- ]] && positional_only=1
            if [[ $word != *=* ]] && _kundenspiel_option_kind "$word" && [[ $kind != flag ]]; then
                pending=$kind
            fi
        else
            _kundenspiel_slot "$position"
            position=$((position + 1))
            if [[ $slot == command && " ${subcommands[*]} " == *" $word "* ]]; then
                path+=" $word" position=0
                _kundenspiel_describe "$path"
            fi
        fi
    done
    if [[ -n $pending ]]; then
        [[ $cur == = ]] && cur=
        _kundenspiel_reply "$pending" "$cur"
    elif (( ! positional_only )) && [[ $cur == --*=* ]]; then
        # "=" is no word break in this shell: complete the value behind the option.
        if _kundenspiel_option_kind "${cur%%=*}" && [[ $kind != flag ]]; then
            _kundenspiel_reply "$kind" "${cur#*=}"
            COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
        fi
    elif (( ! positional_only )) && [[ $cur == -* ]]; then
        _kundenspiel_reply option "$cur"
    else
        _kundenspiel_slot "$position"
        [[ $slot == none ]] && slot=option  # nothing more to type: show what may still be added
        _kundenspiel_reply "$slot" "$cur"
    fi
}

complete -F _kundenspiel @ROOT@
"""


def bash_script(root: CommandSpec) -> str:
    """A bash script that registers ``_kundenspiel`` with ``complete -F`` for the tree ``root``."""
    import shlex

    def words(items: Iterable[str]) -> str:
        return " ".join(shlex.quote(item) for item in items)

    def kind_word(spec: ArgumentSpec) -> str:
        return f"choice {words(spec.choices)}" if spec.kind == "choice" else spec.kind

    describe = []
    for command in root.walk():
        options = [(string, kind_word(option)) for option in command.options for string in option.strings]
        slots = [("+" if p.repeats else "") + kind_word(p) for p in command.positionals]
        describe.append(
            f"        {shlex.quote(' '.join(command.path))})\n"
            f"            subcommands=({words(command.subcommands)})\n"
            f"            options=({words(string for string, _ in options)})\n"
            f"            option_kinds=({words(kind for _, kind in options)})\n"
            f"            positionals=({words(slots)})\n"
            "            ;;"
        )
    script = _BASH_TEMPLATE.replace("@DESCRIBE@", "\n".join(describe))
    return script.replace("@ROOT@", shlex.quote(root.path[0]))


# ---------------------------------------------------------------- zsh

_ZSH_START = """\
#compdef {command}
# zsh completion for kundenspiel, written by „kundenspiel completion zsh“.
# Install as _kundenspiel in a folder on $fpath (before compinit), e.g.
#   kundenspiel completion zsh > ~/.zfunc/_kundenspiel   with   fpath=(~/.zfunc $fpath)
"""
_ZSH_FUNCTION = """\
{name}() {{
    local curcontext=$curcontext state state_descr line ret=1
    typeset -A opt_args
    _arguments -C -S \\
{specs}        && ret=0
{dispatch}    return ret
}}
"""
_ZSH_DISPATCH = """\
    case $state in
        command)
            local -a subcommands=(
{entries}            )
            _describe -t commands {metavar} subcommands && ret=0
            ;;
        argument)
            # *:: hands over the positional words only; the subcommand's own parser starts at it.
            shift {shift} words; (( CURRENT -= {shift} ))
            curcontext=${{curcontext%:*:*}}:{context}-$words[1]:
            case $words[1] in
{cases}            esac
            ;;
    esac
"""
_ZSH_END = """\
# Autoloaded from $fpath the file is the function body: complete now. Sourced: register.
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    {name} "$@"
else
    compdef {name} {command}
fi
"""


def _zsh_escape(text: str, specials: str = "\\:") -> str:
    """Backslash what _arguments reads as syntax: a colon in a message, a bracket in a description."""
    return "".join("\\" + c if c in specials else c for c in text)


def _zsh_action(spec: ArgumentSpec) -> str:
    if spec.kind == "choice":
        return "(" + " ".join(_zsh_escape(choice, " ()\\:'\"$`") for choice in spec.choices) + ")"
    return {"file": "_files", "dir": "_files -/"}.get(spec.kind, " ")  # " ": shows the metavar only


def _zsh_function_name(path: tuple[str, ...]) -> str:
    return "_" + "_".join("".join(c if c.isalnum() else "_" for c in part) for part in path)


def _zsh_specs(command: CommandSpec) -> tuple[list[str], int]:
    """The _arguments specs of ``command`` and how many positionals come before its subcommand."""
    specs: list[str] = []
    for option in command.options:
        excluded = "(- *)" if option.ends_parsing else "*" if option.repeatable else ""
        if not excluded and len(option.strings) > 1:
            excluded = "(" + " ".join(option.strings) + ")"
        argument = "" if option.kind == "flag" else f":{_zsh_escape(option.metavar)}:{_zsh_action(option)}"
        description = _zsh_escape(option.help, "\\[]")
        for string in option.strings:
            takes = "" if option.kind == "flag" else "=" if string.startswith("--") else "+"
            specs.append(f"{excluded}{string}{takes}[{description}]{argument}")
    position = 1
    for positional in command.positionals:
        message = _zsh_escape(positional.metavar)
        if positional.kind == "command":
            specs += [f"{position}:{message}:->command", "*::Argument:->argument"]
            break
        if positional.repeats:
            specs.append(f"*:{message}:{_zsh_action(positional)}")
            break
        optional = ":" if positional.optional else ""
        specs.append(f"{position}:{optional}{message}:{_zsh_action(positional)}")
        position += 1
    return specs, position - 1


def zsh_script(root: CommandSpec) -> str:
    """A native ``#compdef`` script for the tree ``root``; works from $fpath and when sourced."""
    import shlex

    parts = [_ZSH_START.format(command=root.path[0])]
    for command in root.walk():
        specs, before_subcommand = _zsh_specs(command)
        dispatch = ""
        if command.subcommands:
            metavar = next(p.metavar for p in command.positionals if p.kind == "command")
            dispatch = _ZSH_DISPATCH.format(
                entries="".join(
                    f"                {shlex.quote(f'{_zsh_escape(name)}:{child.help}')}\n"
                    for name, child in command.subcommands.items()
                ),
                metavar=shlex.quote(metavar),
                shift=before_subcommand,
                context="-".join(command.path),
                cases="".join(
                    f"                {shlex.quote(name)}) {_zsh_function_name(child.path)} && ret=0 ;;\n"
                    for name, child in command.subcommands.items()
                ),
            )
        specs_text = "".join(f"        {shlex.quote(spec)} \\\n" for spec in specs)
        parts.append(
            _ZSH_FUNCTION.format(name=_zsh_function_name(command.path), specs=specs_text, dispatch=dispatch)
        )
    parts.append(_ZSH_END.format(name=_zsh_function_name(root.path), command=root.path[0]))
    return "\n".join(parts)
