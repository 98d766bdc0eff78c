"""The paper as a Word document (.docx), with python-docx.

Headings use Word's heading styles (``Title``, ``Heading 1`` to ``Heading 4``), so a
council's template restyles them and Word's navigation pane lists them; tables are real
Word tables with a repeated header row, each RAG cell shaded and carrying its glyph and word
(it survives black-and-white printing); each chart is a PNG picture (`qpr_tui.export.charts`);
the footer numbers the pages ("Page 2 of 14"); the core and custom properties carry the
provenance. ``[report] template`` names a council's own .docx: its styles, page set-up,
headers and footers are used and its text is dropped; a style it lacks is added (based on
Normal), so any template works. The file is A4 and byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

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
from qpr_tui.errors import QprError
from qpr_tui.export.palette import HEADER_FILL, RULE
from qpr_tui.export.word_parts import (
    Spliced,
    add_field,
    borders,
    ensure_style,
    header_xml,
    package_bytes,
    paragraph_xml,
    row_xml,
    set_custom_properties,
)
from qpr_tui.views.text import clean

if TYPE_CHECKING:
    from qpr_tui.document.model import Document

CORE_LIMIT = 255  # characters in a core property; the custom ones carry everything
TEXT_WIDTH = Cm(18)  # A4 less 15 mm margins
PICTURE_WIDTH = Cm(16)
#: The styles the paper uses, each with what it is based on when a template lacks it.
PARAGRAPH_STYLES = {
    "Title": "Normal",
    "Heading 1": "Normal",
    "Heading 2": "Normal",
    "Heading 3": "Normal",
    "Heading 4": "Normal",
    "Caption": "Normal",
    "List Bullet": "Normal",
    "List Bullet 2": "Normal",
}


class Writer:
    """One .docx being written: the python-docx document and the styles it had to add."""

    def __init__(self, template: str, origin: str) -> None:
        self.doc = open_template(template, origin)
        added = {
            name
            for name, base in PARAGRAPH_STYLES.items()
            if ensure_style(self.doc, name, WD_STYLE_TYPE.PARAGRAPH, base)
        }
        # A list style added here has no bullets of its own: the text carries them.
        self.bullet_marks = "List Bullet" in added
        self.table_grid = "Table Grid" in [s.name for s in self.doc.styles]
        self.style_ids: dict[str, str | None] = {}
        self.shape_id: int | None = None  # the next picture's id, once the first is placed
        self.pictures: dict[int, Future[bytes]] = {}  # each figure's PNG, being drawn
        self.spliced = Spliced()  # blocks and rows as text until the file is written
        body = self.doc.element.body
        # python-docx finds the body's closing w:sectPr for every paragraph and table it
        # adds, walking the whole body, and the text width through every section: once here.
        self.sect_pr: BaseOxmlElement | None = body.find(qn("w:sectPr"))
        self.block_width = self.doc._block_width

    def insert(self, element: BaseOxmlElement) -> None:
        """Add a block at the end of the body, before its page set-up (as python-docx does)."""
        if self.sect_pr is None:
            self.doc.element.body.append(element)
        else:
            self.sect_pr.addprevious(element)

    def add_paragraph(self, text: str = "", style: str = "") -> DocxParagraph:
        """``doc.add_paragraph`` with the style's id looked up once per paper: python-docx
        searches every style of the document for each paragraph."""
        p = OxmlElement("w:p")
        self.insert(p)
        paragraph = DocxParagraph(p, self.doc._body)
        if text:
            add_text(paragraph, text)
        if style:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def add_table(self, columns: int) -> docx.table.Table:
        """``doc.add_table(rows=1, cols=columns)``, placed by `insert`."""
        tbl = CT_Tbl.new_tbl(1, columns, self.block_width)
        self.insert(tbl)
        grid = docx.table.Table(tbl, self.doc._body)
        grid.style = None
        return grid

    def style_id(self, name: str) -> str | None:
        """The id of the style ``name`` (None for the default of its kind), as python-docx
        finds it, remembered."""
        if name not in self.style_ids:
            found = self.doc.styles[name]
            part = self.doc.part  # python-docx leaves get_style_id untyped
            self.style_ids[name] = part.get_style_id(found, found.type)  # type: ignore[no-untyped-call]
        return self.style_ids[name]

    # ---- blocks -------------------------------------------------------------------------
    def heading(self, text: str, level: int, page_break: bool = False) -> None:
        style = "Title" if level == 0 else f"Heading {min(level, 4)}"
        paragraph = self.add_paragraph(clean(text), style=style)
        paragraph.paragraph_format.page_break_before = page_break
        paragraph.paragraph_format.keep_with_next = True

    def paragraph(self, p: Paragraph) -> None:
        para = self.add_paragraph()
        if p.number:
            add_text(para, f"{clean(p.number)} ")
        if p.lead:
            add_text(para, f"{clean(p.lead)} ").bold = True
        if p.text.strip():
            add_text(para, clean(p.text))
        elif p.empty:
            add_text(para, clean(p.empty)).italic = True

    def bullets(self, b: BulletList) -> None:
        mark = "• " if self.bullet_marks else ""
        first, second = self.style_id("List Bullet"), self.style_id("List Bullet 2")
        items = []
        for item in b.items:
            items.append(paragraph_xml(mark + clean(item.text), first))
            for child in item.children:
                items.append(paragraph_xml(("– " if mark else "") + clean(child), second))
        # As text, like a table's rows: a paper's list of Red KPIs has hundreds of items.
        if items:
            self.insert(self.spliced.stand_in("w:p", items))

    def fields(self, f: Fields) -> None:
        for item in f.items:
            para = self.add_paragraph()
            para.paragraph_format.space_after = Pt(2)
            add_text(para, f"{clean(item.label)}: ").bold = True
            for n, value in enumerate(item.values):
                if n:
                    para.add_run().add_break()
                add_text(para, clean(value))

    def note(self, n: Note) -> None:
        run = add_text(self.add_paragraph(), clean(n.text))
        run.font.size = Pt(8.5)
        run.italic = True

    def contact(self, c: ContactCard) -> None:
        para = self.add_paragraph()
        add_text(para, clean(c.name)).bold = True
        for line in c.lines:
            para.add_run().add_break()
            add_text(para, clean(line))

    def draw(self, figures: Iterable[Figure], pool: ThreadPoolExecutor) -> None:
        """Start drawing the figures' PNGs in ``pool``: resvg holds Python's lock while it
        draws, but zlib, inflating and deflating the pixels, lets it go, so that half runs
        beside the writing of the tables."""
        from qpr_tui.export import charts

        for f in figures:
            self.pictures[id(f)] = pool.submit(charts.render_png, f.chart)

    def figure(self, f: Figure) -> None:
        from qpr_tui.export import charts

        drawing = self.pictures.pop(id(f), None)
        png = drawing.result() if drawing is not None else charts.render_png(f.chart)
        picture = self.picture(png)
        picture.paragraph_format.keep_with_next = True
        self.add_paragraph(clean(f.caption), style="Caption")

    def picture(self, png: bytes) -> DocxParagraph:
        """A paragraph of the picture at `PICTURE_WIDTH`, as ``doc.add_picture`` makes it,
        but with its shape id counted here: python-docx searches the whole document for the
        highest id for each picture (a twentieth of a second in a long paper)."""
        part = self.doc.part
        r_id, image = part.get_or_add_image(io.BytesIO(png))
        width, height = image.scaled_dimensions(PICTURE_WIDTH, None)
        if self.shape_id is None:
            self.shape_id = part.next_id
        inline = CT_Inline.new_pic_inline(self.shape_id, r_id, image.filename, width, height)
        self.shape_id += 1
        paragraph = self.add_paragraph()
        paragraph.add_run()._r.add_drawing(inline)
        return paragraph

    def table(self, t: Table) -> None:
        if t.show_caption:
            self.add_paragraph(clean(t.caption), style="Caption")
        grid = self.add_table(len(t.columns))
        if self.table_grid:
            grid._tbl.tblStyle_val = self.style_id("Table Grid")
        borders(grid, RULE)
        widths = column_widths(grid, t)
        # The rows as one piece of XML, in place of the table's first, empty row:
        # python-docx's per-cell calls cost a millisecond or more each, and finding a row's
        # cells walks the whole table.
        grid._tbl.remove(grid._tbl.tr_lst[0])
        right = tuple(c.align == "right" for c in t.columns)
        heading = header_xml([c.title for c in t.columns], widths, right, HEADER_FILL)
        body = [row_xml(values, widths, right, t.row_headers) for values in t.rows]
        grid._tbl.append(self.spliced.stand_in("w:tr", [heading, *body]))
        self.add_paragraph()

    def block(self, b: Block) -> None:
        handlers = {
            Paragraph: self.paragraph,
            BulletList: self.bullets,
            Fields: self.fields,
            Note: self.note,
            ContactCard: self.contact,
            Figure: self.figure,
            Table: self.table,
        }
        handlers[type(b)](b)  # type: ignore[operator]

    def section(self, s: Section, level: int = 1) -> None:
        self.heading(s.heading, level, page_break=s.appendix)
        for b in s.blocks:
            self.block(b)
        for sub in s.sections:
            self.section(sub, level + 1)


def add_text(paragraph: DocxParagraph, text: str) -> Run:
    """``paragraph.add_run(text)``: for a text without tabs or line breaks (every `clean`
    text) the run's one ``w:t`` is added directly, as python-docx would add it, without the
    XPath query with which python-docx first empties the new run (half a millisecond each
    in a long document)."""
    if any(mark in text for mark in "\t\n\r"):
        return paragraph.add_run(text)
    run = paragraph.add_run()
    if text:
        run._r.add_t(text)
    return run


def column_widths(grid: docx.table.Table, t: Table) -> list[str]:
    """The wide column takes what the others leave; Word reads each cell's width and
    LibreOffice the grid's, so both are set: the grid's here, and each column's width is
    returned as Word writes it (twentieths of a point), for the rows' cells."""
    longest = [
        max([*(len(w) for w in c.title.split()), *(len(row[i].shown) for row in t.rows)])
        for i, c in enumerate(t.columns)
    ]
    # cm: 8.5 pt text is about 0.2 cm a character, and a cell pads 0.19 cm each side
    narrow = [min(max(n, 3), 16) * 0.2 + 0.5 for n in longest]
    wide = [i for i, c in enumerate(t.columns) if c.wide]
    spare = TEXT_WIDTH.cm - sum(w for i, w in enumerate(narrow) if i not in wide)
    widths = [max(spare / len(wide), 3.0) if i in wide else w for i, w in enumerate(narrow)]
    scale = min(1.0, TEXT_WIDTH.cm / sum(widths))
    grid.autofit = False
    sizes = [Cm(width * scale) for width in widths]
    for column, size in zip(grid._tbl.tblGrid.gridCol_lst, sizes, strict=True):
        column.w = size
    return [str(size.twips) for size in sizes]  # as python-docx writes a cell's width


