"""The paper as Markdown (CommonMark with GitHub tables): the document model laid out.

Headings follow the sections (the title ``#``, sections ``##``, their parts ``###`` and
``####``); one paragraph per line, so it pastes cleanly into Word. Data strings are escaped
(`md`), so a KPI called ``*x* | [y](z)`` prints as written and cannot break a table. A chart
is shown as a sparkline of its values (the picture is in the Word, HTML and PDF papers).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qpr_tui.document.model import (
    Block,
    BulletList,
    ContactCard,
    Fields,
    Figure,
    Note,
    Paragraph,
    Section,
    Table,
)
from qpr_tui.views.summary import sparkline
from qpr_tui.views.text import clean

if TYPE_CHECKING:
    from qpr_tui.document.model import Document

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


def _paragraph(p: Paragraph) -> list[str]:
    parts = [p.number] if p.number else []
    if p.lead:
        parts.append(f"**{md(p.lead)}**")
    parts.append(md(p.text) if p.text.strip() else f"_{md(p.empty)}_" if p.empty else "")
    return [" ".join(part for part in parts if part), ""]


def _bullets(b: BulletList) -> list[str]:
    out: list[str] = []
    for item in b.items:
        out.append(f"- {md(item.text)}")
        out += [f"  - {md(child)}" for child in item.children]
    return [*out, ""]


def _fields(f: Fields) -> list[str]:
    lines = [
        f"**{md(item.label)}:** {md(item.values[0])}" if i == 0 else md(item.values[i])
        for item in f.items
        for i in range(len(item.values))
    ]
    return ["  \n".join(lines), ""]


def _table(t: Table) -> list[str]:
    rule = {"left": "---", "right": "---:"}
    out = [f"**{md(t.caption)}**", ""] if t.show_caption else []
    out += [
        "| " + " | ".join(md(c.title) for c in t.columns) + " |",
        "| " + " | ".join(rule[c.align] for c in t.columns) + " |",
    ]
    out += ["| " + " | ".join(md(cell.shown) or " " for cell in row) + " |" for row in t.rows]
    return [*out, ""]


def _figure(f: Figure) -> list[str]:
    chart = f.chart
    spark = sparkline(chart.values, len(chart.values)).plain
    span = f" ({md(chart.periods[0])} to {md(chart.periods[-1])})" if chart.periods else ""
    return [f"**Trend:** {spark}{span}", ""]


def _contact(c: ContactCard) -> list[str]:
    return ["  \n".join([f"**{md(c.name)}**", *(md(line) for line in c.lines)]), ""]


def block(b: Block) -> list[str]:
    """One block as Markdown lines (ending with a blank line)."""
    if isinstance(b, Paragraph):
        return _paragraph(b)
    if isinstance(b, BulletList):
        return _bullets(b)
    if isinstance(b, Fields):
        return _fields(b)
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Figure):
        return _figure(b)
    if isinstance(b, ContactCard):
        return _contact(b)
    if isinstance(b, Note):
        return [md(b.text), ""]
    raise TypeError(f"no Markdown for {type(b).__name__}")


def section(s: Section, level: int = 2) -> list[str]:
    """A section and its subsections, headed at ``level``."""
    number = f"{s.number}. " if s.number else ""  # "1. Introduction" is no list here
    out = [f"{'#' * min(level, 6)} {number}{md(s.title)}", ""]
    for b in s.blocks:
        out += block(b)
    for sub in s.sections:
        out += section(sub, level + 1)
    return out


def render(document: Document) -> str:
    """The whole paper as one Markdown document."""
    out = [f"# {md(document.title)}", ""]
    for b in document.front:
        out += block(b)
    for s in (*document.sections, *document.appendices, document.about):
        out += section(s)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
