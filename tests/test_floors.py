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


def _imports(path: Path, *, typing_only: bool = True) -> list[tuple[int, str]]:
    """Every import in ``path`` (line, dotted name), lazy ones included; without ``typing_only``, not
    those under ``if TYPE_CHECKING:``, which never run."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not typing_only:
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.If)
                and isinstance(node.test, ast.Name)
                and node.test.id == "TYPE_CHECKING"
            ):
                node.body = []
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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Module -> the journal modules it imports when it runs (lazy imports included, type-only ones not): each imported name counts as the
    longest module its dotted path starts with (``from journal.report import exportfs`` names exportfs,
    ``from journal.core.model import Person`` names model)."""
    known = {_module_name(path) for path in _modules()}

    def module_of(imported: str) -> str | None:
        parts = imported.split(".")
        for end in range(len(parts), 0, -1):
            if ".".join(parts[:end]) in known:
                return ".".join(parts[:end])
        return None

    graph: dict[str, set[str]] = {}
    for path in _modules():
        name = _module_name(path)
        graph[name] = {
            m
            for _, imported in _imports(path, typing_only=False)
            if (m := module_of(imported)) not in (None, name)
        }
    return graph


def _circles(graph: dict[str, set[str]]) -> list[str]:
    """Every import circle a depth-first walk of ``graph`` meets, as ``a -> b -> a``."""
    circles: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                circles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return circles


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert _circles(_import_graph()) == []


def test_the_circle_check_reads_the_imports_and_sees_a_circle() -> None:
    graph = _import_graph()
    assert "journal.core.model" in graph["journal.core.stored"]  # from module import name
    assert "journal.report.exportfs" in graph["journal.report.export"]  # from package import module
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a -> b -> c -> a"]
