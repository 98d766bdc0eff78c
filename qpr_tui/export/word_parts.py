"""The Word file's parts python-docx has no API for: cell shading, repeated header rows,
borders, page-number fields, custom properties, missing styles, reproducible zip entries.

Imported only when a .docx is written (it imports python-docx).
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from qpr_tui.document.model import Cell, DirectionCell, StatusCell
from qpr_tui.export.palette import DOT_COLOURS, RAG_FILLS
from qpr_tui.views.text import clean

CUSTOM_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for user properties
#: Zip entry time of every part: the same bytes for the same paper.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


_BREAKS = re.compile(r"[\t\r\n]")


def text_xml(text: str) -> str:
    """A run's content: ``text`` split at tabs and line breaks as python-docx splits it."""
    pieces = re.split(r"([\t\r\n])", text) if _BREAKS.search(text) else [text]
    parts = []
    for piece in pieces:
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(parts)


def run_xml(text: str, *, bold: bool, colour: str = "", right: bool = False) -> str:
    """A cell's paragraph as python-docx's own calls make it (the tests compare the two):
    alignment, then a run with bold (or not), colour and 8.5 pt."""
    props = "<w:b/>" if bold else '<w:b w:val="0"/>'
    if colour:
        props += f'<w:color w:val="{colour}"/>'
    align = '<w:pPr><w:jc w:val="right"/></w:pPr>' if right else ""
    return f'<w:p>{align}<w:r><w:rPr>{props}<w:sz w:val="17"/></w:rPr>{text_xml(text)}</w:r></w:p>'


def paragraph_xml(text: str, style_id: str | None) -> str:
    """A paragraph of one plain run in a paragraph style (None: the default one), as
    python-docx's own calls make it."""
    style = (
        "<w:pPr/>"
        if style_id is None
        else f"<w:pPr><w:pStyle w:val={quoteattr(style_id)}/></w:pPr>"
    )
    run = f"<w:r>{text_xml(text)}</w:r>" if text else ""
    return f"<w:p>{style}{run}</w:p>"


def row_xml(
    values: tuple[Cell, ...], widths: list[str], right: tuple[bool, ...], row_headers: bool
) -> str:
    """One body row of a paper's table (``w:tr``): kept on one page, each cell with its
    width, a status shaded and a direction coloured, the first cell bold when it names the
    row."""
    cells = []
    for n, value in enumerate(values):
        status = value.status if isinstance(value, StatusCell) else None
        direction = value.direction if isinstance(value, DirectionCell) else None
        bold = n == 0 and row_headers
        cells.append(_cell_xml(value.shown, widths[n], status, direction, bold, right[n]))
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"


def header_xml(titles: list[str], widths: list[str], right: tuple[bool, ...], fill: str) -> str:
    """A table's heading row (``w:tr``), repeated at the top of every page the table runs
    onto: each title bold on ``fill``, as python-docx's own calls make it."""
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill.lstrip("#").upper()}"/>'
    cells = [
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shading}</w:tcPr>'
        f"{run_xml(clean(title), bold=True, right=align)}</w:tc>"
        for title, width, align in zip(titles, widths, right, strict=True)
    ]
    return f'<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>{"".join(cells)}</w:tr>'


# A paper's tables repeat the same cells (statuses, directions, blanks) thousands of times.
@lru_cache(maxsize=8192)
def _cell_xml(
    shown: str, width: str, status: str | None, direction: str | None, bold: bool, right: bool
) -> str:
    props = f'<w:tcW w:type="dxa" w:w="{width}"/>'
    if status in RAG_FILLS:
        fill = RAG_FILLS[status].lstrip("#").upper()
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    colour = ""
    if direction in DOT_COLOURS:
        colour = str(RGBColor.from_string(DOT_COLOURS[direction]))
    text = run_xml(clean(shown), bold=bold, colour=colour, right=right)
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{text}</w:tc>"


