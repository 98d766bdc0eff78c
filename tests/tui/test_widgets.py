"""The TUI's pure helpers: the chart, table arrangement, tree labels, gaps and changes."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from qpr_tui.analysis.summary import KpiLine
from qpr_tui.tui.kpi_text import delta, gap
from qpr_tui.tui.panes.changes import change_kind
from qpr_tui.tui.panes.indicators import arrange
from qpr_tui.tui.widgets.chart import Series, palette_default, render_chart
from qpr_tui.tui.widgets.tree import node_label

COLOURS = palette_default()


def series(values: list[float | None], **kwargs: Any) -> Series:
    labels = [f"2024/25 Q{i % 4 + 1}" for i in range(len(values))]
    return Series(labels=labels, values=values, **kwargs)


def test_chart_draws_value_target_floor_and_axis() -> None:
    s = series(
        [50, 55, 60, 58, 62, 70],
        targets=[65] * 6,
        floors=[55] * 6,
        rags=["red", "amber", "amber", "amber", "amber", "green"],
        unit="%",
        marker=5,
    )
    lines = render_chart(s, 60, 14, COLOURS).plain.splitlines()
    assert len(lines) == 14
    assert all(len(line) <= 60 for line in lines)
    text = "\n".join(lines)
    assert "─" in text and "╌" in text  # target and floor rules
    assert any("\u2800" < ch <= "\u28ff" for ch in text)  # the braille line
    assert "●" in text and "■" in text  # RAG glyphs at the quarters
    assert "▲2024/25" in lines[-2] or "▲24/25" in lines[-2]
    assert "target 65.0%" in lines[-1] and "floor 55.0%" in lines[-1]


@pytest.mark.parametrize("values", [[None, None], [42.0], [5.0, 5.0, 5.0], [1.0, None, 3.0]])
@pytest.mark.parametrize("size", [(1, 1), (9, 3), (20, 5), (200, 60)])
def test_chart_never_fails(values: list[float | None], size: tuple[int, int]) -> None:
    text = render_chart(series(values), *size, COLOURS)
    assert all(len(line) <= max(size[0], 30) for line in text.plain.splitlines())


def kpi_rows() -> list[dict[str, Any]]:
    return [
        {"kpi_id": "B2", "indicator": "Beta", "value": 5.0, "rag": "red", "dot": "negative"},
        {"kpi_id": "A1", "indicator": "Alpha", "value": None, "rag": "no_data", "dot": None},
        {"kpi_id": "C3", "indicator": "Gamma [/]", "value": 9.0, "rag": "green", "dot": "positive"},
        {"kpi_id": "D4", "indicator": "Delta", "value": 1.0, "rag": "blue", "dot": "stable"},
    ]


def ids(found: pl.DataFrame) -> list[str]:
    return [str(k) for k in found.get_column("kpi_id").to_list()]


def test_arrange_filters_searches_and_sorts() -> None:
    def rows() -> pl.DataFrame:
        return pl.DataFrame(kpi_rows())

    assert ids(arrange(rows(), None, "", "order", False)) == ["B2", "A1", "C3", "D4"]
    assert ids(arrange(rows(), None, "", "order", True)) == ["D4", "C3", "A1", "B2"]
    assert ids(arrange(rows(), "red", "", "order", False)) == ["B2"]
    assert ids(arrange(rows(), "green", "", "order", False)) == ["C3", "D4"]  # Blue is Green+
    assert ids(arrange(rows(), None, "[/]", "order", False)) == ["C3"]
    assert ids(arrange(rows(), None, "a1", "order", False)) == ["A1"]
    assert ids(arrange(rows(), None, "", "value", False)) == ["D4", "B2", "C3", "A1"]
    assert ids(arrange(rows(), None, "", "value", True)) == ["C3", "B2", "D4", "A1"]
    assert ids(arrange(rows(), None, "", "rag", False)) == ["B2", "C3", "D4", "A1"]
    assert ids(arrange(rows(), None, "", "dot", False)) == ["B2", "D4", "C3", "A1"]
    assert ids(arrange(rows(), None, "", "indicator", False)) == ["A1", "B2", "D4", "C3"]


def test_tree_label_keeps_counts_first_and_text_literal() -> None:
    label = node_label(
        "Dir [bold]x\x1b[0m", {"green": 16, "amber": 2, "red": 0, "no_data": 1, "blue": 1}, COLOURS
    )
    assert label.plain == "●17▲2 ■-  Dir [bold]x\\x1b[0m ○1"


def test_gap_words_follow_polarity() -> None:
    assert gap(62.3, 70.0, "H", "%", "target", COLOURS).plain == "7.7 pts short of target"
    assert gap(75.0, 70.0, "H", "%", "target", COLOURS).plain == "5.0 pts better than target"
    assert gap(12.0, 10.0, "L", "days", "floor", COLOURS).plain == "2 days short of floor"
    assert gap(10.0, 10.0, "L", "", "target", COLOURS).plain == "exactly on target"
    assert gap(9.0, 10.0, "T", "", "target", COLOURS).plain == "1 below target"
    assert gap(None, 10.0, "H", "", "target", COLOURS).plain == "–"
    assert delta(16, 17).plain == "▼ 1 fewer" and delta(3, 1).plain == "▲ 2 more"
    assert delta(3, 3).plain == "= same" and delta(3, None).plain == "no earlier quarter"


def line(before: str | None, after: str) -> KpiLine:
    return KpiLine("K", "k", "d", "", "", 1.0, 2.0, 0.5, after, before)


def test_change_kinds() -> None:
    assert change_kind(line("amber", "red")) == (0, "New Red")
    assert change_kind(line("red", "green")) == (1, "No longer Red")
    assert change_kind(line("amber", "green")) == (2, "Improved")
    assert change_kind(line("green", "amber")) == (3, "Worsened")
    assert change_kind(line("green", "no_data")) == (4, "No data now")
    assert change_kind(line("no_data", "green")) == (4, "Rated again")
