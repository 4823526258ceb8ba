"""Each key is declared once (journal/tui/keys.py): the footers, the palette, help and the README agree."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.binding import Binding

import journal.tui
from journal.tui.keys import HELP, KEYS, bindings, declared, help_groups, readme_table
from journal.tui.screens.help import keys_content

README = Path(__file__).resolve().parent.parent / "README.md"


def classes_with_bindings() -> dict[str, list[Binding]]:
    """Every class in journal.tui that declares BINDINGS of its own, by qualified name."""
    found: dict[str, list[Binding]] = {}
    for module_info in pkgutil.walk_packages(journal.tui.__path__, "journal.tui."):
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__:
                found[f"{module.__name__}.{name}"] = list(cls.__dict__["BINDINGS"])
    return found


def test_every_binding_in_the_app_is_declared() -> None:
    declared_bindings = [key.binding() for key in KEYS if key.keys]
    found = classes_with_bindings()
    assert len(found) >= 15
    for owner, owned in found.items():
        for binding in owned:
            assert isinstance(binding, Binding), owner
            assert binding in declared_bindings, (owner, binding)


def test_every_declared_place_is_bound_somewhere() -> None:
    found = list(classes_with_bindings().values())
    for where in {key.where for key in KEYS if key.keys}:
        assert bindings(where) in found, where


def test_the_readme_key_table_is_the_declared_one() -> None:
    assert readme_table() in README.read_text(encoding="utf-8")


def test_help_lists_every_key_it_is_given() -> None:
    text = keys_content().plain
    for group, rows in help_groups():
        assert group in text
        for keys, what in rows:
            assert what and keys, group
            assert f"{keys}  {what}" in text
    told = {place for _, places in HELP for place in places}
    assert all(declared(*place).help for place in told)
    # Every help line written in the table is shown in help.
    assert {(k.where, k.action) for k in KEYS if k.help} <= told
