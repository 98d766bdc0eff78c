"""[files."NAME"] tables: which applies to a file, their own columns, names that match nothing;
and the period of a file that has no period column."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.cli import main
from qpr_tui.config import parse_config
from qpr_tui.config.files import matching_names, settings_for
from qpr_tui.config.schema import FileConfig
from qpr_tui.errors import QprError
from qpr_tui.ingest.file_period import file_period, name_periods
from qpr_tui.ingest.reader import load
from qpr_tui.periods import UK, label, parse_period

NO_PERIOD = "kpi_id,value,target\nA1,10,12\nB2,5,4\n"


def config(text: str):
    return parse_config(text, "qpr.toml")


def test_settings_for_matches_the_base_name_by_glob() -> None:
    loaded = config('[files."hart_*.csv"]\nperiod = "2024/25 Q1"\n')
    assert settings_for(loaded.config, "/any/where/hart_q1.csv").period == "2024/25 Q1"
    assert settings_for(loaded.config, "/any/where/other.csv") == FileConfig()
    assert matching_names(loaded.config, "x/hart_q1.csv") == ["hart_*.csv"]


def test_an_exact_name_wins_over_patterns() -> None:
    loaded = config(
        '[files."*.csv"]\nperiod = "2024/25 Q1"\n'
        '[files."hart*.csv"]\nperiod = "2024/25 Q2"\n'
        '[files."hart.csv"]\nperiod = "2024/25 Q3"\n'
    )
    assert settings_for(loaded.config, "hart.csv").period == "2024/25 Q3"


def test_two_matching_patterns_are_refused_naming_both_keys() -> None:
    loaded = config('[files."*.csv"]\nrole = "values"\n[files."hart*"]\nrole = "kpis"\n')
    with pytest.raises(QprError) as caught:
        settings_for(loaded.config, "/data/hart.csv")
    assert str(caught.value) == (
        '[files."*.csv"] and [files."hart*"] both match the file hart.csv, so its settings '
        "are not clear. Make the patterns narrower, or add a table for the file itself: "
        '[files."hart.csv"].'
    )


def test_a_files_own_columns_are_tried_before_the_columns_table(write_csv) -> None:
    path = write_csv("k,tq,period,value\nA1,10,2024/25 Q1,99\n", name="mine.csv")
    loaded = config(
        '[columns]\nkpi_id = ["k"]\n'
        '[files."mine.csv"]\ncolumns = { value = "tq" }\n'  # one name, as in [columns]
    )
    ds = load([path], loaded.config, config_source=loaded.source)
    assert ds.frame.get_column("value").to_list() == [10.0]
    unused = [i.message for i in ds.issues if i.code == "unused-column"]
    assert unused == ["column 'value' is not used"]


def test_a_files_table_that_matches_no_input_is_a_warning_at_its_line(write_csv) -> None:
    path = write_csv("kpi_id,period,value\nA1,2024/25 Q1,1\n")
    loaded = config('organisation = "X"\n\n[files."nothing_*.csv"]\nperiod = "2024/25 Q1"\n')
    ds = load([path], loaded.config, config_source=loaded.source)
    [warning] = [i for i in ds.issues if i.code == "config-unused-file"]
    assert warning.message == (
        '[files."nothing_*.csv"] matches none of the input files, so its settings were not used'
    )
    assert (warning.location.file, warning.location.line) == ("qpr.toml", 3)


def _quarters(name: str) -> list[tuple[int, str]]:
    return [(UK.quarter_of(reading), text) for reading, text in name_periods(name, UK)]


def test_the_period_comes_from_the_longest_period_in_the_file_name() -> None:
    assert _quarters("hart_kpis_2014-15_Q1.csv") == [(parse_period("2014/15 Q1"), "2014-15 Q1")]
    assert _quarters("Q2 2024-25 report.csv") == [(parse_period("2024/25 Q2"), "Q2 2024-25")]
    assert _quarters("kpis_Sep-24.csv") == [(parse_period("Sep-24"), "Sep-24")]
    assert _quarters("kpis.csv") == []


def test_a_file_without_a_period_column_takes_it_from_its_name(write_csv) -> None:
    path = write_csv(NO_PERIOD, name="council_2014-15_Q1.csv")
    ds = load([path])
    assert {label(p) for p in ds.frame.get_column("period")} == {"2014/15 Q1"}
    assert ds.sources[0].period_from == "the file name ('2014-15 Q1')"
    [note] = [i for i in ds.issues if i.code == "period-from-outside"]
    assert note.message == (
        "the file has no period column: its rows are 2014/15 Q1, from the file name ('2014-15 Q1')"
    )
    assert (note.location.file, note.location.line) == (str(path), 1)


def test_the_configured_period_wins_over_the_name(write_csv) -> None:
    path = write_csv(NO_PERIOD, name="council_2014-15_Q1.csv")
    loaded = config('[files."council_*.csv"]\nperiod = "2024/25 Q3"\n')
    ds = load([path], loaded.config)
    assert {label(p) for p in ds.frame.get_column("period")} == {"2024/25 Q3"}
    assert ds.sources[0].period_from == "[files] period = '2024/25 Q3' in the configuration"


def test_a_name_without_a_period_says_how_to_give_one(write_csv) -> None:
    path = write_csv(NO_PERIOD, name="council.csv")
    with pytest.raises(QprError) as caught:
        load([path])
    assert str(caught.value) == (
        f"{path}, line 1: no period column was found, and its name has no period in it. "
        "Add a period column, put the period in the file name (such as kpis_2024-25_Q2.csv), "
        'or give it in the configuration: [files."council.csv"] period = "2024/25 Q2".'
    )


def test_a_name_with_two_periods_is_ambiguous(write_csv) -> None:
    path = write_csv(NO_PERIOD, name="council_2014-15_Q1_to_2014-15_Q2.csv")
    with pytest.raises(QprError) as caught:
        load([path])
    assert "its name has more than one period: '2014-15 Q1' (2014/15 Q1) and '2014-15 Q2' " in (
        str(caught.value)
    )
    assert '[files."council_2014-15_Q1_to_2014-15_Q2.csv"] period' in str(caught.value)


def test_a_configured_period_that_is_not_a_period_is_refused() -> None:
    with pytest.raises(QprError) as caught:
        file_period("kpis.csv", "soon", UK, "kpis.csv")
    assert str(caught.value).startswith(
        "the period 'soon' set for kpis.csv in [files] is not a period ('soon' is not a "
        "period qpr_tui understands)."
    )


def test_two_files_from_their_names_stack_as_two_quarters(write_csv) -> None:
    first = write_csv(NO_PERIOD, name="k_2024-25_Q1.csv")
    second = write_csv(NO_PERIOD.replace("10", "11"), name="k_2024-25_Q2.csv")
    ds = load([first, second])
    assert [label(p) for p in ds.periods] == ["2024/25 Q1", "2024/25 Q2"]
    assert not [i for i in ds.issues if i.code == "duplicate"]


@given(
    st.integers(min_value=2000, max_value=2090),
    st.integers(min_value=1, max_value=4),
    st.lists(st.sampled_from(["kpis", "Hart", "final", "v2", "report", "council"]), max_size=3),
    st.lists(st.sampled_from(["draft", "kpi", "DC", "copy"]), max_size=2),
    st.sampled_from(["_", " ", "__"]),
)
def test_a_quarter_anywhere_in_a_name_is_found(
    year: int, quarter: int, before: list[str], after: list[str], separator: str
) -> None:
    spelt = f"{year}-{(year + 1) % 100:02d}{separator}Q{quarter}"
    name = separator.join([*before, spelt, *after]) + ".csv"
    found = _quarters(name)
    assert [period for period, _ in found] == [
        parse_period(f"{year}/{(year + 1) % 100:02d} Q{quarter}")
    ]


def test_papers_say_where_a_files_period_came_from(write_csv, tmp_path) -> None:
    path = write_csv(NO_PERIOD, name="council_2014-15_Q1.csv")
    out = tmp_path / "paper.md"
    assert main(["export", "-f", "md", "-o", str(out), str(path)]) == 0
    assert "utf-8; period from the file name ('2014-15 Q1'))" in out.read_text(encoding="utf-8")


def test_a_files_own_organisation_column_chooses_the_home_organisation(write_csv) -> None:
    path = write_csv(
        "Body,kpi_id,period,value\nHart,A1,2024/25 Q1,1\nRushmoor,A1,2024/25 Q1,2\n",
        name="bench.csv",
    )
    loaded = config('[files."bench.csv"]\ncolumns = { organisation = ["Body"] }\n')
    ds = load([path], loaded.config)
    assert ds.home == "Hart"
    assert ds.frame.get_column("value").to_list() == [1.0]


def test_two_matching_patterns_stop_the_load_at_the_first_ones_line(write_csv) -> None:
    path = write_csv("kpi_id,period,value\nA1,2024/25 Q1,1\n", name="hart.csv")
    loaded = config('[files."*.csv"]\nrole = "values"\n\n[files."hart*"]\nrole = "values"\n')
    with pytest.raises(QprError) as caught:
        load([path], loaded.config, config_source=loaded.source)
    assert str(caught.value).startswith(
        'qpr.toml, line 1: [files."*.csv"] and [files."hart*"] both match the file hart.csv'
    )


def test_a_configured_period_that_is_not_one_stops_the_load_at_its_line(write_csv) -> None:
    path = write_csv(NO_PERIOD, name="council.csv")
    loaded = config('[files."council.csv"]\nrole = "values"\nperiod = "Q5"\n')
    with pytest.raises(QprError) as caught:
        load([path], loaded.config, config_source=loaded.source)
    assert str(caught.value) == (
        'qpr.toml, line 3: [files."council.csv"] period = "Q5" is not a period (\'Q5\' is not '
        "a period qpr_tui understands). Use a financial quarter such as '2024/25 Q2'."
    )


@pytest.mark.parametrize("name", ["hart.toml", "lgbf.toml"])
def test_the_example_configurations_are_read_without_warnings(name: str) -> None:
    from qpr_tui.config import load_config
    from tests.conftest import ROOT

    loaded = load_config(ROOT / "config" / "examples" / name)
    assert loaded.warnings == ()
    assert loaded.config.files or loaded.config.kpi
