"""The published files of ``../shared/real-data/`` read through the ingest with the example
configurations of ``config/examples/`` only (no edits to the files), against the figures
their publishers printed: Oflog's medians and LGBF's ranks. (Hart's ratings:
``tests/core/test_hart.py``.)"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from qpr_tui.analysis.summary import Analysis
from qpr_tui.config.loader import load_config
from qpr_tui.ingest.reader import load
from qpr_tui.periods import read_period
from qpr_tui.views.numbers import format_value
from tests.realdata import published as P

EXAMPLES = Path(__file__).resolve().parents[2] / "config" / "examples"

pytestmark = pytest.mark.skipif(
    not P.REAL_DATA.is_dir(), reason=f"the published files are not in {P.REAL_DATA}"
)


def period_of(analysis: Analysis) -> P.PeriodOf:
    """The dataset's period for a period as the publisher wrote it."""
    calendar = analysis.calendar
    return lambda text: calendar.quarter_of(read_period(text, calendar))


@pytest.fixture(scope="module")
def oflog() -> Analysis:
    config = load_config(EXAMPLES / "oflog.toml").config
    return Analysis(load([P.OFLOG], config, organisation="Darlington"))


@pytest.fixture(scope="module")
def lgbf() -> Analysis:
    config = load_config(EXAMPLES / "lgbf.toml").config
    return Analysis(load([P.LGBF_VALUES, P.LGBF_INFO], config))


def test_oflog_loads_as_published_with_years_as_periods(oflog: Analysis) -> None:
    published = pl.read_csv(P.OFLOG, infer_schema=False)
    years = sorted(published.get_column("Financial year").unique().to_list())
    assert [oflog.calendar.label(p) for p in oflog.dataset.periods] == [
        year.replace("-", "/") for year in years
    ]
    every_row = oflog.dataset.frame.height + (
        oflog.dataset.peers.height if oflog.dataset.peers is not None else 0
    )
    assert every_row == published.height


def test_oflog_benchmark_medians_are_the_published_median(oflog: Analysis) -> None:
    assert P.oflog_published().height == 42
    assert P.oflog_median_mismatches(oflog, period_of=period_of(oflog)).height == 0


def test_lgbf_loads_with_its_catalogue(lgbf: Analysis) -> None:
    kpis = lgbf.dataset.frame.unique("kpi_id").sort("kpi_id")
    assert kpis.get_column("kpi_id").to_list() == ["CORP 09", "CORP 10"]
    assert kpis.get_column("polarity").to_list() == ["H", "H"]  # Descending in the catalogue
    assert all(kpis.get_column("indicator").str.len_chars() > 10)  # the catalogue's titles
    row = lgbf.table(lgbf.resolve_period("2018-19;Q1")).row(0, named=True)
    assert (row["value"], format_value(row["value"], row["unit"])) == (0.98, "98.00%")


def test_lgbf_ranks_are_the_published_scotrank(lgbf: Analysis) -> None:
    assert P.lgbf_published().height == 1339
    assert P.lgbf_scotrank_mismatches(lgbf, period_of=period_of(lgbf)).height == 0
    assert P.lgbf_familyrank_mismatches(lgbf, period_of=period_of(lgbf)).height == 0
