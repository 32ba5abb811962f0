"""The hand-written stubs match the native module, and the package type-checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ponte


def test_stubtest_accepts_the_native_module_stubs() -> None:
    pytest.importorskip("mypy")
    out = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "ponte._ponte"], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_installed_package_type_checks(tmp_path: Path) -> None:
    """mypy --strict over a copy of the installed package (the native module
    seen through its stub), outside site-packages."""
    pytest.importorskip("mypy")
    package = Path(ponte.__file__).parent
    assert (package / "py.typed").is_file() and (package / "_ponte.pyi").is_file()
    copy = tmp_path / "ponte"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports", "--no-incremental", str(copy)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert out.returncode == 0, out.stdout + out.stderr
