"""The installed wheel's metadata is ready to publish, and the package is
layered: each module imports only modules of lower layers at import time."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import ponte

PACKAGE = Path(ponte.__file__).resolve().parent

# Lowest first. A module may import, at module level, only modules of lower
# layers (the native module `_ponte` is the lowest).
LAYERS: list[list[str]] = [
    ["_ponte"],
    ["_errors", "_time", "_cells"],
    ["_problem"],
    ["_plan"],
    ["_booking"],
    ["_privacy"],
    ["tables", "ical"],
    ["excel"],
    ["cli", "__init__", "distributed"],
    ["__main__"],
]


def test_wheel_metadata_has_readme_license_and_urls() -> None:
    meta = importlib.metadata.metadata("ponte")
    assert meta["Name"] == "ponte"
    assert meta.get("License") == "EUPL-1.2" or "EUPL" in (meta.get("License-Expression") or "")
    assert meta.get("Description-Content-Type", "").startswith("text/markdown")
    description = meta.get_payload() or meta.get("Description") or ""  # type: ignore[attr-defined]
    assert len(description) > 200, "the README is the long description"
    urls = meta.get_all("Project-URL") or []
    assert urls and all("example.invalid" not in u for u in urls), urls


def _module_level_imports(path: Path) -> set[str]:
    """The package modules a file imports when it is imported (not inside
    functions, not under ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(a.name for a in node.names)
            elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)

    visit(tree.body)
    return found


def test_module_level_imports_follow_the_layers() -> None:
    layer = {name: i for i, names in enumerate(LAYERS) for name in names}
    modules = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert "_problem" in modules and "cli" in modules
    wrong = []
    for name in modules:
        assert name in layer, f"ponte/{name}.py is in no layer of {__file__}: add it"
        for used in _module_level_imports(PACKAGE / f"{name}.py"):
            if used in layer and layer[used] >= layer[name]:
                wrong.append(f"{name} imports {used} (layer {layer[used]} >= {layer[name]})")
    assert not wrong, wrong


def test_each_module_imports_alone_in_layer_order() -> None:
    """In a fresh interpreter, each module imported first of all (no cycle
    breaks an import from any side)."""
    for names in LAYERS:
        for name in names:
            if name == "__main__":
                continue
            module = "ponte" if name == "__init__" else f"ponte.{name}"
            out = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
            assert out.returncode == 0, f"import {module} failed:\n{out.stderr}"
    importlib.import_module("ponte.cli")
