from __future__ import annotations

import json

import polars as pl
import pytest

from qpr_tui.analysis.summary import Analysis
from qpr_tui.cli import main
from qpr_tui.config import parse_config
from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load
from qpr_tui.views.numbers import quartile_label

HEADER = "organisation,kpi_id,indicator,polarity,period,value,target,floor\n"


def rows(kpi: str, polarity: str, values: dict[str, str], period: str = "Sep-24") -> str:
    return "".join(
        f"{org},{kpi},{kpi} name,{polarity},{period},{v},50,40\n" for org, v in values.items()
    )


# Five organisations; Home sits second on a higher-is-better KPI, ties on another.
DATA = (
    HEADER
    + rows("UP", "H", {"Home": "70", "A": "90", "B": "60", "C": "50", "D": "10"})
    + rows("DOWN", "L", {"Home": "70", "A": "90", "B": "60", "C": "50", "D": "10"})
    + rows("TIE", "H", {"Home": "60", "A": "60", "B": "60", "C": "50", "D": "n/a"})
    + rows("GAP", "H", {"Home": "n/a", "A": "1", "B": "2", "C": "3", "D": "4"})
    + rows("UP", "H", {"Home": "10", "A": "20", "B": "30", "C": "40", "D": "50"}, "Jun-24")
)


def analysis(write_csv, config_text: str = "", organisation: str | None = None) -> Analysis:
    config = parse_config(config_text).config
    return Analysis(load([write_csv(DATA)], config, organisation=organisation), organisation)


def by_kpi(frame) -> dict[str, dict]:
    return {r["kpi_id"]: r for r in frame.iter_rows(named=True)}


def test_rank_quartile_median_hand_computed(write_csv) -> None:
    a = analysis(write_csv)
    assert a.organisation == "Home"
    assert a.organisations == ["Home", "A", "B", "C", "D"]
    b = by_kpi(a.benchmark(a.latest))
    up = b["UP"]
    assert (up["value"], up["rank"], up["of"], up["quartile"]) == (70.0, 2, 5, 2)
    assert (up["median"], up["p25"], up["p75"]) == (60.0, 50.0, 70.0)
    assert (up["minimum"], up["maximum"]) == (10.0, 90.0)
    down = b["DOWN"]  # lower is better: 10, 50, 60, 70, 90 -> Home fourth
    assert (down["rank"], down["quartile"]) == (4, 4)


def test_ties_share_the_better_rank_and_missing_values_leave_the_field(write_csv) -> None:
    a = analysis(write_csv)
    b = by_kpi(a.benchmark(a.latest))
    assert (b["TIE"]["rank"], b["TIE"]["of"], b["TIE"]["quartile"]) == (1, 4, 1)
    assert (b["GAP"]["rank"], b["GAP"]["of"], b["GAP"]["quartile"]) == (None, 4, None)
    assert b["GAP"]["median"] == 2.5


def test_history_over_time(write_csv) -> None:
    a = analysis(write_csv)
    history = a.benchmark_history("UP")
    assert history.get_column("rank").to_list() == [5, 2]


def test_peer_group_and_unknown_members(write_csv) -> None:
    a = analysis(write_csv, '[peer_groups]\nnear = ["A", "D", "Nowhere CC", "Elsewhere"]\n')
    group = a.peer_group("near")
    assert group.members == frozenset({"Home", "A", "D"})
    assert group.warning == (
        "peer group 'near' names 2 organisation(s) not in the data, left out: Nowhere CC, Elsewhere"
    )
    up = by_kpi(a.benchmark(a.latest, group))["UP"]
    assert (up["rank"], up["of"], up["median"]) == (2, 3, 70.0)
    with pytest.raises(QprError, match="no peer group 'far'"):
        a.peer_group("far")


def test_other_home_organisation(write_csv) -> None:
    a = analysis(write_csv, organisation="D")
    assert a.organisation == "D"
    up = by_kpi(a.benchmark(a.latest))["UP"]
    assert (up["value"], up["rank"]) == (10.0, 5)
    with pytest.raises(QprError, match="home organisation 'Z' is not in the data"):
        analysis(write_csv, organisation="Z")


