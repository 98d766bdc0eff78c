"""`build_document`: the paper for one period and scope, built once from the analysis."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from qpr_tui.analysis.summary import Analysis, KpiLine, Scope, Summary
from qpr_tui.config import ReportConfig
from qpr_tui.document import limits, tables, words
from qpr_tui.document.chart import TrendChart
from qpr_tui.document.model import (
    Block,
    Bullet,
    BulletList,
    ContactCard,
    Document,
    Field,
    Fields,
    Figure,
    HistoryPoint,
    KpiRecord,
    KpiRegister,
    Note,
    Paragraph,
    Properties,
    Section,
)
from qpr_tui.document.provenance import Provenance, build_provenance, export_time
from qpr_tui.periods import month_label
from qpr_tui.views.headings import heading, red_groups, scope_label
from qpr_tui.views.methods import describe_method
from qpr_tui.views.narrative import Narrative, write
from qpr_tui.views.serialise import benchmark_json, kpi_rows, summary_json
from qpr_tui.vocabulary import HIGHER, LOWER, NO_DATA, POLARITY_DESCRIPTIONS, status_label

if TYPE_CHECKING:
    from qpr_tui.analysis.benchmark import PeerGroup

#: The fewest quarters a trend chart shows (more when the DoT window is longer).
CHART_QUARTERS = 8


def build_document(
    analysis: Analysis,
    period: int | None,
    scope: Scope,
    *,
    now: datetime | None = None,
    peers: str | None = None,
) -> Document:
    """The QPR paper for ``period`` (None: the latest) and ``scope``.

    ``now`` fixes the generation time (see `export_time`); ``peers`` names a
    ``[peer_groups]`` group for the benchmark appendix (None: every organisation), which
    appears only when the data has other organisations.
    """
    s = analysis.summary(period, scope)
    report = analysis.config.report
    moment = export_time(now)
    provenance = build_provenance(analysis, s, moment)
    n = write(s)
    organisation = report.organisation or s.organisation
    group = analysis.peer_group(peers) if analysis.has_peers else None
    summary = summary_json(s)
    cuts = paper_cuts(s, report.charts == "all")
    appendices = [kpi_appendix(s), red_appendix(analysis, s, report.charts != "none")]
    if group is not None:
        bench = _benchmark_frame(analysis, s, group)
        appendices.append(benchmark_appendix(s, bench, group))
        summary["benchmark"] = benchmark_json(
            bench, group.label, len(analysis.organisations), group.warning
        )
    if report.charts == "all":
        appendices.append(trends_appendix(analysis, s))
    return Document(
        title=n.title,
        organisation=organisation,
        period=s.period_label,
        scope=scope_label(s.scope),
        front=front_matter(s, n, report, organisation),
        sections=body(s, n, report, questions(analysis, s)),
        appendices=tuple(_numbered(appendices)),
        properties=properties(n.title, organisation, s, provenance, moment),
        provenance=provenance,
        summary=summary,
        kpis=KpiRegister(lambda: kpi_records(analysis, s)),
        about=Section("About this report", (provenance_fields(provenance),)),
        template=template_path(report, analysis.config_source.path),
        template_origin=template_origin(report, analysis.config_source.path),
        left_out=tuple(cut.text for cut in cuts),
    )


def paper_cuts(s: Summary, trends: bool, paged: bool = False) -> list[limits.Cut]:
    """The limits of `qpr_tui.document.limits` that this paper reaches (``paged``: as Word
    and PDF write it)."""
    found = [limits.kpi_rows_cut(s.kpis.height), limits.red_details_cut(len(s.red))]
    if trends:
        found.append(limits.trends_cut(s.kpis.height))
    if paged:
        found.append(limits.paged_cut("movers", len(tables.mover_items(s))))
        found.append(limits.paged_cut("red_list", len(s.red)))
        found.append(limits.names_cut(sum(len(items) for _, items in red_groups(s))))
    return [cut for cut in found if cut is not None]


def _numbered(appendices: list[Section]) -> list[Section]:
    """``Appendix 1: ...`` in order of appearance."""
    return [
        Section(f"Appendix {i}: {a.title}", a.blocks, a.sections, appendix=True)
        for i, a in enumerate(appendices, 1)
    ]


# ---- front matter and the numbered sections ------------------------------------------------
def header_fields(s: Summary, n: Narrative, report: ReportConfig, organisation: str) -> Fields:
    """The paper's header block: only what is known or configured."""
    items = [Field("Organisation", (organisation,))] if organisation else []
    items.append(Field("Scope", (scope_label(s.scope),)))
    candidates = (
        ("From", tuple(name for name in report.from_ if name.strip())),
        ("To", (words.addressed_to(report),)),
        ("Decision No", (report.decision_number,)),
        ("Subject", (n.title,)),
        ("Classification", (report.classification,)),
    )
    items += [Field(name, values) for name, values in candidates if any(v.strip() for v in values)]
    return Fields(tuple(items))


