"""The bundled sample reproduces KCC's published Q2 2024/25 QPR figures exactly."""

from __future__ import annotations

import json
import re

import pytest

from qpr_tui.cli import main
from tests.conftest import SAMPLE

# Sections 2.2-2.4 of the reference cover report (Cabinet, 9 January 2025), verbatim except
# two known slips in the published text: the OCR "(Fol)" for "(FoI)", and one hyphen where
# the report otherwise uses en dashes.
REFERENCE = """
Of the 40 Key Performance Indicators (KPIs) contained within the QPR, 16 achieved target
(Green), and 15 achieved or exceeded the floor standard but did not meet target (Amber). Eight
KPIs did not meet the floor standard (Red), and one has no data at time of publication.

2.2. Of the 40 KPIs included in the report, the latest RAG status are as follows:
 - 16 are rated Green (one fewer than the previous Quarter) - the target was achieved or
 exceeded.
 - 15 are rated Amber (one more than the previous Quarter) – performance achieved or exceeded
 the expected floor standard but did not meet target.
 - Eight are rated Red (the same as the previous Quarter) – performance did not meet the
 expected floor standard.
 - One of the new KPIs for 2024/25 has no data at time of publication.

2.3. The eight indicators where the RAG rating is Red, are in:
- Customer Services
 - Percentage of complaints responded to within timescale
- Governance and Law
 - Percentage of Freedom of Information Act (Fol) requests completed within 20 working days
 - Percentage of Data Protection Act (DPA) Subject Access requests completed within statutory
 timescales
- Children, Young People and Education (Education & Skills)
 - Percentage of Education, Health Care Plans (EHCPs) issued within 20 weeks
- Children, Young People and Education (Integrated Children's Services)
 - Percentage of case holding posts filled by permanent qualified social workers
 - Percentage of foster care placements which are in-house or with relatives and friends
 (excluding UASC)
 - Number of foster households
 - Percentage of care leavers in education, employment or training (of those KCC is in touch
 with)

2.4. With regards to Direction of Travel, 11 indicators show a positive trend (the same as the
previous Quarter), 22 are stable or with no clear trend (one more than the previous Quarter),
and six are showing a negative trend (one fewer than the previous Quarter).
"""

RED_HEADINGS = [
    ("Customer Services", ["Percentage of complaints responded to within timescale"]),
    (
        "Governance and Law",
        [
            "Percentage of Freedom of Information Act (FoI) requests completed within "
            "20 working days",
            "Percentage of Data Protection Act (DPA) Subject Access requests completed within "
            "statutory timescales",
        ],
    ),
    (
        "Children, Young People and Education (Education & Skills)",
        ["Percentage of Education, Health Care Plans (EHCPs) issued within 20 weeks"],
    ),
    (
        "Children, Young People and Education (Integrated Children's Services)",
        [
            "Percentage of case holding posts filled by permanent qualified social workers",
            "Percentage of foster care placements which are in-house or with relatives and friends "
            "(excluding UASC)",
            "Number of foster households",
            "Percentage of care leavers in education, employment or training (of those KCC is in "
            "touch with)",
        ],
    ),
]


def normalise(text: str) -> str:
    text = text.replace("(Fol)", "(FoI)").replace(" - ", " – ")
    return " ".join(text.split())


def summary_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["summary", str(SAMPLE), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_q2_2024_25_matches_published_figures(capsys) -> None:
    data = summary_json(capsys)
    assert data["period"] == "2024/25 Q2"
    assert data["previous_period"] == "2024/25 Q1"
    assert data["total"] == 40
    assert {k: data["rag"][k] for k in ("green", "amber", "red", "no_data")} == {
        "green": 16,
        "amber": 15,
        "red": 8,
        "no_data": 1,
    }
    assert {k: data["rag_previous"][k] for k in ("green", "amber", "red", "no_data")} == {
        "green": 17,
        "amber": 14,
        "red": 8,
        "no_data": 1,
    }
    assert data["dot"] == {"positive": 11, "stable": 22, "negative": 6}
    assert data["dot_previous"] == {"positive": 11, "stable": 21, "negative": 7}
    names = [(r["directorate"], r["service_area"], r["indicator"]) for r in data["red"]]
    expected = [
        (head.split(" (")[0], head.split(" (")[1][:-1] if " (" in head else "", name)
        for head, items in RED_HEADINGS
        for name in items
    ]
    assert names == expected
    assert [g["heading"] for g in data["red_groups"]] == [h for h, _ in RED_HEADINGS]


def test_q1_is_the_previous_quarter(capsys) -> None:
    data = summary_json(capsys, "--period", "Q1 2024/25")
    assert data["period"] == "2024/25 Q1"
    assert data["total"] == 40
    assert {k: data["rag"][k] for k in ("green", "amber", "red", "no_data")} == {
        "green": 17,
        "amber": 14,
        "red": 8,
        "no_data": 1,
    }
    assert data["dot"] == {"positive": 11, "stable": 21, "negative": 7}


def test_json_keys_and_movers(capsys) -> None:
    data = summary_json(capsys)
    for key in (
        "period",
        "previous_period",
        "total",
        "rag",
        "rag_previous",
        "dot",
        "dot_previous",
        "red",
        "movers",
        "narrative",
    ):
        assert key in data
    for key in ("rag", "rag_previous"):
        assert set(data[key]) >= {"green", "amber", "red", "no_data", "not_rated"}
    for key in ("dot", "dot_previous"):
        assert set(data[key]) == {"positive", "stable", "negative"}
    for item in data["red"]:
        assert set(item) >= {
            "kpi_id",
            "indicator",
            "directorate",
            "service_area",
            "value",
            "target",
            "floor",
        }
        assert isinstance(item["value"], float)
    assert set(data["movers"]) >= {"new_red", "no_longer_red"}
    assert data["movers"]["new_red"] == ["SCS05"]  # Number of foster households
    assert data["movers"]["no_longer_red"] == ["SEN02"]  # out-of-county special schools


def test_narrative_matches_the_cover_report(capsys) -> None:
    data = summary_json(capsys)
    assert normalise(data["narrative"]) == normalise(REFERENCE)


def test_narrative_numbers_are_in_every_section(capsys) -> None:
    sections = summary_json(capsys)["narrative_sections"]
    assert sections["2.2"][1].startswith("16 are rated Green (one fewer than the previous Quarter)")
    assert sections["2.2"][3].startswith("Eight are rated Red (the same as the previous Quarter)")
    assert re.search(r"six are showing a negative trend \(one fewer", sections["2.4"])
