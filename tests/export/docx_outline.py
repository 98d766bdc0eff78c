"""A .docx as readable text, for goldens and checks: what python-docx reads back.

Each paragraph with its style, each table row with its cells (a shaded cell shows its fill),
pictures, the footer's fields, the page size and the core and custom properties. The zip's
bytes are not compared: the outline is what a reader of the paper sees.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def open_docx(blob: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(blob))


def cell_fill(cell: object) -> str:
    properties = cell._tc.tcPr  # type: ignore[attr-defined]
    shading = properties.find(qn("w:shd")) if properties is not None else None
    return shading.get(qn("w:fill")) if shading is not None else ""


def _paragraph(p: Paragraph) -> str:
    pictures = len(p._p.findall(".//" + qn("w:drawing")))
    text = p.text + (" [picture]" * pictures)
    return f"[{p.style.name if p.style is not None else ''}] {text}"


def _table(t: Table) -> list[str]:
    lines = []
    for row in t.rows:
        cells = []
        for cell in row.cells:
            fill = cell_fill(cell)
            cells.append(cell.text + (f" #{fill}" if fill and fill != "D9D9D9" else ""))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def outline(blob: bytes) -> str:
    """The document's text, tables, footer and properties, one item a line."""
    d = open_docx(blob)
    lines: list[str] = []
    for item in d.iter_inner_content():
        lines += [_paragraph(item)] if isinstance(item, Paragraph) else _table(item)
    section = d.sections[0]
    footer = section.footer._element
    codes = [el.text.strip() for el in footer.iter(qn("w:instrText"))]
    lines.append(f"footer: {section.footer.paragraphs[0].text!r} fields {codes}")
    width, height = section.page_width, section.page_height
    assert width is not None and height is not None
    lines.append(f"page: {width.mm:.0f} x {height.mm:.0f} mm")
    core = d.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "category", "identifier"):
        lines.append(f"core {name}: {getattr(core, name)}")
    lines.append(f"core created: {core.created.isoformat() if core.created else None}")
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        lines.append(archive.read("docProps/custom.xml").decode("utf-8"))
    return "\n".join(lines) + "\n"