def front_matter(
    s: Summary, n: Narrative, report: ReportConfig, organisation: str
) -> tuple[Block, ...]:
    """Header block, Summary and Recommendation(s), as the cover report opens."""
    return (
        header_fields(s, n, report, organisation),
        Paragraph(f"{words.purpose(report)} {n.intro}", lead="Summary:"),
        Paragraph(n.summary),
        Paragraph(words.recommendation(report, s), lead="Recommendation(s):"),
    )


def body(
    s: Summary, n: Narrative, report: ReportConfig, asked: tuple[Block, ...] = ()
) -> tuple[Section, ...]:
    """The numbered sections of the cover report: Introduction, Performance,
    Recommendation(s), then Questions for the meeting (when ``asked`` holds any) and
    Contact details (when contacts are set)."""
    first, second = words.introduction(s)
    sections = [
        Section(
            "Introduction",
            (Paragraph(first, number="1.1."), Paragraph(second, number="1.2.")),
            number="1",
        ),
        Section(
            f"{s.calendar.report_name(s.period)} Performance Report", performance(n), number="2"
        ),
        Section("Recommendation(s)", (Paragraph(words.recommendation(report, s)),), number="3"),
    ]
    if asked:
        sections.append(Section(words.QUESTIONS, asked, number=str(len(sections) + 1)))
    if report.contacts:
        number = str(len(sections) + 1)
        sections.append(Section("Contact details", contact_cards(report), number=number))
    return tuple(sections)


def questions(analysis: Analysis, s: Summary) -> tuple[Block, ...]:
    """The notes for the meeting on the KPIs in scope this period, in report order: one
    item per KPI (its id, name and rating) with the note's lines under it."""
    notes = analysis.notes.for_period(s.period)
    if not notes:
        return ()
    items: list[Bullet] = []
    for row in s.kpis.iter_rows(named=True):
        text = notes.pop(row["kpi_id"], "")
        if text:
            head = f"{row['kpi_id']}: {row['indicator']} ({status_label(row['rag'])})"
            items.append(Bullet(head, tuple(text.splitlines())))
    for kpi_id, text in notes.items():  # on KPIs with no row this period
        past = analysis.history(kpi_id).filter(s.scope.expr())
        if past.height:
            head = (
                f"{kpi_id}: {past.get_column('indicator')[-1]} (not reported in {s.period_label})"
            )
            items.append(Bullet(head, tuple(text.splitlines())))
    if not items:
        return ()
    return (Paragraph(words.questions_intro(len(items), s)), BulletList(tuple(items)))


def performance(n: Narrative) -> tuple[Block, ...]:
    """Section 2: 2.1 to 2.4, the narrative of `qpr_tui.views.narrative`."""
    blocks: list[Block] = [
        Paragraph(words.RAG_METHOD, number="2.1."),
        Paragraph(n.rag_intro, number="2.2."),
        BulletList(tuple(Bullet(b) for b in n.rag_bullets)),
        Paragraph(n.red_intro, number="2.3."),
    ]
    if n.red_groups:
        blocks.append(BulletList(tuple(Bullet(h, tuple(names)) for h, names in n.red_groups)))
    blocks.append(Paragraph(n.dot, number="2.4."))
    return tuple(blocks)


def contact_cards(report: ReportConfig) -> tuple[Block, ...]:
    cards: list[Block] = []
    for c in report.contacts:
        lines = [c.role, c.team]
        lines += [f"Telephone: {c.phone}" if c.phone.strip() else "", c.email]
        cards.append(ContactCard(c.name, tuple(x for x in lines if x.strip())))
    return tuple(cards)


