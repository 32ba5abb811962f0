"""The installed wheel's metadata is ready to publish, and the package is
layered: each module imports only modules of lower layers, at import time
and inside functions alike; functions import only the optional extras."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import ponte

PACKAGE = Path(ponte.__file__).resolve().parent

# Lowest first. A module imports only modules of lower layers (the native
# module `_ponte` is the lowest), at module level, inside functions and under
# `if TYPE_CHECKING` alike; the package docstring (ponte/__init__.py) gives
# the design.
LAYERS: list[list[str]] = [
    ["_ponte"],
    ["_errors", "_time", "_cells"],
    ["_records"],
    ["_problem"],
    ["_plan", "_booking", "_privacy"],
    ["_rows"],
    ["excel", "ical"],
    ["_api"],
    ["tables"],
    ["service"],
    ["cli", "distributed"],
    ["__init__"],
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


#: Third-party modules of the optional extras (pyproject's
#: ``[project.optional-dependencies]``): the only imports allowed inside
#: functions, where a missing extra raises a helpful ``ImportError`` when
#: the feature is used, and under ``if TYPE_CHECKING``.
OPTIONAL = {"pandas", "openpyxl", "icalendar", "dask", "distributed"}

#: What an ``importlib.import_module(...)`` or ``__import__(...)`` call is
#: recorded as: a hidden dependency, refused wherever it is.
DYNAMIC = "<dynamic import>"

#: The standard library (``sys.stdlib_module_names`` is Python 3.10+).
STDLIB: frozenset[str] = frozenset(getattr(sys, "stdlib_module_names", ())) | {"__future__"}


@dataclass(frozen=True)
class Import:
    """One import statement of a package file."""

    line: int
    module: str  # the package module ("_plan", "__init__") or the top-level third-party/stdlib name
    package: bool  # a module of ``ponte``
    deferred: bool  # inside a function body (runs when called)
    typing_only: bool  # under ``if TYPE_CHECKING``


def _imports(path: Path) -> list[Import]:
    """Every import of a file, wherever it is (module level, class bodies,
    functions, ``if``/``try`` blocks), with where it stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Import] = []

    def add(node: ast.AST, targets: list[tuple[str, bool]], deferred: bool, typing_only: bool) -> None:
        for module, package in targets:
            found.append(Import(getattr(node, "lineno", 0), module, package, deferred, typing_only))

    def targets(node: ast.AST) -> list[tuple[str, bool]]:
        if isinstance(node, ast.Import):
            out = []
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "ponte":
                    out.append((parts[1] if len(parts) > 1 else "__init__", True))
                else:
                    out.append((parts[0], False))
            return out
        assert isinstance(node, ast.ImportFrom)
        if node.level > 1:
            raise AssertionError(f"{path.name}:{node.lineno}: relative import above the package")
        if node.level == 1 or (node.module or "").split(".")[0] == "ponte":
            module = node.module or ""
            parts = module.split(".")
            if node.level == 0:
                parts = parts[1:]  # "ponte.x" -> "x"
            if parts and parts[0]:
                return [(parts[0], True)]
            # "from . import _ponte" or "from ponte import x": the names are
            # modules or names of ponte/__init__.
            return [(a.name if (PACKAGE / f"{a.name}.py").exists() or a.name == "_ponte" else "__init__", True)
                    for a in node.names]
        return [((node.module or "").split(".")[0], False)]

    def visit(node: ast.AST, deferred: bool, typing_only: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            add(node, targets(node), deferred, typing_only)
            return
        if isinstance(node, ast.Call) and (
            (isinstance(node.func, ast.Name) and node.func.id == "__import__")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
        ):
            add(node, [(DYNAMIC, False)], deferred, typing_only)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                visit(child, deferred, True)
            for child in node.orelse:
                visit(child, deferred, typing_only)
            return
        inner = deferred or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner, typing_only)

    visit(tree, False, False)
    return found


