"""Findings as a frame (`qpr_tui.findings`) say what the `Issue` objects they stand for say:
the same findings back, the same order most severe first, the same short places, and
``qpr validate --json`` writes from the frame what it wrote from the objects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qpr_tui.errors import Issue, Location, Severity
from qpr_tui.findings import Findings, short_places, worst_first
from qpr_tui.validate.checks import SEVERITY_ORDER, counts, flagged_kpis
from qpr_tui.validate.command import issues_json
from qpr_tui.views.text import json_text

BAD = Path(__file__).parent / "data" / "bad"

ISSUES = [
    Issue(
        Severity.INFO,
        "missing-value",
        "no value (blank)",
        Location("d/a.csv", 5, 7, "value"),
        "K1",
        "2024/25 Q1",
    ),
    Issue(
        Severity.WARNING,
        "blank-floor",
        "the floor is blank",
        Location("d/a.csv", 3, 9, "floor"),
        "K2",
        "2024/25 Q2",
    ),
    Issue(
        Severity.ERROR,
        "bad-target",
        "not a number",
        Location("b.xlsx", 14, 28, "target", sheet="People"),
        "K1",
    ),
    Issue(Severity.WARNING, "config", "unknown key", Location("qpr.toml", 2)),
    Issue(Severity.WARNING, "short-row", "too few", Location("d/a.csv", 3, 2, "", "row")),
    Issue(Severity.INFO, "skipped-sheet", "the sheet is empty", Location("b.xlsx", sheet="Notes")),
]


def old_json(issue: Issue) -> dict[str, object]:
    """A finding's record as ``qpr validate --json`` wrote it from an `Issue`."""
    loc = issue.location
    return {
        "severity": issue.severity.value,
        "code": issue.code,
        "message": issue.message,
        "file": loc.file,
        "sheet": loc.sheet or None,
        "line": loc.line or None,
        "column": loc.column or None,
        "column_name": loc.column_name or None,
        "kpi_id": issue.kpi_id or None,
        "period": issue.period or None,
    }


def test_findings_give_back_the_issues_they_were_made_of() -> None:
    found = Findings.of(ISSUES)
    assert list(found) == ISSUES
    assert len(found) == len(ISSUES) and found[2] == ISSUES[2]
    assert list(Findings.concat([ISSUES[:2], Findings.of(ISSUES[2:])])) == ISSUES
    assert not Findings() and list(Findings.of([])) == []


def test_worst_first_is_the_order_of_a_stable_sort_of_the_issues() -> None:
    def key(i: Issue) -> tuple[object, ...]:
        loc = i.location
        return (SEVERITY_ORDER[i.severity], loc.file, loc.sheet, loc.line, loc.column)

    assert list(worst_first(Findings.of(ISSUES * 2))) == sorted(ISSUES * 2, key=key)


def test_short_places_are_the_locations_in_short() -> None:
    assert short_places(Findings.of(ISSUES)) == [i.location.short() for i in ISSUES]


def test_counts_and_flags_from_the_frame() -> None:
    found = Findings.of(ISSUES)
    assert counts(found) == {"error": 1, "warning": 3, "info": 2}
    assert flagged_kpis(found) == {"K1": Severity.ERROR, "K2": Severity.WARNING}
    assert counts(Findings()) == {"error": 0, "warning": 0, "info": 0}


def test_the_json_records_are_those_written_from_issues() -> None:
    found = Findings.of(ISSUES)
    assert json_text(issues_json(found)) == json_text([old_json(i) for i in ISSUES])


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.csv")))
def test_validate_json_of_bad_files_is_what_issues_would_write(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from qpr_tui.cli import main

    code = main(["validate", str(BAD / name), "--json"])
    out = capsys.readouterr().out
    if code == 2:
        return  # the file cannot be used at all: no findings to write
    data = json.loads(out)
    rebuilt = [old_json(i) for i in _issues(data["issues"])]
    assert data["issues"] == rebuilt


def _issues(records: list[dict[str, object]]) -> list[Issue]:
    return [
        Issue(
            Severity(r["severity"]),
            str(r["code"]),
            str(r["message"]),
            Location(
                str(r["file"]),
                int(r["line"] or 0),  # type: ignore[call-overload]
                int(r["column"] or 0),  # type: ignore[call-overload]
                str(r["column_name"] or ""),
                sheet=str(r["sheet"] or ""),
            ),
            str(r["kpi_id"] or ""),
            str(r["period"] or ""),
        )
        for r in records
    ]


def test_findings_from_rows_take_defaults_and_repeat_constants() -> None:
    import polars as pl

    from qpr_tui.findings import from_rows

    rows = pl.DataFrame({"_line": [4, 9]})
    made = from_rows(
        rows, severity="warning", code="x", message="m", file="a.csv", line=pl.col("_line")
    )
    assert [i.location.line for i in made] == [4, 9]
    assert made[0] == Issue(Severity.WARNING, "x", "m", Location("a.csv", 4))
    only_constants = from_rows(rows, severity="info", code="y", message="n", file="b.csv")
    assert len(only_constants) == 2
    assert not from_rows(rows.clear(), severity="info", code="y", message="n", file="b.csv")