# ---- appendices ---------------------------------------------------------------------------
def kpi_appendix(s: Summary) -> Section:
    """Counts, DoT, movers and every KPI under its heading."""
    blocks: list[Block] = [
        Note(
            f"RAG: {words.legend(s)}. Direction of Travel: "
            f"{describe_method(s.dot_config, s.calendar.period_word)}."
        ),
        tables.rag_summary(s),
        tables.dot_summary(s),
    ]
    if s.changes:
        blocks.append(tables.movers(s))
    if s.rag.get(NO_DATA):
        blocks.append(Note(f"{status_label(NO_DATA)}: the KPI had no value for {s.period_label}."))
    cut = limits.kpi_rows_cut(s.kpis.height)
    if cut is not None:
        blocks.append(Note(cut.text))
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in s.kpis.head(limits.KPI_ROWS).iter_rows(named=True):
        groups.setdefault(heading(row["directorate"], row["service_area"]), []).append(row)
    subsections = tuple(
        Section(head, (tables.kpi_table(f"{head}, {s.period_label}", rows),))
        for head, rows in groups.items()
    )
    return Section(f"KPI summary, {s.calendar.long_label(s.period)}", tuple(blocks), subsections)


def red_appendix(analysis: Analysis, s: Summary, charts: bool) -> Section:
    """The Red list, then each Red KPI's figures, history, chart, commentary and actions."""
    if not s.red:
        blocks: tuple[Block, ...] = (Paragraph("No indicators are rated Red."),)
        return Section(f"Red indicators, {s.calendar.long_label(s.period)}", blocks)
    detailed = {item.kpi_id for item in s.red[: limits.RED_DETAILS]}
    shown = s.kpis.filter(pl.col("kpi_id").is_in(list(detailed)))
    rows = {row["kpi_id"]: row for row in shown.iter_rows(named=True)}
    groups = tuple(
        Section(
            head,
            sections=tuple(
                red_detail(analysis, s, item, rows.get(item.kpi_id, {}), charts)
                for item in items
                if item.kpi_id in detailed
            ),
        )
        for head, items in red_groups(s)
        if any(item.kpi_id in detailed for item in items)
    )
    title = f"Red indicators, {s.calendar.long_label(s.period)}"
    cut = limits.red_details_cut(len(s.red))
    listed: tuple[Block, ...] = (tables.red_list(s),)
    return Section(title, (*listed, Note(cut.text)) if cut else listed, groups)


def red_detail(
    analysis: Analysis, s: Summary, item: KpiLine, row: dict[str, Any], charts: bool
) -> Section:
    """One Red KPI."""
    about = [POLARITY_DESCRIPTIONS.get(str(row.get("polarity") or ""), "").capitalize()]
    if row.get("owner"):
        about.append(f"Owner: {row['owner']}")
    past = analysis.history(item.kpi_id).filter(pl.col("period") <= s.period)
    blocks: list[Block] = [tables.facts(item, row.get("dot"))]
    if any(about):
        blocks.insert(0, Note(" · ".join(a for a in about if a)))
    recent = tables.history(past, item, s.calendar)
    if recent is not None:
        blocks.append(recent)
    if charts:
        blocks.append(figure(trend_chart(analysis, item.kpi_id, s.period)))
    blocks += [
        Paragraph(item.commentary, lead="Commentary:", empty="none given"),
        Paragraph(item.actions, lead="Actions:", empty="none given"),
    ]
    return Section(f"{item.kpi_id}: {item.indicator}", tuple(blocks))


def benchmark_appendix(s: Summary, bench: pl.DataFrame, group: PeerGroup) -> Section:
    blocks: list[Block] = [tables.benchmark(s, bench, group.label)]
    if group.warning:
        blocks.append(Note(f"Warning: {group.warning}."))
    return Section(f"Benchmark, {s.calendar.long_label(s.period)}", tuple(blocks))


def _benchmark_frame(analysis: Analysis, s: Summary, group: PeerGroup) -> pl.DataFrame:
    kpi_ids = s.kpis.get_column("kpi_id")
    return analysis.benchmark(s.period, group).filter(pl.col("kpi_id").is_in(kpi_ids.implode()))


def trends_appendix(analysis: Analysis, s: Summary) -> Section:
    """A trend chart for every KPI, under its heading."""
    groups: dict[str, list[Block]] = {}
    for row in s.kpis.head(limits.TRENDS).iter_rows(named=True):
        head = heading(row["directorate"], row["service_area"])
        chart = trend_chart(analysis, row["kpi_id"], s.period)
        groups.setdefault(head, []).append(figure(chart))
    subsections = tuple(Section(head, tuple(blocks)) for head, blocks in groups.items())
    cut = limits.trends_cut(s.kpis.height)
    blocks = (Note(cut.text),) if cut else ()
    title = f"Trends, {s.calendar.long_label(s.period)}"
    return Section(title, blocks, sections=subsections)


