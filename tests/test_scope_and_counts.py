"""``--scope`` names a directorate or a service area in any case; Data quality and
``qpr validate`` say whose rows they count."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.cli import main
from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load
from qpr_tui.loading import find_scope, load_from_args
from qpr_tui.validate.checks import counted
from tests.conftest import SAMPLE

EDUCATION = "Children, Young People and Education"
BENCH = "organisation,kpi_id,indicator,polarity,period,value,target,floor\n" + "".join(
    f"{org},UP,Up KPI,H,{period},{value},50,40\n"
    for period, values in (("Jun-24", (10, 20, 30, "n/a", 50)), ("Sep-24", (70, 90, 60, 50, 10)))
    for org, value in zip(("Home", "A", "B", "C", "D"), values, strict=True)
)
TWO_AREAS = (
    "kpi_id,indicator,directorate,service_area,polarity,period,value,target,floor\n"
    "A1,Alpha,North,Libraries,H,Sep-24,80,80,70\n"
    "B1,Beta,South,Libraries,H,Sep-24,80,80,70\n"
)


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return Analysis(load([SAMPLE]))


@pytest.mark.parametrize(
    ("typed", "scope"),
    [
        ("Customer Services", Scope("Customer Services")),
        ("customer services", Scope("Customer Services")),
        ("  CUSTOMER   services ", Scope("Customer Services")),
        ("education & skills", Scope(EDUCATION, "Education & Skills")),
        (f"{EDUCATION} (Education & Skills)".upper(), Scope(EDUCATION, "Education & Skills")),
        ("all directorates", Scope()),
    ],
)
def test_scope_names_in_any_case(sample: Analysis, typed: str, scope: Scope) -> None:
    assert find_scope(sample, typed) == scope


def test_an_unknown_scope_says_what_there_is(sample: Analysis) -> None:
    with pytest.raises(QprError) as caught:
        find_scope(sample, "Nope")
    message = str(caught.value)
    assert message.startswith("there is no directorate 'Nope' (the data has: Customer Services;")
    assert "nor a service area of that name (any case" in message


def test_a_service_area_in_two_directorates_asks_for_the_heading(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text(TWO_AREAS)
    analysis = Analysis(load([path]))
    with pytest.raises(QprError) as caught:
        find_scope(analysis, "libraries")
    assert str(caught.value) == (
        "'libraries' is a service area in several directorates (North; South): name it as "
        "'North (Libraries)'."
    )
    assert find_scope(analysis, "south (libraries)") == Scope("South", "Libraries")


def test_the_command_line_scope_takes_a_service_area(capsys: pytest.CaptureFixture[str]) -> None:
    namespace = argparse.Namespace(
        files=[str(SAMPLE)], config=None, period=None, organisation=None, scope="PUBLIC HEALTH"
    )
    _, _, scope = load_from_args(namespace)
    assert scope == Scope("Adult Social Care and Health", "Public Health")
    assert main(["summary", str(SAMPLE), "--scope", "public health", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scope"] == "Adult Social Care and Health (Public Health)" and data["total"] == 4


def test_counted_says_whose_rows(sample: Analysis, tmp_path: Path) -> None:
    assert counted(sample) == "counted over every row"
    path = tmp_path / "bench.csv"
    path.write_text(BENCH)
    home_only = Analysis(load([path]))
    assert counted(home_only) == (
        "counted over the rows of Home, the home organisation ('qpr validate' also counts "
        "the other 4 organisations')"
    )
    everyone = Analysis(load([path], strict=False, everything=True))
    assert counted(everyone) == (
        "counted over the rows of all 5 organisations (the checks across quarters: Home's only)"
    )


def test_validate_says_what_it_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bench.csv"
    path.write_text(BENCH)
    main(["validate", str(path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["counted"].startswith("counted over the rows of all 5 organisations")
    main(["validate", str(SAMPLE)])
    out = " ".join(capsys.readouterr().out.split())
    assert "0 errors, 0 warnings, 2 notes, counted over every row" in out