def test_imports_follow_the_layers() -> None:
    """No import, at module level or inside a function (or under ``if
    TYPE_CHECKING``), goes from a module to one of its own or a higher
    layer; inside functions only the optional extras are imported."""
    layer = {name: i for i, names in enumerate(LAYERS) for name in names}
    modules = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert "_api" in modules and "cli" in modules
    wrong = []
    for name in modules:
        assert name in layer, f"ponte/{name}.py is in no layer of {__file__}: add it"
        imports = _imports(PACKAGE / f"{name}.py")
        assert imports, f"ponte/{name}.py: no import found (is the walk broken?)"
        for imp in imports:
            where = f"ponte/{name}.py:{imp.line}"
            if imp.package:
                if imp.module not in layer:
                    wrong.append(f"{where} imports ponte.{imp.module}, which is in no layer")
                elif layer[imp.module] >= layer[name]:
                    wrong.append(f"{where} imports {imp.module} (layer {layer[imp.module]} >= {layer[name]})")
                elif imp.deferred:
                    wrong.append(f"{where} defers the import of {imp.module} into a function")
            elif imp.module == DYNAMIC:
                wrong.append(f"{where} imports a module by name at run time")
            elif imp.deferred or imp.typing_only:
                if imp.module not in OPTIONAL and (imp.deferred or imp.module not in STDLIB):
                    how = "inside a function" if imp.deferred else "for typing"
                    wrong.append(f"{where} imports {imp.module} {how}, which is no optional extra")
            elif STDLIB and imp.module not in STDLIB:
                wrong.append(f"{where} imports {imp.module} at module level, which is no standard module")
    assert not wrong, "\n".join(wrong)


def test_the_import_walk_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The walk above finds deferred, nested, absolute and typing-only
    imports (so the layering test cannot pass by seeing nothing)."""
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import _ponte\n"
        "from ._errors import make\n"
        "if TYPE_CHECKING:\n"
        "    from ._api import Plan\n"
        "class C:\n"
        "    def m(self):\n"
        "        from .tables import plan_rows\n"
        "        try:\n"
        "            import pandas as pd\n"
        "        except ImportError:\n"
        "            pass\n"
        "def f():\n"
        "    import ponte\n"
        "    import ponte.excel\n"
        "    return lambda: importlib.import_module('ponte.cli')\n",
        encoding="utf-8",
    )
    got = {(i.module, i.package, i.deferred, i.typing_only) for i in _imports(source)}
    assert got == {
        ("typing", False, False, False),
        ("_ponte", True, False, False),
        ("_errors", True, False, False),
        ("_api", True, False, True),
        ("tables", True, True, False),
        ("pandas", False, True, False),
        ("__init__", True, True, False),
        ("excel", True, True, False),
        (DYNAMIC, False, True, False),
    }, got


def test_optional_extras_are_the_ones_pyproject_declares() -> None:
    """OPTIONAL names the import names of the extras the wheel declares."""
    extras = importlib.metadata.metadata("ponte").get_all("Requires-Dist") or []
    optional = {m[0].lower() for e in extras if "extra ==" in e and (m := re.match(r"[A-Za-z0-9._-]+", e))}
    # distribution name -> import names
    names = {"openpyxl": {"openpyxl"}, "pandas": {"pandas"}, "icalendar": {"icalendar"},
             "dask": {"dask", "distributed"}, "pytest": set(), "mypy": set()}
    assert optional <= set(names), f"an extra without its import names here: {optional - set(names)}"
    assert OPTIONAL == set().union(*(names[d] for d in optional)), (OPTIONAL, optional)


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


#: Imports one module of the package without running ``ponte/__init__.py``
#: (an empty package object stands for it) and prints the package modules
#: that got loaded.
_ALONE = """
import importlib, json, sys, types
package = types.ModuleType("ponte")
package.__path__ = [sys.argv[1]]
sys.modules["ponte"] = package
importlib.import_module("ponte." + sys.argv[2])
print(json.dumps(sorted(m.split(".")[1] for m in sys.modules if m.startswith("ponte."))))
"""


def test_importing_a_module_loads_only_lower_layers() -> None:
    """At run time too: a module imported alone (the package's ``__init__``
    not run) loads itself and modules of lower layers only."""
    layer = {name: i for i, names in enumerate(LAYERS) for name in names}
    wrong = []
    for name in sorted(layer):
        if name in ("__init__", "__main__", "_ponte"):
            continue
        out = subprocess.run([sys.executable, "-c", _ALONE, str(PACKAGE), name], capture_output=True, text=True)
        assert out.returncode == 0, f"ponte.{name} alone failed:\n{out.stderr}"
        loaded = json.loads(out.stdout)
        assert name in loaded, loaded
        wrong += [f"{name} loads {m}" for m in loaded if m != name and layer.get(m, len(LAYERS)) >= layer[name]]
    assert not wrong, wrong
