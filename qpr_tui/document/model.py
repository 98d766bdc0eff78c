"""The paper as plain data: blocks, typed table cells, sections and the document itself.

Every text here is plain, unescaped text (a writer escapes it for its format) and every
number keeps its value beside the text a reader sees, so a spreadsheet writes numbers and
a paper writes words from the same cell. Nothing here knows a file format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, overload

from qpr_tui.document.chart import TrendChart
from qpr_tui.document.provenance import Provenance
from qpr_tui.vocabulary import DIRECTION_ARROWS, DIRECTION_LABELS, DIRECTION_WORDS, status_label

Align = Literal["left", "right"]
#: How a number is written: a percentage (value in percent), money (£), a count or another
#: number with its unit after it. Spreadsheet writers map these to number formats.
NumberKind = Literal["percent", "money", "count", "number"]
NO_VALUE = "–"


# ---- inline and block content -------------------------------------------------------------
@dataclass(frozen=True)
class Paragraph:
    """A paragraph: ``number`` ("2.2.") and a bold ``lead`` ("Summary:") before the text.
    An empty ``text`` shows ``empty`` instead, in italics ("none given")."""

    text: str
    lead: str = ""
    number: str = ""
    empty: str = ""


@dataclass(frozen=True)
class Bullet:
    """A list item, with sub-items (the Red indicators under their heading)."""

    text: str
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class BulletList:
    items: tuple[Bullet, ...]


@dataclass(frozen=True)
class Field:
    """One line of a header block: ``From:`` with one or more values."""

    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    """Label and value lines: the paper's header block, a KPI's facts, the provenance."""

    items: tuple[Field, ...]


@dataclass(frozen=True)
class Note:
    """A small-print note: a table's legend, why something is missing, a warning."""

    text: str


@dataclass(frozen=True)
class ContactCard:
    """One person under "Contact details" (each part optional but the name)."""

    name: str
    lines: tuple[str, ...]  # role, team, telephone, email, as printed


@dataclass(frozen=True)
class Figure:
    """A trend chart with its caption; writers draw it with ``qpr_tui.export.charts``."""

    chart: TrendChart
    caption: str


# ---- tables -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TextCell:
    text: str

    @property
    def shown(self) -> str:
        return self.text


@dataclass(frozen=True)
class NumberCell:
    """A value with its unit: ``shown`` is how a reader sees it (``62.3%``, ``£1.51m``)."""

    value: float | None
    text: str
    unit: str = ""
    kind: NumberKind = "number"

    @property
    def shown(self) -> str:
        return self.text


@dataclass(frozen=True)
class StatusCell:
    """A RAG status (a `qpr_tui.vocabulary` status value, None for none)."""

    status: str | None

    @property
    def shown(self) -> str:
        return status_label(self.status) if self.status else NO_VALUE


@dataclass(frozen=True)
class DirectionCell:
    """A Direction of Travel (a vocabulary direction, None for none); ``long`` words name
    the trend in full ("Positive trend"), short ones fit a table ("Improving")."""

    direction: str | None
    long: bool = False

    @property
    def shown(self) -> str:
        if not self.direction:
            return NO_VALUE
        words = DIRECTION_LABELS if self.long else DIRECTION_WORDS
        return f"{DIRECTION_ARROWS[self.direction]} {words[self.direction]}"


@dataclass(frozen=True)
class ChangeCell:
    """A change in a count since the previous period (None: nothing to compare with)."""

    change: int | None

    @property
    def shown(self) -> str:
        if self.change is None:
            return NO_VALUE
        return "0" if self.change == 0 else f"{self.change:+d}".replace("-", "−")


Cell = TextCell | NumberCell | StatusCell | DirectionCell | ChangeCell


@dataclass(frozen=True)
class Column:
    """A column's heading; ``key`` names it for data formats; ``wide`` takes spare width."""

    title: str
    key: str
    align: Align = "left"
    wide: bool = False


