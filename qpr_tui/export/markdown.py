"""The cover report as Markdown, in the structure of KCC's Quarterly Performance Report.

Title, the Summary block, 1 Introduction, 2 (2.1 to 2.4: RAG counts with the change since the
previous Quarter, the Red list grouped by heading, Direction of Travel), 3 Recommendation(s)
(a placeholder to edit), then Appendix 1 (every KPI, by directorate), Appendix 2 (each Red
KPI's figures, recent quarters, commentary and actions) and the provenance. One paragraph
per line, so it pastes cleanly into Word. Data strings are escaped (`md`), so a KPI called
``*x* | [y](z)`` prints as written and cannot break a table.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import polars as pl

from qpr_tui.analysis.summary import KpiLine
from qpr_tui.periods import end_month, label, long_label, quarter
from qpr_tui.views.headings import heading, red_groups, scope_label
from qpr_tui.views.methods import describe_method
from qpr_tui.views.narrative import Narrative, write
from qpr_tui.views.numbers import format_value, plural
from qpr_tui.views.style import dot_text, rag_text
from qpr_tui.views.text import clean
from qpr_tui.vocabulary import (
    AMBER,
    BLUE,
    CORE_STATUSES,
    GREEN,
    NO_DATA,
    NOT_RATED,
    RED,
    STATUSES,
    status_label,
)

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Analysis, Summary
    from qpr_tui.export.provenance import Provenance

HISTORY_QUARTERS = 5

# Always special inline: backslash, code, emphasis, links, table pipes, strikethrough,
# maths; "<" only where it could open a tag or autolink; "_" only at a word edge (GFM
# ignores it inside words, so kcc_qpr_sample.csv stays readable).
_INLINE = re.compile(r"[\\`*\[\]|~$]|<(?=[A-Za-z/!?])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Special only at the start of a block: headings, list items, block quotes, setext lines.
_BLOCK_START = re.compile(r"^(?:[#+\-=](?=\s|$|[#+\-=])|>)")
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md(value: object) -> str:
    """Escape a data string for Markdown (CommonMark and GitHub-flavoured).

    Inline syntax (emphasis, code, links, HTML, table pipes, strikethrough, maths) is always
    escaped; characters that only matter at the start of a block (headings, list markers,
    setext underlines) are escaped there. Control characters are made visible by `clean`.
    """
    text = clean(value).strip()
    text = _INLINE.sub(lambda m: "\\" + m.group(), text)
    text = _ENTITY.sub(r"\\&", text)
    text = _BLOCK_START.sub(lambda m: "\\" + m.group(), text)
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def _rag(status: str | None) -> str:
    return rag_text(status).plain.strip() if status else "–"


def _dot(direction: str | None) -> str:
    return dot_text(direction).plain


LEGEND = {
    BLUE: "target exceeded by the Blue margin",
    GREEN: "target achieved or exceeded",
    AMBER: "floor standard achieved but not the target",
    RED: "floor standard not achieved",
    NO_DATA: "no value this quarter",
    NOT_RATED: "no target, so not rated",
}


def _legend(s: Summary) -> str:
    shown = [k for k in STATUSES if s.rag.get(k) or k in CORE_STATUSES]
    return "; ".join(f"{status_label(k)}, {LEGEND[k]}" for k in shown)


def _table(header: list[str], align: list[str], rows: list[list[str]]) -> list[str]:
    rule = {"l": "---", "r": "---:"}
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule[a] for a in align) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def _appendix_tables(s: Summary) -> list[str]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in s.kpis.iter_rows(named=True):
        groups.setdefault(heading(row["directorate"], row["service_area"]), []).append(row)
    out: list[str] = []
    for head, rows in groups.items():
        out += [f"### {md(head)}", ""]
        body = [
            [
                md(r["kpi_id"]),
                md(r["indicator"]),
                md(format_value(r["value"], r["unit"])),
                md(format_value(r["target"], r["unit"])),
                md(format_value(r["floor"], r["unit"])),
                _rag(r["rag"]),
                _rag(r.get("previous_rag")),
                _dot(r.get("dot")),
            ]
            for r in rows
        ]
        out += _table(
            [
                "KPI",
                "Indicator",
                "Value",
                "Target",
                "Floor",
                "RAG",
                "Previous RAG",
                "Direction of Travel",
            ],
            ["l", "l", "r", "r", "r", "l", "l", "l"],
            body,
        )
        out.append("")
    return out


def _red_detail(analysis: Analysis, s: Summary, item: KpiLine, dot: str | None) -> list[str]:
    out = [f"#### {md(item.kpi_id)}: {md(item.indicator)}", ""]
    previous = _rag(item.previous_rag) if item.previous_rag else "new this quarter"
    out += _table(
        ["Value", "Target", "Floor", "Last quarter", "Direction of Travel"],
        ["r", "r", "r", "l", "l"],
        [
            [
                md(format_value(item.value, item.unit)),
                md(format_value(item.target, item.unit)),
                md(format_value(item.floor, item.unit)),
                previous,
                _dot(dot),
            ]
        ],
    )
    past = analysis.history(item.kpi_id).filter(pl.col("period") <= s.period)
    recent = list(past.tail(HISTORY_QUARTERS).iter_rows(named=True))
    if recent:
        out.append("")
        out += _table(
            ["Quarter", *[label(r["period"]) for r in recent]],
            ["l"] + ["r"] * len(recent),
            [
                ["Value", *[md(format_value(r["value"], item.unit)) for r in recent]],
                ["RAG", *[_rag(r["rag"]) for r in recent]],
            ],
        )
    out += [
        "",
        f"**Commentary:** {md(item.commentary) or '_none given_'}",
        "",
        f"**Actions:** {md(item.actions) or '_none given_'}",
        "",
    ]
    return out


def _recommendation(s: Summary) -> str:
    return (
        f"Cabinet is asked to NOTE the Quarter {quarter(s.period)} Performance Report and the "
        "actions being taken to address areas where performance is not as "
        "targeted."
    )


def _front(s: Summary, n: Narrative) -> list[str]:
    """The title, the Summary block and section 1 (Introduction)."""
    when = long_label(s.period)
    month = f"{end_month(s.period):%B %Y}"
    what = plural(s.total, "Key Performance Indicator (KPI)", "Key Performance Indicators (KPIs)")
    scope = "" if s.scope.is_all else f" for {md(scope_label(s.scope))}"
    out = [f"# {md(n.title)}", ""]
    if s.organisation:
        out += [
            f"**Organisation:** {md(s.organisation)}  ",
            f"**Scope:** {md(scope_label(s.scope))}",
            "",
        ]
    return [
        *out,
        "**Summary:** The purpose of the Quarterly Performance Report (QPR) is to inform CMT "
        f"and Cabinet about key areas of performance for the authority. {md(n.intro)}",
        "",
        md(n.summary),
        "",
        f"**Recommendation(s):** {_recommendation(s)}",
        "",
        "## 1. Introduction",
        "",
        "1.1. The Quarterly Performance Report (QPR) is a key mechanism within the Performance "
        f"Management Framework for the Council. The report summary for {when} is attached at "
        f"Appendix 1, and includes data up to the end of {month}.",
        "",
        f"1.2. The QPR includes {s.total} {what}{scope} where results are assessed "
        "against Targets set at the start of the financial year.",
        "",
    ]


def _performance(s: Summary, n: Narrative) -> list[str]:
    """Section 2 (2.1 to 2.4) and section 3, the recommendation."""
    out = [
        f"## 2. Quarter {quarter(s.period)} Performance Report",
        "",
        "2.1. Results for KPIs compared to Target are assessed using a Red/Amber/Green (RAG) "
        "status.",
        "",
        f"2.2. {md(n.rag_intro)}",
        "",
        *[f"- {md(bullet)}" for bullet in n.rag_bullets],
        "",
        f"2.3. {md(n.red_intro)}",
        "",
    ]
    if n.red_groups:
        for head, names in n.red_groups:
            out.append(f"- {md(head)}")
            out += [f"  - {md(name)}" for name in names]
        out.append("")
    return [
        *out,
        f"2.4. {md(n.dot)}",
        "",
        "## 3. Recommendation(s)",
        "",
        "<!-- Placeholder: edit the recommendation for the meeting that receives the report. -->",
        "",
        _recommendation(s),
        "",
    ]


def _red_appendix(analysis: Analysis, s: Summary) -> list[str]:
    """Appendix 2: each Red KPI under its heading."""
    out = [f"## Appendix 2: Red indicators, {long_label(s.period)}", ""]
    if not s.red:
        out += ["No indicators are rated Red.", ""]
    dots = dict(
        zip(s.kpis.get_column("kpi_id").to_list(), s.kpis.get_column("dot").to_list(), strict=True)
    )
    for head, items in red_groups(s):
        out += [f"### {md(head)}", ""]
        for item in items:
            out += _red_detail(analysis, s, item, dots.get(item.kpi_id))
    return out


def render_markdown(analysis: Analysis, s: Summary, p: Provenance) -> str:
    """The cover report, its appendices and the provenance as one Markdown document."""
    n = write(s)
    out = [
        *_front(s, n),
        *_performance(s, n),
        f"## Appendix 1: KPI summary, {long_label(s.period)}",
        "",
        f"RAG: {_legend(s)}. Direction of Travel: {md(describe_method(s.dot_config))}.",
        "",
        *_appendix_tables(s),
        *_red_appendix(analysis, s),
        "## About this report",
        "",
    ]
    out += [f"- **{name}:** {md(value)}" for name, value in p.lines()]
    return "\n".join(out) + "\n"
