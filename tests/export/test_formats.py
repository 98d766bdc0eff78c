"""What each export contains: valid HTML and SVG, the cover report's numbers and Red list,
safe CSV, JSON = ``summary --json`` + the KPI table, provenance everywhere, escaped data."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qpr_tui import __version__
from qpr_tui.analysis.summary import Scope
from qpr_tui.document.provenance import export_time
from qpr_tui.errors import QprError
from qpr_tui.export import FORMATS, check_format, default_filename, render
from qpr_tui.export.markdown import md
from qpr_tui.export.table import neutralise, number_cell
from qpr_tui.views.serialise import summary_json

from .conftest import HYPERLINK, NOW, NOW_TEXT, SCRIPT, Loaded

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO.parent / "shared" / "reference" / "kcc-qpr-q2-2024-25-cover-report.txt"

# Sections 2.2 to 2.4 of KCC's Quarter 2 2024/25 cover report, as our Markdown should say
# them (list markers dropped). The reference's OCR typo "(Fol)" is corrected to "(FoI)" and
# its one " - " is our " – ".
EXPECTED_2_2_TO_2_4 = """\
2.2. Of the 40 KPIs included in the report, the latest RAG status are as follows:
16 are rated Green (one fewer than the previous Quarter) – the target was achieved or exceeded.
15 are rated Amber (one more than the previous Quarter) – performance achieved or exceeded the expected floor standard but did not meet target.
Eight are rated Red (the same as the previous Quarter) – performance did not meet the expected floor standard.
One of the new KPIs for 2024/25 has no data at time of publication.
2.3. The eight indicators where the RAG rating is Red, are in:
Customer Services
Percentage of complaints responded to within timescale
Governance and Law
Percentage of Freedom of Information Act (FoI) requests completed within 20 working days
Percentage of Data Protection Act (DPA) Subject Access requests completed within statutory timescales
Children, Young People and Education (Education & Skills)
Percentage of Education, Health Care Plans (EHCPs) issued within 20 weeks
Children, Young People and Education (Integrated Children's Services)
Percentage of case holding posts filled by permanent qualified social workers
Percentage of foster care placements which are in-house or with relatives and friends (excluding UASC)
Number of foster households
Percentage of care leavers in education, employment or training (of those KCC is in touch with)
2.4. With regards to Direction of Travel, 11 indicators show a positive trend (the same as the previous Quarter), 22 are stable or with no clear trend (one more than the previous Quarter), and six are showing a negative trend (one fewer than the previous Quarter).
"""  # noqa: E501

SUMMARY_PARAGRAPH = (
    "Of the 40 Key Performance Indicators (KPIs) contained within the QPR, 16 achieved target "
    "(Green), and 15 achieved or exceeded the floor standard but did not meet target (Amber). "
    "Eight KPIs did not meet the floor standard (Red), and one has no data at time of "
    "publication."
)


def _normalise(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = line.strip()
        while line.startswith("- "):
            line = line[2:].strip()
        line = re.sub(r"\\(.)", r"\1", line)  # Markdown escapes
        line = " ".join(line.split())
        if line:
            out.append(line)
    return out


def _between(text: str, start: str, end: str) -> list[str]:
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if start in line)
    last = next(i for i, line in enumerate(lines) if i > first and line.strip().startswith(end))
    return lines[first:last]


# ---- Markdown: the cover report ---------------------------------------------------------
@pytest.fixture(scope="module")
def sample_md(sample: Loaded) -> str:
    return render(sample.analysis, "md", sample.period, Scope(), now=NOW)


def test_md_sections_match_the_reference_cover_report(sample_md: str) -> None:
    ours = _normalise(_between(sample_md, "2.2. ", "## 3."))
    assert ours == EXPECTED_2_2_TO_2_4.splitlines()


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference cover report not available")
def test_md_matches_the_reference_file_heading_by_heading(sample_md: str) -> None:
    reference = REFERENCE.read_text(encoding="utf-8").replace("(Fol)", "(FoI)")
    theirs = _normalise(_between(reference, "2.2. ", "3. Recommendation"))
    theirs = [line.replace(" - ", " – ") for line in theirs]
    assert _normalise(_between(sample_md, "2.2. ", "## 3.")) == theirs
    assert SUMMARY_PARAGRAPH in " ".join(reference.split())


def test_md_structure(sample_md: str) -> None:
    lines = sample_md.splitlines()
    assert lines[0] == "# Quarterly Performance Report, Quarter 2, 2024/25"
    headings = [line for line in lines if line.startswith("## ")]
    assert headings[:3] == [
        "## 1. Introduction",
        "## 2. Quarter 2 Performance Report",
        "## 3. Recommendation(s)",
    ]
    assert "## Appendix 1: KPI summary, Quarter 2, 2024/25" in headings
    assert headings[-1] == "## About this report"
    assert SUMMARY_PARAGRAPH in lines
    assert (
        "Cabinet is asked to NOTE the Quarter 2 Performance Report and the actions being "
        "taken to address areas where performance is not as targeted."
    ) in lines
    assert any(line.startswith("2.1. Results for KPIs compared to Target") for line in lines)
    assert "end of September 2024" in sample_md
    # Appendix 1 has one table row per KPI, all labelled with glyph and word.
    rows = [line for line in lines if re.match(r"\| [A-Z]+\d+ \| ", line)]
    assert len(rows) == 40
    rag_column = [row.strip("| ").split(" | ")[5] for row in rows]
    assert rag_column.count("■ Red") == 8 and rag_column.count("○ No data") == 1


def test_md_escapes_data(hostile: Loaded) -> None:
    text = render(hostile.analysis, "md", hostile.period, Scope(), now=NOW)
    assert md(SCRIPT) in text
    assert r"\<script>alert(1)\</script> & \[bold\]x\[/\] \| \*y\* \_z\_" in text
    assert not re.search(r"(?<!\\)<(?=[A-Za-z/?]|!(?!--))", text)  # no tag but our comment
    assert "\x1b" not in text
    # Every table row still has the right number of cells despite the | in the data.
    for line in text.splitlines():
        if line.startswith("| H2 |"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 9


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain text", "plain text"),
        ("a|b", r"a\|b"),
        ("*bold* _it_ `code`", r"\*bold\* \_it\_ \`code\`"),
        ("kcc_qpr_sample.csv", "kcc_qpr_sample.csv"),
        ("[link](http://x)", r"\[link\](http://x)"),
        ("# not a heading", r"\# not a heading"),
        ("- not a list", r"\- not a list"),
        ("-5.2", "-5.2"),
        ("1. not a list", r"1\. not a list"),
        ("98.8%", "98.8%"),
        ("> not a quote", r"\> not a quote"),
        ("p < 0.05", "p < 0.05"),
        ("<b>", r"\<b>"),
        ("&amp; stays text", r"\&amp; stays text"),
        ("R&D", "R&D"),
        ("line\nbreak", "line break"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


# ---- HTML -------------------------------------------------------------------------------
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class Checker(HTMLParser):
    """Balanced, properly nested tags; collects text and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.errors: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(document: str) -> Checker:
    checker = Checker()
    checker.feed(document)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    assert checker.doctype.lower() == "doctype html"
    return checker


@pytest.fixture(scope="module")
def sample_html(sample: Loaded) -> str:
    return render(sample.analysis, "html", sample.period, Scope(), now=NOW)


def test_html_is_a_valid_self_contained_document(sample: Loaded, sample_html: str) -> None:
    checker = check_html(sample_html)
    tags = dict(checker.tags)
    assert tags["html"]["lang"] == "en-GB"
    assert any(t == "meta" and a.get("charset") == "utf-8" for t, a in checker.tags)
    title = sample_html.split("<title>")[1].split("</title>")[0]
    assert title == "Quarterly Performance Report, Quarter 2, 2024/25 – Kent County Council"
    lowered = sample_html.lower()
    assert "<script" not in lowered
    assert "src=" not in lowered
    assert not re.search(r"href\s*=\s*[\"']?https?:", lowered)
    assert "<link" not in lowered and "@import" not in lowered and "url(" not in lowered
    text = "".join(checker.text)
    for row in sample.analysis.table(sample.period).iter_rows(named=True):
        assert row["kpi_id"] in text
        assert row["indicator"] in text


def test_html_has_every_section(sample_html: str) -> None:
    text = "".join(check_html(sample_html).text)
    for part in (
        "Quarterly Performance Report, Quarter 2, 2024/25",
        "1. Introduction",
        "2. Quarter 2 Performance Report",
        "2.4. With regards to Direction of Travel",
        "3. Recommendation(s)",
        "4. Contact details",
        "Appendix 1: KPI summary, Quarter 2, 2024/25",
        "RAG status, 2024/25 Q2",
        "Changes in RAG status since the previous quarter",
        "Direction of Travel",
        "Appendix 2: Red indicators, Quarter 2, 2024/25",
        "Red indicators by directorate and service area",
        "Commentary:",
        "Actions:",
        "About this report",
        "kcc_qpr_sample.csv",
        NOW_TEXT,
        f"qpr_tui {__version__}",
    ):
        assert part in text, part
    # Each Red KPI's detail: history of the last quarters.
    assert text.count("2023/24 Q3") >= 8
    # RAG is labelled with glyph and word, never colour alone.
    assert "■ Red" in text and "● Green" in text and "▲ Amber" in text


def test_html_is_a_printable_document(sample_html: str) -> None:
    """Real tables, A4 print styles with appendices on new pages, a chart per Red KPI."""
    checker = check_html(sample_html)
    tags = [tag for tag, _ in checker.tags]
    assert tags.count("table") >= 14 and tags.count("caption") == tags.count("table")
    scopes = [attrs.get("scope") for tag, attrs in checker.tags if tag == "th"]
    assert scopes.count("row") >= 40 and "col" in scopes
    shaded = [a for t, a in checker.tags if t == "td" and "rag-" in (a.get("class") or "")]
    assert len(shaded) >= 80  # this quarter's and last quarter's status, for 40 KPIs
    assert tags.count("figure") == 8 and tags.count("svg") == 8
    assert "@media print" in sample_html and "size: A4" in sample_html
    assert "section.appendix { break-before: page; }" in sample_html
    sections = [a for t, a in checker.tags if t == "section" and a.get("class") == "appendix"]
    assert len(sections) == 2


def test_html_shows_hostile_data_literally(hostile: Loaded) -> None:
    document = render(hostile.analysis, "html", hostile.period, Scope(), now=NOW)
    checker = check_html(document)
    assert "script" not in {tag for tag, _ in checker.tags}
    assert all("href" not in attrs for _, attrs in checker.tags)
    text = "".join(checker.text)
    assert HYPERLINK in text  # shown as written, escaped in the source
    assert "=HYPERLINK(&quot;http://x&quot;)" in document
    assert SCRIPT in text
    assert "[red]act[/]" in text
    assert "\x1b" not in document and "\\x1b[31m" in text


# ---- SVG and text -----------------------------------------------------------------------
def test_svg_is_well_formed_and_self_contained(sample: Loaded) -> None:
    svg = render(sample.analysis, "svg", sample.period, Scope(), now=NOW)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "cdnjs" not in svg and 'url("http' not in svg and "@font-face" not in svg
    assert "<script" not in svg
    text = " ".join("".join(el.itertext()) for el in root.iter())
    assert "Red" in text and "About" in text


def test_svg_with_awkward_scope_is_well_formed(hostile: Loaded) -> None:
    svg = render(hostile.analysis, "svg", hostile.period, Scope("R&D <Ops>"), now=NOW)
    ET.fromstring(svg)


def test_txt_is_plain(sample: Loaded, hostile: Loaded) -> None:
    for loaded in (sample, hostile):
        text = render(loaded.analysis, "txt", loaded.period, Scope(), now=NOW)
        assert "\x1b" not in text
        assert all(line == line.rstrip() for line in text.splitlines())
        assert text.endswith("\n")
    text = render(hostile.analysis, "txt", hostile.period, Scope(), now=NOW)
    assert HYPERLINK in text and SCRIPT in text and "[red]act[/]" in text


def test_environment_does_not_change_rendering(
    sample: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = render(sample.analysis, "txt", sample.period, Scope(), now=NOW)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("TERM", "dumb")
    assert render(sample.analysis, "txt", sample.period, Scope(), now=NOW) == before


# ---- CSV --------------------------------------------------------------------------------
def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_table(sample: Loaded) -> None:
    text = render(sample.analysis, "csv", sample.period, Scope(), now=NOW)
    rows = _csv_rows(text)
    assert len(rows) == 40
    assert list(rows[0]) == [
        "kpi_id",
        "indicator",
        "directorate",
        "service_area",
        "unit",
        "value",
        "target",
        "floor",
        "rag",
        "previous_rag",
        "dot",
        "period",
        "note",
    ]
    assert "\r\n" in text and not text.startswith("\ufeff")
    by_id = {row["kpi_id"]: row for row in rows}
    assert (by_id["CS07"]["value"], by_id["CS07"]["rag"], by_id["CS07"]["previous_rag"]) == (
        "62.3",
        "Red",
        "Red",
    )
    assert by_id["SCS05"]["previous_rag"] == "Amber"
    assert by_id["EY02"]["value"] == "" and by_id["EY02"]["rag"] == "No data"
    assert by_id["EC03"]["value"] == "1511000"
    assert {row["period"] for row in rows} == {"2024/25 Q2"}
    assert sum(row["rag"] == "Red" for row in rows) == 8


def test_csv_neutralises_formulas_but_keeps_negative_numbers(hostile: Loaded) -> None:
    rows = {
        row["kpi_id"]: row
        for row in _csv_rows(render(hostile.analysis, "csv", hostile.period, Scope()))
    }
    assert set(rows) == {"H1", "H2", "'+3"}
    h1 = rows["H1"]
    assert h1["indicator"] == "'" + HYPERLINK
    assert h1["directorate"] == "'-Finance"
    assert h1["service_area"] == "'@SUM(A1)"
    h2 = rows["H2"]
    assert (h2["value"], h2["target"], h2["floor"]) == ("-5.2", "-4", "-3")
    assert h2["indicator"] == SCRIPT  # not a formula: kept as written


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1", "'＝1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(raw: str, safe: str) -> None:
    assert neutralise(raw) == safe


def test_number_cells() -> None:
    assert [number_cell(v) for v in (None, 62.3, 98.0, -5.2, 1511000.0, 0.0001, float("nan"))] == [
        "",
        "62.3",
        "98",
        "-5.2",
        "1511000",
        "0.0001",
        "",
    ]


# ---- JSON -------------------------------------------------------------------------------
def test_json_is_summary_json_plus_table_and_provenance(sample: Loaded) -> None:
    data = json.loads(render(sample.analysis, "json", sample.period, Scope(), now=NOW))
    summary = summary_json(sample.analysis.summary(sample.period, Scope()))
    assert {k: v for k, v in data.items() if k not in ("kpis", "provenance")} == summary
    assert len(data["kpis"]) == 40
    assert {
        "kpi_id",
        "indicator",
        "value",
        "target",
        "floor",
        "rag",
        "previous_rag",
        "dot",
        "period",
    } <= set(data["kpis"][0])
    assert data["rag"] == {
        "green": 16,
        "amber": 15,
        "red": 8,
        "no_data": 1,
        "not_rated": 0,
        "blue": 0,
    }
    assert data["dot"] == {"positive": 11, "stable": 22, "negative": 6}


# ---- provenance -------------------------------------------------------------------------
def test_provenance(sample: Loaded) -> None:
    prov = json.loads(render(sample.analysis, "json", sample.period, Scope(), now=NOW))[
        "provenance"
    ]
    source = sample.analysis.dataset.sources[0]
    assert prov["inputs"] == [
        {
            "name": "kcc_qpr_sample.csv",
            "sha256": source.sha256,
            "bytes": source.size,
            "encoding": source.encoding,
        }
    ]
    assert re.fullmatch(r"[0-9a-f]{64}", source.sha256)
    assert prov["config"]["name"] == "kcc.toml"
    assert re.fullmatch(r"[0-9a-f]{64}", prov["config"]["sha256"])
    assert prov["generator"] == f"qpr_tui {__version__}"
    assert prov["generated_at"] == NOW_TEXT
    assert prov["rag"]["rule"] == "floor" and "floor standard" in prov["rag_rule"]
    assert prov["dot"]["method"] == "regression" and prov["dot"]["window"] == 8
    assert "linear regression over the last 8 quarters" in prov["dot_method"]
    assert (prov["period"], prov["scope"]) == ("2024/25 Q2", "All directorates")


def test_provenance_in_every_format(sample: Loaded, hostile: Loaded) -> None:
    for fmt in ("html", "svg", "txt", "md", "json"):
        text = render(sample.analysis, fmt, sample.period, Scope(), now=NOW)
        assert sample.analysis.dataset.sources[0].sha256 in text, fmt
        assert NOW_TEXT in text, fmt
    md_text = render(hostile.analysis, "md", hostile.period, Scope(), now=NOW)
    assert "**Configuration:** defaults" in md_text


def test_export_time(monkeypatch: pytest.MonkeyPatch) -> None:
    assert export_time(datetime(2025, 1, 9, 9, 30, 15, 999)) == datetime(
        2025, 1, 9, 9, 30, 15, tzinfo=timezone.utc
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736415000")
    assert export_time() == NOW
    monkeypatch.setenv("QPR_EXPORT_TIME", "2025-01-09T10:30:00+01:00")
    assert export_time() == NOW
    monkeypatch.setenv("QPR_EXPORT_TIME", NOW_TEXT)
    assert export_time() == NOW
    monkeypatch.setenv("QPR_EXPORT_TIME", "yesterday")
    with pytest.raises(QprError, match="QPR_EXPORT_TIME"):
        export_time()
    monkeypatch.delenv("QPR_EXPORT_TIME")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(QprError, match="SOURCE_DATE_EPOCH"):
        export_time()


# ---- scope, names, formats --------------------------------------------------------------
def test_scoped_export(sample: Loaded) -> None:
    scope = Scope("Children, Young People and Education")
    text = render(sample.analysis, "md", sample.period, scope, now=NOW)
    assert text.startswith(
        "# Quarterly Performance Report, Quarter 2, 2024/25 "
        "(Children, Young People and Education)\n"
    )
    assert "**Scope:** Children, Young People and Education" in text
    assert "Customer Services" not in text
    rows = _csv_rows(render(sample.analysis, "csv", sample.period, scope))
    assert rows and {r["directorate"] for r in rows} == {scope.directorate}


def test_default_filename(sample: Loaded) -> None:
    period = sample.period
    assert default_filename(period, Scope(), "html") == "qpr-2024-25-Q2-all.html"
    assert default_filename(period, Scope("Children, Young People and Education"), "md") == (
        "qpr-2024-25-Q2-Children-Young-People-and-Education.md"
    )
    assert default_filename(period, Scope("../[red]x/y"), "csv") == "qpr-2024-25-Q2-red-x-y.csv"


def test_formats() -> None:
    assert set(FORMATS) >= {"docx", "html", "svg", "txt", "md", "csv", "json"}
    assert check_format("MD") == "md" and check_format("markdown") == "md"
    assert check_format("Word") == "docx" and check_format(".docx") == "docx"
    with pytest.raises(QprError, match="'rtf' is not an export format"):
        check_format("rtf")


def test_the_command_line_offers_every_format() -> None:
    from qpr_tui.cli import EXPORT_FORMATS

    assert EXPORT_FORMATS == FORMATS
