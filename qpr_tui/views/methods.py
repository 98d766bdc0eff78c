"""The rules in force, in words: how Direction of Travel was decided."""

from __future__ import annotations

from qpr_tui.analysis.dot import SPC_MIN_POINTS
from qpr_tui.config import DotConfig


def describe_method(cfg: DotConfig, period_word: str = "quarter") -> str:
    """The Direction of Travel method and its settings, for reports and panels
    (``period_word``: what the report's periods are, quarters or years)."""
    if cfg.method == "previous":
        return f"change since the previous {period_word}" + (
            f" (within {cfg.stable_tolerance:g}% is stable)" if cfg.stable_tolerance else ""
        )
    if cfg.method == "year":
        return f"change since the same {period_word} last year" + (
            f" (within {cfg.stable_tolerance:g}% is stable)" if cfg.stable_tolerance else ""
        )
    if cfg.method == "spc":
        return (
            f"NHS Making Data Count SPC (shift {cfg.spc_shift}, trend {cfg.spc_trend}; "
            f"regression below {SPC_MIN_POINTS} points)"
        )
    return (
        f"linear regression over the last {cfg.window} {period_word}s, trend when "
        f"p < {cfg.significance:g} (at least {cfg.min_points} points)"
    )
