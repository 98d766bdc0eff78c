"""Periods of every frequency in the model: sanity, months folded into quarters, annual KPIs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest

from qpr_tui.analysis.summary import Analysis
from qpr_tui.cli import main
from qpr_tui.config.schema import Config, KpiRule, PeriodsConfig
from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load
from qpr_tui.periods import label, month_ordinal, ordinal
from qpr_tui.vocabulary import MONTH, NO_DATA, NOT_DUE, NOT_RATED, QUARTER, YEAR
from tests.conftest import SAMPLE

HEADER = "kpi_id,indicator,polarity,period,value,target,floor\n"


def issues(ds, code: str) -> list:
    return [i for i in ds.issues if i.code == code]


# ---- one period-sanity rule ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("stray", "reason"),
    [
        ("2100/01 Q1", "is not a plausible year (1900 to 2099 are)"),
        ("0000/01", "is not a plausible year (1900 to 2099 are)"),
        (
            "1990/91 Q1",
            "is more than 20 years from the file's other periods (their median year is 2024)",
        ),
    ],
)
def test_nonsense_periods_are_findings_and_never_the_report(write_csv, stray, reason) -> None:
    rows = "".join(f"K{i},Kpi,H,2024/25 Q{q},80,70,60\n" for i in range(3) for q in (1, 2))
    path = write_csv(HEADER + rows + f"K9,Stray,H,{stray},80,70,60\n")
    ds = load([path])
    [found] = issues(ds, "implausible-period")
    assert found.message == f"the period '{stray}' {reason}; this row was left out"
    assert (found.location.line, found.location.column) == (8, 4)
    assert str(found.location) == f"{path}, line 8, column 4 (period)"
    assert "K9" not in ds.frame.get_column("kpi_id").to_list()
    assert label(Analysis(ds).latest) == "2024/25 Q2"


def test_a_wide_file_with_a_nonsense_period_column(write_csv) -> None:
    path = write_csv("kpi_id,2024/25 Q1,2024/25 Q2,2100/01 Q1\nK,1,2,3\n")
    ds = load([path])
    [found] = issues(ds, "implausible-period")
    assert (found.location.line, found.location.column) == (2, 4)
    assert "'2100/01 Q1' is not a plausible year" in found.message
    assert sorted(ds.frame.get_column("period").to_list()) == [ordinal(2024, 1), ordinal(2024, 2)]


# ---- months and quarters ---------------------------------------------------------------------


def test_quarter_end_months_name_quarters(write_csv) -> None:
    rows = "".join(f"K,Kpi,H,{m},{v},70,60\n" for m, v in [("Jun-24", 1), ("Sep-24", 2)])
    ds = load([write_csv(HEADER + rows)])
    assert ds.frame.get_column("frequency").to_list() == [QUARTER, QUARTER]
    assert ds.months.height == 0


def test_a_kpi_with_other_months_is_monthly_and_no_longer_refused(write_csv) -> None:
    months = [("Jul-24", 10), ("Aug-24", 20), ("Sep-24", 30), ("Oct-24", 40)]
    rows = "".join(f"K,Kpi,H,{m},{v},25,15\n" for m, v in months)
    ds = load([write_csv(HEADER + rows)])  # strict: the months are not duplicates
    frame = ds.frame.sort("period")
    assert frame.get_column("frequency").to_list() == [MONTH, MONTH]
    assert frame.get_column("period").to_list() == [ordinal(2024, 2), ordinal(2024, 3)]
    # Rated on its latest month in the quarter, with that month's line.
    assert frame.get_column("value").to_list() == [30, 40]
    assert frame.get_column("_line").to_list() == [4, 5]
    assert ds.months.get_column("month").to_list() == [
        month_ordinal(2024, m) for m in (7, 8, 9, 10)
    ]
    assert ds.months.get_column("value").to_list() == [10, 20, 30, 40]


def test_configured_frequency_overrides_the_months(write_csv) -> None:
    rows = "".join(f"K,Kpi,H,{m},{v},70,60\n" for m, v in [("Jun-24", 1), ("Sep-24", 2)])
    path = write_csv(HEADER + rows)
    monthly = load([path], Config(kpi={"K": KpiRule(frequency="month")}))
    assert monthly.frame.get_column("frequency").to_list() == [MONTH, MONTH]
    assert monthly.months.height == 2
    yearly = load(
        [write_csv(HEADER + "K,Kpi,H,Mar-24,5,7,6\n", "y.csv")],
        Config(kpi={"K": KpiRule(frequency="year")}),
    )
    assert yearly.frame.select("frequency", "period").row(0) == (YEAR, ordinal(2023, 4))


@pytest.mark.parametrize(("rule", "expected"), [("last", 30.0), ("sum", 60.0), ("mean", 20.0)])
def test_quarter_value_folds_the_months(write_csv, rule, expected) -> None:
    rows = "".join(
        f"K,Kpi,H,{m},{v},25,15\n" for m, v in [("Jul-24", 10), ("Aug-24", 20), ("Sep-24", 30)]
    )
    ds = load([write_csv(HEADER + rows)], Config(kpi={"K": KpiRule(quarter_value=rule)}))
    assert ds.frame.get_column("value").to_list() == [expected]


def test_a_sum_with_a_missing_month_has_no_value_and_says_why(write_csv) -> None:
    rows = "K,Kpi,H,Jul-24,10,25,15\nK,Kpi,H,Aug-24,,25,15\nK,Kpi,H,Sep-24,30,25,15\n"
    ds = load([write_csv(HEADER + rows)], Config(kpi={"K": KpiRule(quarter_value="sum")}))
    assert ds.frame.select("value", "value_reason").row(0) == (
        None,
        "a month of the quarter has no value",
    )


def test_a_month_and_its_quarter_are_a_finding_not_a_crash(write_csv) -> None:
    rows = "K,Kpi,H,Jul-24,10,25,15\nK,Kpi,H,Aug-24,20,25,15\nK,Kpi,H,2024/25 Q2,99,25,15\n"
    path = write_csv(HEADER + rows)
    ds = load([path])
    [found] = issues(ds, "month-and-quarter")
    assert found.message == (
        f"K 2024/25 Q2 is given as a quarter ({path} line 4) and as months ({path} line 2, "
        f"{path} line 3); the quarter's own value was used and the months were not folded "
        "into it"
    )
    assert (found.location.line, found.location.column) == (2, 4)
    assert ds.frame.get_column("value").to_list() == [99]


def test_the_same_month_twice_is_a_duplicate(write_csv) -> None:
    rows = "K,Kpi,H,Jul-24,10,25,15\nK,Kpi,H,2024-07-15,11,25,15\nK,Kpi,H,Aug-24,1,2,3\n"
    path = write_csv(HEADER + rows)
    with pytest.raises(QprError) as info:
        load([path])
    assert f"K Jul 2024 is in {path} line 2 and in {path} line 3" in str(info.value)


def test_monthly_dot_uses_the_months(write_csv) -> None:
    # Twelve rising months: a clear trend by month, four quarters only by quarter.
    rows = "".join(f"K,Kpi,H,{month_ordinal_text(m)},{m},100,50\n" for m in range(1, 13))
    ds = load([write_csv(HEADER + rows)])
    analysis = Analysis(ds)
    dot = analysis.dot(analysis.latest).row(0, named=True)
    assert dot["dot"] == "positive"
    assert "per month" in dot["dot_detail"] and "over 12 months" in dot["dot_detail"]


def month_ordinal_text(number: int) -> str:
    """The ``number``-th month from April 2023, as ``2023-04``."""
    month0 = 3 + number - 1
    return f"{2023 + month0 // 12}-{month0 % 12 + 1:02d}"


# ---- annual KPIs --------------------------------------------------------------------------


def mixed(write_csv) -> Path:
    quarterly = "".join(f"Q,Quarterly,H,2024/25 Q{q},80,70,60\n" for q in (1, 2))
    quarterly += "".join(f"Q,Quarterly,H,2023/24 Q{q},80,70,60\n" for q in (1, 2, 3, 4))
    return write_csv(HEADER + quarterly + "Y,Annual,H,2023-24,50,70,60\n")


def test_an_annual_kpi_is_shown_when_its_year_ends_and_not_due_before(write_csv) -> None:
    analysis = Analysis(load([mixed(write_csv)]))
    rows = analysis.history("Y").select("period", "value", "value_reason", "rag").rows()
    assert rows == [
        (ordinal(2023, 1), None, NOT_DUE, NOT_RATED),
        (ordinal(2023, 2), None, NOT_DUE, NOT_RATED),
        (ordinal(2023, 3), None, NOT_DUE, NOT_RATED),
        (ordinal(2023, 4), 50.0, None, "red"),
        (ordinal(2024, 1), None, NOT_DUE, NOT_RATED),
        (ordinal(2024, 2), None, NOT_DUE, NOT_RATED),
    ]
    s = analysis.summary(ordinal(2024, 2))
    assert s.rag["green"] == 1 and s.rag[NOT_RATED] == 1 and s.rag[NO_DATA] == 0
    assert analysis.calendar.label(s.period) == "2024/25 Q2"  # a mixed dataset stays quarterly


def test_not_due_can_count_as_no_data(write_csv) -> None:
    config = Config(periods=PeriodsConfig(not_due="no data"))
    s = Analysis(load([mixed(write_csv)], config)).summary(ordinal(2024, 2))
    assert s.rag[NO_DATA] == 1 and s.rag[NOT_RATED] == 0


def test_an_all_annual_dataset_has_years_as_periods(write_csv, capsys) -> None:
    rows = "".join(
        f"K{k},Kpi {k},H,{y}-{(y + 1) % 100:02d},{50 + k * y % 7},52,48\n"
        for k in (1, 2)
        for y in range(2016, 2023)
    )
    path = write_csv(HEADER + rows)
    analysis = Analysis(load([path]))
    assert analysis.calendar.annual
    assert [analysis.calendar.label(p) for p in analysis.periods][:2] == ["2016/17", "2017/18"]
    assert analysis.previous(analysis.latest) == ordinal(2021, 4)  # the previous year
    assert analysis.next(ordinal(2019, 4)) == ordinal(2020, 4)
    assert main(["summary", str(path), "--json", "--period", "2019-20"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["period"], out["previous_period"]) == ("2019/20", "2018/19")
    assert "over the last 8 years" in out["dot_method"]
    assert "the previous Year" in out["narrative"]
    assert main(["summary", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["period"] == "2022/23"


def test_a_year_starting_in_july(write_csv) -> None:
    config = Config(periods=PeriodsConfig(year_starts="July"))
    rows = "K,Kpi,H,Sep-24,1,2,3\nK,Kpi,H,Dec-24,1,2,3\n"
    analysis = Analysis(load([write_csv(HEADER + rows)], config))
    assert analysis.periods == [ordinal(2024, 1), ordinal(2024, 2)]
    assert analysis.calendar.end_month(analysis.latest).strftime("%B %Y") == "December 2024"
    s = analysis.summary()
    assert "to the end of December 2024 (Quarter 2, 2024/25)" in s_intro(s)


def s_intro(s) -> str:
    from qpr_tui.views.narrative import write

    return write(s).intro


# ---- monthly and annual variants of the bundled sample ----------------------------------


def sample_rows() -> tuple[list[str], list[dict[str, str]]]:
    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def written(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def essentials(s) -> tuple:
    """What the QPR says of a quarter, without Direction of Travel (which uses the months)."""
    return (
        s.total,
        s.rag,
        [i.kpi_id for i in s.red],
        s.kpis.select("kpi_id", "value", "target", "floor", "rag").sort("kpi_id").rows(),
    )


def test_a_monthly_variant_of_the_sample_gives_the_same_qpr(write_csv) -> None:
    header, rows = sample_rows()
    monthly = []
    for row in rows:
        start = ordinal(int(row["period"][:4]), int(row["period"][-1]))
        end = start % 4 * 3 + 3  # zero-based month of the year from April, of the last month
        for back, extra in ((2, 1.5), (1, -0.5), (0, 0.0)):
            month0 = 3 + end - 1 - back
            year = start // 4 + month0 // 12
            value = row["value"]
            if back and value.replace(".", "", 1).isdigit():
                value = f"{float(value) + extra:g}"
            monthly.append({**row, "period": f"{year}-{month0 % 12 + 1:02d}", "value": value})
    base = Analysis(load([SAMPLE]))
    variant = Analysis(load([write_csv(written(header, monthly))]))
    assert variant.months.height == 3 * len(rows)
    assert set(variant.rated.get_column("frequency").to_list()) == {MONTH}
    assert variant.periods == base.periods
    assert essentials(variant.summary()) == essentials(base.summary())


def test_an_annual_variant_of_the_sample_gives_the_same_qpr(write_csv) -> None:
    header, rows = sample_rows()
    year_ends = [r for r in rows if r["period"].endswith("Q4")]
    annual = [{**r, "period": r["period"][:7].replace("/", "-")} for r in year_ends]
    base = Analysis(load([write_csv(written(header, year_ends), "q4.csv")]))
    variant = Analysis(load([write_csv(written(header, annual))]))
    assert variant.calendar.annual and not base.calendar.annual
    assert variant.periods == base.periods
    s = variant.summary()
    assert s.period_label == "2023/24" and s.previous_label == "2022/23"
    assert essentials(s) == essentials(base.summary())
    assert pl.Series(variant.rated.get_column("frequency")).unique().to_list() == [YEAR]


def test_a_monthly_kpi_charts_its_months(write_csv) -> None:
    from qpr_tui.document.build import trend_chart

    months = [("Jul-24", 10), ("Aug-24", 20), ("Sep-24", 30), ("Oct-24", 40)]
    rows = "".join(f"K,Kpi,H,{m},{v},25,15\n" for m, v in months)
    analysis = Analysis(load([write_csv(HEADER + rows)]))
    history = analysis.month_history("K")
    assert history.select("value", "rag").rows() == [
        (10.0, "green"),
        (20.0, "green"),
        (30.0, "green"),
        (40.0, "green"),
    ]
    chart = trend_chart(analysis, "K", ordinal(2024, 2))
    assert chart.periods == ("Jul 2024", "Aug 2024", "Sep 2024")
    assert chart.values == (10.0, 20.0, 30.0)
    assert analysis.month_history("nope").height == 0
