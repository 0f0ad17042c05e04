"""Imports flow one way: nothing outside prep/ui imports streamlit."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import prep

ROOT = Path(__file__).resolve().parents[2]


def test_only_the_ui_imports_streamlit() -> None:
    modules = [m.name for m in pkgutil.walk_packages(prep.__path__, "prep.") if not m.name.startswith("prep.ui")]
    modules = [m for m in modules if m not in ("prep.__main__",) and ".migrations" not in m]
    code = "import sys\n" + "\n".join(f"import {m}" for m in modules) + "\nprint('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert len(modules) > 10


def test_every_module_imports() -> None:
    for info in pkgutil.walk_packages(prep.__path__, "prep."):
        if info.name.startswith("prep.ui") or info.name == "prep.__main__" or ".migrations" in info.name:
            continue
        importlib.import_module(info.name)
