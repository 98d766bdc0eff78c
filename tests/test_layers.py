"""Analysis computes and views present: no analysis module loads the views or Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import qpr_tui.analysis


def loaded_by(modules: list[str]) -> list[str]:
    """The project, Rich and Textual modules that importing ``modules`` loads."""
    code = (
        f"import sys\nfor m in {modules!r}:\n    __import__(m)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return [m for m in result.stdout.split() if m.split(".")[0] in ("qpr_tui", "rich", "textual")]


def test_analysis_imports_neither_views_nor_rich() -> None:
    analysis = [
        m.name for m in pkgutil.iter_modules(qpr_tui.analysis.__path__, "qpr_tui.analysis.")
    ]
    assert "qpr_tui.analysis.summary" in analysis
    loaded = loaded_by(analysis)
    assert "qpr_tui.vocabulary" in loaded
    bad = [m for m in loaded if m.startswith(("qpr_tui.views", "qpr_tui.tui", "rich", "textual"))]
    assert not bad, f"analysis loads presentation modules: {bad}"


def test_the_check_sees_presentation_modules() -> None:
    loaded = loaded_by(["qpr_tui.views.summary"])
    assert "qpr_tui.views.style" in loaded
    assert any(m.startswith("rich") for m in loaded)
