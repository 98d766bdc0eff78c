"""The core's functions stay small: none outside the app (``qpr_tui/tui``) over 60 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import qpr_tui

LIMIT = 60
PACKAGE = Path(qpr_tui.__file__).resolve().parent


def long_functions(root: Path) -> list[str]:
    """``path:line name (N lines)`` for every function over the limit outside ``tui/``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] == "tui":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LIMIT:
                    name = path.relative_to(root)
                    found.append(f"{name}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_core_function_is_over_sixty_lines() -> None:
    assert long_functions(PACKAGE) == []


def test_a_long_function_is_found(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    (tmp_path / "core.py").write_text(f"def big():\n{body}\n", "utf-8")
    (tmp_path / "tui").mkdir()
    (tmp_path / "tui" / "app.py").write_text(f"def big():\n{body}\n", "utf-8")
    assert long_functions(tmp_path) == [f"core.py:1 big ({LIMIT + 1} lines)"]
