"""KPI catalogues joined to the value files, and [kpi."ID"] overrides of what files say."""

from __future__ import annotations

import polars as pl
import pytest

from qpr_tui.config import parse_config
from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load, read_file

VALUES = """kpi_id,period,value,target,polarity
A1,2024/25 Q1,10,12,
A1,2024/25 Q2,13,,
B2,2024/25 Q2,5,4,lower
Z9,2024/25 Q2,7,,
"""
CATALOGUE = """KPI ID,Name,Polarity,Unit,Target,Floor,Owner,Directorate
A1,Alpha things,lower,%,11,14,Ann,People
B2,Beta,higher,,3,,Bob,Place
C3,Gamma,up,,1,,Cy,Place
"""


def row(ds, kpi: str, column: str) -> list[object]:
    return ds.frame.filter(pl.col("kpi_id") == kpi).sort("period").get_column(column).to_list()


def found(ds, code: str) -> list[str]:
    return [i.message for i in ds.issues if i.code == code]


def test_ids_and_definitions_without_values_are_a_catalogue(write_csv) -> None:
    _frame, _, source, issues = read_file(write_csv(CATALOGUE, "kpis.csv"), parse_config("").config)
    assert source.role == "kpis"
    assert not [i for i in issues if i.code == "no-target-column"]


def test_the_catalogue_fills_blanks_and_defines_the_kpi(write_csv) -> None:
    ds = load([write_csv(VALUES, "values.csv"), write_csv(CATALOGUE, "kpis.csv")])
    assert ds.frame.height == 4  # the catalogue adds no rows
    assert row(ds, "A1", "indicator") == ["Alpha things"] * 2
    assert row(ds, "A1", "owner") == ["Ann"] * 2
    assert row(ds, "A1", "directorate") == ["People"] * 2
    assert row(ds, "A1", "polarity") == ["L", "L"]
    # The value file's target (per period) wins; the catalogue's fills the quarter without one.
    assert row(ds, "A1", "target") == [12.0, 11.0]
    assert row(ds, "A1", "floor") == [14.0, 14.0]
    # Polarity is a definition: the catalogue's wins, and the disagreement is a warning.
    assert row(ds, "B2", "polarity") == ["H"]
    assert row(ds, "B2", "target") == [4.0]


def test_disagreements_are_findings_one_per_field(write_csv) -> None:
    catalogue = write_csv(CATALOGUE, "kpis.csv")
    ds = load([write_csv(VALUES, "values.csv"), catalogue])
    assert found(ds, "catalogue-differs") == [
        "the polarity of B2 is 'H' in the catalogue and 'L' in the values; the catalogue's "
        "was used",
        "the target of A1 is 11 in the catalogue and 12 in the values (and for 1 KPI more); "
        "the value file's was used",
    ]
    polarity = next(i for i in ds.issues if i.code == "catalogue-differs")
    assert polarity.severity.value == "warning"
    assert (polarity.location.file, polarity.location.line, polarity.location.column) == (
        str(catalogue),
        3,
        3,
    )


def test_ids_on_one_side_only_are_counted(write_csv) -> None:
    ds = load([write_csv(VALUES, "values.csv"), write_csv(CATALOGUE, "kpis.csv")])
    assert found(ds, "catalogue-no-values") == ["1 KPI of the catalogue has no values: C3"]
    assert found(ds, "not-in-catalogue") == [
        "1 KPI with values is not in the catalogue (Z9); only the value files describe it"
    ]


def test_a_big_catalogue_does_not_flood_the_findings(write_csv) -> None:
    lines = "".join(f"K{n:03},Name {n},Odd word,%\n" for n in range(200))
    catalogue = write_csv("Code,Title,Ranking_Type,Unit\nA1,Alpha,Odd word,%\n" + lines, "c.csv")
    ds = load([write_csv(VALUES, "values.csv"), catalogue])
    assert found(ds, "catalogue-no-values") == [
        "200 KPIs of the catalogue have no values: K000, K001, K002, K003, K004 and 195 more"
    ]
    loaded = parse_config('[files."c.csv"]\ncolumns = { polarity = ["Ranking_Type"] }\n')
    ds = load([write_csv(VALUES, "values.csv"), catalogue], loaded.config)
    [unknown] = [i for i in ds.issues if i.code == "unknown-polarity"]
    assert unknown.message == (
        "polarity 'Odd word' is not recognised (use higher, lower, target or data only, or "
        "name it in [polarity.words]); 201 KPIs of the catalogue have it, inferred from their "
        "target and floor: A1, K000, K001, K002, K003 and 196 more"
    )
    assert (unknown.location.line, unknown.location.column) == (2, 3)


def test_a_file_is_a_catalogue_when_so_configured(write_csv) -> None:
    # A value column would make it a value file; role = "kpis" says it is not.
    catalogue = write_csv("Code,Title,Value\nA1,Alpha,3\n", "defs.csv")
    loaded = parse_config('[files."defs.csv"]\nrole = "kpis"\n')
    ds = load([write_csv(VALUES, "values.csv"), catalogue], loaded.config)
    assert ds.sources[1].role == "kpis"
    assert row(ds, "A1", "indicator") == ["Alpha", "Alpha"]


