from __future__ import annotations

from qpr_tui.cli import run

run()