def test_only_the_home_organisation_keeps_text_and_findings(write_csv) -> None:
    dataset = load([write_csv(DATA)])
    assert set(dataset.frame.get_column("organisation")) == {"Home"}
    assert dataset.peers is not None and dataset.peers.height == 20
    missing = [i.location.line for i in dataset.issues if i.code == "missing-value"]
    assert missing == [17]  # Home's own gap, not D's (line 16)
    full = load([write_csv(DATA)], everything=True)
    assert full.peers is None and full.frame.height == 25
    assert sorted(i.location.line for i in full.issues if i.code == "missing-value") == [16, 17]


def test_summary_cli_benchmark(capsys, write_csv) -> None:
    path = write_csv(DATA)
    config = write_csv('[peer_groups]\nnear = ["A", "Ghost"]\n', "c.toml")
    assert main(["summary", str(path), "--json", "--config", str(config), "--peers", "near"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    bench = {k["kpi_id"]: k for k in data["benchmark"]["kpis"]}
    assert data["benchmark"]["organisations"] == 5
    assert data["benchmark"]["compared_with"] == "peer group 'near'"
    assert (bench["UP"]["rank"], bench["UP"]["of"]) == (2, 2)
    assert "left out: Ghost" in captured.err
    assert main(["summary", str(path), "--organisation", "B"]) == 0
    out = capsys.readouterr().out
    assert "Benchmark: B against all organisations" in out and "3 of 5" in out


# Home's place in fields of 1 to 5 organisations with a value ("n/a" leaves the field).
SMALL = (
    HEADER
    + rows("ONE", "H", {"Home": "5", "A": "n/a", "B": "n/a", "C": "n/a", "D": "n/a"})
    + rows("THREE", "H", {"Home": "9", "A": "5", "B": "1", "C": "n/a", "D": "n/a"})
    + rows("THREE_LAST", "H", {"Home": "1", "A": "5", "B": "9", "C": "n/a", "D": "n/a"})
    + rows("TWO_TIED", "H", {"Home": "5", "A": "5", "B": "n/a", "C": "n/a", "D": "n/a"})
    + rows("FOUR_TOP", "H", {"Home": "9", "A": "5", "B": "3", "C": "1", "D": "n/a"})
    + rows("FOUR_LAST", "L", {"Home": "9", "A": "5", "B": "3", "C": "1", "D": "n/a"})
    + rows("FIVE", "H", {"Home": "7", "A": "9", "B": "5", "C": "3", "D": "1"})
    + rows("TIED_LAST", "H", {"Home": "1", "A": "9", "B": "5", "C": "1", "D": "n/a"})
    + rows("TIED_TOP", "H", {"Home": "9", "A": "9", "B": "9", "C": "9", "D": "1"})
)


@pytest.mark.parametrize(
    ("kpi", "rank", "of", "quartile"),
    [
        ("ONE", 1, 1, None),  # alone: no quarters, not "bottom quartile"
        ("THREE", 1, 3, None),  # best of three: not "second quartile"
        ("THREE_LAST", 3, 3, None),
        ("TWO_TIED", 1, 2, None),
        ("FOUR_TOP", 1, 4, 1),
        ("FOUR_LAST", 4, 4, 4),
        ("FIVE", 2, 5, 2),
        ("TIED_LAST", 3, 4, 3),  # tied for last shares the better rank
        ("TIED_TOP", 1, 5, 1),
    ],
)
def test_quartiles_need_four_organisations(
    write_csv, kpi: str, rank: int, of: int, quartile: int | None
) -> None:
    a = Analysis(load([write_csv(SMALL)], organisation="Home"), "Home")
    row = by_kpi(a.benchmark(a.latest))[kpi]
    assert (row["rank"], row["of"], row["quartile"]) == (rank, of, quartile)
    assert quartile_label(row["quartile"]) == (
        "–" if quartile is None else quartile_label(quartile)
    )


def test_peer_group_of_two_has_no_quartile(write_csv) -> None:
    a = analysis(write_csv, '[peer_groups]\nnear = ["A"]\n')
    up = by_kpi(a.benchmark(a.latest, a.peer_group("near")))["UP"]
    assert (up["rank"], up["of"], up["quartile"]) == (2, 2, None)
    assert quartile_label(up["quartile"]) == "–"


# Home has no row for LATE in Sep-24 (only in Jun-24, where it says lower is better).
FIELD_ONLY = (
    HEADER
    + rows("LATE", "L", {"Home": "5", "A": "1"}, "Jun-24")
    + rows("LATE", "L", {"A": "30", "B": "10", "C": "20", "D": "n/a"})
    + rows("UP", "H", {"Home": "70", "A": "90", "B": "60", "C": "50", "D": "10"})
)


def test_the_field_has_statistics_where_the_home_has_no_row(write_csv) -> None:
    a = Analysis(load([write_csv(FIELD_ONLY)], organisation="Home"), "Home")
    late = by_kpi(a.benchmark(a.latest))["LATE"]
    assert (late["value"], late["rank"], late["quartile"]) == (None, None, None)
    assert (late["of"], late["median"], late["minimum"], late["maximum"]) == (3, 20.0, 10.0, 30.0)
    assert (late["p25"], late["p75"]) == (15.0, 25.0)
    history = a.benchmark_history("LATE")
    assert history.select("period", "value", "rank", "of").rows() == [
        (a.previous(a.latest), 5.0, 2, 2),
        (a.latest, None, None, 3),
    ]


def test_every_organisation_is_ranked_with_the_home_polarity(write_csv) -> None:
    a = Analysis(load([write_csv(FIELD_ONLY)], organisation="Home"), "Home")
    ranks = a.field_ranks(a.latest)
    late = ranks.filter(ranks.get_column("kpi_id") == "LATE")
    # lower is better, from the home's Jun-24 row: B (10) first, A (30) last; D has no value
    assert late.select("organisation", "rank", "of").rows() == [
        ("B", 1, 3),
        ("C", 2, 3),
        ("A", 3, 3),
    ]
    up = ranks.filter(ranks.get_column("kpi_id") == "UP")
    assert up.select("organisation", "rank").rows() == [
        ("A", 1),
        ("Home", 2),
        ("B", 3),
        ("C", 4),
        ("D", 5),
    ]
    assert a.field_ranks().height == ranks.height + 2  # Jun-24: Home and A on LATE


def test_a_kpi_with_no_known_polarity_has_spread_but_no_ranks() -> None:
    from qpr_tui.analysis.benchmark import benchmark, field_ranks

    values = pl.DataFrame(
        {"organisation": ["A", "B"], "kpi_id": ["X", "X"], "period": [1, 1], "value": [1.0, 3.0]},
        schema_overrides={"period": pl.Int32},
    )
    kpis = pl.DataFrame(
        {"kpi_id": ["Y"], "period": [1], "polarity": ["H"], "target": [None]},
        schema_overrides={"period": pl.Int32, "target": pl.Float64},
    )
    assert field_ranks(values, kpis).get_column("rank").to_list() == [None, None]
    out = by_kpi(benchmark(values, kpis, "A"))
    assert (out["X"]["median"], out["X"]["of"], out["X"]["rank"]) == (2.0, 2, None)
    assert (out["Y"]["median"], out["Y"]["of"]) == (None, 0)


def test_home_without_a_value_reads_no_data_beside_the_field_median(capsys, write_csv) -> None:
    assert main(["summary", str(write_csv(DATA))]) == 0
    gap = next(
        line for line in capsys.readouterr().out.splitlines() if line.lstrip().startswith("GAP")
    )
    assert "no data" in gap and "2.5" in gap and "1.75 – 3.25" in gap


def test_a_range_with_no_values_is_one_dash() -> None:
    from qpr_tui.views.numbers import format_range, home_value

    assert format_range(None, None, "%") == "–"
    assert format_range(1.0, 2.5, "%") == "1.0% – 2.5%"
    assert format_range(1.0, 2.5, gap="") == "1–2.5"
    assert (home_value(None, "%"), home_value(70.0, "%")) == ("no data", "70.0%")
