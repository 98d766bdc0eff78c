"""Hart District Council's published KPI tiles (../shared/real-data/hart/), read as published
with the example configuration only: the computed RAG agrees with Hart's published status on
82 of 90 KPI-quarters, and each disagreement is listed at its line with both statuses.

The files have no period column (each quarter comes from its file name) and no polarity (the
configuration gives it per KPI); Q1's "last quarter" column adds 2013/14 Q4, which Hart did
not rate."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from qpr_tui.analysis.summary import Analysis
from qpr_tui.config import Config, RagConfig
from qpr_tui.config.loader import load_config
from qpr_tui.ingest.reader import load
from qpr_tui.periods import parse_period
from qpr_tui.validate.checks import find_issues

ROOT = Path(__file__).resolve().parents[2]
HART = (ROOT / ".." / "shared" / "real-data" / "hart").resolve()
EXAMPLE = ROOT / "config" / "examples" / "hart.toml"
QUARTERS = ("Q1", "Q2")
RATED_BY_HART = [parse_period(f"2014/15 {q}") for q in QUARTERS]

pytestmark = pytest.mark.skipif(
    not HART.is_dir(), reason=f"Hart's published files are not in {HART}"
)


def files() -> list[Path]:
    return [HART / f"hart_kpis_2014-15_{quarter}.csv" for quarter in QUARTERS]


def analysed(config: Config) -> Analysis:
    return Analysis(load(files(), config))


def test_hart_is_rated_as_published_on_82_of_90() -> None:
    loaded = load_config(EXAMPLE)
    analysis = analysed(loaded.config)
    frame = analysis.rated.filter(pl.col("period").is_in(RATED_BY_HART))
    assert frame.height == 90
    assert frame.get_column("published_rag").null_count() == 0  # every status read
    found = [i for i in find_issues(analysis) if i.code == "rag-mismatch"]
    assert {i.period for i in found} <= {"2014/15 Q1", "2014/15 Q2"}
    listed = sorted((i.location.file, i.location.line, i.kpi_id, i.message) for i in found)
    q1, q2 = (f"hart_kpis_2014-15_{q}.csv" for q in QUARTERS)
    assert [(Path(file).name, line, kpi, message) for file, line, kpi, message in listed] == [
        (q1, 6, "ETS01", "published RAG is Red but the rules give Green (value 0, target 40)"),
        (q1, 22, "IT03", "published RAG is Green but the rules give Red (value 80.6, target 90)"),
        (q2, 6, "ETS01", "published RAG is Red but the rules give Green (value 0, target 40)"),
        (q2, 7, "FI06", "published RAG is Amber but the rules give Green (value 97, target 97)"),
        (q2, 12, "HR11", "published RAG is Red but the rules give Green (value 2.7, target 3.15)"),
        (q2, 16, "HS16", "published RAG is Green but the rules give Red (value 28, target 40)"),
        (q2, 25, "IT06", "published RAG is Green but the rules give Red (value 0, target 98)"),
        (q2, 31, "PS05", "published RAG is Green but the rules give Red (value 0, target 90)"),
    ]
    assert all(i.location.column_name == "s" for i in found)
    assert frame.height - len(found) == 82


def test_hart_counts_per_quarter() -> None:
    analysis = analysed(load_config(EXAMPLE).config)
    q1, q2 = RATED_BY_HART
    counts = {period: analysis.summary(period).rag for period in (q1, q2)}
    # Hart published Q1 27/6/9/3 and Q2 30/3/8/4 (green, amber, red, grey); in Q1 the two
    # disagreements (ETS01, IT03) cancel out.
    assert [counts[q1][s] for s in ("green", "amber", "red", "not_rated")] == [27, 6, 9, 3]
    assert [counts[q2][s] for s in ("green", "amber", "red", "not_rated")] == [30, 2, 9, 4]


def test_hart_codes_without_words_are_findings_not_dropped() -> None:
    config = load_config(EXAMPLE).config
    bare = Config(columns=config.columns, rag=RagConfig(rule="tolerance", tolerance=10))
    analysis = analysed(bare)
    unknown = [i for i in analysis.dataset.issues if i.code == "unknown-rag"]
    texts = {(Path(i.location.file).name, i.message.split("'")[1]) for i in unknown}
    assert texts == {
        (f"hart_kpis_2014-15_{q}.csv", code) for q in QUARTERS for code in ("lg", "la", "lr", "ld")
    } | {("hart_kpis_2014-15_Q2.csv", "lu")}
    assert not [i for i in find_issues(analysis) if i.code == "rag-mismatch"]
