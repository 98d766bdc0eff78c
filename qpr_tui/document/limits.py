"""How much per-KPI detail a paper carries, and the plain words for what it leaves out.

A paper for Cabinet with tens of thousands of KPIs in full is not readable, and drawing a
chart for each of them takes minutes. So the paper keeps in full what a meeting reads (the
summary, the counts, the changes and the list of Red KPIs) and limits the parts that grow
with every KPI: the KPI summary tables of the first appendix, the page of each Red KPI (its
history, chart, commentary and actions) and the trend charts. Each limit the paper reaches
is said in the paper where the part is cut, and on standard error by ``qpr export``. The
data formats (Excel, JSON, CSV) are written from the KPI register, which is never limited.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qpr_tui.document.model import Block, BulletList, Document, Section

#: Rows of the first appendix's KPI tables (every KPI under its heading).
KPI_ROWS = 2000
#: Red KPIs given their own page (figures, history, chart, commentary and actions).
RED_DETAILS = 25
#: Trend charts of ``[report] charts = "all"``.
TRENDS = 100

#: Rows of the list of Red indicators and of the table of changes in the formats that lay out
#: pages (Word, PDF): their typesetting grows with every row, and a table of thousands of rows
#: runs to hundreds of pages; the text formats (text, Markdown, HTML) keep them whole.
PAGED_ROWS = 2000
PAGED = frozenset({"docx", "pdf"})
#: Red indicators named under their headings in the cover report's 2.3 in Word and PDF (the
#: text formats name every one): a name a line, 60,000 lines at 200,000 KPIs.
PAGED_NAMES = 2000
#: The section of the cover report that names the Red indicators (2.3 is in it).
PERFORMANCE_SECTION = "2"
#: What each limited table is, in the sentence that says it was cut.
PAGED_TABLES = {
    "red_list": "Red KPIs",
    "movers": "KPIs whose RAG status changed (the new Reds first)",
}

#: How to see the rest, said after each limit.
ELSEWHERE = (
    "The Excel (--format xlsx) and JSON (--format json) exports hold every KPI; "
    "--scope limits the paper to one directorate or service area."
)


@dataclass(frozen=True)
class Cut:
    """One part of the paper that shows ``shown`` of ``total`` items; ``sentence`` says
    which and why."""

    shown: int
    total: int
    sentence: str

    @property
    def text(self) -> str:
        """What the paper and ``qpr export`` print: the sentence and where the rest is."""
        return f"{self.sentence} {ELSEWHERE}"


def kpi_rows_cut(total: int) -> Cut | None:
    """The cut of the KPI summary tables, None when every KPI fits."""
    limit = KPI_ROWS
    if total <= limit:
        return None
    return Cut(
        limit,
        total,
        f"The KPI summary tables list the first {limit:,} of the {total:,} KPIs, in report "
        "order: a paper listing every one would not be readable.",
    )


def red_details_cut(total: int) -> Cut | None:
    """The cut of the Red KPIs' own pages, None when every Red KPI has one."""
    limit = RED_DETAILS
    if total <= limit:
        return None
    return Cut(
        limit,
        total,
        f"Only the first {limit:,} of the {total:,} Red KPIs, in report order, have a page of "
        "their own (history, chart, commentary and actions): the list of Red indicators "
        "names every one with its figures.",
    )


def trends_cut(total: int) -> Cut | None:
    """The cut of the trend charts, None when every KPI has one."""
    limit = TRENDS
    if total <= limit:
        return None
    return Cut(
        limit,
        total,
        f"The trend charts show the first {limit:,} of the {total:,} KPIs, in report order: "
        "a chart for every KPI would make the paper too long to read or to draw.",
    )


def paged_cut(kind: str, total: int) -> Cut | None:
    """The cut of a long list (`PAGED_TABLES`) in a paged format, None when it fits."""
    limit = PAGED_ROWS
    if kind not in PAGED_TABLES or total <= limit:
        return None
    name = "list of Red indicators" if kind == "red_list" else "table of changes"
    return Cut(
        limit,
        total,
        f"The {name} shows the first {limit:,} of the {total:,} {PAGED_TABLES[kind]}: a Word "
        "or PDF table of every one would run to hundreds of pages and take minutes to set; "
        "the text, Markdown and HTML papers list them all.",
    )


def names_cut(total: int) -> Cut | None:
    """The cut of the Red indicators named in the cover report's 2.3 in a paged format,
    None when every one is named."""
    limit = PAGED_NAMES
    if total <= limit:
        return None
    return Cut(
        limit,
        total,
        f"Paragraph 2.3 names the first {limit:,} of the {total:,} Red indicators under "
        "their headings: a Word or PDF list of every one would run to hundreds of pages; the "
        "list of Red indicators in the appendix and the text, Markdown and HTML papers give "
        "them all.",
    )


def _named(block: Block) -> int:
    """How many names a bullet list holds under its items (0 for any other block)."""
    from qpr_tui.document.model import BulletList

    return sum(len(i.children) for i in block.items) if isinstance(block, BulletList) else 0


def _first_names(block: BulletList, limit: int) -> BulletList:
    """The list with only its first ``limit`` names; every heading is kept, so the list
    still says where the Reds are."""
    items = []
    for item in block.items:
        kept = item.children[: max(limit, 0)]
        limit -= len(kept)
        items.append(replace(item, children=kept))
    return replace(block, items=tuple(items))


def _shorten_names(section: Section, cuts: list[Cut]) -> Section:
    """The performance section with its list of Red indicators cut (`names_cut`)."""
    from qpr_tui.document.model import BulletList, Note

    if section.number != PERFORMANCE_SECTION:
        return section
    blocks: list[Block] = []
    for block in section.blocks:
        cut = names_cut(_named(block))
        if cut is None or not isinstance(block, BulletList):
            blocks.append(block)
            continue
        cuts.append(cut)
        blocks += [_first_names(block, cut.shown), Note(cut.text)]
    return replace(section, blocks=tuple(blocks))


def for_pages(document: Document) -> Document:
    """The paper as the paged formats write it: each table of `PAGED_TABLES` cut to
    `PAGED_ROWS` rows and the Red indicators named in 2.3 to `PAGED_NAMES`, each with a note
    after it that says so; ``left_out`` says it too."""
    from qpr_tui.document.model import Note, Table

    cuts: list[Cut] = []

    def shorten(section: Section) -> Section:
        blocks: list[Block] = []
        for block in section.blocks:
            cut = paged_cut(block.kind, len(block.rows)) if isinstance(block, Table) else None
            if cut is None or not isinstance(block, Table):
                blocks.append(block)
                continue
            cuts.append(cut)
            blocks += [replace(block, rows=block.rows[: cut.shown]), Note(cut.text)]
        subsections = tuple(shorten(sub) for sub in section.sections)
        return replace(section, blocks=tuple(blocks), sections=subsections)

    appendices = tuple(shorten(a) for a in document.appendices)
    sections = tuple(_shorten_names(s, cuts) for s in document.sections)
    if not cuts:
        return document
    left_out = (*document.left_out, *(cut.text for cut in cuts))
    return replace(document, sections=sections, appendices=appendices, left_out=left_out)
