"""The core (ingest, model, analysis, views, cli summary) never imports Textual."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "qpr_tui.config",
    "qpr_tui.periods",
    "qpr_tui.model",
    "qpr_tui.ingest.reader",
    "qpr_tui.vocabulary",
    "qpr_tui.analysis.summary",
    "qpr_tui.views.narrative",
    "qpr_tui.views.serialise",
    "qpr_tui.views.summary",
    "qpr_tui.cli",
]


def test_core_does_not_import_textual() -> None:
    code = (
        f"import sys\nfor m in {CORE!r}:\n    __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print(bad)\nraise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, f"Textual imported by the core: {result.stdout}"


def test_headless_summary_does_not_import_textual() -> None:
    code = (
        "import sys, io, contextlib\nfrom qpr_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['summary', '--json'])\n"
        "raise SystemExit(1 if 'textual' in sys.modules else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
