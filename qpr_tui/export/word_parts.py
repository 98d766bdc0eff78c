"""The Word file's parts python-docx has no API for: cell shading, repeated header rows,
borders, page-number fields, custom properties, missing styles, reproducible zip entries.

Imported only when a .docx is written (it imports python-docx).
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

CUSTOM_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for user properties
#: Zip entry time of every part: the same bytes for the same paper.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def shade(cell: _Cell, fill: str) -> None:
    """The cell's background (``w:shd``), replacing any it had."""
    properties = cell._tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#").upper())
    properties.append(shading)


def repeat_header(row: _Row) -> None:
    """Repeat the row at the top of every page the table runs onto."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def keep_row_together(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


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


def reproducible(blob: bytes) -> bytes:
    """The same zip with every entry dated `ZIP_TIME` (python-docx stamps the clock)."""
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():  # in order: [Content_Types].xml stays first
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
