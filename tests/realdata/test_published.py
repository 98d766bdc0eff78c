"""Published benchmarks reproduced: Oflog's medians and LGBF's ranks, from the real files
(skipped when ../shared/real-data is absent) and from small synthetic files in their shape."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from qpr_tui.analysis.summary import Analysis
from tests.realdata import published as P

needs_real_data = pytest.mark.skipif(
    not P.REAL_DATA.is_dir(), reason=f"real councils' data not found at {P.REAL_DATA}"
)

OFLOG_HEADER = (
    "Financial year,Local authority code,Local authority name,Grouping,Entity_Name,Region,"
    "Measure,Code,Value,MEDIAN,MADs_from_median,rank_order\n"
)


def oflog_row(year: str, org: str, code: str, value: str, median: str, order: str = "desc") -> str:
    measure = f'"Outcome, {code}"'
    return f"{year},E1,{org},LA_Raw,Counties,North,{measure},{code},{value},{median},0,{order}\n"


# Home ("A") has no row for M2 in 2017-18 and no value for M1 then; the field has both.
OFLOG_SYNTHETIC = OFLOG_HEADER + "".join(
    [
        oflog_row("2016-17", "A", "M1", "1", "2"),
        oflog_row("2016-17", "B", "M1", "2", "2"),
        oflog_row("2016-17", "C", "M1", "7", "2"),
        oflog_row("2017-18", "A", "M1", "", "4.5"),
        oflog_row("2017-18", "B", "M1", "4", "4.5"),
        oflog_row("2017-18", "C", "M1", "5", "4.5"),
        oflog_row("2016-17", "A", "M2", "10", "10", "None"),
        oflog_row("2017-18", "B", "M2", "0.1", "0.2", "None"),
        oflog_row("2017-18", "C", "M2", "0.3", "0.2", "None"),
    ]
)


def test_oflog_medians_from_a_synthetic_file(tmp_path: Path) -> None:
    path = tmp_path / "asc.csv"
    path.write_text(OFLOG_SYNTHETIC, encoding="utf-8")
    analysis = Analysis(P.oflog_dataset(path), "A")
    assert P.oflog_published(path).height == 4
    assert P.oflog_median_mismatches(analysis, path, P.oflog_period).height == 0
    m2 = (
        analysis.benchmark(P.oflog_period("2017-18"))
        .filter(pl.col("kpi_id") == "M2")
        .row(0, named=True)
    )
    assert (m2["value"], m2["rank"], m2["of"], m2["median"]) == (None, None, 2, 0.2)


def test_oflog_mismatch_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "asc.csv"
    path.write_text(OFLOG_SYNTHETIC.replace(",4.5,", ",4.6,"), encoding="utf-8")
    analysis = Analysis(P.oflog_dataset(path), "A")
    mismatches = P.oflog_median_mismatches(analysis, path, P.oflog_period)
    assert mismatches.select("Code", "Financial year", "MEDIAN", "median").rows() == [
        ("M1", "2017-18", 4.6, 4.5)
    ]


LGBF_HEADER = (
    "Key_CodePeriodFamilyGroupDType,Code,LocalAuthority,Period,Value,FamilyRank,ScotRank\n"
)
LGBF_INFO = "Title,Code,Code_Sortable,Ranking_Type\nUp,X1,X 1,Descending\nDown,X2,X 2,Ascending\n"


def lgbf_rows(code: str, period: str, cells: list[tuple[str, str, float, int, int]]) -> str:
    return "".join(
        f"{code}{period}Family Group {fam}Real,{code},{org},{period},{value},{fr},{sr}\n"
        for org, fam, value, fr, sr in cells
    )


# Ties share the better rank; Ascending ranks the lowest first; families rank within.
LGBF_SYNTHETIC = (
    LGBF_HEADER
    + lgbf_rows(
        "X 1",
        "2018-19;Q1",
        [
            ("P", "1", 0.9, 1, 1),
            ("Q", "1", 0.5, 2, 3),
            ("R", "2", 0.9, 1, 1),
            ("S", "2", 0.1, 2, 4),
        ],
    )
    + lgbf_rows(
        "X 2",
        "2018-19;Q2",
        [
            ("P", "1", 0.9, 2, 4),
            ("Q", "1", 0.5, 1, 2),
            ("R", "2", 0.5, 2, 2),
            ("S", "2", 0.1, 1, 1),
        ],
    )
)


def write_lgbf(tmp_path: Path, text: str) -> tuple[Path, Path]:
    values, info = tmp_path / "values.csv", tmp_path / "info.csv"
    values.write_text(text, encoding="utf-8")
    info.write_text(LGBF_INFO, encoding="utf-8")
    return values, info


def test_lgbf_ranks_from_a_synthetic_file(tmp_path: Path) -> None:
    values, info = write_lgbf(tmp_path, LGBF_SYNTHETIC)
    analysis = Analysis(P.lgbf_dataset(values, info), "P")
    assert P.lgbf_families(values) == {"Family Group 1": ["P", "Q"], "Family Group 2": ["R", "S"]}
    assert P.lgbf_scotrank_mismatches(analysis, values, P.lgbf_period).height == 0
    assert P.lgbf_familyrank_mismatches(analysis, values, P.lgbf_period).height == 0


def test_lgbf_rank_mismatch_is_reported(tmp_path: Path) -> None:
    wrong = LGBF_SYNTHETIC.replace("S,2018-19;Q2,0.1,1,1", "S,2018-19;Q2,0.1,1,4")
    values, info = write_lgbf(tmp_path, wrong)
    analysis = Analysis(P.lgbf_dataset(values, info), "P")
    mismatches = P.lgbf_scotrank_mismatches(analysis, values, P.lgbf_period)
    assert mismatches.select("Code", "LocalAuthority", "ScotRank", "rank").rows() == [
        ("X 2", "S", 4, 1)
    ]


@needs_real_data
@pytest.mark.parametrize("home", ["Darlington", "West Northamptonshire"])
def test_oflog_published_medians(home: str) -> None:
    """Every one of the 42 measure-years, whichever authority is home (West
    Northamptonshire has rows for only 12 of them)."""
    analysis = Analysis(P.oflog_dataset(), home)
    assert P.oflog_published().height == 42
    assert P.oflog_median_mismatches(analysis, period_of=P.oflog_period).height == 0


@needs_real_data
def test_lgbf_published_ranks() -> None:
    analysis = Analysis(P.lgbf_dataset(), "Aberdeen City")
    assert P.lgbf_published().height == 1339
    assert P.lgbf_scotrank_mismatches(analysis, period_of=P.lgbf_period).height == 0
    assert P.lgbf_familyrank_mismatches(analysis, period_of=P.lgbf_period).height == 0


@needs_real_data
def test_lgbf_family_as_configured_peer_group() -> None:
    """The home council's rank against its family group in ``[peer_groups]`` (which always
    includes the home) is its published FamilyRank."""
    dataset = P.lgbf_dataset()
    families = P.lgbf_families()
    dataset.config.peer_groups.update(families)
    published = P.lgbf_published()
    home = "Aberdeen City"
    analysis = Analysis(dataset, home)
    family = published.filter(pl.col("LocalAuthority") == home).get_column("family")[0]
    group = analysis.peer_group(family)
    mine = published.filter(pl.col("LocalAuthority") == home)
    for row in mine.iter_rows(named=True):
        bench = analysis.benchmark(P.lgbf_period(row["Period"]), group)
        ours = bench.filter(pl.col("kpi_id") == row["Code"]).row(0, named=True)
        assert (ours["rank"], ours["value"]) == (row["FamilyRank"], row["Value"])
