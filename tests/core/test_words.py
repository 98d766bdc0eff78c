"""Words as councils write them: published RAG and polarity text ([rag.words],
[polarity.words] and the built-in spellings), verbose missing-value text, provisional values,
and restated figures across files."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.analysis.summary import Analysis
from qpr_tui.config import Config, RagConfig, parse_config
from qpr_tui.config.schema import LoadConfig, PolarityConfig, RagWord
from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load
from qpr_tui.ingest.values import clean_cells
from qpr_tui.ingest.words import Words
from qpr_tui.validate.checks import find_issues

HEADER = "kpi_id,period,value,target,polarity,rag\n"


def one_file(write_csv, rows: str, config: Config | None = None):
    return load([write_csv(HEADER + rows)], config, strict=False)


def published(ds) -> list[str | None]:
    return ds.frame.sort("_line").get_column("published_rag").to_list()


def issues_of(ds, code: str):
    return [i for i in ds.issues if i.code == code]


# ---- published RAG --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("Green", "G"),
        ("  on   TARGET ", "G"),
        ("Target met", "G"),
        ("Achieved", "G"),
        ("On track", "G"),
        ("Close to target", "A"),
        ("At risk", "A"),
        ("Off target", "R"),
        ("Target missed", "R"),
        ("Not achieved", "R"),
        ("Blue", "B"),
        ("Not rated", "N"),
        ("For information only", "N"),
        ("grey", "N"),
    ],
)
def test_built_in_status_words(write_csv, text: str, letter: str) -> None:
    ds = one_file(write_csv, f"A,2024/25 Q1,80,75,H,{text}\n")
    assert published(ds) == [letter]
    assert not issues_of(ds, "unknown-rag")


def test_configured_status_words_come_first_ignoring_case_and_spacing(write_csv) -> None:
    words: dict[str, RagWord] = {
        "lg": "green",
        "la": "amber",
        "lr": "red",
        "L D": "not rated",
        "at risk": "red",
    }
    config = Config(rag=RagConfig(words=words))
    rows = "A,2024/25 Q1,80,75,H,LG\nB,2024/25 Q1,80,75,H,la\nC,2024/25 Q1,8,75,H,lr\n"
    rows += "D,2024/25 Q1,8,0,H,ld\nE,2024/25 Q1,8,75,H,At Risk\n"
    ds = one_file(write_csv, rows, config)
    assert published(ds) == ["G", "A", "R", "N", "R"]
    assert Words.from_config(config).rag["atrisk"] == "R"  # over the built-in Amber
    assert Words().rag["atrisk"] == "A"


def test_unknown_status_text_is_a_finding_at_its_first_place(write_csv) -> None:
    rows = "A,2024/25 Q1,80,75,H,lg\nB,2024/25 Q1,80,75,H,lg\nC,2024/25 Q1,80,75,H,lg\n"
    rows += "D,2024/25 Q1,80,75,H,purple\n"
    ds = one_file(write_csv, rows)
    found = issues_of(ds, "unknown-rag")
    assert [str(i) for i in found] == [
        f"{ds.sources[0].display}, line 2, column 6 (rag): warning: published RAG 'lg' is not "
        "recognised (nor on 2 more rows): use Green, Amber, Red, Blue or Not rated, or name it "
        "in [rag.words]; it is not compared with the computed RAG",
        f"{ds.sources[0].display}, line 5, column 6 (rag): warning: published RAG 'purple' is "
        "not recognised: use Green, Amber, Red, Blue or Not rated, or name it in [rag.words]; "
        "it is not compared with the computed RAG",
    ]
    assert (found[0].kpi_id, found[1].kpi_id) == ("A", "D")


def test_published_not_rated_is_compared(write_csv) -> None:
    rows = (
        "A,2024/25 Q1,80,75,H,Not rated\n"  # rated Green: a disagreement
        "B,2024/25 Q1,80,,H,Not rated\n"  # no target: agrees
        "C,2024/25 Q1,,75,H,Not rated\n"  # no data: agrees
        "D,2024/25 Q1,80,,H,Green\n"  # published Green, not rated here: a disagreement
    )
    analysis = Analysis(one_file(write_csv, rows))
    mismatches = [i for i in find_issues(analysis) if i.code == "rag-mismatch"]
    assert [(i.kpi_id, i.location.line, i.message) for i in mismatches] == [
        ("A", 2, "published RAG is Not rated but the rules give Green (value 80, target 75)"),
        ("D", 5, "published RAG is Green but the rules give Not rated (value 80)"),
    ]


# ---- polarity -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Aim to Maximise", "H"),
        ("aim to minimise", "L"),
        ("Ascending", "L"),
        ("Descending", "H"),
        ("Higher is better", "H"),
        ("lower  is better", "L"),
        ("↑", "H"),
        ("↓", "L"),
        ("Goldilocks", "T"),
        ("None", "N"),
    ],
)
def test_built_in_polarity_words(write_csv, text: str, code: str) -> None:
    ds = one_file(write_csv, f"A,2024/25 Q1,80,75,{text},\n")
    assert ds.frame.get_column("polarity").to_list() == [code]
    assert not issues_of(ds, "unknown-polarity")


def test_configured_polarity_words(write_csv) -> None:
    config = Config(polarity=PolarityConfig(words={"desc": "higher", "ASC": "lower"}))
    rows = "A,2024/25 Q1,80,75,DESC,\nB,2024/25 Q1,80,75,asc,\nC,2024/25 Q1,80,75,desc,\n"
    ds = one_file(write_csv, rows, config)
    assert ds.frame.sort("_line").get_column("polarity").to_list() == ["H", "L", "H"]
    # Without the configuration asc/desc are not guessed.
    assert len(issues_of(one_file(write_csv, rows), "unknown-polarity")) == 3


def test_unknown_polarity_says_which_polarity_was_used(write_csv) -> None:
    header = "kpi_id,period,value,target,floor,polarity\n"
    rows = "A,2024/25 Q1,8,5,10,sideways\nB,2024/25 Q1,8,10,5,upwards\n"
    ds = load([write_csv(header + rows)])
    found = {i.kpi_id: i for i in issues_of(ds, "unknown-polarity")}
    start = "is not recognised (use higher, lower, target or data only, or name it in "
    start += "[polarity.words]); it is inferred from the target and floor: "
    assert found["A"].message == f"polarity 'sideways' {start}lower is better"
    assert found["B"].message == f"polarity 'upwards' {start}higher is better"
    assert (found["A"].location.line, found["A"].location.column_name) == (2, "polarity")


# ---- missing values and provisional figures ------------------------------------------------
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Annual KPI", "not due"),
        ("Data not available until 2024", "not due"),
        ("Reported annually", "not due"),
        ("figures yet to be confirmed", "awaiting"),
        ("Awaiting data from provider", "awaiting"),
        ("TBC", "awaiting"),
        ("n/a - new indicator", "new"),
        ("New measure for 2024/25", "new"),
        ("Discontinued", "discontinued"),
        ("No longer collected", "discontinued"),
        ("No data this quarter", "no data"),
    ],
)
def test_verbose_missing_value_text_is_a_reason(write_csv, text: str, reason: str) -> None:
    ds = one_file(write_csv, f'A,2024/25 Q1,"{text}",75,H,\n')
    assert ds.frame.item(0, "value_reason") == reason
    assert not issues_of(ds, "bad-value")
    assert [i.message for i in issues_of(ds, "missing-value")] == [f"no value ({reason})"]


def test_text_that_gives_no_reason_is_still_an_unusable_value(write_csv) -> None:
    ds = one_file(write_csv, "A,2024/25 Q1,wibble,75,H,\nB,2024/25 Q1,5,75,H,\n")
    assert ds.frame.sort("_line").item(0, "value_reason") == "unusable value"
    assert [i.message for i in issues_of(ds, "bad-value")] == [
        "the value 'wibble' is not a number, so it was treated as missing"
    ]


def test_a_trailing_asterisk_marks_a_provisional_value(write_csv) -> None:
    rows = 'A,2024/25 Q1,85.2*,75,H,\nB,2024/25 Q1,"1,234 *",75,H,\nC,2024/25 Q1,85.2,75,H,\n'
    rows += "D,2024/25 Q1,*,75,H,\nE,2024/25 Q1,12%*,75,H,\n"
    ds = one_file(write_csv, rows)
    frame = ds.frame.sort("_line")
    assert frame.get_column("value").to_list() == [85.2, 1234.0, 85.2, None, 12.0]
    assert frame.get_column("provisional").to_list() == [True, True, False, False, True]
    assert frame.item(3, "value_reason") == "suppressed"
    assert not issues_of(ds, "bad-value")


@given(st.decimals(min_value=-1e6, max_value=1e6, places=2), st.sampled_from(["*", " *", "% *"]))
def test_any_number_with_a_trailing_asterisk_is_provisional(number: Decimal, mark: str) -> None:
    cells = clean_cells(pl.Series([f"{number}{mark}"]))
    assert cells.item(0, "value") == pytest.approx(float(number))
    assert cells.item(0, "provisional") is True
    assert cells.item(0, "bad") is False


# ---- restated figures ----------------------------------------------------------------------
def two_files(write_csv: Callable[..., Path]) -> tuple[Path, Path]:
    header = "kpi_id,period,value,target\n"
    first = write_csv(header + "A1,2024/25 Q1,80,75\nA2,2024/25 Q1,60,75\n", "q1.csv")
    second = write_csv(header + "A3,2024/25 Q2,1,2\nA1,2024/25 Q1,82,75\n", "q2.csv")
    return first, second


def test_restated_figures_are_an_error_by_default(write_csv) -> None:
    first, second = two_files(write_csv)
    with pytest.raises(QprError) as info:
        load([first, second])
    assert str(info.value) == (
        f"the same KPI and period appear twice: A1 2024/25 Q1 is in {first} line 2 and in "
        f"{second} line 3. Remove one of each pair, or load the files separately. If a later "
        'file restates figures of an earlier one, set [load] restated = "later file wins" in '
        "the configuration."
    )


def test_the_later_file_wins_with_a_note_naming_both_places(write_csv) -> None:
    first, second = two_files(write_csv)
    config = Config(load=LoadConfig(restated="later file wins"))
    ds = load([first, second], config)
    a1 = ds.frame.filter(kpi_id="A1")
    assert a1.get_column("value").to_list() == [82.0] and a1.item(0, "_file") == 1
    assert ds.frame.height == 3
    notes = issues_of(ds, "restated")
    assert [str(i) for i in notes] == [
        f"{second}, line 3, column 3 (value): info: A1 2024/25 Q1 is restated: {second} line 3 "
        f"(the later file) replaces {first} line 2"
    ]
    # The order on the command line decides.
    again = load([second, first], config)
    assert again.frame.filter(kpi_id="A1").get_column("value").to_list() == [80.0]


def test_a_duplicate_within_one_file_stays_an_error(write_csv) -> None:
    header = "kpi_id,period,value,target\n"
    twice = write_csv(header + "A1,2024/25 Q1,80,75\nA1,2024/25 Q1,81,75\n", "twice.csv")
    other = write_csv(header + "A1,2024/25 Q1,82,75\n", "other.csv")
    config = Config(load=LoadConfig(restated="later file wins"))
    with pytest.raises(QprError, match="the same KPI and period appear twice"):
        load([twice], config)
    with pytest.raises(QprError, match=r"twice\.csv line 3"):
        load([twice, other], config)


# ---- the configuration's words and rules ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[rag.words]\nlg = "grene"\n',
            'my.toml, line 2: [rag.words] lg = "grene" is not one of "green", "amber", "red", '
            '"blue", "not rated"',
        ),
        (
            '[polarity.words]\ndesc = "up"\n',
            'my.toml, line 2: [polarity.words] desc = "up" is not one of "higher", "lower", '
            '"target", "data only"',
        ),
        (
            '[rag]\nequal_to_target = "red"\n',
            'my.toml, line 2: [rag] equal_to_target = "red" is not one of "green", "amber"',
        ),
        (
            '[kpi."RB09"]\nzero_target = "none"\n',
            'my.toml, line 2: [kpi.RB09] zero_target = "none" is not one of "a target", '
            '"no target"',
        ),
        (
            '[load]\nrestated = "later"\n',
            'my.toml, line 2: [load] restated = "later" is not one of "error", "later file wins"',
        ),
    ],
)
def test_wrong_words_and_rules_in_the_configuration(text: str, message: str) -> None:
    with pytest.raises(QprError) as info:
        parse_config(text, "my.toml")
    assert str(info.value) == message


def test_configured_words_and_rules_are_read() -> None:
    text = (
        '[rag]\nequal_to_target = "amber"\n[rag.words]\n"On target" = "green"\nld = "not rated"\n'
        '[polarity.words]\ndesc = "higher"\n[kpi."RB09"]\nzero_target = "no target"\n'
        '[load]\nrestated = "later file wins"\n'
    )
    config = parse_config(text, "my.toml").config
    words = Words.from_config(config)
    assert (words.rag["ontarget"], words.rag["ld"], words.polarity["desc"]) == ("G", "N", "H")
    assert config.kpi["RB09"].zero_target == "no target"
    assert (config.rag.equal_to_target, config.load.restated) == ("amber", "later file wins")