def test_an_id_described_twice_keeps_the_first(write_csv) -> None:
    catalogue = write_csv(CATALOGUE + "A1,Another alpha,higher,,,,,\n", "kpis.csv")
    ds = load([write_csv(VALUES, "values.csv"), catalogue])
    assert found(ds, "catalogue-duplicate") == [
        "A1 is described twice in the catalogue; the first row was used"
    ]
    assert row(ds, "A1", "indicator") == ["Alpha things"] * 2


def test_catalogues_alone_are_refused(write_csv) -> None:
    catalogue = write_csv(CATALOGUE, "kpis.csv")
    with pytest.raises(QprError) as caught:
        load([catalogue])
    assert str(caught.value) == (
        f"{catalogue}, line 1: every file given is a KPI catalogue (KPI ids and definitions, "
        "no periods or values), so there is nothing to report. Give the files of values too, "
        "or map their columns in the configuration."
    )


def test_kpi_settings_override_the_files_with_notes(write_csv) -> None:
    loaded = parse_config(
        '[kpi."A1"]\npolarity = "data only"\nunit = "days"\ntarget = 20\n\n'
        '[kpi."B2"]\npolarity = "lower"\nfloor = 6\n',
        "qpr.toml",
    )
    ds = load(
        [write_csv(VALUES, "values.csv"), write_csv(CATALOGUE, "kpis.csv")],
        loaded.config,
        config_source=loaded.source,
    )
    assert row(ds, "A1", "polarity") == ["N", "N"]
    assert row(ds, "A1", "unit") == ["days", "days"]
    assert row(ds, "A1", "target") == [20.0, 20.0]
    assert (row(ds, "B2", "polarity"), row(ds, "B2", "floor")) == (["L"], [6.0])
    assert found(ds, "config-override") == [
        '[kpi."A1"] polarity = "data only" replaces "lower" given in the file (and on 1 more row)',
        '[kpi."B2"] polarity = "lower" replaces "higher" given in the file',
        '[kpi."A1"] unit = "days" replaces "%" given in the file (and on 1 more row)',
        '[kpi."A1"] target = 20 replaces 12 given in the file (and on 1 more row)',
    ]


def test_a_kpi_table_that_matches_no_kpi_is_a_warning_at_its_line(write_csv) -> None:
    loaded = parse_config('[kpi."A1"]\nunit = "%"\n\n[kpi."NOPE"]\npolarity = "lower"\n', "q.toml")
    ds = load([write_csv(VALUES)], loaded.config, config_source=loaded.source)
    [warning] = [i for i in ds.issues if i.code == "config-unknown-kpi"]
    assert (
        warning.message == '[kpi."NOPE"] matches no KPI in the data, so its settings were not used'
    )
    assert (warning.location.file, warning.location.line) == ("q.toml", 4)
    assert str(warning) == (
        'q.toml, line 4: warning: [kpi."NOPE"] matches no KPI in the data, so its settings '
        "were not used"
    )


def test_ids_spelt_differently_in_the_catalogue_say_how_to_match_them(write_csv) -> None:
    catalogue = write_csv("Code,Code_Sortable,Title,Polarity\nA01,A 01,Alpha,up\n", "i.csv")
    values = write_csv("Code,period,value\nA 01,2024/25 Q1,3\n", "v.csv")
    ds = load([values, catalogue])
    [stray] = [i for i in ds.issues if i.code == "not-in-catalogue"]
    assert stray.message == (
        "none of the 1 KPI with values is in the catalogue i.csv: the values have A 01, the "
        'catalogue A01. Map the catalogue\'s column of matching ids in [files."i.csv"] '
        'columns = { kpi_id = ["..."] }'
    )
    loaded = parse_config('[files."i.csv"]\ncolumns = { kpi_id = ["Code_Sortable"] }\n')
    ds = load([values, catalogue], loaded.config)
    assert not [i for i in ds.issues if i.code in ("not-in-catalogue", "catalogue-no-values")]
    assert row(ds, "A 01", "indicator") == ["Alpha"]


def test_a_catalogues_value_columns_are_said_to_be_unused(write_csv) -> None:
    catalogue = write_csv("Code,Title,Value,Commentary\nA1,Alpha,3,fine\n", "defs.csv")
    loaded = parse_config('[files."defs.csv"]\nrole = "kpis"\n')
    ds = load([write_csv(VALUES, "values.csv"), catalogue], loaded.config)
    unused = [i.message for i in ds.issues if i.code == "unused-column"]
    assert unused == [
        "column 'Value' (value) is not used: a KPI catalogue describes KPIs, not their values "
        "in a period",
        "column 'Commentary' (commentary) is not used: a KPI catalogue describes KPIs, not "
        "their values in a period",
    ]