class Spliced:
    """Blocks and table rows kept as XML text until the document part is written
    (`package_bytes`): the body or a table holds a stand-in that the part's bytes have the
    text in place of, so python-docx never parses it nor serialises it again (for a
    2,000-KPI paper's thousands of rows and list items, a quarter of its time)."""

    STAND_IN = re.compile(rb'<w:(?:tr|p) w:rsidR="qpr-(\d+)"/>')

    def __init__(self) -> None:
        self.pieces: list[bytes] = []

    def stand_in(self, tag: str, pieces: list[str]) -> BaseOxmlElement:
        """An element (``w:tr`` in a table, ``w:p`` in the body) that ``pieces`` replace."""
        element = OxmlElement(tag)
        element.set(qn("w:rsidR"), f"qpr-{len(self.pieces)}")
        self.pieces.append("".join(pieces).encode("utf-8"))
        return element

    def splice(self, blob: bytes) -> bytes:
        """The part's XML with each stand-in replaced by its text."""
        if not self.pieces:
            return blob
        return self.STAND_IN.sub(lambda found: self.pieces[int(found[1])], blob)


def borders(table: Table, colour: str, size: int = 4) -> None:
    """Single-line borders round and inside every cell (``size`` in eighths of a point), so
    a table has its grid whatever table styles a template has."""
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), colour)
        edges.append(line)
    properties.append(edges)


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word computes when it lays out the page (``PAGE``, ``NUMPAGES``)."""

    def char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    paragraph.add_run()._r.append(char("begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run("1")  # shown until the reader updates the field
    paragraph.add_run()._r.append(char("end"))


def ensure_style(document: WordDocument, name: str, kind: WD_STYLE_TYPE, base: str) -> bool:
    """Add the style ``name`` (based on ``base``) when the template lacks it; True when it
    was added. A council's own style of that name is always kept."""
    styles = document.styles
    if name in [s.name for s in styles]:
        return False
    style = styles.add_style(name, kind)
    if isinstance(style, ParagraphStyle) and base in [s.name for s in styles]:
        style.base_style = styles[base]
    return True


def custom_properties_xml(values: dict[str, str]) -> bytes:
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{n}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for n, (name, value) in enumerate(values.items(), 2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    ).encode()


def set_custom_properties(document: WordDocument, values: dict[str, str]) -> None:
    """``docProps/custom.xml``: the provenance as named properties (a template's own custom
    properties are replaced, not merged: they described the template, not this paper)."""
    package = document.part.package
    rels = package.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.CUSTOM_PROPERTIES:
            rels.pop(r_id)
    part = Part(
        PackURI("/docProps/custom.xml"),
        CUSTOM_CONTENT_TYPE,
        custom_properties_xml(values),
        package,
    )
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


class _Entries:
    """Where python-docx's package writer puts each part: a zip entry dated `ZIP_TIME`
    (the document's own part with its `Spliced` text in)."""

    def __init__(self, target: zipfile.ZipFile, body: PackURI, spliced: Spliced) -> None:
        self.target = target
        self.body = body
        self.spliced = spliced

    def write(self, uri: PackURI, blob: bytes) -> None:
        if uri == self.body:
            blob = self.spliced.splice(blob)
        entry = zipfile.ZipInfo(uri.membername, date_time=ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16  # what python-docx's own entries carry
        self.target.writestr(entry, blob)


def package_bytes(document: WordDocument, spliced: Spliced | None = None) -> bytes:
    """The document as .docx bytes, as ``document.save`` writes it but with every entry
    dated `ZIP_TIME` (python-docx stamps the clock), so the same paper gives the same bytes;
    ``spliced``: the blocks and rows kept as text.
    Writing the entries here deflates each part once; saving and then re-dating the zip
    deflated every part, its pictures too, twice and inflated it once."""
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        entries = _Entries(target, document.part.partname, spliced or Spliced())
        # python-docx's own order: [Content_Types].xml first, the package's relations, parts
        PackageWriter._write_content_types_stream(entries, parts)  # type: ignore[no-untyped-call]
        PackageWriter._write_pkg_rels(entries, package.rels)  # type: ignore[no-untyped-call]
        PackageWriter._write_parts(entries, parts)  # type: ignore[arg-type]
    return out.getvalue()
