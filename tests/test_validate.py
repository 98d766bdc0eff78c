from __future__ import annotations

import json

from qpr_tui.analysis.summary import Analysis
from qpr_tui.cli import main
from qpr_tui.ingest.reader import load
from qpr_tui.validate.checks import counts, find_issues, flagged_kpis
from tests.conftest import SAMPLE

HEADER = "kpi_id,indicator,unit,polarity,period,value,target,floor,rag\n"


def findings(write_csv, rows: str) -> dict[str, list[tuple[str, int, str]]]:
    analysis = Analysis(load([write_csv(HEADER + rows)], strict=False))
    out: dict[str, list[tuple[str, int, str]]] = {}
    for issue in find_issues(analysis):
        out.setdefault(issue.code, []).append(
            (issue.kpi_id, issue.location.line, issue.location.column_name)
        )
    return out


def test_threshold_changes_within_a_financial_year(write_csv) -> None:
    rows = (
        "A,Alpha,%,H,2024/25 Q1,80,80,70,\nA,Alpha,%,H,2024/25 Q2,80,85,70,\n"
        "A,Alpha,%,H,2023/24 Q4,80,75,65,\n"
    )
    found = findings(write_csv, rows)
    assert found["target-changed"] == [("A", 3, "target")]
    assert "floor-changed" not in found  # 65 -> 70 is across a year boundary


def test_floor_on_the_wrong_side(write_csv) -> None:
    found = findings(write_csv, "A,Alpha,%,H,Sep-24,80,70,75,\nB,Beta,%,L,Sep-24,5,10,8,\n")
    assert found["floor-wrong-side"] == [("A", 2, "floor"), ("B", 3, "floor")]


def test_published_rag_disagreeing(write_csv) -> None:
    found = findings(write_csv, "A,Alpha,%,H,Sep-24,72,80,70,Green\nB,Beta,%,H,Sep-24,90,80,70,G\n")
    assert found["rag-mismatch"] == [("A", 2, "rag")]


def test_stale_gap_outlier_and_percent_range(write_csv) -> None:
    series = [50, 51, 50, 52, 51, 5, 50, 51]
    periods = [
        "2022/23 Q1",
        "2022/23 Q2",
        "2022/23 Q3",
        "2022/23 Q4",
        "2023/24 Q1",
        "2023/24 Q2",
        "2023/24 Q3",
        "2023/24 Q4",
    ]
    rows = "".join(f"A,Alpha,%,H,{p},{v},40,30,\n" for p, v in zip(periods, series, strict=True))
    rows += "B,Beta,%,H,2022/23 Q1,101,90,80,\nB,Beta,%,H,2023/24 Q4,-1,90,80,\n"
    rows += "C,Gamma,number,H,2022/23 Q1,5,4,3,\n"
    found = findings(write_csv, rows)
    assert found["outlier"] == [("A", 7, "value")]
    assert ("C", 12, "value") in found["stale"]
    assert found["gap"][0][0] == "B"
    assert found["percent-range"] == [("B", 10, "value"), ("B", 11, "value")]


def test_steady_trend_is_not_an_outlier(write_csv) -> None:
    periods = [f"20{y}/{y + 1} Q{q}" for y in range(20, 24) for q in range(1, 5)]
    rows = "".join(f"A,Alpha,number,H,{p},{10 * i},40,30,\n" for i, p in enumerate(periods))
    assert "outlier" not in findings(write_csv, rows)


def test_sample_is_clean_and_flags(capsys) -> None:
    analysis = Analysis(load([SAMPLE]))
    issues = find_issues(analysis)
    assert counts(issues) == {"error": 0, "warning": 0, "info": 2}
    assert flagged_kpis(issues) == {"EY02": issues[0].severity}
    assert main(["validate", str(SAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["info"] == 2
    assert data["issues"][0]["message"] == "no value (New KPI for 2024/25: data not yet available)"
    assert data["issues"][0]["line"] and data["issues"][0]["column_name"] == "value"


def test_validate_lists_duplicates_instead_of_stopping(capsys, write_csv) -> None:
    a = write_csv("kpi_id,period,value,target\nA,Sep-24,1,2\n", "a.csv")
    b = write_csv("kpi_id,period,value,target\nA,2024/25 Q2,3,2\n", "b.csv")
    assert main(["validate", str(a), str(b), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    dup = [i for i in data["issues"] if i["code"] == "duplicate"]
    assert dup and "a.csv line 2" in dup[0]["message"] and "b.csv line 2" in dup[0]["message"]
    assert main(["validate", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "Errors (1)" in out


def test_validate_reports_keys_the_app_would_not_apply(tmp_path, capsys) -> None:
    config = tmp_path / "keys.toml"
    config.write_text(
        '[keys]\n"app.quit" = "e"\n"quality.severty" = "x"\n"period.next" = "full stop"\n'
        '"period.previous" = "p"\n',
        encoding="utf-8",
    )
    code = main(["validate", str(SAMPLE), "--config", str(config), "--json"])
    assert code == 1
    found = [
        (i["line"], i["message"])
        for i in json.loads(capsys.readouterr().out)["issues"]
        if i["code"] == "config-keys"
    ]
    assert found == [
        (
            2,
            '[keys] "app.quit" = "e" was ignored: e is Export (app.export) everywhere; '
            "Quit keeps q",
        ),
        (
            3,
            '[keys] "quality.severty" = "x" was ignored: there is no binding with that id '
            '(did you mean "quality.severity"?)',
        ),
        (
            4,
            '[keys] "period.next" = "full stop" was ignored: "full stop" is not a key name '
            '(did you mean "full_stop"?); Next qtr keeps ]',
        ),
        (
            5,
            '[keys] "period.previous" = "p" was ignored: p is Prev KPI (kpi.previous) in the '
            "Red detail panel, the Trends panel and the KPI detail; Prev qtr keeps [",
        ),
    ]


def test_a_key_that_is_not_a_string_is_refused_with_its_line(tmp_path, capsys) -> None:
    config = tmp_path / "keys.toml"
    config.write_text('organisation = "Kent"\n[keys]\n"period.next" = {a = 1}\n', "utf-8")
    assert main(["validate", str(SAMPLE), "--config", str(config)]) == 2
    assert capsys.readouterr().err == (
        f'qpr: error: {config}, line 3: [keys] "period.next" must be a key name in quotes, '
        'such as "ctrl+n" or "comma", not a table\n'
    )


def test_unread_commentary_leaves_the_findings_as_they_were(write_csv) -> None:
    """Without texts, commentary and actions are blank; a row with nothing but commentary
    is still a row (not a spacer line), so its findings stay."""
    path = write_csv(
        "kpi_id,period,value,target,floor,polarity,commentary,actions\n"
        'A1,2024/25 Q1,50,60,40,higher,"Fell\nshort",Review\n'
        ",,,,,,only a remark,\n"
        "A1,2024/25 Q2,,60,40,higher,,\n"
    )
    full = load([path], strict=False, everything=True)
    lean = load([path], strict=False, everything=True, texts=False)
    assert full.frame.get_column("commentary").to_list()[0] == "Fell short"
    assert set(lean.frame.get_column("commentary").to_list()) == {""}
    assert set(lean.frame.get_column("actions").to_list()) == {""}
    assert lean.frame.height == full.frame.height
    assert lean.issues.frame.equals(full.issues.frame)
    assert len(full.issues) > 0
