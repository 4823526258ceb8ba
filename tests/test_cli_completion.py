"""Shell completion: made from the parser, people's names where a NAME goes, silent when it cannot read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import cli

from journal.cli import build_parser
from journal.cli.completion import bash_script, commands, fish_script


@pytest.fixture
def people(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    for name in ("Sam Lee", "Ana O'Brien", "Zoë"):
        assert cli(capsys, "follow", name, "--why", "x")[0] == 0
    assert cli(capsys, "unfollow", "Zoë")[0] == 0
    return data_dir


def _complete(data_dir: Path, *words: str) -> list[str]:
    """What bash offers after ``reljournal WORDS`` (the last word is the one being completed)."""
    script = bash_script(build_parser(["--help"]))
    words_list = ["reljournal", "--data-dir", str(data_dir), *words]
    program = (
        script
        + f"\nCOMP_WORDS=({' '.join(_bash_quote(w) for w in words_list)}); COMP_CWORD={len(words_list) - 1}"
        + '\n_reljournal; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def _bash_quote(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


def test_names_lists_people_following_first(capsys: pytest.CaptureFixture[str], people: Path) -> None:
    code, out, _ = cli(capsys, "completion", "names")
    assert code == 0 and out.splitlines() == ["Ana O'Brien", "Sam Lee", "Zoë"]


def test_names_is_silent_on_an_unreadable_journal(capsys: pytest.CaptureFixture[str], people: Path) -> None:
    (people / "journal.json").write_text("{broken")
    assert cli(capsys, "completion", "names") == (0, "", "")


def test_every_command_and_choice_comes_from_the_parser() -> None:
    found = {command.name: command for command in commands(build_parser(["--help"]))}
    assert {"log", "show", "edit", "delete", "review", "export", "completion"} <= set(found)
    channel = next(option for option in found["log"].options if "--channel" in option.flags)
    assert channel.values[0] == "reaction" and "in-person" in channel.values
    assert found["log"].first_positional == "names" and found["restore"].first_positional == "files"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_commands_options_choices_and_names(people: Path) -> None:
    assert "log" in _complete(people, "l") and "show" not in _complete(people, "l")
    assert _complete(people, "log", "Sam Lee", "--ch") == ["--channel"]
    assert _complete(people, "log", "x", "--channel", "v") == ["video"]
    assert _complete(people, "log", "S") == ["Sam\\ Lee"]
    assert _complete(people, "show", "A") == ["Ana\\ O\\'Brien"]
    assert _complete(people, "log", "x", "--with", "Z") == ["Zoë"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script(capsys: pytest.CaptureFixture[str], shell: str) -> None:
    code, out, _ = cli(capsys, "completion", shell)
    assert code == 0 and f"reljournal completion for {shell}" in out


@pytest.mark.skipif(shutil.which("fish") is None, reason="needs fish")
def test_fish_reads_its_script() -> None:
    script = fish_script(build_parser(["--help"]))
    done = subprocess.run(["fish", "--no-execute", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