# ---- charts, records, properties ------------------------------------------------------------
def trend_chart(analysis: Analysis, kpi_id: str, period: int) -> TrendChart:
    """One KPI's last quarters up to ``period`` (a monthly KPI's months), as a chart's data."""
    shown = max(CHART_QUARTERS, analysis.config.dot.window)
    past = analysis.history(kpi_id).filter(pl.col("period") <= period)
    meta = list(past.tail(1).iter_rows(named=True))
    last = meta[-1] if meta else {}
    months = analysis.month_history(kpi_id).filter(pl.col("period") <= period)
    if months.height:
        rows = list(months.tail(shown * 3).iter_rows(named=True))
        labels = tuple(month_label(r["month"]) for r in rows)
    else:
        rows = list(past.tail(shown).iter_rows(named=True))
        labels = tuple(analysis.calendar.label(r["period"]) for r in rows)
    polarity = last.get("polarity")
    return TrendChart(
        kpi_id=kpi_id,
        title=f"{kpi_id}: {last.get('indicator', '')}",
        unit=str(last.get("unit") or ""),
        periods=labels,
        values=tuple(r["value"] for r in rows),
        statuses=tuple(r["rag"] for r in rows),
        targets=tuple(r["target"] for r in rows),
        floors=tuple(r["floor"] for r in rows),
        higher_is_better=True if polarity == HIGHER else False if polarity == LOWER else None,
    )


def figure(chart: TrendChart) -> Figure:
    span = f"{chart.periods[0]} to {chart.periods[-1]}" if chart.periods else "no data"
    return Figure(chart, f"{chart.title}: trend, {span}, with target and floor")


def kpi_records(analysis: Analysis, s: Summary) -> tuple[KpiRecord, ...]:
    """The KPI register: every KPI's row (as the JSON export writes it) and its history."""
    past = analysis.rated.filter(pl.col("period") <= s.period)
    periods = past.get_column("period")
    labels = {p: analysis.calendar.label(p) for p in periods.unique().to_list()}
    series: dict[str, list[HistoryPoint]] = {}
    columns = (past.get_column(c).to_list() for c in ("value", "target", "floor", "rag"))
    for kpi_id, period, *point in zip(
        past.get_column("kpi_id").to_list(), periods.to_list(), *columns, strict=True
    ):
        series.setdefault(kpi_id, []).append(HistoryPoint(labels[period], *point))
    return tuple(
        KpiRecord(
            _with_note(row, analysis.notes.get(row["kpi_id"], s.period)),
            tuple(series.get(row["kpi_id"], ())),
        )
        for row in kpi_rows(s)
    )


def _with_note(row: dict[str, Any], note: str) -> dict[str, Any]:
    """The row with its note for the meeting last ("" for none)."""
    return {**row, "note": note}


def properties(
    title: str, organisation: str, s: Summary, p: Provenance, moment: datetime
) -> Properties:
    """The file properties: title, author, keywords and the provenance."""
    inputs = "; ".join(f"{i['name']} (SHA-256 {i['sha256']})" for i in p.inputs)
    custom = {
        "qpr_inputs": inputs,
        "qpr_configuration": p.config_text,
        "qpr_rag_rule": p.rag_rule,
        "qpr_dot_method": p.dot_method,
        "qpr_generated_at": p.generated_at,
        "qpr_generator": p.generator,
    }
    return Properties(
        title=title + (f" – {organisation}" if organisation else ""),
        subject=f"Quarterly Performance Report, {s.period_label}",
        author=organisation,
        keywords=("QPR", "performance", s.period_label, scope_label(s.scope)),
        comments=f"Generated {p.generated_at} by {p.generator} from {inputs}; "
        f"configuration {p.config_text}",
        identifier=p.inputs[0]["sha256"] if p.inputs else "",
        category="Performance report",
        created=moment,
        generator=p.generator,
        custom=custom,
    )


def template_path(report: ReportConfig, config_path: str) -> str:
    """``[report] template`` as an absolute path, relative to the configuration file."""
    if not report.template.strip():
        return ""
    path = Path(report.template).expanduser()
    if not path.is_absolute() and config_path:
        path = Path(config_path).parent / path
    return str(path.absolute())


def template_origin(report: ReportConfig, config_path: str) -> str:
    """Where ``[report] template`` is written, for messages about the template."""
    if not report.template.strip() or not config_path:
        return ""
    from qpr_tui.config.toml_lines import key_lines, line_of

    try:
        text = Path(config_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return f"{config_path}, [report] template"
    line = line_of(key_lines(text), ("report", "template"))
    return f"{config_path}, line {line}: [report] template" if line else config_path


def provenance_fields(p: Provenance) -> Fields:
    """Where the paper came from, in words."""
    return Fields(tuple(Field(name, (value,)) for name, value in p.lines()))
