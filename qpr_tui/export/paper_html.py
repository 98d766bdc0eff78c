"""The paper as an HTML document: semantic markup, print styles for A4, inline SVG charts.

Readable without JavaScript or anything fetched: one file with its own style sheet and
each chart inlined as SVG (drawn by `qpr_tui.export.charts`). Tables are real tables
(``caption``, ``thead``, ``th scope``); a RAG cell is shaded and keeps its glyph and word;
appendices start a new page when printed; the file's ``meta`` carries the provenance.
Every data text goes through `qpr_tui.views.text.html_text`, never straight into markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qpr_tui.document.model import (
    Block,
    BulletList,
    Cell,
    ChangeCell,
    ContactCard,
    DirectionCell,
    Fields,
    Figure,
    Note,
    NumberCell,
    Paragraph,
    Section,
    StatusCell,
    Table,
)
from qpr_tui.document.provenance import iso_time
from qpr_tui.export.palette import DOT_COLOURS, HEADER_FILL, RAG_FILLS, RULE
from qpr_tui.views.text import html_text as h

if TYPE_CHECKING:
    from qpr_tui.document.model import Document

_RAG_CSS = "\n".join(f"td.rag-{key} {{ background: #{fill}; }}" for key, fill in RAG_FILLS.items())
_DOT_CSS = "\n".join(f"td.dot-{key} {{ color: #{c}; }}" for key, c in DOT_COLOURS.items())
CSS = f"""
html {{ font: 10.5pt/1.4 "DejaVu Sans", Arial, Helvetica, sans-serif; color: #111; }}
body {{ margin: 0 auto; padding: 1em 1.5em; max-width: 62em; }}
h1 {{ font-size: 1.7em; margin: 0.2em 0 0.6em; }}
h2 {{ font-size: 1.35em; margin-top: 1.6em; border-bottom: 1px solid #{RULE}; }}
h3 {{ font-size: 1.15em; margin-top: 1.3em; }}
h4 {{ font-size: 1em; margin-top: 1.1em; }}
dl.fields {{ display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }}
dl.fields dt {{ font-weight: bold; }}
dl.fields dd {{ margin: 0; grid-column: 2; }}
p.note {{ font-size: 0.9em; color: #444; }}
address {{ font-style: normal; margin: 0 0 0.8em; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 0.92em; }}
caption {{ text-align: left; font-weight: bold; padding: 0.2em 0; }}
th, td {{ border: 1px solid #{RULE}; padding: 0.2em 0.4em; text-align: left;
  vertical-align: top; }}
thead th {{ background: #{HEADER_FILL}; }}
tbody th {{ font-weight: bold; white-space: nowrap; }}
.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
td.rag, td.dot {{ white-space: nowrap; }}
{_RAG_CSS}
{_DOT_CSS}
figure {{ margin: 0.8em 0; }}
figure svg {{ max-width: 100%; height: auto; }}
figcaption {{ font-size: 0.9em; color: #333; }}
.visually-hidden {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }}
@page {{ size: A4; margin: 18mm 15mm 20mm 15mm; }}
@media print {{
  html {{ font-size: 9.5pt; }}
  body {{ max-width: none; padding: 0; }}
  section.appendix {{ break-before: page; }}
  thead {{ display: table-header-group; }}
  tr, figure {{ break-inside: avoid; }}
  h2, h3, h4 {{ break-after: avoid; }}
  * {{ print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
}}
"""


def _cell(cell: Cell) -> tuple[str, str]:
    """The CSS classes and the text of one cell."""
    if isinstance(cell, NumberCell | ChangeCell):
        return "num", h(cell.shown)
    if isinstance(cell, StatusCell):
        return (f"rag rag-{h(cell.status)}" if cell.status else "rag"), h(cell.shown)
    if isinstance(cell, DirectionCell):
        return (f"dot dot-{h(cell.direction)}" if cell.direction else "dot"), h(cell.shown)
    return "", h(cell.shown)


def _row(t: Table, row: tuple[Cell, ...]) -> str:
    parts = []
    for n, cell in enumerate(row):
        classes, text = _cell(cell)
        attr = f' class="{classes}"' if classes else ""
        if n == 0 and t.row_headers:
            parts.append(f'<th scope="row"{attr}>{text}</th>')
        else:
            parts.append(f"<td{attr}>{text}</td>")
    return "<tr>" + "".join(parts) + "</tr>"


def table(t: Table) -> str:
    """A table with its caption (hidden on screen when the heading above names it)."""
    hidden = "" if t.show_caption else ' class="visually-hidden"'
    right = ' class="num"'
    heads = "".join(
        f'<th scope="col"{right if c.align == "right" else ""}>{h(c.title)}</th>' for c in t.columns
    )
    body = "\n".join(_row(t, row) for row in t.rows)
    return (
        f'<table class="{h(t.kind)}">\n<caption{hidden}>{h(t.caption)}</caption>\n'
        f"<thead><tr>{heads}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    )


def _paragraph(p: Paragraph) -> str:
    parts = [f'<span class="number">{h(p.number)}</span>'] if p.number else []
    if p.lead:
        parts.append(f"<strong>{h(p.lead)}</strong>")
    if p.text.strip():
        parts.append(h(p.text))
    elif p.empty:
        parts.append(f"<em>{h(p.empty)}</em>")
    return "<p>" + " ".join(parts) + "</p>"


def _bullets(b: BulletList) -> str:
    items = []
    for item in b.items:
        inner = "".join(f"<li>{h(child)}</li>" for child in item.children)
        items.append(f"<li>{h(item.text)}" + (f"<ul>{inner}</ul>" if inner else "") + "</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _fields(f: Fields) -> str:
    rows = [
        f"<dt>{h(item.label)}</dt>" + "".join(f"<dd>{h(v)}</dd>" for v in item.values)
        for item in f.items
    ]
    return '<dl class="fields">\n' + "\n".join(rows) + "\n</dl>"


def _svg(markup: str) -> str:
    """A chart's SVG for inlining: without an XML prolog or doctype."""
    start = markup.find("<svg")
    return markup[start:] if start >= 0 else ""


def _figure(f: Figure) -> str:
    from qpr_tui.export import charts

    picture = _svg(charts.render_svg(f.chart))
    label = h(f.caption)
    return (
        f'<figure role="group" aria-label="{label}">\n{picture}\n'
        f"<figcaption>{label}</figcaption>\n</figure>"
    )


def block(b: Block) -> str:
    """One block as HTML."""
    if isinstance(b, Paragraph):
        return _paragraph(b)
    if isinstance(b, BulletList):
        return _bullets(b)
    if isinstance(b, Fields):
        return _fields(b)
    if isinstance(b, Table):
        return table(b)
    if isinstance(b, Figure):
        return _figure(b)
    if isinstance(b, ContactCard):
        lines = "".join(f"<br>{h(line)}" for line in b.lines)
        return f"<address><strong>{h(b.name)}</strong>{lines}</address>"
    if isinstance(b, Note):
        return f'<p class="note">{h(b.text)}</p>'
    raise TypeError(f"no HTML for {type(b).__name__}")


def section(s: Section, level: int = 2) -> str:
    """A section with its heading at ``level`` and its subsections nested inside."""
    tag = f"h{min(level, 6)}"
    parts = [f"<{tag}>{h(s.heading)}</{tag}>", *map(block, s.blocks)]
    parts += [section(sub, level + 1) for sub in s.sections]
    kind = ' class="appendix"' if s.appendix else ""
    return f"<section{kind}>\n" + "\n".join(parts) + "\n</section>"


def head(document: Document) -> str:
    """The document's head: title, the file's properties and provenance, the style sheet."""
    p = document.properties
    meta = {
        "author": p.author,
        "description": p.subject,
        "keywords": ", ".join(p.keywords),
        "generator": p.generator,
        "dcterms.created": iso_time(p.created),
        **{name.replace("_", ".", 1): value for name, value in p.custom.items()},
    }
    tags = "\n".join(f'<meta name="{h(k)}" content="{h(v)}">' for k, v in meta.items() if v)
    return (
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{h(p.title)}</title>\n{tags}\n<style>{CSS}</style>\n</head>"
    )


def render(document: Document) -> str:
    """The whole paper as one self-contained HTML document."""
    front = "\n".join(block(b) for b in document.front)
    body = "\n".join(section(s) for s in (*document.sections, *document.appendices))
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB">\n{head(document)}\n<body>\n<main>\n'
        f"<header>\n<h1>{h(document.title)}</h1>\n{front}\n</header>\n{body}\n</main>\n"
        f'<footer class="appendix">\n{section(document.about)}\n</footer>\n</body>\n</html>\n'
    )
