"""The names of the QPR's slices: scope labels and the cover report's group headings."""

from __future__ import annotations

from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.ingest.reader import load
from qpr_tui.views.headings import heading, red_groups, scope_label


def test_heading_names_the_service_area_only_when_it_differs() -> None:
    assert heading("Growth", "Highways") == "Growth (Highways)"
    assert heading("Growth", "Growth") == "Growth"
    assert heading("Growth", "") == "Growth"
    assert heading("", "Highways") == "(no directorate) (Highways)"


def test_scope_label() -> None:
    assert scope_label(Scope()) == "All directorates"
    assert scope_label(Scope("Growth")) == "Growth"
    assert scope_label(Scope("Growth", "Highways")) == "Growth (Highways)"


def test_red_groups_follow_report_order_under_one_heading_each(write_csv) -> None:
    text = (
        "kpi_id,indicator,directorate,service_area,period,value,target,floor\n"
        "A,Alpha,Growth,Highways,2024/25 Q1,50,80,70\n"
        "B,Beta,Care,,2024/25 Q1,50,80,70\n"
        "C,Gamma,Growth,Highways,2024/25 Q1,90,80,70\n"
        "D,Delta,Growth,Highways,2024/25 Q1,10,80,70\n"
        "E,Epsilon,Care,Care,2024/25 Q1,10,80,70\n"
    )
    summary = Analysis(load([write_csv(text)])).summary()
    groups = [(head, [i.kpi_id for i in items]) for head, items in red_groups(summary)]
    assert groups == [("Growth (Highways)", ["A", "D"]), ("Care", ["B", "E"])]
