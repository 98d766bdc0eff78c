"""Everything outside ``qpr_tui.tui`` runs without Textual: the core (ingest, model, analysis,
views), the loader, ``validate``, ``export`` and the command line. Each check runs in a fresh
interpreter, so what one test imported cannot hide what another needs. The import-linter
contracts in pyproject.toml say the same statically; this proves it at run time."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import qpr_tui


def headless_modules() -> list[str]:
    """Every module of the package but the app's (and ``__main__``, which runs the command)."""
    names = [info.name for info in pkgutil.walk_packages(qpr_tui.__path__, "qpr_tui.")]
    return sorted(
        name
        for name in names
        if name not in ("qpr_tui.__main__", "qpr_tui.tui") and not name.startswith("qpr_tui.tui.")
    )


def test_the_walk_covers_export_and_validate() -> None:
    modules = headless_modules()
    for wanted in (
        "qpr_tui.export",
        "qpr_tui.export.command",
        "qpr_tui.export.screenshot",
        "qpr_tui.export.markdown",
        "qpr_tui.export.word",
        "qpr_tui.document.build",
        "qpr_tui.validate.checks",
        "qpr_tui.validate.command",
        "qpr_tui.loading",
        "qpr_tui.cli",
        "qpr_tui.ingest.reader",
        "qpr_tui.views.summary",
    ):
        assert wanted in modules
    assert not [m for m in modules if m.startswith("qpr_tui.tui")]


def test_headless_modules_do_not_import_textual() -> None:
    code = (
        f"import sys\nfor m in {headless_modules()!r}:\n    __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print(bad)\nraise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, f"Textual imported outside qpr_tui.tui: {result.stdout}"


@pytest.mark.parametrize(
    "argv",
    [
        ["summary", "--json"],
        ["validate", "--json"],
        ["export", "-f", "html", "-o", "-"],
        ["export", "-f", "md", "-o", "-"],
    ],
    ids=["summary", "validate", "export-html", "export-md"],
)
def test_headless_commands_do_not_import_textual(argv: list[str]) -> None:
    code = (
        "import sys, io, contextlib\nfrom qpr_tui.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    rc = main({argv!r})\n"
        "raise SystemExit(rc or (1 if 'textual' in sys.modules else 0))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def private_imports(source: str) -> list[str]:
    """Modules a source imports whose dotted name has a private part (``rich._x``)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        found += [n for n in names if any(part.startswith("_") for part in n.split("."))]
    return [n for n in found if n != "__future__"]


def test_private_imports_are_found() -> None:
    source = "from __future__ import annotations\nimport rich._loop\nfrom rich._x import y\n"
    assert private_imports(source) == ["rich._loop", "rich._x"]


def test_no_private_module_of_a_library_is_imported() -> None:
    root = Path(qpr_tui.__file__).parent
    offenders = {
        str(path.relative_to(root)): names
        for path in sorted(root.rglob("*.py"))
        if (names := private_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
