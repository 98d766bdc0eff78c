from __future__ import annotations

import polars as pl
import pytest

from qpr_tui.analysis.dot import direction_of_travel, spc_classify
from qpr_tui.analysis.rag import rate
from qpr_tui.config import Config, DotConfig
from qpr_tui.periods import ordinal

END = ordinal(2024, 2)


def frame(series: dict[str, tuple[str, list[float | None]]], target: float = 50.0):
    rows = []
    for kpi, (polarity, values) in series.items():
        start = END - len(values) + 1
        for i, v in enumerate(values):
            rows.append(
                {
                    "organisation": "",
                    "kpi_id": kpi,
                    "polarity": polarity,
                    "period": start + i,
                    "value": v,
                    "target": target,
                    "floor": None,
                    "tolerance": None,
                    "tolerance_type": None,
                }
            )
    df = pl.DataFrame(
        rows,
        schema={
            "organisation": pl.String,
            "kpi_id": pl.String,
            "polarity": pl.String,
            "period": pl.Int32,
            "value": pl.Float64,
            "target": pl.Float64,
            "floor": pl.Float64,
            "tolerance": pl.Float64,
            "tolerance_type": pl.String,
        },
    )
    return rate(df, Config())


def dots(series, cfg: DotConfig | None = None, period: int = END, target: float = 50.0):
    out = direction_of_travel(frame(series, target), period, cfg or DotConfig())
    return dict(zip(out.get_column("kpi_id"), out.get_column("dot"), strict=True))


RISING: list[float | None] = [10, 11, 12.5, 13, 14.2, 15, 16.1, 17]
FALLING: list[float | None] = list(reversed(RISING))
FLAT: list[float | None] = [10, 11, 10, 11, 10, 11, 10, 11]


def test_regression_polarity_aware() -> None:
    result = dots(
        {
            "up_h": ("H", RISING),
            "up_l": ("L", RISING),
            "down_h": ("H", FALLING),
            "down_l": ("L", FALLING),
            "flat": ("H", FLAT),
        }
    )
    assert result == {
        "up_h": "positive",
        "up_l": "negative",
        "down_h": "negative",
        "down_l": "positive",
        "flat": "stable",
    }


def test_close_to_target_polarity_means_approaching_target() -> None:
    approaching = [20, 25, 30, 33, 38, 42, 45, 49]
    assert dots({"t": ("T", approaching)}, target=50) == {"t": "positive"}
    assert dots({"t": ("T", approaching)}, target=0) == {"t": "negative"}


def test_window_only_uses_recent_quarters() -> None:
    series = [1, 2, 3, 4, 5, 6, 7, 8, 8, 8.1, 7.9, 8, 8.1, 7.9, 8, 8]
    assert dots({"k": ("H", series)}) == {"k": "stable"}
    assert dots({"k": ("H", series)}, DotConfig(window=16)) == {"k": "positive"}


def test_significance_threshold() -> None:
    noisy = [10, 12, 11, 13, 12, 11, 14, 13]
    assert dots({"k": ("H", noisy)}, DotConfig(significance=0.05)) == {"k": "stable"}
    assert dots({"k": ("H", noisy)}, DotConfig(significance=0.2)) == {"k": "positive"}


def test_too_few_points_is_stable_and_no_value_has_no_dot() -> None:
    result = dots({"short": ("H", [1, 2, 3]), "gone": ("H", [1, 2, 3, 4, 5, None])})
    assert result == {"short": "stable"}


def test_perfect_line_is_a_trend() -> None:
    assert dots({"k": ("H", [1, 2, 3, 4])}) == {"k": "positive"}


def test_previous_and_year_methods() -> None:
    series = {"k": ("H", [10, 20, 30, 40, 50, 45])}
    assert dots(series, DotConfig(method="previous")) == {"k": "negative"}
    assert dots(series, DotConfig(method="year")) == {"k": "positive"}
    tolerant = DotConfig(method="previous", stable_tolerance=15)
    assert dots(series, tolerant) == {"k": "stable"}  # 5 is 10% of 50
    assert dots({"k": ("H", [1, 2, 3])}, DotConfig(method="year")) == {"k": "stable"}


@pytest.mark.parametrize(
    ("ys", "expected", "rule"),
    [
        ([10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11], "stable", "common"),
        (
            [10, 11, 10, 11, 10, 11, 10, 11, 10, 11.1, 11.2, 11.3, 11.4, 11.5, 11.6, 11.7],
            "positive",
            "trend",
        ),
        (
            [10, 12, 10, 12, 10, 12, 10, 12, 10, 11.5, 11.5, 11.6, 11.5, 11.6, 11.5, 11.6],
            "positive",
            "shift",
        ),
        ([10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 20], "positive", "limit"),
        ([10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 2], "negative", "limit"),
    ],
)
def test_spc_rules(ys: list[float], expected: str, rule: str) -> None:
    result = spc_classify(ys)
    assert result.direction == expected
    assert rule in result.rule


def test_spc_method_falls_back_to_regression_when_short() -> None:
    out = direction_of_travel(frame({"k": ("H", RISING)}), END, DotConfig(method="spc"))
    assert out.item(0, "dot") == "positive"
    assert "regression was used" in out.item(0, "dot_detail")
