"""qpr_tui: review a council's Quarterly Performance Report in the terminal.

Kept free of imports so that `qpr --help` and the headless commands start fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