def open_template(template: str, origin: str) -> WordDocument:
    """The council's template with its text removed (its styles, page set-up, headers and
    footers kept), or python-docx's own; A4 portrait either way."""
    where = f"{origin}: " if origin else ""
    if template and not Path(template).is_file():
        missing = "is a folder, not a file" if Path(template).is_dir() else "does not exist"
        raise QprError(
            f"{where}the Word template {template} {missing}.",
            hint="Give the path of a .docx file, relative to the configuration file.",
        )
    try:
        doc = docx.Document(template or None)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise QprError(
            f"{where}the Word template {template} is not a Word document (.docx): {error}.",
            hint="Save the template from Word as a .docx document.",
        ) from None
    except OSError as error:
        raise QprError(f"{where}cannot read the Word template {template}: {error}.") from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # the last one holds the page set-up
            body.remove(child)
    page = doc.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(210), Mm(297)
    if not template:
        page.left_margin = page.right_margin = Mm(15)
        page.top_margin = page.bottom_margin = Mm(18)
    return doc


def page_numbers(doc: WordDocument) -> None:
    """The footer says "Page N of M" (the template's footer text is replaced)."""
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(paragraph, "Page ")
    add_field(paragraph, "PAGE")
    add_text(paragraph, " of ")
    add_field(paragraph, "NUMPAGES")


