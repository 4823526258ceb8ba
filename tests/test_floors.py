"""The package's floors: each imports only from the floors below it (and its own), so the layout shows the
architecture. Lazy imports inside functions count too: a floor that reaches up at run time is still a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "journal"
# Lowest first. The CLI and the TUI are both on top; the CLI starts the TUI, never the other way round.
FLOORS = ["core", "store", "report", "tui", "cli"]
UI_LIBRARIES = ("textual", "rich")


def _floor_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "journal" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in FLOORS else None


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_sits_on_a_floor() -> None:
    loose = [
        p.relative_to(PACKAGE).as_posix()
        for p in _modules()
        if p.parent == PACKAGE and p.name not in ("__init__.py", "__main__.py")
    ]
    assert loose == [], "modules outside the floors: " + ", ".join(loose)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_imports_from_a_floor_above_it(path: Path) -> None:
    own = _floor_of("journal." + path.relative_to(PACKAGE).as_posix().replace("/", "."))
    if own is None:
        return
    level = FLOORS.index(own)
    upward = [
        f"line {line}: {module}"
        for line, module in _imports(path)
        if (floor := _floor_of(module)) is not None and FLOORS.index(floor) > level
    ]
    assert upward == []


@pytest.mark.parametrize("floor", ["core", "store", "report"])
def test_floors_below_the_tui_never_import_textual_or_rich(floor: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}: {module}"
        for path in sorted((PACKAGE / floor).rglob("*.py"))
        for line, module in _imports(path)
        if module.split(".")[0] in UI_LIBRARIES
    ]
    assert offenders == []


def test_core_touches_no_files_or_storage_libraries() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}: {module}"
        for path in sorted((PACKAGE / "core").rglob("*.py"))
        for line, module in _imports(path)
        if module.split(".")[0] in ("tinydb", "orjson", "platformdirs", "os", "shutil", "fcntl", "tempfile")
    ]
    assert offenders == []
