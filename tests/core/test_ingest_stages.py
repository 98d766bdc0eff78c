"""The ingest's stages: line numbers, short and long rows, broken records, number and period
reading, all checked through `load` (and a few stage functions directly)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load
from qpr_tui.ingest.stages.lines import diagnose
from qpr_tui.ingest.textfile import open_text
from qpr_tui.ingest.values import _rules, clean_odd
from qpr_tui.periods import label


def where(dataset, code: str) -> list[tuple[int, int]]:
    return [(i.location.line, i.location.column) for i in dataset.issues if i.code == code]


def test_an_unclosed_quote_names_the_line_where_its_record_starts(write_csv) -> None:
    path = write_csv(
        "kpi_id,indicator,period,value,target\nA1,Alpha,Sep-24,85,80\n"
        'B1,"Beta,Sep-24,70,80\nC1,Gamma,Sep-24,60,80\n'
    )
    with pytest.raises(QprError) as info:
        load([path])
    assert str(info.value).endswith(
        "data.csv, line 3: the file is not valid CSV: the record starting here has a quoted "
        "field that is never closed (look for an unbalanced quote)."
    )


def test_a_long_row_is_found_even_when_the_last_column_is_not_used(write_csv) -> None:
    path = write_csv("kpi_id,period,value,notes\nA,Sep-24,1,x\nB,Sep-24,1,2,3\n")
    with pytest.raises(QprError) as info:
        load([path])
    assert str(info.value).endswith(
        "data.csv, line 3, column 5: this row has 5 fields but the header has 4. Check for an "
        "unquoted comma in a text cell, or a stray column."
    )


def test_a_long_row_after_a_record_on_two_lines_names_its_own_line(write_csv) -> None:
    path = write_csv('kpi_id,period,value,notes\nA,Sep-24,1,"x\ny"\nB,Sep-24,1,2,3\n')
    with pytest.raises(QprError, match=r"data.csv, line 4, column 5: this row has 5 fields"):
        load([path])


def test_a_failure_with_no_cause_in_the_records_quotes_polars(write_csv) -> None:
    tf = open_text(write_csv("kpi_id,period,value\nA,Sep-24,1\n"))
    with pytest.raises(QprError) as info:
        diagnose(tf, ValueError("the reason\nand details"))
    assert str(info.value).endswith("data.csv: the file could not be read as CSV (the reason).")


def test_a_parquet_column_that_is_neither_text_nor_numbers(tmp_path: Path) -> None:
    path = tmp_path / "lists.parquet"
    pl.DataFrame({"kpi_id": ["A"], "period": ["Sep-24"], "value": [[1, 2]]}).write_parquet(path)
    with pytest.raises(QprError) as info:
        load([path])
    assert "lists.parquet, column 3 (value): the column holds lists (List(Int64))" in str(
        info.value
    )


def test_line_numbers_allow_for_records_on_several_lines(write_csv) -> None:
    text = (
        "organisation,kpi_id,period,value,target,commentary\n"
        'Kent,K1,Sep-24,1,2,"one\r\ntwo"\n'
        "Kent,K2,Sep-24,oops,2,x\n"
        'Surrey,K1,Sep-24,1,2,"a\n\nb"\n'
        "Surrey,K1,Sep-24,3,2,again\n"
    )
    path = write_csv(text)
    assert where(load([path], organisation="Kent", strict=False), "bad-value") == [(4, 4)]
    with pytest.raises(
        QprError, match=r"K1 2024/25 Q2 is in \S*data.csv line 5 and in \S*data.csv line 8"
    ):
        load([path], organisation="Kent")


def test_short_rows_are_found_with_crlf_and_records_on_several_lines(write_csv) -> None:
    text = (
        "kpi_id,indicator,period,value,target,commentary\r\n"
        'K1,"a\r\nb",Sep-24,1,2,ok\r\n'
        "K2,x,Sep-24,1\r\n"
        "K3,y,Sep-24,1,2,\r\n"
        '""\r\n'
    )
    ds = load([write_csv(text)], strict=False)
    short = [i for i in ds.issues if i.code == "short-row"]
    assert [(i.location.line, i.location.column, i.location.column_name) for i in short] == [
        (4, 5, "target")
    ]
    assert short[0].message == (
        "this row has 4 fields but the header has 6; the missing ones were read as blank"
    )


def test_a_short_row_is_found_when_a_quoted_separator_makes_it_look_full(write_csv) -> None:
    """Counted without regard to quotes, rows 3 and 5 have as many separators as the header:
    only their quoted fields show they are short (every record is one line here)."""
    text = (
        "kpi_id,indicator,period,value,commentary\n"
        'K1,"a,b",Sep-24,1,ok\n'
        'K2,"x,y,z",Sep-24\n'
        "K3,plain,Sep-24,1,\n"
        'K4,"p,q",Sep-24,2\n'
    )
    ds = load([write_csv(text)], strict=False)
    short = [i for i in ds.issues if i.code == "short-row"]
    assert [(i.location.line, i.location.column, i.location.column_name) for i in short] == [
        (3, 4, "value"),
        (5, 5, "commentary"),
    ]
    assert short[0].message.startswith("this row has 3 fields but the header has 5")


def test_a_file_without_kpi_ids_names_other_organisations_kpis_by_indicator(write_csv) -> None:
    path = write_csv(
        "organisation,indicator,period,value\nKent,Alpha,Sep-24,1\nSurrey,Alpha,Sep-24,2\n"
    )
    ds = load([path])
    assert ds.peers is not None
    assert ds.peers.select("organisation", "kpi_id").row(0) == ("Surrey", "Alpha")
    assert ds.frame.select("kpi_id", "indicator").row(0) == ("Alpha", "Alpha")


@pytest.mark.parametrize(
    ("target", "expected", "codes"),
    [
        ("80", 80.0, []),
        (" 80", 80.0, []),
        ("80%", 80.0, []),
        ("1,000", 1000.0, []),
        ("inf", None, ["bad-target"]),
        ("nan", None, []),
        ("eighty", None, ["bad-target"]),
    ],
)
def test_targets_read_as_numbers_or_as_text(write_csv, target, expected, codes) -> None:
    path = write_csv(f'kpi_id,period,value,target\nA,Sep-24,5,"{target}"\nB,Sep-24,6,70\n')
    ds = load([path], strict=False)
    assert ds.frame.get_column("target").to_list() == [expected, 70.0]
    assert [i.code for i in ds.issues if i.code.startswith("bad-")] == codes
    if codes:
        bad = next(i for i in ds.issues if i.code == "bad-target")
        assert bad.message == f"the target '{target}' is not a number, so it was treated as missing"
        assert (bad.location.line, bad.location.column) == (2, 4)


def test_periods_beyond_the_files_head_are_read(write_csv) -> None:
    head = "".join(f"K{i:05d},2024/25 Q1,{i}\n" for i in range(4000))  # > 64 KiB
    tail = "Z1,Sep-24,1\nZ2,Q9 2024,1\nZ3,2024-12-31,1\n"
    ds = load([write_csv("kpi_id,period,value\n" + head + tail)], strict=False)
    assert ds.frame.height == 4002
    tail_rows = ds.frame.filter(pl.col("kpi_id").str.starts_with("Z"))
    assert [label(p) for p in tail_rows.get_column("period")] == ["2024/25 Q2", "2024/25 Q3"]
    assert where(ds, "bad-period") == [(4003, 2)]


def test_many_period_spellings_in_the_head(write_csv) -> None:
    months = [f"{m:02d}/2020" for m in range(1, 13)] + [f"2021-{m:02d}" for m in range(1, 13)]
    days = [f"2022-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 15, 28)]
    rows = "".join(f"K,{p},1\n" for p in months + days)
    ds = load([write_csv("kpi_id,period,value\n" + rows)], strict=False)
    assert ds.frame.get_column("period").null_count() == 0
    # A monthly series: every month kept, folded into the twelve quarters it spans; the
    # three days of each month of 2022 are the same month three times.
    assert ds.months.height == len(months) + len(days)
    assert ds.frame.height == 12
    assert len([i for i in ds.issues if i.code == "duplicate"]) == 12


def test_duplicates_among_other_organisations_are_found(write_csv) -> None:
    path = write_csv(
        "organisation,kpi_id,period,value\nKent,K1,Sep-24,1\nSurrey,K1,Sep-24,2\n"
        "Surrey,K1,2024/25 Q2,3\n"
    )
    with pytest.raises(
        QprError, match=r"K1 2024/25 Q2 is in \S*data.csv line 3 and in \S*data.csv line 4"
    ):
        load([path], organisation="Kent")
    found = load([path], organisation="Kent", strict=False).issues
    assert [i.code for i in found if i.code == "duplicate"] == ["duplicate"]


_SPREADSHEET_NUMBERS = st.builds(
    lambda number, decimals, style, pad: (
        (" " * pad)
        + {
            "plain": f"{number:.{decimals}f}",
            "thousands": f"{number:,.{decimals}f}",
            "percent": f"{number:.{decimals}f}%",
            "both": f"{number:,.{decimals}f}%",
        }[style]
        + (" " * pad)
    ),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["plain", "thousands", "percent", "both"]),
    st.integers(min_value=0, max_value=2),
)


@given(st.lists(_SPREADSHEET_NUMBERS, min_size=1, max_size=20))
def test_the_cheap_tier_reads_spreadsheet_numbers_as_the_full_rules_do(cells: list[str]) -> None:
    series = pl.Series(cells, dtype=pl.String)
    assert clean_odd(series).equals(_rules(series))


def test_duplicates_with_blank_kpis_among_other_organisations(write_csv) -> None:
    path = write_csv(
        "organisation,kpi_id,period,value\nKent,K1,Sep-24,1\nSurrey,,Sep-24,2\nSurrey,,Sep-24,3\n"
    )
    with pytest.raises(
        QprError, match=r"2024/25 Q2 is in \S*data.csv line 3 and in \S*data.csv line 4"
    ):
        load([path], organisation="Kent")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ('kpi_id,indicator,period,value\nA1,"Alpha, beta"x,Sep-24,85\n', "line 2, column 2"),
        ('kpi_id;name;period;value\nA1;Alpha;Sep-24;"85"%\n', "line 2, column 4"),
        ('kpi_id,name,period,value\nA1,"a,""b""c",Sep-24,1\nA2,"x\ny"z,Sep-24,2\n', "line 4"),
    ],
)
def test_text_after_a_closing_quote_names_its_line(write_csv, text: str, place: str) -> None:
    with pytest.raises(QprError) as info:
        load([write_csv(text)])
    assert str(info.value).endswith(
        f"data.csv, {place}: the file is not valid CSV: a quoted field has text after its "
        'closing quote. Quote the whole cell, and double each quote inside it ("").'
    )


def test_a_quote_inside_a_cell_is_named_before_the_fields_it_adds(write_csv) -> None:
    # The quote is text (polars reads x"a and b" as two cells), so the row has a field too
    # many; the quote is the cause, so it is what the message names.
    path = write_csv('kpi_id,indicator,period,value\nA1,x"a,b",Sep-24,1\n')
    with pytest.raises(QprError) as info:
        load([path])
    assert str(info.value).endswith(
        "data.csv, line 2, column 2: the file is not valid CSV: this field has a quote in the "
        "middle of its text; a quote may only enclose a whole field (and is written twice "
        'inside one). Remove the quote, or quote the whole field and write the quote as "".'
    )


def test_a_row_too_long_before_a_stray_quote_is_named_by_its_line(write_csv) -> None:
    path = write_csv('kpi_id,indicator,period,value\nB1,b,Sep-24,1,9\nA1,x"a"b,Sep-24,1\n')
    with pytest.raises(QprError) as info:
        load([path])
    assert "line 2, column 5: this row has 5 fields but the header has 4." in str(info.value)


def test_a_panic_in_the_streaming_engine_falls_back_to_the_in_memory_one(
    write_csv, monkeypatch
) -> None:
    # polars' streaming CSV reader panics on some malformed files (seen in the fuzz test);
    # a panic is not an Exception, so it would end the program with a traceback.
    collect = pl.LazyFrame.collect

    def streaming_panics(self: pl.LazyFrame, *args: object, **kwargs: object) -> pl.DataFrame:
        if kwargs.get("engine") == "streaming":
            raise pl.exceptions.PanicException("slice index starts at 1 but ends at 0")
        return collect(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(pl.LazyFrame, "collect", streaming_panics)
    path = write_csv("kpi_id,period,value,target\nA1,Sep-24,85,80\n")
    assert load([path]).frame.get_column("value").to_list() == [85.0]


def test_a_panic_in_both_engines_is_an_unreadable_file(write_csv, monkeypatch) -> None:
    collect = pl.LazyFrame.collect
    tried: list[str] = []

    def query_panics(self: pl.LazyFrame, *args: object, **kwargs: object) -> pl.DataFrame:
        # The query panics in the streaming engine and again in the in-memory one tried
        # right after; every other collect (line count, diagnosis) runs.
        if kwargs.get("engine") == "streaming" or tried[-1:] == ["streaming"]:
            tried.append(str(kwargs.get("engine", "in memory")))
            raise pl.exceptions.PanicException("slice index starts at 1 but ends at 0")
        tried.append("other")
        return collect(self, *args, **kwargs)  # type: ignore[call-overload]

    path = write_csv("kpi_id,period,value,target\nA1,Sep-24,85,80\n")
    monkeypatch.setattr(pl.LazyFrame, "collect", query_panics)
    with pytest.raises(QprError) as info:
        load([path])
    assert "streaming" in tried and "in memory" in tried
    assert "slice index starts at 1 but ends at 0" in str(info.value)