def properties(doc: WordDocument, document: Document) -> None:
    """Core properties (title, author, keywords, provenance) and the custom ``qpr_*`` ones."""
    p = document.properties
    core = doc.core_properties
    core.title = clean(p.title, limit=CORE_LIMIT)
    core.subject = clean(p.subject, limit=CORE_LIMIT)
    core.author = clean(p.author, limit=CORE_LIMIT)
    core.keywords = clean("; ".join(p.keywords), limit=CORE_LIMIT)
    core.comments = clean(p.comments, limit=CORE_LIMIT)
    core.category = p.category
    core.identifier = p.identifier
    core.created = core.modified = p.created.replace(tzinfo=None)
    core.last_modified_by = p.generator
    core.revision = 1
    set_custom_properties(doc, {name: clean(value) for name, value in p.custom.items()})


def render(document: Document) -> bytes:
    """The whole paper as .docx bytes."""
    writer = Writer(document.template, document.template_origin)
    with ThreadPoolExecutor(max_workers=1) as pool:
        writer.draw(document.figures(), pool)
        writer.heading(document.title, 0)
        for b in document.front:
            writer.block(b)
        for s in (*document.sections, *document.appendices, document.about):
            writer.section(s)
    page_numbers(writer.doc)
    properties(writer.doc, document)
    return package_bytes(writer.doc, writer.spliced)