@dataclass(frozen=True)
class Table:
    """A table: ``kind`` says which of the paper's tables it is (``kpis``, ``rag_summary``,
    ``red_list`` ...), so a writer may treat one specially; the first cell of a row names it
    (a row header) when ``row_headers``."""

    kind: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_headers: bool = True
    show_caption: bool = True  # False: the section heading above already names it


Block = Paragraph | BulletList | Fields | Note | ContactCard | Figure | Table


@dataclass(frozen=True)
class Section:
    """A numbered or named section: its blocks, then its subsections.

    ``number`` is "1" for "1. Introduction" ("" for unnumbered); ``appendix`` sections start
    a new page in the paged formats."""

    title: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    number: str = ""
    appendix: bool = False

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


# ---- data for the data formats --------------------------------------------------------------
@dataclass(frozen=True)
class HistoryPoint:
    period: str
    value: float | None
    target: float | None
    floor: float | None
    status: str


@dataclass(frozen=True)
class KpiRecord:
    """One KPI of the period with every field the data formats write, and its history."""

    row: dict[str, Any]  # kpi_id, indicator, ..., actions, period: in the JSON's key order
    history: tuple[HistoryPoint, ...] = ()


# ---- the document -----------------------------------------------------------------------
@dataclass(frozen=True)
class Properties:
    """What a file's own properties carry (Word's core properties, PDF metadata, HTML meta)."""

    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]
    comments: str
    identifier: str
    category: str
    created: datetime
    generator: str
    custom: dict[str, str] = field(default_factory=dict)


class KpiRegister(Sequence["KpiRecord"]):
    """The KPI register, built on first use: only the data formats (Excel, CSV, JSON) read
    it, and for a paper of many thousands of KPIs it costs seconds. Built and read in the one
    thread that writes the export."""

    def __init__(self, build: Callable[[], tuple[KpiRecord, ...]]) -> None:
        self._build: Callable[[], tuple[KpiRecord, ...]] | None = build
        self._records: tuple[KpiRecord, ...] = ()

    def _all(self) -> tuple[KpiRecord, ...]:
        if self._build is not None:
            self._records, self._build = self._build(), None
        return self._records

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> KpiRecord: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[KpiRecord, ...]: ...
    def __getitem__(self, index: int | slice) -> KpiRecord | tuple[KpiRecord, ...]:
        return self._all()[index]

    def __iter__(self) -> Iterator[KpiRecord]:
        return iter(self._all())


@dataclass(frozen=True)
class Document:
    """The QPR paper: front matter, numbered sections, appendices and where it came from.

    ``summary`` is ``qpr summary --json``'s data and ``kpis`` the KPI register, for the data
    formats; ``about`` is the provenance in words (the paper's last section); ``template`` is
    the Word template to use (an absolute path, "" for none)."""

    title: str
    organisation: str
    period: str
    scope: str
    front: tuple[Block, ...]
    sections: tuple[Section, ...]
    appendices: tuple[Section, ...]
    properties: Properties
    provenance: Provenance
    summary: dict[str, Any]
    kpis: Sequence[KpiRecord]
    about: Section
    template: str = ""
    template_origin: str = ""  # where [report] template is set: "kcc.toml, line 40"
    #: What the paper leaves out and why (`qpr_tui.document.limits`), one sentence each.
    left_out: tuple[str, ...] = ()

    def walk(self) -> list[Section]:
        """Every section and subsection, in reading order."""
        found: list[Section] = []

        def visit(section: Section) -> None:
            found.append(section)
            for sub in section.sections:
                visit(sub)

        for top in (*self.sections, *self.appendices, self.about):
            visit(top)
        return found

    def figures(self) -> list[Figure]:
        """Every chart of the paper, in reading order."""
        return [b for s in self.walk() for b in s.blocks if isinstance(b, Figure)]

    def tables(self, kind: str | None = None) -> list[Table]:
        """Every table (of one ``kind``), in reading order."""
        found = [b for s in self.walk() for b in s.blocks if isinstance(b, Table)]
        return [t for t in found if kind is None or t.kind == kind]
