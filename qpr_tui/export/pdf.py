"""The paper as an A4 PDF, typeset by typst (`typst` on PyPI: no browser, no system libraries).

The document model becomes typst source (`qpr_tui.export.typst_source`); typst lays it out
on A4 with "Page X of Y" in the footer, table headings repeated on every page, shaded RAG
cells with glyph and word, and each trend chart as a vector picture. The PDF's metadata
holds the title, author, subject and keywords (with the provenance), and the provenance
JSON is attached to the file as ``provenance.json``.

Typst uses only the fonts shipped beside this module (DejaVu Sans, regular and bold; see
``fonts/LICENSE``) and its own, never the machine's, so every status glyph prints and the
same document gives the same bytes on any machine; the time is the document's. typst is
imported only when a PDF is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qpr_tui.errors import QprError

if TYPE_CHECKING:
    from qpr_tui.document.model import Document

#: The fonts the PDF is set in, shipped with the package.
FONT_FOLDER = Path(__file__).with_name("fonts")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def font_folder() -> Path:
    """The shipped fonts' folder, or a `QprError` when the installation lacks them."""
    missing = [name for name in FONT_FILES if not (FONT_FOLDER / name).is_file()]
    if missing:
        raise QprError(
            f"cannot write the PDF: the font file {missing[0]} is missing from {FONT_FOLDER}.",
            hint="Reinstall qpr_tui (pip install --force-reinstall qpr_tui).",
        )
    return FONT_FOLDER


def render(document: Document) -> bytes:
    """The paper as the bytes of a PDF file."""
    import typst

    from qpr_tui.export.typst_source import build_source

    source = build_source(document)
    folder = font_folder()
    try:
        # The stub ties `root` and `font_paths` to the type of the input (bytes here); typst
        # itself takes folder names for them.
        pdf = typst.compile(  # type: ignore[call-overload]
            source.text.encode("utf-8"),
            root=str(folder),  # typst may read nothing outside the fonts' folder
            font_paths=[str(folder)],
            ignore_system_fonts=True,
            sys_inputs=source.inputs,
            format="pdf",
            timestamp=document.properties.created,
        )
    except typst.TypstError as exc:
        raise QprError(
            f"cannot write the PDF: typst could not set the paper ({exc.message}).",
            hint="This is a fault in qpr_tui, not in your data; please report it.",
        ) from None
    if not isinstance(pdf, bytes):
        raise QprError("cannot write the PDF: typst returned no document.")
    return pdf
